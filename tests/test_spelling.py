"""Course prose is in UK English: every word is in Debian's British word list or tests/words.txt."""

from __future__ import annotations


import pytest

from conftest import ROOT, require
from course import coursedata
import spelling

FILES = coursedata.pages_and_banks(ROOT)


@pytest.fixture(scope="module", autouse=True)
def dictionary():
    require(spelling.DICTIONARY)


def test_uk_spelling():
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {word!r} is not in the British word list; correct it, or add it to tests/words.txt if it is a name or term of art"
        for path in FILES for line, word in spelling.unknown_words(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("us,uk", [("organize", "organise"), ("behavior", "behaviour"), ("color", "colour"), ("center", "centre")])
def test_us_spellings_are_caught(us, uk):
    assert spelling.unknown_words(f"# Title\n\nStaff {us} it.\n") == [(3, us)]
    assert spelling.unknown_words(f"# Title\n\nStaff {uk} it.\n") == []


def test_a_capitalised_name_in_the_word_list_does_not_admit_the_lower_case_word():
    assert not spelling.is_known("center", frozenset({"Center"}))
    assert spelling.is_known("Center", frozenset({"Center"}))


def test_project_words_are_not_us_spellings():
    """The word list must not become a way round the check."""
    words = [w.split("#")[0].strip() for w in spelling.PROJECT_WORDS.read_text(encoding="utf-8").splitlines()]
    us = [w for w in words if w and (w.lower().endswith(("ize", "izing", "ized", "ization", "yze", "yzed", "or", "ors")) and
          w.lower()[:-2] + "our" in spelling.known_words())]
    assert not us, f"tests/words.txt holds US spellings: {us}"
