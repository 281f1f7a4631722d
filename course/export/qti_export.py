"""Export the learners' quiz banks in quizzes/ as a QTI 1.2 zip and a QTI 2.1 zip for an LMS.

    python -m course.export.qti_export build/qti      (what `make qti` runs)

A build tool, not an MkDocs hook: nothing in mkdocs.yml loads it. It reads the banks with
mkdocs-quiz's own extractor (pinned exactly in requirements.txt) and fixes what a trust
importing the questions would trip over:

- What is exported. Only the learners' banks: the "Start here" questions about the course and
  the contributor questions for course writers (NOT_FOR_LEARNERS) stay out. Each module is its
  own assessment (QTI 1.2) or section (QTI 2.1), titled as in the course's navigation.
- Markers. {{ route:... }} and {{ guidance:... }} are filled in by coursedata.expand_refs, the
  same function the site build uses, so a question reads the same everywhere.
- QTI 1.2 is written here, in the form Canvas and Blackboard export and import: items inline in
  each assessment's section (not itemref'd files), every option's feedback an itemfeedback shown
  by a displayfeedback, the explanation as general feedback, and one scoring rule that sets 100
  for a perfect answer (a multiple-answer item never totals 99.99).
- QTI 2.1 items come from the plugin's exporter, with the explanation made visible and each
  option's feedback folded into it (QTI 2.1 players show modal feedback, not per-choice
  feedback). The assessment test and the manifest are written here: the test totals its items'
  SCORE in outcome processing (a strict player otherwise reports 0), and the manifest lists the
  test's dependencies on its items. Both packs are checked against the IMS schemas vendored in
  course/export/schemas/ (README.md there says where each came from) before they are written.
- Identifiers. The plugin gives everything a random UUID on every run, so each re-import would
  duplicate the questions. Here an item is "<bank>_<hash of its question text>": reordering a
  bank keeps every identity, and two exports of the same banks are byte-identical.
- Lost questions. The plugin's extractor silently drops a <quiz> it cannot parse; this tool
  stops with the bank's name if its count differs from course/checks/quizlint.py's.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

import markdown
from mkdocs_quiz.qti import QTIExporter, QTIVersion, extract_quizzes_from_directory
from mkdocs_quiz.qti.models import Quiz, QuizCollection
from mkdocs_quiz.qti.utils import make_title

from course import coursedata  # the one expander of {{ route:... }} and {{ guidance:... }}
from course.checks import quizlint  # the course's own count of questions per bank

ROOT = coursedata.ROOT

TITLE = "Safeguarding course for DSLs"
PACKAGE_ID = "safeguarding_course_for_dsls"
# Banks that are not for learners: questions about the course itself, and for course writers.
NOT_FOR_LEARNERS = ("start-here.md", "write-a-module.md")
ZIP_NAMES = {QTIVersion.V1_2: "safeguarding-course-qti12.zip", QTIVersion.V2_1: "safeguarding-course-qti21.zip"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; any fixed date would do
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]+")
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
BLANK = re.compile(r"\{\{BLANK_(\d+)\}\}")
QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# The IMS schemas, vendored and pinned (course/export/schemas/README.md): namespace -> schema file.
SCHEMAS = Path(__file__).resolve().parent / "schemas"
QTI21_SCHEMAS = {CP: SCHEMAS / "qti21" / "imscp_v1p1.xsd", QTI21: SCHEMAS / "qti21" / "qtiv2p1" / "imsqti_v2p1.xsd"}


class ExportError(Exception):
    pass


@functools.lru_cache(maxsize=None)
def xml_schema(locations: tuple[tuple[str, str], ...], corrections: tuple[tuple[str, str, str], ...] = ()):
    """An lxml schema that imports each (namespace, schema file). corrections: (file name,
    text, replacement) applied in memory as a file is read, for a published schema that libxml2
    cannot compile as it stands (course/export/scorm.py names the two it needs, and why)."""
    from lxml import etree  # only the exporters and their tests need it

    class Corrected(etree.Resolver):
        def resolve(self, url, pubid, context):
            for name, text, replacement in corrections:
                if url.endswith("/" + name):
                    with open(url.removeprefix("file://"), encoding="utf-8") as schema:
                        return self.resolve_string(schema.read().replace(text, replacement), context, base_url=url)
            return None

    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{Path(path).resolve().as_uri()}"/>'
                      for ns, path in locations)
    parser = etree.XMLParser()
    parser.resolvers.add(Corrected())
    wrapper = etree.fromstring(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>', parser)
    return etree.XMLSchema(wrapper)


def schema_problems(label: str, files: dict[str, str | bytes], locations: dict[str, Path],
                    corrections: tuple[tuple[str, str, str], ...] = ()) -> list[str]:
    """"zip:file:line: message" for every XML file in files that its schemas reject."""
    from lxml import etree

    schema = xml_schema(tuple((ns, str(path)) for ns, path in sorted(locations.items())), corrections)
    problems = []
    for name, data in sorted(files.items()):
        if not name.endswith(".xml"):
            continue
        try:
            doc = etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
        except etree.XMLSyntaxError as error:
            problems.append(f"{label}:{name}:{error.lineno}: not well-formed XML: {error.msg}")
            continue
        if not schema.validate(doc):
            problems += [f"{label}:{name}:{e.line}: {e.message}" for e in schema.error_log]
    return problems


def digest(text: str, length: int = 12) -> str:
    # Whitespace is normalised so re-wrapping a line in the bank keeps the identity.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:length]


def bank_slug(bank: Path) -> str:
    # A QTI identifier must be an XML NCName: letters, digits, "_", "-", "."; first a letter.
    slug = NOT_NCNAME.sub("-", bank.stem).strip("-.") or "bank"
    return slug if slug[0].isalpha() else f"q{slug}"


def item_identifier(bank: Path, question: str) -> str:
    return f"{bank_slug(bank)}_{digest(COMMENT.sub('', question))}"


def learner_banks(src: Path) -> list[Path]:
    """The banks a learner answers, in file order."""
    return [bank for bank in sorted(src.glob("*.md")) if bank.name not in NOT_FOR_LEARNERS]


def bank_title(bank: Path, root: Path = ROOT) -> str:
    """The bank's module as the course's navigation names it ("Module 1: Grooming"), else the
    title of the folder of the same name in docs/, else the bank's name."""
    wanted = {f"modules/{bank.stem}/index.md", f"{bank.stem}/index.md"}
    try:
        nav = coursedata.load_mkdocs_config(root / "mkdocs.yml").get("nav") or []
    except OSError:
        nav = []
    for entry in nav:
        if isinstance(entry, dict):
            (name, children), = entry.items()
            if isinstance(children, list) and children and children[0] in wanted:
                return str(name)
    for rel in sorted(wanted):
        page = root / "docs" / rel
        if page.exists():
            meta, _ = coursedata.split_front_matter(page.read_text(encoding="utf-8"))
            if meta.get("title"):
                return str(meta["title"])
    return bank.stem.replace("-", " ").capitalize()


def expanded_text(bank: Path) -> str:
    """The bank with every {{ route:... }} and {{ guidance:... }} filled in, as the site shows it."""
    text, unknown = coursedata.expand_refs(bank.read_text(encoding="utf-8"))
    if unknown:
        raise ExportError(f"{bank}: markers that name nothing in docs/_data/: {', '.join(sorted(set(unknown)))}")
    return text


def to_html(text: str, inline: bool = False) -> str:
    out = markdown.markdown(COMMENT.sub("", text).strip())
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]  # an option is a phrase, not a paragraph
    return out


@dataclass
class Bank:
    """One learner bank: where it is, its title in the course, and its questions ready to export."""

    path: Path
    title: str
    quizzes: list[Quiz]

    @property
    def slug(self) -> str:
        return bank_slug(self.path)


def prepare(quiz: Quiz, bank: Path) -> Quiz:
    """Give the quiz stable identifiers and LMS-ready HTML (in place). Option feedback is
    rendered in answer.feedback; the explanation in quiz.content."""
    quiz.source_file = bank
    quiz.identifier = item_identifier(bank, quiz.question)
    if quiz.is_fill_in_blank:
        # Plain text, split at {{BLANK_n}} placeholders: rendered HTML would be cut at each blank.
        quiz.question = " ".join(COMMENT.sub("", quiz.question).split())
        for n, blank in enumerate(quiz.blanks, start=1):
            blank.identifier = f"{quiz.identifier}_blank{n}"
    else:
        quiz.question = to_html(quiz.question)
        for answer in quiz.answers:
            answer.identifier = f"{quiz.identifier}_{digest(answer.text, 8)}"
            answer.text = to_html(answer.text, inline=True)
            answer.feedback = to_html(answer.feedback, inline=True) if answer.feedback else None
    quiz.content = to_html(quiz.content) if quiz.content else None
    return quiz


def item_title(quiz: Quiz) -> str:
    """"<Bank>: <the question's first 60 characters>…", which sorts well in an LMS question bank."""
    bank = quiz.source_file.stem.replace("-", " ").capitalize()
    words = BLANK.sub("___", re.sub(r"<[^>]+>", " ", quiz.question))
    words = html.unescape(" ".join(words.split()))
    return f"{bank}: {words[:60].rstrip()}{'…' if len(words) > 60 else ''}"


def collect_banks(src: Path, root: Path = ROOT) -> list[Bank]:
    """Every learner bank in src, expanded and parsed, each checked against quizlint's count."""
    banks = learner_banks(src)
    if not banks:
        raise ExportError(f"{src}: no learners' quiz banks (*.md) to export")
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qti-banks-") as tmp:
        copies = {}
        for bank in banks:
            try:
                copy = Path(tmp) / bank.name
                copy.write_text(expanded_text(bank), encoding="utf-8")
                copies[copy.resolve()] = bank
            except ExportError as error:
                problems.append(str(error))
        if problems:
            raise ExportError("\n".join(problems))
        by_bank: dict[Path, list[Quiz]] = defaultdict(list)
        for quiz in extract_quizzes_from_directory(Path(tmp), recursive=False).quizzes:
            by_bank[copies[quiz.source_file.resolve()]].append(quiz)
        expected = {copies[c]: len(quizlint.lint_bank(c)[0]) for c in copies}

    result = []
    for bank in banks:
        quizzes = by_bank.get(bank, [])
        if len(quizzes) != expected[bank]:
            problems.append(
                f"{bank}: quizlint finds {expected[bank]} question(s) but mkdocs-quiz's QTI extractor reads "
                f"{len(quizzes)}; run `python -m course.checks.quizlint {bank}` to find the one it drops"
            )
        result.append(Bank(bank, bank_title(bank, root), [prepare(q, bank) for q in quizzes]))
    seen: dict[str, Quiz] = {}
    for quiz in (q for b in result for q in b.quizzes):
        problems += [f"{quiz.source_file}:{quiz.source_line}: {error}" for error in quiz.validate()]
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
    return result


def collect(src: Path) -> QuizCollection:
    """The learner banks' questions as one mkdocs-quiz collection (for the QTI 2.1 exporter)."""
    collection = QuizCollection(title=TITLE, identifier=PACKAGE_ID, description=f"{TITLE}: quiz banks")
    for bank in collect_banks(src):
        for quiz in bank.quizzes:
            collection.add_quiz(quiz)
    return collection


def shares(n: int) -> list[str]:
    """n scores that add up to exactly 100 (33.33, 33.33, 33.34), as decimal strings."""
    base = [round(100 / n, 2)] * n
    base[-1] = round(100 - sum(base[:-1]), 2)
    return [f"{s:g}" for s in base]


# QTI 1.2, written here ------------------------------------------------------------------------

def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _material(parent: ET.Element, text_html: str) -> None:
    _el(_el(parent, "material"), "mattext", text_html, texttype="text/html")


def _feedback(item: ET.Element, ident: str, text_html: str) -> None:
    _material(_el(_el(item, "itemfeedback", ident=ident), "flow_mat"), text_html)


def qti12_item(section: ET.Element, quiz: Quiz) -> None:
    item = _el(section, "item", ident=quiz.identifier, title=item_title(quiz))
    if quiz.is_fill_in_blank:
        kind = "short_answer_question" if len(quiz.blanks) == 1 else "fill_in_multiple_blanks_question"
    else:
        kind = "multiple_answers_question" if quiz.is_multiple_choice else "multiple_choice_question"
    meta = _el(_el(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", kind), ("points_possible", "1")):
        field = _el(meta, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)
    presentation = _el(item, "presentation")
    processing = _el(item, "resprocessing")
    outcomes = _el(processing, "outcomes")
    _el(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if quiz.content:
        cond = _el(processing, "respcondition", continue_="Yes")
        _el(_el(cond, "conditionvar"), "other")
        _el(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")

    if quiz.is_fill_in_blank:
        _material(presentation, html.escape(BLANK.sub("____", quiz.question)))
        for blank, share in zip(quiz.blanks, shares(len(quiz.blanks))):
            response = _el(presentation, "response_str", ident=blank.identifier, rcardinality="Single")
            _el(_el(response, "render_fib", fibtype="String", prompt="Box"), "response_label", ident=f"{blank.identifier}_answer")
            cond = _el(processing, "respcondition", continue_="Yes")
            _el(_el(cond, "conditionvar"), "varequal", blank.correct_answer, respident=blank.identifier, case="No")
            _el(cond, "setvar", share, action="Add", varname="SCORE")
    else:
        _material(presentation, quiz.question)
        response = _el(presentation, "response_lid", ident="response1",
                       rcardinality="Multiple" if quiz.is_multiple_choice else "Single")
        choices = _el(response, "render_choice")
        for answer in quiz.answers:
            _material(_el(choices, "response_label", ident=answer.identifier), answer.text)
        for answer in quiz.answers:
            if answer.feedback:
                cond = _el(processing, "respcondition", continue_="Yes")
                _el(_el(cond, "conditionvar"), "varequal", answer.identifier, respident="response1")
                _el(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{answer.identifier}_fb")
        # One rule scores the whole item: exactly the right options, nothing else, sets 100.
        cond = _el(processing, "respcondition", continue_="No")
        var = _el(cond, "conditionvar")
        if quiz.is_multiple_choice:
            var = _el(var, "and")
            for answer in quiz.answers:
                if answer.is_correct:
                    _el(var, "varequal", answer.identifier, respident="response1")
                else:
                    _el(_el(var, "not"), "varequal", answer.identifier, respident="response1")
        else:
            _el(var, "varequal", quiz.correct_answers[0].identifier, respident="response1")
        _el(cond, "setvar", "100", action="Set", varname="SCORE")
    if quiz.content:
        _feedback(item, "general_fb", quiz.content)
    for answer in quiz.answers:
        if answer.feedback:
            _feedback(item, f"{answer.identifier}_fb", answer.feedback)


def qti12_package(banks: list[Bank]) -> dict[str, str]:
    """One assessment file per module, each with one section holding its items inline."""
    ET.register_namespace("", QTI12)
    files: dict[str, str] = {}
    manifest = ET.Element("manifest", identifier=f"{PACKAGE_ID}_qti12", xmlns=CP)
    meta = _el(manifest, "metadata")
    _el(meta, "schema", "IMS Content")
    _el(meta, "schemaversion", "1.1.3")
    _el(manifest, "organizations")
    resources = _el(manifest, "resources")
    for bank in banks:
        root = ET.Element("questestinterop", xmlns=QTI12)
        test = _el(root, "assessment", ident=f"{PACKAGE_ID}_{bank.slug}", title=bank.title)
        field = _el(_el(test, "qtimetadata"), "qtimetadatafield")
        _el(field, "fieldlabel", "cc_maxattempts")
        _el(field, "fieldentry", "unlimited")
        section = _el(test, "section", ident=f"{bank.slug}_section", title=bank.title)
        for quiz in bank.quizzes:
            qti12_item(section, quiz)
        name = f"assessments/{bank.slug}.xml"
        files[name] = _xml(root)
        res = _el(resources, "resource", identifier=f"{PACKAGE_ID}_{bank.slug}", type="imsqti_xmlv1p2", href=name)
        _el(res, "file", href=name)
    files["imsmanifest.xml"] = _xml(manifest)
    # No QTI 1.2 schema is vendored: its manifest (IMS CP 1.1) is checked, its assessments are not.
    if problems := schema_problems(ZIP_NAMES[QTIVersion.V1_2], {"imsmanifest.xml": files["imsmanifest.xml"]},
                                   {CP: QTI21_SCHEMAS[CP]}):
        raise ExportError("the QTI 1.2 manifest does not match its schema:\n" + "\n".join(problems))
    return files


def _xml(root: ET.Element) -> str:
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# QTI 2.1, from the plugin's exporter ---------------------------------------------------------

def unwrap(match: re.Match[str]) -> str:
    """CDATA-wrapped HTML as XML elements, if it parses as XML (else leave it wrapped)."""
    try:
        ET.fromstring(f"<div>{match.group(1)}</div>")
    except ET.ParseError:
        return match.group(0)
    return match.group(1)


def fold_feedback(quiz: Quiz) -> None:
    """QTI 2.1 players show modal feedback, not per-choice feedback: put each option's feedback
    after the explanation."""
    notes = [f"<li><strong>{a.text}</strong><br/>{a.feedback}</li>" for a in quiz.answers if a.feedback]
    if notes:
        quiz.content = f"{quiz.content or ''}<p>About each option:</p><ul>{''.join(notes)}</ul>"


def fix_item(xml: str, quiz: Quiz) -> str:
    """Post-process one QTI 2.1 item that the plugin's exporter wrote."""
    # make_title() does not escape '"', so a quotation early in a question breaks the XML.
    old = f'title="{make_title(quiz.question)}"'
    if old not in xml:
        raise ExportError(f"{quiz.source_file}:{quiz.source_line}: the exporter's item title moved; update fix_item")
    xml = xml.replace(old, f"title={quoteattr(item_title(quiz))}", 1)
    # QTI 2.1 item bodies hold XHTML elements, not escaped text: a player would show the
    # exporter's CDATA as literal tags. Markdown's output is well formed, so unwrap it.
    xml = CDATA.sub(unwrap, xml)
    if "<modalFeedback" in xml:
        # The exporter declares FEEDBACK and a modalFeedback shown when FEEDBACK is "general",
        # but never sets it, so no player would ever show the explanation.
        show = ('    <setOutcomeValue identifier="FEEDBACK">\n'
                '      <baseValue baseType="identifier">general</baseValue>\n'
                '    </setOutcomeValue>\n  </responseProcessing>')
        xml = xml.replace("  </responseProcessing>", show, 1)
    return xml


def qti21_test(banks: list[Bank]) -> str:
    """The assessment test: one section per module, titled as in the course. Its SCORE is the sum
    of the items' SCOREs (each 0 to 1), so a perfect attempt scores the number of items."""
    total = sum(len(bank.quizzes) for bank in banks)
    sections = []
    for bank in banks:
        refs = "".join(f'\n      <assessmentItemRef identifier="{q.identifier}" href="items/{q.identifier}.xml"/>'
                       for q in bank.quizzes)
        sections.append(f'    <assessmentSection identifier="{bank.slug}_section" title={quoteattr(bank.title)} '
                        f'visible="true">{refs}\n    </assessmentSection>')
    body = "\n".join(sections)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/imsqti_v2p1.xsd"
               identifier="{PACKAGE_ID}"
               title={quoteattr(TITLE)}>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" normalMaximum="{total}">
    <defaultValue>
      <value>0</value>
    </defaultValue>
  </outcomeDeclaration>
  <testPart identifier="{PACKAGE_ID}_part" navigationMode="nonlinear" submissionMode="individual">
{body}
  </testPart>
  <outcomeProcessing>
    <setOutcomeValue identifier="SCORE">
      <sum>
        <testVariables variableIdentifier="SCORE"/>
      </sum>
    </setOutcomeValue>
  </outcomeProcessing>
</assessmentTest>
'''


def qti21_package(banks: list[Bank]) -> dict[str, str]:
    collection = QuizCollection(title=TITLE, identifier=PACKAGE_ID, description=f"{TITLE}: quiz banks")
    for bank in banks:
        for quiz in bank.quizzes:
            fold_feedback(quiz)
            collection.add_quiz(quiz)
    exporter = QTIExporter.create(collection, QTIVersion.V2_1)
    files = {"imsmanifest.xml": qti21_manifest(collection.quizzes), "assessment.xml": qti21_test(banks)}
    items = exporter.generate_items()
    for quiz in collection.quizzes:
        name = f"items/{quiz.identifier}.xml"
        files[name] = fix_item(items[name], quiz)
    if problems := schema_problems(ZIP_NAMES[QTIVersion.V2_1], files, QTI21_SCHEMAS):
        raise ExportError("the QTI 2.1 pack does not match its schemas:\n" + "\n".join(problems))
    return files


def qti21_manifest(quizzes: list[Quiz]) -> str:
    """IMS Content Packaging 1.1 as QTI 2.1 packages use it: the test, which depends on each of
    its items, and one resource per item."""
    ET.register_namespace("", CP)
    ET.register_namespace("xsi", XSI)
    manifest = ET.Element(f"{{{CP}}}manifest", {
        "identifier": f"{PACKAGE_ID}_qti21",
        f"{{{XSI}}}schemaLocation": f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
    })
    meta = _el(manifest, f"{{{CP}}}metadata")
    _el(meta, f"{{{CP}}}schema", "QTIv2.1 Package")
    _el(meta, f"{{{CP}}}schemaversion", "1.0.0")
    _el(manifest, f"{{{CP}}}organizations")
    resources = _el(manifest, f"{{{CP}}}resources")
    test = _el(resources, f"{{{CP}}}resource", identifier=PACKAGE_ID, type="imsqti_test_xmlv2p1", href="assessment.xml")
    _el(test, f"{{{CP}}}file", href="assessment.xml")
    for quiz in quizzes:
        _el(test, f"{{{CP}}}dependency", identifierref=quiz.identifier)
    for quiz in quizzes:
        name = f"items/{quiz.identifier}.xml"
        item = _el(resources, f"{{{CP}}}resource", identifier=quiz.identifier, type="imsqti_item_xmlv2p1", href=name)
        _el(item, f"{{{CP}}}file", href=name)
    return _xml(manifest)


def write_zip(files: dict[str, str | bytes], path: Path) -> None:
    # Fixed dates, permissions and order: the same input always gives the same bytes.
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            data = files[name]
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=6)


def export(src: Path, out: Path) -> tuple[list[Path], list[Bank]]:
    """Write both zips to out; return their paths and the banks. ExportError on a bank problem."""
    out.mkdir(parents=True, exist_ok=True)
    # Each version reads the banks afresh: the QTI 2.1 pack folds option feedback into the text.
    write_zip(qti12_package(banks := collect_banks(src)), out / ZIP_NAMES[QTIVersion.V1_2])
    write_zip(qti21_package(collect_banks(src)), out / ZIP_NAMES[QTIVersion.V2_1])
    return [out / name for name in ZIP_NAMES.values()], banks


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m course.export.qti_export OUTPUT_DIR", file=sys.stderr)
        return 2
    try:
        paths, banks = export(ROOT / "quizzes", Path(argv[0]))
    except ExportError as error:
        print(f"QTI export stopped:\n{error}", file=sys.stderr)
        return 1
    for bank in banks:
        print(f"{bank.title}: {len(bank.quizzes)} questions")
    for path in paths:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
