"""`make qti`: both LMS packages are well formed, complete, correct and stable.

Each check returns a list of problems naming the zip and file (or the bank and line), so the
self-tests at the end can plant a defect and show that the check catches it.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import ROOT
import quizlint

sys.path.insert(0, str(ROOT / "tools"))
import qti_export  # noqa: E402

BANKS = sorted((ROOT / "quizzes").glob("*.md"))
NS = {"12": "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}", "21": "{http://www.imsglobal.org/xsd/imsqti_v2p1}"}
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
VERSIONS = {"12": "safeguarding-course-qti12.zip", "21": "safeguarding-course-qti21.zip"}


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Two independent runs of the real export: {version: (files of run 1, zip path of run 1, zip path of run 2)}."""
    first, second = tmp_path_factory.mktemp("qti-a"), tmp_path_factory.mktemp("qti-b")
    qti_export.export(ROOT / "quizzes", first)
    qti_export.export(ROOT / "quizzes", second)
    return {v: (read_zip(first / name), first / name, second / name) for v, name in VERSIONS.items()}


def text_of(element: ET.Element | None) -> str:
    """What a learner reads: tags stripped (including HTML inside CDATA), entities decoded."""
    if element is None:
        return ""
    raw = re.sub(r"</?(?:code|em|strong|a)\b[^>]*>", "", "".join(element.itertext()))  # inline: no gap
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def bank_text(markdown: str) -> str:
    # The export renders Markdown; the only markup the banks use in options is `code`.
    return " ".join(markdown.replace("`", "").split())


# The checks -----------------------------------------------------------------------------------

def check_well_formed(label: str, files: dict[str, bytes]) -> list[str]:
    problems = []
    for name, data in sorted(files.items()):
        if name.endswith(".xml"):
            try:
                ET.fromstring(data)
            except ET.ParseError as error:
                problems.append(f"{label}:{name}: not well-formed XML: {error}")
    if "imsmanifest.xml" not in files:
        problems.append(f"{label}: no imsmanifest.xml")
    return problems


def check_hrefs(label: str, files: dict[str, bytes]) -> list[str]:
    manifest = ET.fromstring(files["imsmanifest.xml"])
    problems = [
        f"{label}:imsmanifest.xml: href {el.get('href')!r} is not in the zip"
        for el in manifest.iter() if el.get("href") is not None and el.get("href") not in files
    ]
    items = [n for n in files if n.startswith("items/")]
    listed = {el.get("href") for el in manifest.iter(f"{CP}file")}
    problems += [f"{label}:{name}: in the zip but not in imsmanifest.xml" for name in items if name not in listed]
    return problems


def items_in_order(files: dict[str, bytes], version: str) -> list[tuple[str, ET.Element]]:
    """(identifier, item root) in the order the assessment lists them."""
    hrefs = {r.get("identifier"): r.get("href") for r in ET.fromstring(files["imsmanifest.xml"]).iter(f"{CP}resource")}
    test = ET.fromstring(files["assessment.xml"])
    if version == "12":
        refs = [r.get("linkrefid") for r in test.iter(f"{NS['12']}itemref")]
    else:
        refs = [r.get("identifier") for r in test.iter(f"{NS['21']}assessmentItemRef")]
    return [(ref, ET.fromstring(files[hrefs[ref]])) for ref in refs]


def answers_of(item: ET.Element, version: str) -> tuple[list[str], list[str], list[str]]:
    """(option texts, correct option texts, fill-in answers) as the item scores them."""
    ns = NS[version]
    if version == "12":
        options = {lab.get("ident"): text_of(lab) for lab in item.iter(f"{ns}response_label") if lab.get("ident")}
        correct, blanks = [], []
        for cond in item.iter(f"{ns}respcondition"):
            score = float(cond.find(f"{ns}setvar").text)
            for eq in cond.iter(f"{ns}varequal"):
                if eq.get("respident") == "response1":
                    if score > 0:
                        correct.append(options.get(eq.text, f"<unknown option {eq.text}>"))
                elif score > 0:
                    blanks.append(eq.text)
        return list(options.values()), correct, blanks
    options = {c.get("identifier"): text_of(c) for c in item.iter(f"{ns}simpleChoice")}
    correct, blanks = [], []
    for decl in item.iter(f"{ns}responseDeclaration"):
        values = [v.text for v in decl.iter(f"{ns}value")]
        if decl.get("baseType") == "string":
            blanks += values
        else:
            correct += [options.get(v, f"<unknown option {v}>") for v in values]
    return list(options.values()), correct, blanks


def check_banks(label: str, files: dict[str, bytes], version: str, banks: list[Path]) -> list[str]:
    """Each bank's questions appear, in order, with the bank's options, answers and feedback."""
    problems = []
    items = items_in_order(files, version)
    for bank in banks:
        questions, _ = quizlint.lint_bank(bank)
        where = bank.relative_to(ROOT) if bank.is_relative_to(ROOT) else bank
        ours = [(i, el) for i, el in items if re.fullmatch(rf"{re.escape(qti_export.bank_slug(bank))}_[0-9a-f]{{12}}", i)]
        if len(ours) != len(questions):
            problems.append(f"{label}: {where} has {len(questions)} questions but the package has {len(ours)} items for it")
            continue
        for q, (ident, item) in zip(questions, ours):
            options, correct, blanks = answers_of(item, version)
            got = (sorted(options), sorted(correct), blanks)
            want = (sorted(map(bank_text, q.options)), sorted(map(bank_text, q.correct)), q.blanks)
            if got != want:
                problems.append(f"{where}:{q.line}: item {ident} in {label} scores {got}, the bank says {want}")
            whole = text_of(item)
            problems += [f"{where}:{q.line}: item {ident} in {label} lacks the feedback {note[:40]!r}…"
                         for note in q.feedback if bank_text(note.replace(">", "")) not in whole]
    return problems


# The tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_every_xml_file_is_well_formed(exports, version):
    files, path, _ = exports[version]
    assert not (problems := check_well_formed(path.name, files)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_href_is_in_the_zip(exports, version):
    files, path, _ = exports[version]
    assert not (problems := check_hrefs(path.name, files)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_items_match_the_banks(exports, version):
    files, path, _ = exports[version]
    assert BANKS, "quizzes/ holds no banks"
    total = sum(len(quizlint.lint_bank(b)[0]) for b in BANKS)
    assert len(items_in_order(files, version)) == total, f"{path.name}: expected {total} items, one per question in quizzes/"
    assert not (problems := check_banks(path.name, files, version, BANKS)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_identifiers_are_ncnames_and_unique(exports, version):
    files, path, _ = exports[version]
    idents = []
    for name, data in files.items():
        for el in ET.fromstring(data).iter():
            idents += [f"{name}: {el.get(a)}" for a in ("identifier", "ident") if el.get(a) is not None]
    bad = [i for i in idents if not NCNAME.fullmatch(i.split(": ", 1)[1])]
    assert not bad, f"{path.name}: identifiers that are not XML NCNames:\n" + "\n".join(bad)
    items = [i for i, _ in items_in_order(files, version)]
    assert len(set(items)) == len(items), f"{path.name}: duplicate item identifiers"


@pytest.mark.parametrize("version", VERSIONS)
def test_two_exports_are_byte_identical(exports, version):
    _, first, second = exports[version]
    a, b = read_zip(first), read_zip(second)
    differ = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    assert not differ, f"{first.name}: these files differ between two exports: {differ}"
    assert first.read_bytes() == second.read_bytes(), f"{first.name}: same files but the zip bytes differ"


@pytest.mark.parametrize("version", VERSIONS)
def test_no_comment_or_objective_tag_reaches_the_lms(exports, version):
    files, path, _ = exports[version]
    leaks = [name for name, data in files.items() if b"<!--" in data or b"objective:" in data]
    assert not leaks, f"{path.name}: HTML comments leak into {leaks}"


def test_reordering_a_bank_keeps_every_item(tmp_path):
    """Identity comes from the question's text, not its position: reversed banks, same items."""
    src = tmp_path / "quizzes"
    src.mkdir()
    for bank in BANKS:
        text = bank.read_text(encoding="utf-8")
        # Each block is a question with the objective tag above it; reverse their order.
        blocks = re.findall(r"(?:<!--[^\n]*-->\n)?<quiz>.*?</quiz>\n?", text, re.DOTALL)
        assert len(blocks) == len(quizlint.lint_bank(bank)[0]), f"{bank.name}: could not split the bank to reorder it"
        (src / bank.name).write_text("\n".join(b.strip() for b in reversed(blocks)) + "\n", encoding="utf-8")
    original, reordered = tmp_path / "a", tmp_path / "b"
    qti_export.export(ROOT / "quizzes", original)
    qti_export.export(src, reordered)
    for name in VERSIONS.values():
        a, b = read_zip(original / name), read_zip(reordered / name)
        items = sorted(n for n in a if n.startswith("items/"))
        assert items == sorted(n for n in b if n.startswith("items/")), f"{name}: reordering changed item identifiers"
        changed = [n for n in items if a[n] != b[n]]
        assert not changed, f"{name}: reordering changed the content of {changed}"


# Self-tests: each check catches a planted defect ----------------------------------------------

def test_self_test_a_broken_manifest_href_is_caught(exports):
    files, path, _ = exports["12"]
    item = next(n for n in sorted(files) if n.startswith("items/"))
    broken = dict(files)
    broken["imsmanifest.xml"] = files["imsmanifest.xml"].replace(f'<file href="{item}"'.encode(), b'<file href="items/missing.xml"')
    problems = check_hrefs(path.name, broken)
    assert any("items/missing.xml" in p and path.name in p for p in problems), problems
    assert any(item in p for p in problems), "the orphaned item file should be reported too"


def test_self_test_malformed_xml_is_caught(exports):
    files, path, _ = exports["21"]
    broken = dict(files, **{"assessment.xml": files["assessment.xml"].replace(b"</assessmentTest>", b"")})
    problems = check_well_formed(path.name, broken)
    assert problems and "assessment.xml" in problems[0], problems


@pytest.mark.parametrize("version", VERSIONS)
def test_self_test_a_changed_correct_answer_is_caught(exports, version):
    files, path, _ = exports[version]
    # Point the answer key of the first single-choice item at a different option.
    key = re.compile(r">(start-here_[0-9a-f]{12}_[0-9a-f]{8})</(?:varequal|value)>")
    name, item = next((n, d.decode()) for n, d in sorted(files.items())
                      if n.startswith("items/start-here_") and len(key.findall(d.decode())) == 1)
    idents = re.findall(r'(?:ident|identifier)="(start-here_[0-9a-f]{12}_[0-9a-f]{8})"', item)
    right = key.search(item).group(1)
    wrong = next(i for i in idents if i != right)
    tampered = dict(files, **{name: item.replace(f">{right}<", f">{wrong}<").encode()})
    problems = check_banks(path.name, tampered, version, [ROOT / "quizzes" / "start-here.md"])
    assert any(p.startswith("quizzes/start-here.md:") for p in problems), problems


def test_self_test_a_quiz_the_extractor_drops_stops_the_export(tmp_path):
    """mkdocs-quiz's extractor skips a <quiz> with no options; the export must refuse, naming the bank."""
    src = tmp_path / "quizzes"
    src.mkdir()
    shutil.copy(ROOT / "quizzes" / "start-here.md", src)
    (src / "broken.md").write_text("<quiz>\nA question with no options at all?\n</quiz>\n", encoding="utf-8")
    with pytest.raises(qti_export.ExportError, match=r"broken\.md: quizlint finds 1 question\(s\) but .* reads 0"):
        qti_export.export(src, tmp_path / "out")


def test_self_test_a_comment_inside_a_quiz_does_not_leak(tmp_path):
    src = tmp_path / "quizzes"
    src.mkdir()
    bank = (ROOT / "quizzes" / "start-here.md").read_text(encoding="utf-8")
    (src / "start-here.md").write_text(bank.replace("<quiz>\n", "<quiz>\n<!-- objective: 9; recall -->\n", 1), encoding="utf-8")
    qti_export.export(src, tmp_path / "out")
    for name in VERSIONS.values():
        files = read_zip(tmp_path / "out" / name)
        leaks = [n for n, data in files.items() if b"objective: 9" in data]
        assert not leaks, f"{name}: the planted comment leaks into {leaks}"
        assert not check_banks(name, files, [k for k, v in VERSIONS.items() if v == name][0], [src / "start-here.md"])
