"""Export every quiz bank in quizzes/ as a QTI 1.2 zip and a QTI 2.1 zip for an LMS.

    python tools/qti_export.py build/qti      (what `make qti` runs)

A build tool, not an MkDocs hook: nothing in mkdocs.yml loads it. It uses mkdocs-quiz's own
extractor and exporters (pinned exactly in requirements.txt) and fixes what a trust re-importing
the questions would trip over:

- Identifiers. The plugin gives every item, option and package a random UUID on every run, so
  each re-import duplicates the questions. Here an item is "<bank>_<hash of its question text>":
  reordering a bank keeps every identity, and two exports of the same banks are byte-identical
  (zip timestamps fixed, entries sorted).
- Lost questions. The plugin's extractor silently drops a <quiz> it cannot parse; this tool
  stops with the bank's name if its count differs from tests/quizlint.py's.
- Feedback. The exporters ignore per-option '>' feedback, so it is folded into each item's
  general feedback, after the explanation. QTI 2.1 items declare that feedback but never show it;
  we set the outcome that shows it.
- Markdown. Question, option and feedback text is rendered as the site renders it (Markdown is
  pinned in requirements.txt), and HTML comments never reach the LMS.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

import markdown
from mkdocs_quiz.qti import QTIExporter, QTIVersion, extract_quizzes_from_directory
from mkdocs_quiz.qti.models import Quiz, QuizCollection
from mkdocs_quiz.qti.utils import make_title

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import quizlint  # noqa: E402  (tests/quizlint.py: the course's own count of questions per bank)

TITLE = "Safeguarding course for DSLs"
PACKAGE_ID = "safeguarding_course_for_dsls"
ZIP_NAMES = {QTIVersion.V1_2: "safeguarding-course-qti12.zip", QTIVersion.V2_1: "safeguarding-course-qti21.zip"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; any fixed date would do
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]+")
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


class ExportError(Exception):
    pass


def digest(text: str, length: int = 12) -> str:
    # Whitespace is normalised so re-wrapping a line in the bank keeps the identity.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:length]


def bank_slug(bank: Path) -> str:
    # A QTI identifier must be an XML NCName: letters, digits, "_", "-", "."; first a letter.
    slug = NOT_NCNAME.sub("-", bank.stem).strip("-.") or "bank"
    return slug if slug[0].isalpha() else f"q{slug}"


def item_identifier(bank: Path, question: str) -> str:
    return f"{bank_slug(bank)}_{digest(COMMENT.sub('', question))}"


def to_html(text: str, inline: bool = False) -> str:
    out = markdown.markdown(COMMENT.sub("", text).strip())
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]  # an option is a phrase, not a paragraph
    return out


def prepare(quiz: Quiz, bank: Path) -> Quiz:
    """Give the quiz stable identifiers and LMS-ready text (in place)."""
    quiz.identifier = item_identifier(bank, quiz.question)
    if quiz.is_fill_in_blank:
        # The exporters split this text at {{BLANK_n}} placeholders, so it stays plain text:
        # rendered HTML would be cut in half at each blank.
        quiz.question = " ".join(COMMENT.sub("", quiz.question).split())
        for n, blank in enumerate(quiz.blanks, start=1):
            blank.identifier = f"{quiz.identifier}_blank{n}"
    else:
        quiz.question = to_html(quiz.question)
        notes = []
        for answer in quiz.answers:
            answer.identifier = f"{quiz.identifier}_{digest(answer.text, 8)}"
            answer.text = to_html(answer.text, inline=True)
            if answer.feedback:
                notes.append(f"<li><strong>{answer.text}</strong><br/>{to_html(answer.feedback, inline=True)}</li>")
        if notes:
            quiz.content = f"{to_html(quiz.content or '')}<p>About each option:</p><ul>{''.join(notes)}</ul>"
            return quiz
    quiz.content = to_html(quiz.content) if quiz.content else None
    return quiz


def collect(src: Path) -> QuizCollection:
    """All banks in src, in file order, each checked against quizlint's count."""
    banks = sorted(src.glob("*.md"))
    if not banks:
        raise ExportError(f"{src}: no quiz banks (*.md) to export")
    extracted = extract_quizzes_from_directory(src, recursive=False)
    by_bank: dict[Path, list[Quiz]] = defaultdict(list)
    for quiz in extracted.quizzes:
        by_bank[quiz.source_file.resolve()].append(quiz)

    collection = QuizCollection(title=TITLE, identifier=PACKAGE_ID, description=f"{TITLE}: quiz banks")
    problems = []
    for bank in banks:
        quizzes = by_bank.get(bank.resolve(), [])
        expected = len(quizlint.lint_bank(bank)[0])
        if len(quizzes) != expected:
            problems.append(
                f"{bank}: quizlint finds {expected} question(s) but mkdocs-quiz's QTI extractor reads "
                f"{len(quizzes)}; run `python tests/quizlint.py {bank}` to find the one it drops"
            )
        for quiz in quizzes:
            collection.add_quiz(prepare(quiz, bank))
    for quiz in collection.quizzes:
        for error in quiz.validate():
            problems.append(f"{quiz.source_file}:{quiz.source_line}: {error}")
    seen: dict[str, Quiz] = {}
    for quiz in collection.quizzes:
        ids = [quiz.identifier] + [a.identifier for a in quiz.answers]
        if len(set(ids)) != len(ids):
            problems.append(f"{quiz.source_file}:{quiz.source_line}: two options have the same text")
        if quiz.identifier in seen:
            problems.append(
                f"{quiz.source_file}:{quiz.source_line}: same question text as line "
                f"{seen[quiz.identifier].source_line}; an LMS would treat them as one item"
            )
        seen[quiz.identifier] = quiz
    if problems:
        raise ExportError("\n".join(problems))
    return collection


def unwrap(match: re.Match[str]) -> str:
    """CDATA-wrapped HTML as XML elements, if it parses as XML (else leave it wrapped)."""
    try:
        ET.fromstring(f"<div>{match.group(1)}</div>")
    except ET.ParseError:
        return match.group(0)
    return match.group(1)


def fix_item(xml: str, quiz: Quiz, version: QTIVersion) -> str:
    """Post-process one item that the plugin's exporter wrote."""
    # make_title() does not escape '"', so a quotation early in a question breaks the XML.
    # A title naming the bank also sorts better in an LMS question bank.
    bank = quiz.source_file.stem.replace("-", " ").capitalize()
    words = re.sub(r"\{\{BLANK_\d+\}\}", "___", re.sub(r"<[^>]+>", " ", quiz.question))
    words = html.unescape(" ".join(words.split()))
    title = f"{bank}: {words[:60].rstrip()}{'…' if len(words) > 60 else ''}"
    old = f'title="{make_title(quiz.question)}"'
    if old not in xml:
        raise ExportError(f"{quiz.source_file}:{quiz.source_line}: the exporter's item title moved; update fix_item")
    xml = xml.replace(old, f"title={quoteattr(title)}", 1)
    if version is QTIVersion.V2_1:
        # QTI 2.1 item bodies hold XHTML elements, not escaped text: a player would show the
        # exporter's CDATA as literal tags. Markdown's output is well formed, so unwrap it.
        xml = CDATA.sub(unwrap, xml)
        if "<modalFeedback" in xml:
            # The exporter declares FEEDBACK and a modalFeedback shown when FEEDBACK is
            # "general", but never sets it, so no player would ever show the explanation.
            show = ('    <setOutcomeValue identifier="FEEDBACK">\n'
                    '      <baseValue baseType="identifier">general</baseValue>\n'
                    '    </setOutcomeValue>\n  </responseProcessing>')
            xml = xml.replace("  </responseProcessing>", show, 1)
    return xml


def package(collection: QuizCollection, version: QTIVersion) -> dict[str, str]:
    """Every file of one QTI package: name -> XML."""
    exporter = QTIExporter.create(collection, version)
    files = {"imsmanifest.xml": exporter.generate_manifest(), "assessment.xml": exporter.generate_assessment()}
    items = exporter.generate_items()
    for quiz in collection.quizzes:
        name = f"items/{quiz.identifier}.xml"
        files[name] = fix_item(items[name], quiz, version)
    return files


def write_zip(files: dict[str, str], path: Path) -> None:
    # Fixed dates, permissions and order: the same banks always give the same bytes.
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name].encode("utf-8"), compresslevel=9)


def export(src: Path, out: Path) -> tuple[list[Path], QuizCollection]:
    """Write both zips to out; return their paths and the questions. ExportError on a bank problem."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for version, name in ZIP_NAMES.items():
        # Each version reads the banks afresh: fix_item() rewrites the exporter's output per version.
        collection = collect(src)
        write_zip(package(collection, version), out / name)
        paths.append(out / name)
    return paths, collection


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: qti_export.py OUTPUT_DIR", file=sys.stderr)
        return 2
    try:
        paths, collection = export(ROOT / "quizzes", Path(argv[0]))
    except ExportError as error:
        print(f"QTI export stopped:\n{error}", file=sys.stderr)
        return 1
    print(f"{collection.total_questions} questions: {collection.single_choice_count} single choice, "
          f"{collection.multiple_choice_count} multiple answer, {collection.fill_in_blank_count} fill in the blank")
    for path in paths:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
