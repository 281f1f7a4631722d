"""`make scorm`: SCORM 1.2 packages that a learning platform accepts, and that report to it.

The manifest checks return lists of problems naming the zip and file, so the self-tests can
plant a defect and show it is caught. The runtime test loads each package's launch page inside
scorm-again (a maintained SCORM 1.2 runtime from npm, pinned in tests/scorm/package.json and
installed with `npm ci`), in chromium, served over HTTP from 127.0.0.1, as a platform would.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from lxml import etree

from conftest import ROOT, QuietHandler, guarded_tab
from course.export import qti_export  # the schema checker both exporters use
from course.export import scorm

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
IMSMD = "{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
RUNTIME = ROOT / "tests" / "scorm" / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
SCHEMA_README = ROOT / "course" / "export" / "schemas" / "README.md"


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def packages(offline_pack, tmp_path_factory):
    """Two builds of every package from the same offline build: {zip name: (files, path 1, path 2)}."""
    folder, _ = offline_pack
    first, second = tmp_path_factory.mktemp("scorm-a"), tmp_path_factory.mktemp("scorm-b")
    a, b = scorm.build(first, folder), scorm.build(second, folder)
    return {p.name: (read_zip(p), p, q) for p, q in zip(a, b)}


# The checks -----------------------------------------------------------------------------------

def check_manifest(label: str, files: dict[str, bytes]) -> list[str]:
    """Well formed, SCORM 1.2, one SCO launching a page in the zip, every href in the zip and
    every file in the manifest, identifiers unique NCNames, and a description that says what
    completion and the score mean."""
    if "imsmanifest.xml" not in files:
        return [f"{label}: no imsmanifest.xml at the root of the zip"]
    try:
        root = ET.fromstring(files["imsmanifest.xml"])
    except ET.ParseError as error:
        return [f"{label}:imsmanifest.xml: not well-formed XML: {error}"]
    where = f"{label}:imsmanifest.xml"
    problems = []
    if root.tag != f"{CP}manifest":
        problems.append(f"{where}: the root is {root.tag}, not an IMS content package manifest")
    if root.findtext(f"{CP}metadata/{CP}schemaversion") != "1.2":
        problems.append(f"{where}: schemaversion is not 1.2")
    problems += [f"{where}: href {el.get('href')!r} is not in the zip"
                 for el in root.iter() if el.get("href") is not None and el.get("href") not in files]
    listed = {el.get("href") for el in root.iter(f"{CP}file")}
    problems += [f"{label}:{name}: in the zip but not in imsmanifest.xml"
                 for name in sorted(files) if name != "imsmanifest.xml" and name not in listed
                 and name not in scorm.SCHEMA_FILES]
    scos = [r for r in root.iter(f"{CP}resource") if r.get(f"{ADLCP}scormtype") == "sco"]
    if len(scos) != 1:
        problems.append(f"{where}: {len(scos)} SCO resources; the package is one SCO")
    idents = [el.get("identifier") for el in root.iter() if el.get("identifier") is not None]
    problems += [f"{where}: identifier {i!r} is not an XML NCName" for i in idents if not NCNAME.fullmatch(i)]
    problems += [f"{where}: identifier {i!r} is used twice" for i in sorted(set(idents)) if idents.count(i) > 1]
    refs = {el.get("identifierref") for el in root.iter(f"{CP}item")}
    problems += [f"{where}: item points at {r!r}, which no resource has" for r in refs - set(idents)]
    default = root.find(f"{CP}organizations").get("default")
    if default not in idents:
        problems.append(f"{where}: the default organisation {default!r} does not exist")
    description = " ".join(root.findtext(f".//{IMSMD}description/{IMSMD}langstring", "").split())
    scored = "no score is reported" not in description  # a part with no self-check reports no score
    for needed in ("answered, not passed", "not from an exam") if scored else ("there is nothing to answer",):
        if needed not in description and not (needed.startswith("there") and "whichever ending" in description):
            problems.append(f"{where}: the description does not say {needed!r}")
    if not scored:
        problems += [f"{where}: the description speaks of {said!r}, but this part has nothing to answer"
                     for said in ("wrong answer", "answers are saved", "answers and") if said in description]
    return problems


def check_schemas(label: str, files: dict[str, bytes], folder: Path) -> list[str]:
    """The manifest against the schema files the zip itself carries (unpacked into folder), as
    its xsi:schemaLocation names them: each named file, and ims_xml.xsd that they import, must be
    in the zip, and the manifest must be valid against them (with the two in-memory corrections
    course/export/scorm.py names, which libxml2 needs to compile ADL's files)."""
    where = f"{label}:imsmanifest.xml"
    try:
        root = ET.fromstring(files["imsmanifest.xml"])
    except (KeyError, ET.ParseError) as error:
        return [f"{where}: cannot be read: {error}"]
    pairs = (root.get(f"{XSI}schemaLocation") or "").split()
    named = dict(zip(pairs[::2], pairs[1::2]))
    problems = [f"{where}: xsi:schemaLocation names no schema for {ns}" for ns in (CP, ADLCP, IMSMD)
                if ns.strip("{}") not in named]
    problems += [f"{where}: names {name}, which the zip does not carry" for name in named.values() if name not in files]
    problems += [f"{label}: no {name} at the root of the zip, which the schemas import"
                 for name in ("ims_xml.xsd",) if name not in files]
    if problems:
        return problems
    folder.mkdir(parents=True, exist_ok=True)
    for name in {*named.values(), "ims_xml.xsd"}:
        (folder / name).write_bytes(files[name])
    try:
        return qti_export.schema_problems(label, {"imsmanifest.xml": files["imsmanifest.xml"]},
                                          scorm.schema_locations(folder, files["imsmanifest.xml"]),
                                          scorm.SCHEMA_CORRECTIONS)
    except etree.XMLSchemaParseError as error:
        return [f"{label}: the schema files in the zip do not compile: {error}"]


def check_learner_view(label: str, files: dict[str, bytes], folders: list[str] | None, start: str) -> list[str]:
    """No page loads trainer.js (no "Trainer view", no "Present"). In a part's package (folders
    given), every page's primary navigation, logo and footer links lead into the part only, and
    search holds the part's pages only."""
    problems = []
    for name, data in sorted(files.items()):
        if not name.endswith(".html") or name == scorm.LAUNCH:
            continue
        text = data.decode("utf-8")
        if "trainer.js" in text:
            problems.append(f"{label}:{name}: loads trainer.js, so learners get Trainer view and Present")
        if folders is None:
            continue
        nav = primary_nav(text)
        outside = sorted({h for h in scorm.HREF.findall(nav) if not scorm.inside(name, h, folders)})
        if outside:
            problems.append(f"{label}:{name}: the navigation leads outside {folders}: {outside[:3]}")
        logos = re.findall(r'<a href="([^"]*)" [^>]*class="md-(?:header|nav)__button md-logo"', text)
        problems += [f"{label}:{name}: the logo leads to {href}, not the part's overview {start}" for href in logos
                     if os.path.normpath(os.path.join(os.path.dirname(name), href)) != start]
        problems += [f"{label}:{name}: a footer link leads outside the part, to {href}"
                     for href, _ in re.findall(r'<a href="([^"]*)" class="md-footer__link md-footer__link--(prev|next)"', text)
                     if not scorm.inside(name, href, folders)]
    if folders is not None:
        for name in ("search/search_index.json", "search/search_index.js"):
            raw = files.get(name, b"{}").decode("utf-8")
            docs = json.loads(raw[raw.index("{"):]).get("docs", [])
            stray = [d["location"] for d in docs if not any(d["location"].startswith(f + "/") for f in folders)]
            if stray or not docs:
                problems.append(f"{label}:{name}: search holds {len(docs)} pages, {len(stray)} outside the part: {stray[:3]}")
    return problems


def primary_nav(text: str) -> str:
    """The page's primary navigation, from its <nav> to the matching </nav> (it holds others)."""
    start = text.find('<nav class="md-nav md-nav--primary"')
    if start < 0:
        return ""
    depth = 0
    for tag in re.finditer(r"<(/?)nav\b", text[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return text[start:start + tag.end()]
    return text[start:]


def part_folders(name: str) -> tuple[list[str] | None, str]:
    """(the folders a package's navigation is limited to, or None for the whole course; its overview)."""
    package = next(p for p in scorm.plan() if p.zip_name == name)
    return (None if package.slug == "whole-course" else package.folders), package.start


def launch_attributes(files: dict[str, bytes]) -> dict[str, str]:
    page = files[scorm.LAUNCH].decode("utf-8")
    return {k: v for k, v in re.findall(r'data-(start|pages|quizzes|required|cases|layout)="([^"]*)"', page)}


def capstone_cases(docs: Path = ROOT / "docs") -> dict[str, tuple[list[str], list[str]]]:
    """From the front matter in docs/capstone/: {case: (its start pages, its ending pages)}, as built pages."""
    cases: dict[str, tuple[list[str], list[str]]] = {}
    for md in sorted((docs / "capstone").rglob("*.md")) if (docs / "capstone").is_dir() else []:
        meta, _ = scorm.coursedata.split_front_matter(md.read_text(encoding="utf-8"))
        step = meta.get("capstone") if isinstance(meta.get("capstone"), dict) else {}
        if step.get("case"):
            starts, endings = cases.setdefault(str(step["case"]), ([], []))
            page = md.relative_to(docs).with_suffix(".html").as_posix()
            {"start": starts, "ending": endings}.get(step.get("step"), []).append(page)
    return cases


def read_cases(data: dict[str, str]) -> list[tuple[str, list[str], dict[str, list[str]]]]:
    """The launch page's data-cases: (start, endings, {page: pages it links to}) for each case."""
    pages = data.get("pages", "").split()

    def page(index: str) -> str:  # an index past the page list names no page
        return pages[int(index, 36)] if int(index, 36) < len(pages) else f"(no page {index})"

    out = []
    for text in data.get("cases", "").split():
        start, ends, edges = (text.split("|") + ["", ""])[:3]
        links = {}
        for entry in filter(None, edges.split(";")):
            source, targets = entry.split(":")
            links[page(source)] = [page(t) for t in targets.split(",")]
        out.append((page(start), [page(e) for e in ends.split(",") if e], links))
    return out


def check_completion_rule(label: str, data: dict[str, str], cases: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    """What the launch page says completion needs: every page but a capstone case's, and each
    capstone case played: its start, its endings and its links, so that only a path of choices
    from the start to an ending completes it (no learner sees every branch)."""
    pages = data.get("pages", "").split()
    folders = {starts[0].rsplit("/", 1)[0] + "/": case for case, (starts, _) in cases.items() if starts}
    want = [(p,) for p in pages if not any(p.startswith(f) for f in folders)]
    got = [tuple(sorted(group.split(","))) for group in data.get("required", "").split()]
    where = f"{label}:{scorm.LAUNCH}"
    problems = ([f"{where}: completion needs {', '.join(' or '.join(g) for g in sorted(set(got) - set(want)))}, "
                 "which the rule does not ask for"] if set(got) - set(want) else []) + \
               ([f"{where}: completion does not need {', '.join(' or '.join(g) for g in sorted(set(want) - set(got)))}"]
                if set(want) - set(got) else [])
    played = {start: (ends, links) for start, ends, links in read_cases(data)}
    for folder, case in folders.items():
        if not any(p.startswith(folder) for p in pages):
            continue
        starts, endings = cases[case]
        if starts[0] not in played:
            problems.append(f"{where}: completion does not need capstone case {case} to be played")
            continue
        ends, links = played[starts[0]]
        if sorted(ends) != sorted(endings):
            problems.append(f"{where}: case {case} finishes at {sorted(ends)}, not at its endings {sorted(endings)}")
        if starts[0] in ends or not links.get(starts[0]):
            problems.append(f"{where}: case {case} has no links from its start: a start and an ending would complete it")
        if any(e in links.get(starts[0], []) for e in ends):
            problems.append(f"{where}: case {case} links its start straight to an ending")
    return problems


# The tests ------------------------------------------------------------------------------------

def test_one_package_per_module_and_part_and_one_for_the_course(packages):
    docs = ROOT / "docs"
    want = [f"module-{p.name}" for p in sorted((docs / "modules").iterdir()) if (p / "index.md").exists()]
    want += [name for name in ("yearly-update", "capstone") if (docs / name / "index.md").exists()]
    want.append("whole-course")
    assert sorted(packages) == sorted(f"safeguarding-course-{w}-scorm12.zip" for w in want)


def test_every_manifest_is_valid_and_complete(packages):
    problems = [p for name, (files, _, _) in packages.items() for p in check_manifest(name, files)]
    assert not problems, "\n".join(problems)


def test_each_package_opens_at_its_overview_and_tracks_its_own_pages(packages):
    problems = []
    for name, (files, _, _) in packages.items():
        data = launch_attributes(files)
        slug = name.removeprefix("safeguarding-course-").removesuffix("-scorm12.zip")
        folder = slug.removeprefix("module-")
        want = "index.html" if slug == "whole-course" else (
            f"modules/{folder}/index.html" if slug.startswith("module-") else f"{folder}/index.html")
        if data.get("start") != want:
            problems.append(f"{name}:{scorm.LAUNCH}: opens {data.get('start')!r}, not the overview {want!r}")
        pages = data.get("pages", "").split()
        problems += [f"{name}:{scorm.LAUNCH}: tracks {p!r}, which is not in the zip" for p in pages if p not in files]
        if slug != "whole-course" and not all(p.startswith(want.rsplit("/", 1)[0] + "/") for p in pages):
            problems.append(f"{name}:{scorm.LAUNCH}: tracks pages outside its own folder")
        if slug.startswith("module-") and not data.get("quizzes"):
            problems.append(f"{name}:{scorm.LAUNCH}: a module package with no self-check to report")
    assert not problems, "\n".join(problems)


def test_completion_needs_every_page_but_only_one_path_through_a_capstone_case(packages):
    cases = capstone_cases()
    problems = [p for name, (files, _, _) in packages.items()
                for p in check_completion_rule(name, launch_attributes(files), cases)]
    assert not problems, "\n".join(problems)
    if cases:
        for name in ("safeguarding-course-capstone-scorm12.zip", "safeguarding-course-whole-course-scorm12.zip"):
            data = launch_attributes(packages[name][0])
            assert len(read_cases(data)) == len(cases), \
                f"{name}:{scorm.LAUNCH}: data-cases lists {len(read_cases(data))} cases, not {len(cases)}"
            folders = [starts[0].rsplit("/", 1)[0] + "/" for starts, _ in cases.values()]
            assert not any(g.startswith(f) for g in data["required"].split() for f in folders), \
                f"{name}:{scorm.LAUNCH}: a case's pages are required one by one"
            description = " ".join(ET.fromstring(packages[name][0]["imsmanifest.xml"]).findtext(
                f".//{IMSMD}description/{IMSMD}langstring", "").split())
            for md in sorted((ROOT / "docs" / "capstone").glob("*/index.md")):
                title = scorm.coursedata.split_front_matter(md.read_text(encoding="utf-8"))[0]["title"]
                assert title in description, f"{name}:imsmanifest.xml: the description does not name {title!r}"


def test_the_layout_hash_follows_the_pages_and_questions(packages):
    """Same pages and questions, same hash; a page added, another hash."""
    files, _, _ = packages["safeguarding-course-module-grooming-scorm12.zip"]
    layout = launch_attributes(files)["layout"]
    assert re.fullmatch(r"[0-9a-f]{10}", layout), f"{scorm.LAUNCH}: data-layout {layout!r} is not a short hash"
    layouts = [launch_attributes(f)["layout"] for f, _, _ in packages.values()]
    assert len(set(layouts)) == len(layouts), "two packages share a layout hash"
    assert launch_attributes(changed_package(files))["layout"] != layout, "adding a page did not change the layout hash"


def changed_package(files: dict[str, bytes]) -> dict[str, bytes]:
    """The module 1 package rebuilt with a page added, as a re-upload of a newer build would be."""
    site = {n: d for n, d in files.items() if n not in (scorm.LAUNCH, "scorm.js", "imsmanifest.xml", *scorm.SCHEMA_FILES)}
    site["modules/grooming/added-page.html"] = site["modules/grooming/index.html"]
    package = next(p for p in scorm.plan() if p.slug == "module-grooming")
    return scorm.package_files(package, site)


def test_every_zip_carries_its_schemas_and_its_manifest_matches_them(packages, tmp_path):
    problems = [p for name, (files, _, _) in packages.items() for p in check_schemas(name, files, tmp_path / name)]
    assert not problems, "\n".join(problems)


def test_the_schemas_are_the_pinned_files(packages):
    """Every file in course/export/schemas/ has the SHA-256 its README records, and each zip carries
    exactly the SCORM 1.2 files, byte for byte."""
    pinned = dict(re.findall(r"^\| `([^`]+\.xsd)` \| `([0-9a-f]{64})` \|$", SCHEMA_README.read_text(encoding="utf-8"), re.MULTILINE))
    on_disk = {p.relative_to(SCHEMA_README.parent).as_posix(): p for p in SCHEMA_README.parent.rglob("*.xsd")}
    readme = SCHEMA_README.relative_to(ROOT)
    problems = [f"{readme}:1: {name} is not in the table" for name in sorted(set(on_disk) - set(pinned))]
    problems += [f"{readme}:1: {name} is in the table but not in course/export/schemas/" for name in sorted(set(pinned) - set(on_disk))]
    problems += [f"course/export/schemas/{name}:1: SHA-256 {hashlib.sha256(on_disk[name].read_bytes()).hexdigest()} is not the pinned {sha}"
                 for name, sha in sorted(pinned.items()) if name in on_disk
                 and hashlib.sha256(on_disk[name].read_bytes()).hexdigest() != sha]
    for zip_name, (files, _, _) in packages.items():
        carried = sorted(n for n in files if n.endswith(".xsd"))
        if carried != sorted(scorm.SCHEMA_FILES):
            problems.append(f"{zip_name}: carries {carried}, not {sorted(scorm.SCHEMA_FILES)}")
        problems += [f"{zip_name}:{n}: differs from course/export/schemas/scorm12/{n}" for n in scorm.SCHEMA_FILES
                     if files.get(n) != (scorm.SCHEMA_DIR / n).read_bytes()]
    assert not problems, "\n".join(problems)


def test_packages_show_learners_their_part_only_and_no_trainer_controls(packages):
    problems = []
    for name, (files, _, _) in packages.items():
        folders, start = part_folders(name)
        problems += check_learner_view(name, files, folders, start)
    assert not problems, "\n".join(problems)


def test_identifiers_are_stable_across_builds(packages):
    """The same site gives the same zips, byte for byte; identifiers come from the package's name."""
    differ = [name for name, (_, a, b) in packages.items() if a.read_bytes() != b.read_bytes()]
    assert not differ, f"two builds from the same offline site differ: {differ}"
    for name, (files, _, _) in packages.items():
        ident = ET.fromstring(files["imsmanifest.xml"]).get("identifier")
        slug = name.removeprefix("safeguarding-course-").removesuffix("-scorm12.zip")
        assert ident == f"safeguarding-course-dsl-{slug}", f"{name}:imsmanifest.xml: identifier {ident!r} is not from the package's name"


def test_the_site_and_usb_pack_do_not_load_the_scorm_script(offline_pack, packages):
    folder, _ = offline_pack
    loading = [str(p.relative_to(folder)) for p in folder.rglob("*.html")
               if re.search(r"scorm\.js|scorm-launch|LMSInitialize", p.read_text(encoding="utf-8"))]
    assert not loading, f"the USB pack loads the SCORM glue in: {loading}"
    assert not (folder / "scorm.js").exists() and not (folder / scorm.LAUNCH).exists()
    for name, (files, _, _) in packages.items():
        course = [n for n, d in files.items() if n.endswith(".html") and n != scorm.LAUNCH and b"scorm.js" in d]
        assert not course, f"{name}: course pages load scorm.js: {course[:3]}"


def test_suspend_data_fits_scorm_12_for_every_answer(packages):
    """Worst case: every question of the whole course answered, every option ticked."""
    files, _, _ = packages["safeguarding-course-whole-course-scorm12.zip"]
    data = launch_attributes(files)
    pages = data["pages"].split()
    quizzes = [(q.rsplit(":", 1)[0], int(q.rsplit(":", 1)[1])) for q in data["quizzes"].split()]
    entries = []
    for index, (page, n) in enumerate(quizzes):
        on_page = files[page].count(b'<div class="quiz"')
        assert on_page == n, f"{page}: {n} questions listed, {on_page} on the page"
        entries.append(f"{index}=" + ";".join(f"{q}.1.{','.join(str(i) for i in range(6))}" for q in range(n)))
    worst = "|".join(["2", data["layout"], ",".join(format(i, "x") for i in range(len(pages)))] + entries)
    assert len(worst) <= 4096, f"course/export/scorm.js: suspend data for the whole course could reach {len(worst)} characters, over SCORM 1.2's 4096"


# Self-tests: each check catches a planted defect ----------------------------------------------

def test_self_test_a_missing_file_is_caught(packages):
    name, (files, _, _) = next(iter(packages.items()))
    broken = dict(files)
    del broken["modules/grooming/index.html"]
    problems = check_manifest(name, broken)
    assert any("modules/grooming/index.html" in p and "not in the zip" in p for p in problems), problems


def test_self_test_an_unlisted_file_and_a_duplicate_identifier_are_caught(packages):
    name, (files, _, _) = next(iter(packages.items()))
    manifest = files["imsmanifest.xml"].decode()
    ident = ET.fromstring(files["imsmanifest.xml"]).get("identifier")
    broken = dict(files, **{"extra.html": b"<p>", "imsmanifest.xml": manifest.replace(f'"{ident}-org"', f'"{ident}-sco"').encode()})
    problems = check_manifest(name, broken)
    assert any("extra.html" in p for p in problems), problems
    assert any("used twice" in p for p in problems), problems


def test_self_test_a_wrong_completion_rule_is_caught(packages):
    cases = capstone_cases()
    if not cases:
        pytest.fail("docs/capstone/ has no branching cases: the capstone completion checks need at least one")
    name = "safeguarding-course-capstone-scorm12.zip"
    data = launch_attributes(packages[name][0])
    every_page = dict(data, required=data["pages"])  # an old rule: every branch opened
    assert any("which the rule does not ask for" in p and "decision-1-a.html" in p for p in check_completion_rule(name, every_page, cases))
    nothing = dict(data, **{"pages": "capstone/index.html", "required": ""})
    assert any("does not need capstone/index.html" in p for p in check_completion_rule(name, nothing, cases))
    # The rule the issue found: a case finished by its start and an ending, with no decision.
    short = " ".join(f"{text.split('|')[0]}|{text.split('|')[1]}|" for text in data["cases"].split())
    assert any("no links from its start" in p for p in check_completion_rule(name, dict(data, cases=short), cases))
    dropped = dict(data, cases=" ".join(data["cases"].split()[1:]))
    assert any("does not need capstone case" in p for p in check_completion_rule(name, dropped, cases))


def test_self_test_a_manifest_its_schemas_reject_and_a_missing_schema_are_caught(packages, tmp_path):
    name, (files, _, _) = next(iter(packages.items()))
    manifest = files["imsmanifest.xml"].decode()
    planted = manifest.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"', 1)
    assert planted != manifest, "course/export/scorm.py's manifest changed; update this self-test"
    line = next(n for n, text in enumerate(planted.splitlines(), start=1) if 'scormtype="lesson"' in text)
    problems = check_schemas(name, dict(files, **{"imsmanifest.xml": planted.encode()}), tmp_path / "a")
    assert any(p.startswith(f"{name}:imsmanifest.xml:{line}:") and "lesson" in p for p in problems), problems
    missing = {n: d for n, d in files.items() if n != "adlcp_rootv1p2.xsd"}
    assert any("adlcp_rootv1p2.xsd, which the zip does not carry" in p for p in check_schemas(name, missing, tmp_path / "b"))
    no_xml = {n: d for n, d in files.items() if n != "ims_xml.xsd"}
    assert any("no ims_xml.xsd" in p for p in check_schemas(name, no_xml, tmp_path / "c"))


def test_self_test_a_package_with_course_navigation_or_trainer_controls_is_caught(offline_pack, packages):
    """The module 1 package built from the plain offline pages: every page carries the whole
    course's navigation and trainer.js, and search the whole course."""
    folder, _ = offline_pack
    name = "safeguarding-course-module-grooming-scorm12.zip"
    files, _, _ = packages[name]
    plain = dict(files)
    for page in ("modules/grooming/index.html", "search/search_index.json"):
        plain[page] = (folder / page).read_bytes()
    folders, start = part_folders(name)
    problems = check_learner_view(name, plain, folders, start)
    assert any(p.startswith(f"{name}:modules/grooming/index.html: loads trainer.js") for p in problems), problems
    assert any("modules/grooming/index.html: the navigation leads outside" in p for p in problems), problems
    assert any("modules/grooming/index.html: the logo leads to" in p for p in problems), problems
    assert any("search/search_index.json: search holds" in p for p in problems), problems
    whole = check_learner_view(name, plain, None, start)
    assert whole and all("trainer.js" in p for p in whole), whole


def test_self_test_malformed_xml_and_a_silent_description_are_caught(packages):
    name, (files, _, _) = next(iter(packages.items()))
    broken = dict(files, **{"imsmanifest.xml": files["imsmanifest.xml"].replace(b"</manifest>", b"")})
    assert "not well-formed" in check_manifest(name, broken)[0]
    quiet = dict(files, **{"imsmanifest.xml": files["imsmanifest.xml"].replace(b"answered, not", b"answered, and")})
    assert any("answered, not passed" in p for p in check_manifest(name, quiet))
    unscored = next((n, f) for n, (f, _, _) in packages.items() if b"no score is reported" in f["imsmanifest.xml"])
    wrong = unscored[1]["imsmanifest.xml"].replace(b"no score is reported. ", b"no score is reported. A wrong answer still counts. ")
    assert any("nothing to answer" in p for p in check_manifest(unscored[0], dict(unscored[1], **{"imsmanifest.xml": wrong})))


# In a real SCORM 1.2 runtime ------------------------------------------------------------------

WRAPPER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A platform's SCORM 1.2 player (scorm-again)</title>
<script src="/scorm12.min.js"></script>
<script>
  window.calls = [];
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  var saved = __SAVED__;
  if (saved) window.API.loadFromJSON(saved);
  ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
    window.API.on(name, function () { window.calls.push([name]); });
  });
  window.API.on("LMSSetValue.cmi.*", function (element, value) { window.calls.push(["LMSSetValue", element, value]); });
</script></head>
<body><iframe id="sco" title="course" src="__LAUNCH__" style="width: 1280px; height: 900px"></iframe></body></html>
"""


def serve(top: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(top)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def unpack(files: dict[str, bytes], folder: Path) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


@pytest.fixture(scope="module")
def platform(packages, tmp_path_factory):
    """An HTTP server on 127.0.0.1 with scorm-again, and the module 1 package unzipped twice
    (a second launch runs from another folder, as a platform's new content revision would)."""
    if not RUNTIME.exists():
        # A missing tool fails: a skipped runtime test is not a pass.
        pytest.fail("scorm-again is not installed: run `npm ci --prefix tests/scorm` (make test does)")
    top = tmp_path_factory.mktemp("platform")
    shutil.copy(RUNTIME, top / "scorm12.min.js")
    files, _, _ = packages["safeguarding-course-module-grooming-scorm12.zip"]
    for folder in ("content-1", "content-2"):
        unpack(files, top / folder)
    unpack(changed_package(files), top / "content-changed")
    if capstone_cases():
        unpack(packages["safeguarding-course-capstone-scorm12.zip"][0], top / "capstone")
    httpd, url = serve(top)
    yield top, url, launch_attributes(files)
    httpd.shutdown()


def launch(browser, top: Path, url: str, folder: str, saved: dict | None):
    page = f"player-{folder}.html"
    (top / page).write_text(WRAPPER.replace("__SAVED__", json.dumps(saved).replace("</", "<\\/"))
                            .replace("__LAUNCH__", f"/{folder}/{scorm.LAUNCH}"), encoding="utf-8")
    tab = guarded_tab(browser, (url,))
    tab.goto(f"{url}/{page}")
    return tab


def course_frame(tab, ending: str):
    for _ in range(100):
        for frame in tab.frames:
            if frame.url.endswith(ending):
                frame.wait_for_load_state("load")
                return frame
        tab.wait_for_timeout(100)
    return None


def cmi(tab) -> dict:
    return tab.evaluate("JSON.parse(JSON.stringify(window.API.cmi))")


def waited(tab, condition: str, arg=None, timeout: int = 10000) -> bool:
    try:
        tab.wait_for_function(condition, arg=arg, timeout=timeout)
        return True
    except Exception:  # Playwright's TimeoutError
        return False


def run_in_runtime(browser, top: Path, url: str, data: dict[str, str], label: str, timeout: int = 10000,
                   keep: dict | None = None) -> list[str]:
    """A learner's two launches of a package (unpacked in top/content-1 and top/content-2) inside
    scorm-again; what went wrong, as problems naming the package. The platform's saved data
    after the first launch goes into keep["resume"]."""
    problems = []
    start, pages = data["start"], data["pages"].split()
    quiz_page = data["quizzes"].split()[0].rsplit(":", 1)[0]

    # First launch, on one computer: a new learner.
    tab = launch(browser, top, url, "content-1", None)
    tab.evaluate("localStorage.clear()")
    tab.reload()
    frame = course_frame(tab, f"/content-1/{start}")
    if frame is None:
        return [f"{label}: the launch page did not open {start}"]
    # What the learner sees: no trainer controls, and the module's navigation only.
    if frame.locator("#course-trainer-toggle, #course-present-toggle, .course-header-tools").count():
        problems.append(f"{label}: the launched page shows Trainer view or Present")
    nav = frame.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all("links => links.map(a => a.href)")
    folder = start.rsplit("/", 1)[0]
    strays = [h for h in nav if f"/content-1/{folder}/" not in h]
    if not nav or strays:
        problems.append(f"{label}: the navigation leads outside {folder}/: {strays[:3]}")
    calls = tab.evaluate("window.calls")
    if not calls or calls[0][0] != "LMSInitialize":
        problems.append(f"{label}: the first call was not LMSInitialize: {calls[:3]}")
    if cmi(tab)["core"]["lesson_status"] != "incomplete":
        problems.append(f"{label}: lesson_status is {cmi(tab)['core']['lesson_status']!r} once launched, not 'incomplete'")

    # Read every page, the self-check last; nothing is completed before the questions are answered.
    for page in [p for p in pages if p != quiz_page] + [quiz_page]:
        frame.goto(f"{url}/content-1/{page}")
        if not waited(tab, "p => window.API.cmi.core.lesson_location === p", page, timeout):
            problems.append(f"{label}: opening {page} did not reach cmi.core.lesson_location")
    if cmi(tab)["core"]["lesson_status"] != "incomplete":
        problems.append(f"{label}: completed before the self-check was answered")

    # Answer every question: the right options, except the first question, answered wrongly.
    chosen = []
    quizzes = frame.locator("div.quiz").all()
    for number, quiz in enumerate(quizzes):
        options = quiz.locator('input[name="answer"]')
        picks = [o for o in options.all() if (o.get_attribute("data-correct") is None) == (number == 0)]
        picks = picks[:1] if number == 0 else picks
        for option in picks:
            quiz.locator(f'label[for="{option.get_attribute("id")}"]').click()
        quiz.locator('button[type="submit"]').click()
        chosen.append(sorted(o.get_attribute("id") for o in picks))
    total = len(quizzes)
    if not waited(tab, "() => window.API.cmi.core.lesson_status === 'completed'", timeout=timeout):
        problems.append(f"{label}: lesson_status did not become 'completed' after every page and question")
    state = cmi(tab)
    score = state["core"]["score"]
    if (score["raw"], score["min"], score["max"]) != (str(round(100 * (total - 1) / total)), "0", "100"):
        problems.append(f"{label}: score {score}, expected raw {round(100 * (total - 1) / total)} of 0 to 100 "
                        f"({total - 1} of {total} right)")
    suspend = state["suspend_data"]
    if not (suspend.startswith(f"2|{data['layout']}|") and len(suspend) <= 4096 and suspend.count(".") >= 2 * total):
        problems.append(f"{label}: suspend_data does not hold the {total} answers: {suspend!r}")
    if not any(c[0] == "LMSCommit" for c in tab.evaluate("window.calls")):
        problems.append(f"{label}: never called LMSCommit")

    # The platform closes the course: the package commits and finishes.
    tab.evaluate("document.getElementById('sco').src = 'about:blank'")
    if not waited(tab, "() => window.calls.some(c => c[0] === 'LMSFinish')", timeout=timeout):
        problems.append(f"{label}: never called LMSFinish when closed")
    saved = cmi(tab)
    if saved["core"]["exit"] != "suspend":
        problems.append(f"{label}: cmi.core.exit is {saved['core']['exit']!r}, not 'suspend'")
    if tab.blocked:
        problems.append(f"{label}: requests to other hosts: {tab.blocked}")
    tab.close()

    # Second launch, as on another computer: nothing in this browser, the platform's CMI data
    # only, and the package served from another folder.
    resume = {"core": {"lesson_status": saved["core"]["lesson_status"], "lesson_location": saved["core"]["lesson_location"],
                       "entry": "resume", "score": saved["core"]["score"]},
              "suspend_data": saved["suspend_data"]}
    if keep is not None:
        keep["resume"] = resume
    tab = launch(browser, top, url, "content-2", None)
    tab.evaluate("localStorage.clear()")
    tab.close()
    tab = launch(browser, top, url, "content-2", resume)
    frame = course_frame(tab, f"/content-2/{quiz_page}")  # reopened where the learner left off
    if frame is None:
        tab.close()
        return problems + [f"{label}: the second launch did not reopen {quiz_page}, the last page opened"]
    frame.wait_for_selector("div.quiz")
    restored = [sorted(o.get_attribute("id") for o in quiz.locator('input[name="answer"]').all() if o.is_checked())
                for quiz in frame.locator("div.quiz").all()]
    if restored != chosen:
        problems.append(f"{label}: the answers did not come back on the second launch: {restored} instead of {chosen}")
    elif frame.locator(".quiz-feedback-item.incorrect").count() < 1:
        problems.append(f"{label}: the wrong answer's feedback did not come back")
    if cmi(tab)["core"]["lesson_status"] != "completed":
        problems.append(f"{label}: a resumed, completed package went back to {cmi(tab)['core']['lesson_status']!r}")
    if tab.blocked:
        problems.append(f"{label}: requests to other hosts: {tab.blocked}")
    tab.close()
    return problems


@pytest.fixture(scope="module")
def first_run(browser, platform):
    """Module 1's two launches in scorm-again: (problems, the platform's saved data)."""
    top, url, data = platform
    keep: dict = {}
    problems = run_in_runtime(browser, top, url, data, "safeguarding-course-module-grooming-scorm12.zip", keep=keep)
    return problems, keep.get("resume")


def test_a_real_scorm_runtime_records_completion_score_and_answers_and_resumes_them(first_run):
    problems, _ = first_run
    assert not problems, "\n".join(problems)


def resume_in_changed_package(browser, top: Path, url: str, folder: str, resume: dict, quiz_page: str, label: str) -> list[str]:
    """The saved data of a launch, brought to a re-uploaded package with a page added (in
    top/folder): it must start clean, restoring no answer and replacing the saved data."""
    layout = re.search(r'data-layout="([^"]*)"', (top / folder / scorm.LAUNCH).read_text(encoding="utf-8")).group(1)
    tab = launch(browser, top, url, folder, None)
    tab.evaluate("localStorage.clear()")
    tab.close()
    tab = launch(browser, top, url, folder, resume)
    frame = course_frame(tab, f"/{folder}/{quiz_page}")
    if frame is None:
        tab.close()
        return [f"{label}: the changed package did not reopen {quiz_page}, the last page opened"]
    frame.wait_for_selector("div.quiz")
    problems = []
    if frame.locator('div.quiz input[name="answer"]:checked').count():
        problems.append(f"{label}: saved answers came back in a package with other pages, by position")
    waited(tab, "l => window.API.cmi.suspend_data.startsWith('2|' + l + '|')", layout, 5000)
    suspend = cmi(tab)["suspend_data"]
    if not suspend.startswith(f"2|{layout}|") or "=" in suspend:
        problems.append(f"{label}: suspend_data {suspend[:60]!r} is not a clean start for layout {layout}")
    tab.close()
    return problems


def test_saved_progress_from_a_package_with_other_pages_is_ignored(browser, platform, first_run):
    top, url, data = platform
    _, resume = first_run
    assert resume and resume["suspend_data"].startswith(f"2|{data['layout']}|"), f"no saved data from the first launch: {resume}"
    quiz_page = data["quizzes"].split()[0].rsplit(":", 1)[0]
    problems = resume_in_changed_package(browser, top, url, "content-changed", resume, quiz_page, "changed.zip")
    assert not problems, "\n".join(problems)


def test_self_test_saved_progress_restored_by_position_is_caught(browser, platform, first_run):
    top, url, data = platform
    _, resume = first_run
    script = (top / "content-changed" / "scorm.js").read_text(encoding="utf-8")
    broken = script.replace('parts[0] !== "2" || parts[1] !== layout', 'parts[0] !== "2"')
    assert broken != script, "course/export/scorm.js changed; update this self-test"
    shutil.copytree(top / "content-changed", top / "content-planted")
    (top / "content-planted" / "scorm.js").write_text(broken, encoding="utf-8")
    quiz_page = data["quizzes"].split()[0].rsplit(":", 1)[0]
    problems = resume_in_changed_package(browser, top, url, "content-planted", resume, quiz_page, "planted.zip")
    assert any("came back" in p and p.startswith("planted.zip") for p in problems), problems


def capstone_path(files: dict[str, bytes], start: str) -> list[str]:
    """One path through a case, as a learner clicks it: from the start, the first link in the
    page's text to a page of the same case not yet opened, until an ending."""
    folder, path = start.rsplit("/", 1)[0], [start]
    while b'data-step="ending"' not in files[path[-1]] and len(path) < 30:
        article = files[path[-1]].decode("utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        links = [os.path.normpath(f"{folder}/{h.split('#')[0]}") for h in re.findall(r'href="([^"#:]+\.html)', article)]
        path.append(next(h for h in links if h.startswith(folder + "/") and h not in path))
    return path


def play_capstone(browser, top: Path, url: str, folder: str, label: str, timeout: int = 10000) -> list[str]:
    """The capstone package in scorm-again: every page of case 1, then one path through each
    other case. Completed only once every case has reached an ending."""
    files = {p.relative_to(top / folder).as_posix(): p.read_bytes() for p in (top / folder).rglob("*.html")}
    cases = capstone_cases()
    tab = launch(browser, top, url, folder, None)
    tab.evaluate("localStorage.clear()")
    tab.reload()
    frame = course_frame(tab, f"/{folder}/capstone/index.html")
    if frame is None:
        return [f"{label}: the launch page did not open capstone/index.html"]
    problems = []
    for number, (case, (starts, _)) in enumerate(sorted(cases.items())):
        path = capstone_path(files, starts[0])
        if number == 0:  # and every other page of this case: still one case of several
            path += sorted(p for p in files if p.startswith(starts[0].rsplit("/", 1)[0] + "/") and p not in path)
        for page in path:
            frame.goto(f"{url}/{folder}/{page}")
            if not waited(tab, "p => window.API.cmi.core.lesson_location === p", page, timeout):
                problems.append(f"{label}: opening {page} did not reach cmi.core.lesson_location")
        status = cmi(tab)["core"]["lesson_status"]
        if number < len(cases) - 1 and status != "incomplete":
            problems.append(f"{label}: {status!r} after only {number + 1} of {len(cases)} cases ({case}, {len(path)} pages)")
    if not waited(tab, "() => window.API.cmi.core.lesson_status === 'completed'", timeout=timeout):
        problems.append(f"{label}: lesson_status did not become 'completed' after one path through each case")
    if tab.blocked:
        problems.append(f"{label}: requests to other hosts: {tab.blocked}")
    tab.close()
    return problems


def test_the_capstone_completes_after_one_path_through_each_case(browser, platform):
    top, url, _ = platform
    if not capstone_cases():
        pytest.fail("docs/capstone/ has no branching cases: the capstone completion checks need at least one")
    problems = play_capstone(browser, top, url, "capstone", "safeguarding-course-capstone-scorm12.zip")
    assert not problems, "\n".join(problems)


def test_the_capstone_does_not_complete_the_short_way(browser, platform):
    """Every case opened at its start and then at an ending, with no decision between: the
    package stays incomplete. Then each case played through its decisions: completed."""
    top, url, _ = platform
    cases = capstone_cases()
    if not cases:
        pytest.fail("docs/capstone/ has no branching cases: the capstone completion checks need at least one")
    files = {p.relative_to(top / "capstone").as_posix(): p.read_bytes() for p in (top / "capstone").rglob("*.html")}
    tab = launch(browser, top, url, "capstone", None)
    tab.evaluate("localStorage.clear()")
    tab.reload()
    frame = course_frame(tab, "/capstone/capstone/index.html")
    assert frame is not None, "the launch page did not open capstone/index.html"
    for case, (starts, endings) in sorted(cases.items()):
        for page in (starts[0], sorted(endings)[0]):
            frame.goto(f"{url}/capstone/{page}")
            assert waited(tab, "p => window.API.cmi.core.lesson_location === p", page), f"opening {page} was not recorded"
    status = cmi(tab)["core"]["lesson_status"]
    assert status == "incomplete", (
        f"course/export/scorm.js: {status!r} after each case's start and an ending, with no decision played")
    for case, (starts, _) in sorted(cases.items()):
        for page in capstone_path(files, starts[0]):
            frame.goto(f"{url}/capstone/{page}")
            assert waited(tab, "p => window.API.cmi.core.lesson_location === p", page), f"opening {page} was not recorded"
    assert waited(tab, "() => window.API.cmi.core.lesson_status === 'completed'"), (
        "course/export/scorm.js: not completed after one path through each case, from its start through its decisions")
    tab.close()


def test_self_test_a_capstone_that_completes_too_soon_or_never_is_caught(browser, platform):
    top, url, _ = platform
    if not capstone_cases():
        pytest.fail("docs/capstone/ has no branching cases: the capstone completion checks need at least one")
    script = (top / "capstone" / "scorm.js").read_text(encoding="utf-8")
    rule = 'var layout = root.getAttribute("data-layout")'
    plants = {"every-branch": "required = pages.map(function (page) { return [page]; });\n  " + rule,
              "one-case": "cases = cases.slice(0, 1);\n  " + rule}
    for name, plant in plants.items():
        shutil.copytree(top / "capstone", top / f"capstone-{name}")
        (top / f"capstone-{name}" / "scorm.js").write_text(script.replace(rule, plant, 1), encoding="utf-8")
    never = play_capstone(browser, top, url, "capstone-every-branch", "planted.zip", timeout=2000)
    assert any("did not become 'completed'" in p for p in never), never
    soon = play_capstone(browser, top, url, "capstone-one-case", "planted.zip", timeout=2000)
    assert any("'completed' after only 1 of" in p for p in soon), soon


def test_the_package_finds_the_api_in_the_window_that_opened_it(browser, platform):
    """A platform that opens the package in a new window: the API is in the opener."""
    top, url, data = platform
    (top / "opener.html").write_text(WRAPPER.replace("__SAVED__", "null").replace("__LAUNCH__", "about:blank"), encoding="utf-8")
    tab = guarded_tab(browser, (url,))
    tab.goto(f"{url}/opener.html")
    with tab.expect_popup() as opened:
        tab.evaluate(f"window.open('/content-1/{scorm.LAUNCH}', 'sco')")
    popup = opened.value
    popup.wait_for_load_state("load")
    assert waited(tab, "() => window.API.cmi.core.lesson_status === 'incomplete'"), \
        f"{scorm.LAUNCH} in a new window did not report to its opener's API: {tab.evaluate('window.calls')}"
    assert tab.evaluate("window.calls")[0] == ["LMSInitialize"]
    popup.close()
    tab.close()


def test_self_test_a_package_that_never_completes_or_resumes_is_caught(browser, platform, packages, tmp_path):
    """The same run with course/export/scorm.js broken: it never reports completed and restores nothing."""
    _, _, data = platform
    files, _, _ = packages["safeguarding-course-module-grooming-scorm12.zip"]
    script = files["scorm.js"].decode()
    broken = script.replace('set("cmi.core.lesson_status", "completed")', 'set("cmi.core.lesson_status", "incomplete")')
    broken = broken.replace('restore(last["cmi.suspend_data"]);', "")
    assert broken.count("incomplete") > script.count("incomplete") and len(broken) < len(script), "course/export/scorm.js changed; update this self-test"
    shutil.copy(RUNTIME, tmp_path / "scorm12.min.js")
    for folder in ("content-1", "content-2"):
        unpack(dict(files, **{"scorm.js": broken.encode()}), tmp_path / folder)
    httpd, url = serve(tmp_path)
    try:
        problems = run_in_runtime(browser, tmp_path, url, data, "planted.zip", timeout=3000)
    finally:
        httpd.shutdown()
    assert any("did not become 'completed'" in p and p.startswith("planted.zip") for p in problems), problems
    assert any("answers did not come back" in p for p in problems), problems


def test_outside_a_platform_the_launch_page_just_opens_the_course(browser, platform):
    top, url, data = platform
    tab = guarded_tab(browser, (url,))
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(f"{url}/content-1/{scorm.LAUNCH}")
    frame = course_frame(tab, f"/content-1/{data['start']}")
    assert frame.locator("h1").count() == 1
    assert tab.evaluate("typeof window.API") == "undefined"
    assert not tab.blocked and all(r.startswith(url) for r in requests), requests
    tab.close()


def test_with_local_storage_blocked_pages_are_recorded_but_answers_are_not(browser, platform):
    """What the README says happens when the platform's browser blocks local storage: the
    self-check still marks answers on the page, the platform records the pages opened, but no
    answer, no score and no completion."""
    top, url, data = platform
    quiz_page = data["quizzes"].split()[0].rsplit(":", 1)[0]
    (top / "player-blocked.html").write_text(WRAPPER.replace("__SAVED__", "null").replace(
        "__LAUNCH__", f"/content-1/{scorm.LAUNCH}"), encoding="utf-8")
    tab = guarded_tab(browser, (url,))
    tab.add_init_script("Object.defineProperty(window, 'localStorage', "
                        "{get() { throw new DOMException('blocked', 'SecurityError'); }});")
    tab.goto(f"{url}/player-blocked.html")
    frame = course_frame(tab, f"/content-1/{data['start']}")
    frame.goto(f"{url}/content-1/{quiz_page}")
    assert waited(tab, "p => window.API.cmi.core.lesson_location === p", quiz_page), "pages opened are not recorded"
    quiz = frame.locator("div.quiz").first
    quiz.locator(f'label[for="{quiz.locator("input[name=answer]").first.get_attribute("id")}"]').click()
    quiz.locator('button[type="submit"]').click()
    assert quiz.locator(".quiz-feedback-item").count(), "the self-check did not mark the answer on the page"
    tab.wait_for_timeout(500)
    state = cmi(tab)
    assert (state["core"]["lesson_status"], state["core"]["score"]["raw"]) == ("incomplete", ""), state["core"]
    assert re.fullmatch(rf"2\|{data['layout']}\|[0-9a-z,]+", state["suspend_data"]), state["suspend_data"]
    tab.close()
