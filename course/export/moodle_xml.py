"""Export the learners' quiz banks as Moodle XML, for Moodle's core question import.

    python -m course.export.moodle_xml build/moodle      (what `make moodle` runs)

Writes build/moodle/safeguarding-course-moodle.xml. In Moodle: Question bank > Import >
"Moodle XML format". Each module becomes a category under "Safeguarding course for DSLs", so a
quiz can draw on one module's questions.

It reads the banks exactly as the QTI export does (course/export/qti_export.py: the learners' banks only,
{{ route:... }} and {{ guidance:... }} filled in, counts checked against course/checks/quizlint.py), and
writes Moodle's own question types:

- single-answer questions: multichoice, single; the right option 100, the others 0;
- multiple-answer questions: multichoice, multiple; each right option 100/k (k right options,
  from Moodle's own list of grades, so the right ones sum to 100) and each wrong option -100/w,
  so ticking everything does not score;
- fill-in blanks: cloze (Moodle's "embedded answers"), one SHORTANSWER per blank;
- every option's feedback as that option's feedback, and the explanation as general feedback;
- each question's name and ID number from the same stable identifier as the QTI items
  ("<bank>_<hash of the question text>"), so a re-import can be matched to what is there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from course.export import qti_export
from course.export.qti_export import BLANK, ROOT, TITLE, Bank, ExportError

FILE_NAME = "safeguarding-course-moodle.xml"
# The grades Moodle's question editor offers (question_bank::fraction_options_full), as
# percentages. Import with the default "error if grade not listed" refuses anything else.
GRADES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571",
          8: "12.5", 9: "11.11111", 10: "10"}
CLOZE_SPECIAL = re.compile(r"([}#~/\"\\])")


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = value
    return el


def _question(quiz, kind: str) -> ET.Element:
    q = ET.Element("question", type=kind)
    _text(q, "name", f"{qti_export.item_title(quiz)} [{quiz.identifier}]", fmt=None)
    return q


def grade(n: int, bank: Path, line: int) -> str:
    if n not in GRADES:
        raise ExportError(f"{bank}:{line}: {n} right or wrong options; Moodle's grades allow 1 to 10")
    return GRADES[n]


def choice_question(quiz) -> ET.Element:
    q = _question(quiz, "multichoice")
    _text(q, "questiontext", quiz.question)
    _text(q, "generalfeedback", quiz.content or "")
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "penalty").text = "0"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = quiz.identifier
    multiple = quiz.is_multiple_choice
    ET.SubElement(q, "single").text = "false" if multiple else "true"
    # The course places the right option deliberately (first, middle, last): keep its order.
    ET.SubElement(q, "shuffleanswers").text = "false"
    ET.SubElement(q, "answernumbering").text = "abc"
    ET.SubElement(q, "showstandardinstruction").text = "0"
    _text(q, "correctfeedback", "")
    _text(q, "partiallycorrectfeedback", "")
    _text(q, "incorrectfeedback", "")
    right = len(quiz.correct_answers)
    wrong = len(quiz.incorrect_answers)
    for answer in quiz.answers:
        if answer.is_correct:
            fraction = grade(right, quiz.source_file, quiz.source_line) if multiple else "100"
        else:
            fraction = f"-{grade(wrong, quiz.source_file, quiz.source_line)}" if multiple else "0"
        a = _text(q, "answer", answer.text)
        a.set("fraction", fraction)
        # Attribute order as Moodle writes it: fraction first.
        a.attrib = {"fraction": fraction, "format": "html"}
        _text(a, "feedback", answer.feedback or "")
    return q


def cloze_question(quiz) -> ET.Element:
    """A fill-in question as Moodle's embedded answers: {1:SHORTANSWER:=answer} per blank."""
    q = _question(quiz, "cloze")
    answers = iter(quiz.blanks)

    def blank(match: re.Match[str]) -> str:
        value = CLOZE_SPECIAL.sub(r"\\\1", next(answers).correct_answer)
        return f"{{1:SHORTANSWER:={value}}}"

    _text(q, "questiontext", "<p>" + BLANK.sub(blank, quiz.question.replace("&", "&amp;").replace("<", "&lt;")) + "</p>")
    _text(q, "generalfeedback", quiz.content or "")
    ET.SubElement(q, "penalty").text = "0"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = quiz.identifier
    return q


def category(path: str) -> ET.Element:
    q = ET.Element("question", type="category")
    _text(q, "category", f"$course$/top/{TITLE}/{path}", fmt=None)
    _text(q, "info", "", fmt="html")
    return q


def moodle_xml(banks: list[Bank]) -> str:
    quiz = ET.Element("quiz")
    for bank in banks:
        quiz.append(category(bank.title.replace("/", "-")))
        for question in bank.quizzes:
            quiz.append(cloze_question(question) if question.is_fill_in_blank else choice_question(question))
    ET.indent(quiz, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode", short_empty_elements=False) + "\n"


def export(src: Path, out: Path) -> tuple[Path, list[Bank]]:
    banks = qti_export.collect_banks(src)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE_NAME
    path.write_text(moodle_xml(banks), encoding="utf-8")
    return path, banks


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m course.export.moodle_xml OUTPUT_DIR", file=sys.stderr)
        return 2
    try:
        path, banks = export(ROOT / "quizzes", Path(argv[0]))
    except ExportError as error:
        print(f"Moodle XML export stopped:\n{error}", file=sys.stderr)
        return 1
    for bank in banks:
        print(f"{bank.title}: {len(bank.quizzes)} questions")
    print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
