"""The readability report (make readability) measures what it says it measures."""

from course.maintain import readability


def test_sentence_split_and_length():
    text = "# T\n\nTell the DSL today. Do not wait until you are sure.\n\n- A list item counts as one sentence\n"
    found = readability.sentences(text)
    assert found == ["Tell the DSL today.", "Do not wait until you are sure.", "A list item counts as one sentence"]


def test_long_sentences_are_counted_and_markup_is_ignored():
    long = " ".join(["word"] * 30) + "."
    text = f"# T\n\n{long} Short one here. See [the guide](https://example.org/a-b-c).\n"
    m = readability.measures(text)
    assert m["sentences"] == 3 and m["long"] == 1


def test_syllables():
    assert [readability.syllables(w) for w in ("child", "safeguarding", "abuse", "table")] == [1, 4, 2, 2]
