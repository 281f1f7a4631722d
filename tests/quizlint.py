"""Answer-key linter for the quiz banks in quizzes/.

mkdocs-quiz builds some broken quizzes without a word, even with --strict: an unclosed or
mistyped </quiz> prints the answer key as text, a duplicate option is marked correct twice, an
empty [[ ]] can never be answered (../shared/research/tech-spike.md, section 3.3). This linter
reads each bank with the plugin's own parsers and reports every problem with its file and line.

It calls two private parts of mkdocs-quiz, which is why requirements.txt pins it exactly:
  MkDocsQuizPlugin._parse_quiz_question_and_answers  the parser the site build uses
  mkdocs_quiz.qti.extractor._parse_quiz_content        the parser the QTI export uses
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

from mkdocs_quiz.parsing import FILL_BLANK_REGEX, QUIZ_END_TAG, QUIZ_START_TAG
from mkdocs_quiz.plugin import MkDocsQuizPlugin
from mkdocs_quiz.qti.extractor import _parse_quiz_content

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "overrides" / "hooks"))
from coursedata import FENCE_RE, Problem  # noqa: E402

MIN_OPTIONS = 3
# Anything that looks like a quiz tag; only the exact <quiz> and </quiz> are real ones.
TAG_LIKE = re.compile(r"<\s*/?\s*quiz\b[^>]*>", re.IGNORECASE)
EMPTY_BLANK = re.compile(r"\[\[\s*\]\]")
# A module bank tags each question, on the line before its <quiz>, with the objective it tests
# and whether it is a scenario that asks the reader to decide:  <!-- objective: 2; scenario -->
# (or "; recall"). A question that puts the reader in the DSL's seat (a grey area the DSL
# decides, settled by the guidance) adds "; dsl":  <!-- objective: 3; scenario; dsl -->
# The tag is an HTML comment, so readers and the QTI export never see it.
TAG_RE = re.compile(r"^\s*<!--\s*objective:\s*(\d+)\s*;\s*(scenario|recall)\s*(;\s*dsl\s*)?-->\s*$")


@dataclass
class Question:
    """One well-formed <quiz> block: where it is and what the site's parser read."""

    line: int
    body: str
    objective: int | None = None
    scenario: bool | None = None
    dsl: bool = False
    options: list[str] = field(default_factory=list)
    correct: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    explanation: str = ""
    blanks: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.blanks:
            return "fill-in"
        return "multiple" if len(self.correct) > 1 else "single"


def split_bank(text: str, path: Path) -> tuple[list[Question], list[Problem]]:
    """The bank's <quiz> blocks, and any problem with its tags."""
    questions: list[Question] = []
    problems: list[Problem] = []
    open_line = None
    body: list[str] = []
    in_fence = False
    opened_tag = None
    tag = None  # the objective tag on the line before the next <quiz>, if any
    for number, line in enumerate(text.splitlines(), start=1):
        tagged = TAG_RE.match(line)
        if tagged and open_line is None:
            tag = (int(tagged.group(1)), tagged.group(2) == "scenario", bool(tagged.group(3)))
            continue
        if FENCE_RE.match(line) or in_fence:
            if FENCE_RE.match(line):
                in_fence = not in_fence
            if open_line is not None:
                body.append(line)
            continue
        pos = 0  # where the current quiz's text starts on this line
        for tag_match in TAG_LIKE.finditer(line):
            token = tag_match.group(0)
            if token not in (QUIZ_START_TAG, QUIZ_END_TAG):
                problems.append(Problem(path, number, f"malformed quiz tag {token!r}: write exactly <quiz> or </quiz>"))
            elif token == QUIZ_START_TAG:
                if open_line is not None:
                    problems.append(Problem(path, number, f"<quiz> opened inside the quiz opened on line {open_line}: close that one first"))
                open_line, body, pos = number, [], tag_match.end()
                opened_tag, tag = tag, None
            elif open_line is None:
                problems.append(Problem(path, number, "</quiz> without an opening <quiz>"))
            else:
                body.append(line[pos: tag_match.start()])
                objective, scenario, dsl = opened_tag or (None, None, False)
                questions.append(Question(open_line, "\n".join(body), objective, scenario, dsl))
                open_line, body, pos = None, [], tag_match.end()
        if open_line is not None:
            body.append(line[pos:])
    if open_line is not None:
        problems.append(Problem(path, open_line, "<quiz> is never closed: the page would show the answer key as text"))
    if in_fence:
        problems.append(Problem(path, len(text.splitlines()), "a fenced code block is never closed"))
    return questions, problems


def check_question(q: Question, path: Path) -> list[Problem]:
    """Parse one question with both of the plugin's parsers and apply the course's rules."""
    problems = []

    def problem(message: str) -> None:
        problems.append(Problem(path, q.line, message))

    if EMPTY_BLANK.search(q.body):
        problem("empty fill-in blank [[ ]]: nobody could answer it")
    qti = _parse_quiz_content(q.body)

    if re.search(FILL_BLANK_REGEX, q.body):
        q.blanks = [b.strip() for b in re.findall(FILL_BLANK_REGEX, q.body)]
        if any(not b for b in q.blanks):
            problem("empty fill-in blank: nobody could answer it")
        q.explanation = (qti.content or "").strip() if qti else ""
        if not q.explanation:
            problem("no explanation: add '---' then the text shown after answering")
        if qti is None or len(qti.blanks) != len(q.blanks):
            problem("the site and the QTI export read this question's blanks differently")
        return problems

    lines = dedent(q.body).splitlines()
    while lines and lines[0] == "":
        lines = lines[1:]
    while lines and lines[-1] == "":
        lines = lines[:-1]
    try:
        question, options, correct, feedback, content_start = MkDocsQuizPlugin()._parse_quiz_question_and_answers(lines)
    except ValueError as error:
        problem(f"the quiz plugin rejects this question: {error}")
        return problems
    q.options, q.correct, q.feedback = options, correct, feedback
    q.explanation = "\n".join(lines[content_start:]).strip()

    if not question.strip():
        problem("no question text before the first option")
    if len(options) < MIN_OPTIONS:
        problem(f"{len(options)} option(s): a question needs at least {MIN_OPTIONS}")
    if not correct:
        problem("no correct option: mark one with - [x]")
    if len(correct) == len(options):
        problem("every option is correct: add at least one incorrect option")
    seen = set()
    for text in options:
        key = text.strip().lower()
        if key in seen:
            problem(f"duplicate option {text.strip()!r}: the plugin would mark both the same way")
        seen.add(key)
    for text, note in zip(options, feedback):
        if not note.strip():
            problem(f"option {text.strip()!r} has no '>' feedback line under it")
    if not q.explanation:
        problem("no explanation after the options: add a blank line, then the explanation")

    if qti is None:
        problem("the QTI export cannot read this question")
    elif (len(qti.answers), len(qti.correct_answers)) != (len(options), len(correct)):
        problem(
            f"the site reads {len(options)} options ({len(correct)} correct) but the QTI export reads "
            f"{len(qti.answers)} ({len(qti.correct_answers)} correct): check the '- [x] ' spacing"
        )
    return problems


def lint_text(text: str, path: Path) -> tuple[list[Question], list[Problem]]:
    questions, problems = split_bank(text, path)
    for q in questions:
        problems.extend(check_question(q, path))
    if not questions and not problems:
        problems.append(Problem(path, 1, "no <quiz> blocks in this bank"))
    return questions, problems


def lint_bank(path: Path) -> tuple[list[Question], list[Problem]]:
    return lint_text(path.read_text(encoding="utf-8"), path)


if __name__ == "__main__":
    # python tests/quizlint.py quizzes/*.md : the same check as the tests, for authors.
    found = [p for arg in sys.argv[1:] for p in lint_bank(Path(arg))[1]]
    print("\n".join(map(str, found)) or "No problems found.")
    sys.exit(1 if found else 0)
