"""SCORM 1.2 packages of the course, for a trust's or local authority's learning platform.

    python -m course.export.scorm build/scorm --site build/offline/safeguarding-course   (what `make scorm` runs)
    python -m course.export.scorm build/scorm        (builds the offline site itself first)

One zip per module (docs/modules/*), one for the yearly update (docs/yearly-update/) and one
for the capstone (docs/capstone/) when those folders exist, and one for the whole course. Each
holds imsmanifest.xml at its root and the whole offline build (make offline), so it runs with
no network and every link inside the course works. Files are added, and only here:
scorm-launch.html, the launch page, which opens the package's first page (the module's
overview) in a frame; scorm.js (course/export/scorm.js), which reports to the platform; and the four
schema files the manifest names (course/export/schemas/scorm12/, pinned; course/export/schemas/README.md says
where they came from). Each manifest is checked against them before the zip is written.

Packages are for learners. No page in them loads trainer.js, so there is no "Trainer view" and
no "Present" (facilitator notes stay hidden, as in the learner view). A part's package (a
module, the yearly update, the capstone) shows that part only: its pages' navigation lists the
part alone, the logo leads to the part's overview, "Previous" and "Next" never leave it, and
search finds its pages only. Other pages stay in the zip, so links in the text still work.

Completion needs every page of the package opened and every self-check question answered,
except in the capstone's branching cases (front matter `capstone: {case, step}`): no learner
sees every branch, so a case counts once the pages opened hold a played path, along the case's
own links, from its start through its decisions to any one of its endings. Its start and an
ending alone do not count. The launch page lists the plain pages completion needs
(data-required), each case's start, endings and links (data-cases), and a short hash of the
pages and questions (data-layout): saved progress made by a package with other pages or
questions is ignored, not mapped onto the wrong ones.

Identifiers come from the package's name, never from the date or a random number, so uploading
a new build over an old one updates the activity instead of making a second one.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import html
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from course.export.qti_export import ROOT, SCHEMAS, TITLE, coursedata, schema_problems, write_zip

SCRIPT = Path(__file__).with_name("scorm.js")
LAUNCH = "scorm-launch.html"
PREFIX = "safeguarding-course-dsl"
# Left out of every package: for search engines, and dated, so they would change every build.
SKIP = {"sitemap.xml", "sitemap.xml.gz"}
QUIZ_META = re.compile(r'<meta name="course-quiz" content="([^"]*)"')
# A capstone page names its case and step (overrides/main.html): start, decision, consequence, ending.
CASE_META = re.compile(r'<meta name="course-page" content="[^"]*" data-case="([^"]*)" data-step="([^"]*)"')
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
HREF = re.compile(r'href="([^"#:?]+\.html)(?:[#?][^"]*)?"')
NS = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
SCHEMA_LOCATION = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)
# The files SCHEMA_LOCATION names, and ims_xml.xsd, which two of them import: ADL's SCORM 1.2
# schemas, copied into every zip beside imsmanifest.xml.
SCHEMA_DIR = SCHEMAS / "scorm12"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
# libxml2 cannot compile two of ADL's files as published; these corrections, which their
# publishers made later, are applied in memory when a manifest is checked, never to the zip:
# ims_xml.xsd binds the xml namespace as the default (Namespaces in XML forbids it; nothing in
# the file uses the binding), and imsmd_rootv1p2p1.xsd's "##any" makes a content model that is
# not deterministic (IMS Metadata 1.2.4 says "##other").
SCHEMA_CORRECTIONS = (
    ("ims_xml.xsd", 'xmlns="http://www.w3.org/XML/1998/namespace"', ""),
    ("imsmd_rootv1p2p1.xsd", 'namespace="##any"', 'namespace="##other"'),
)
TRAINER_SCRIPT = re.compile(r'<script src="(?:\.\./)*assets/javascripts/trainer\.js"></script>\n?')
PRIMARY_NAV = re.compile(r'<nav class="md-nav md-nav--primary"[^>]*>')
NAV_TAG = re.compile(r"<(/?)(ul|li)\b[^>]*>")
FOOTER_LINK = re.compile(r'<a href="([^"]*)" class="md-footer__link md-footer__link--(?:prev|next)"[^>]*>.*?</a>', re.DOTALL)
LOGO_LINK = re.compile(r'(<a href=")([^"]*)(" title="[^"]*" class="md-(?:header|nav)__button md-logo")')
HREF = re.compile(r'href="([^"#:?]*\.html)[^"]*"')


class PackageError(Exception):
    pass


@dataclass
class Package:
    slug: str                     # "module-grooming", "yearly-update", "capstone", "whole-course"
    title: str
    start: str                    # the launch page inside the course, e.g. modules/grooming/index.html
    folders: list[str]            # the site folders whose pages it tracks
    pages: list[str] = field(default_factory=list)
    quizzes: list[tuple[str, int]] = field(default_factory=list)  # (page, number of questions)
    # What completion needs: one page of each group opened (a plain page is a group of its own),
    # and each capstone case played: (start, endings, {page: pages its text links to in the case}).
    required: list[list[str]] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    case_names: list[str] = field(default_factory=list)
    graphs: list[tuple[str, list[str], dict[str, list[str]]]] = field(default_factory=list)
    layout: str = ""              # a short hash of the pages and questions, kept with saved progress

    @property
    def identifier(self) -> str:
        return f"{PREFIX}-{self.slug}"

    @property
    def zip_name(self) -> str:
        return f"safeguarding-course-{self.slug}-scorm12.zip"

    def description(self) -> str:
        what = "the whole course" if self.slug == "whole-course" else "this part of the course"
        plain = len(self.required)
        opened = [("opened its overview page" if self.cases else "opened its page") if plain == 1 else
                  f"opened every one of its {plain} {'other ' if self.cases else ''}pages"] if plain else []
        if self.cases:
            names = f" ({'; '.join(self.case_names)})" if self.case_names else ""
            opened.append(f"played each of its {len(self.cases)} branching capstone cases{names} from its start, "
                          "through its decisions, to any one of its endings")
        if self.quizzes:
            opened.append(f"answered every one of its {sum(n for _, n in self.quizzes)} self-check questions")
        needs = ", ".join(opened[:-1]) + (" and " if len(opened) > 1 else "") + opened[-1]
        meaning = []
        if self.quizzes:
            meaning.append("Completed means answered, not passed: a wrong answer still counts.")
        if self.cases:
            meaning.append("A case counts whichever ending the learner reaches, the harmful ones too, but only "
                           "along a path of choices: opening its start and an ending is not enough.")
        if not self.quizzes and not self.cases:
            meaning.append("Completed means read: there is nothing to answer here.")
        score = ("The score (0 to 100) is the share of self-check questions answered correctly. It comes from "
                 "a self-check the learner may retry as often as they like, not from an exam, and no pass mark "
                 "is set. " if self.quizzes else "There is no self-check here, so no score is reported. ")
        saved = ("The learner's answers and the pages they have opened are saved" if self.quizzes
                 else "The pages the learner has opened are saved")
        return (f"{self.title}. Completion: the platform records {what} as completed when the learner has "
                f"{needs}. {' '.join(meaning)} {score}{saved} with the platform, so they come back on another "
                "computer. The platform also records the time spent and the last page opened; nothing else is "
                "recorded, and the course sends nothing anywhere. "
                "This does not replace the DSL training a local safeguarding partnership requires.")


def nav_title(index: str, fallback: str) -> str:
    """The name the course's navigation gives the section that starts with index."""
    nav = coursedata.load_mkdocs_config(ROOT / "mkdocs.yml").get("nav") or []
    for entry in nav:
        if isinstance(entry, dict):
            (name, children), = entry.items()
            if isinstance(children, list) and children and children[0] == index:
                return str(name)
    page = ROOT / "docs" / index
    if page.exists():
        meta, _ = coursedata.split_front_matter(page.read_text(encoding="utf-8"))
        if meta.get("title"):
            return str(meta["title"])
    return fallback


def plan(docs: Path = ROOT / "docs") -> list[Package]:
    """The packages to build, from what is in docs/."""
    parts = []
    for module in sorted(p for p in (docs / "modules").iterdir() if (p / "index.md").exists()):
        rel = f"modules/{module.name}"
        parts.append(Package(f"module-{module.name}", nav_title(f"{rel}/index.md", module.name.capitalize()),
                             f"{rel}/index.html", [rel]))
    for name, fallback in (("yearly-update", "Yearly update"), ("capstone", "Capstone")):
        if (docs / name / "index.md").exists():
            parts.append(Package(name, nav_title(f"{name}/index.md", fallback), f"{name}/index.html", [name]))
    folders = [f for p in parts for f in p.folders]
    return parts + [Package("whole-course", TITLE, "index.html", folders)]


def read_site(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and rel not in SKIP:
            files[rel] = path.read_bytes()
    if "index.html" not in files:
        raise PackageError(f"{site}: no index.html; is this the offline build (make offline)?")
    if not any(name.endswith(".html") and b"iframe-worker-shim" in data for name, data in files.items()):
        raise PackageError(f"{site}: not the offline build (OFFLINE=true, make offline): its search needs a network")
    return files


def fill_in(package: Package, files: dict[str, bytes]) -> None:
    """The package's pages, what completing it needs, and its self-checks, from the built site."""
    package.pages = sorted(n for n in files if n.endswith(".html") and any(n.startswith(f + "/") for f in package.folders))
    if package.start not in files:
        raise PackageError(f"{package.identifier}: its launch page {package.start} is not in the offline build")
    package.quizzes, package.required, package.cases, package.case_names, package.graphs = [], [], [], [], []
    starts: dict[str, list[str]] = {}
    endings: dict[str, list[str]] = {}
    members: dict[str, list[str]] = {}
    fingerprints = []
    for page in package.pages:
        text = files[page].decode("utf-8")
        found = QUIZ_META.search(text)
        if found and found.group(1).split():
            package.quizzes.append((page, len(found.group(1).split())))
            fingerprints.append(f"{page}:{found.group(1)}")
        case = CASE_META.search(text)
        if not case:
            package.required.append([page])
            continue
        members.setdefault(case.group(1), []).append(page)
        if case.group(2) == "start":
            starts.setdefault(case.group(1), []).append(page)
        elif case.group(2) == "ending":
            endings.setdefault(case.group(1), []).append(page)
    # A branching case is finished along any one played path to an ending; no page is required.
    for case in sorted(starts.keys() | endings.keys()):
        if len(starts.get(case, [])) != 1 or not endings.get(case):
            raise PackageError(f"{package.identifier}: capstone case {case} has {len(starts.get(case, []))} start "
                               f"page(s) and {len(endings.get(case, []))} ending(s); it needs one start and an ending")
        package.cases.append(case)
        start_text = files[starts[case][0]].decode("utf-8")
        title = re.search(r"<h1[^>]*>(.*?)</h1>", start_text, re.DOTALL)
        package.case_names.append(html.unescape(re.sub(r"<[^>]+>", "", title.group(1))).strip() if title else case)
        package.graphs.append((starts[case][0], endings[case], case_links(members[case], files)))
    if any("," in page or " " in page for page in package.pages):
        raise PackageError(f"{package.identifier}: a page name holds a comma or a space, which the launch page cannot list")
    package.layout = hashlib.sha256("\n".join(package.pages + ["--"] + fingerprints).encode("utf-8")).hexdigest()[:10]


def case_links(pages: list[str], files: dict[str, bytes]) -> dict[str, list[str]]:
    """{page: the pages of the same case its article links to}, the way a learner clicks through."""
    inside, links = set(pages), {}
    for page in pages:
        article = ARTICLE.search(files[page].decode("utf-8"))
        folder = posixpath.dirname(page)
        found = []
        for href in HREF.findall(article.group(0) if article else ""):
            target = posixpath.normpath(posixpath.join(folder, html.unescape(href)))
            if target in inside and target != page and target not in found:
                found.append(target)
        links[page] = found
    return links


def cases_attribute(package: Package) -> str:
    """Each case as "start|endings|page:linked,pages;..." in base-36 indexes into the package's
    pages, cases separated by spaces, for scorm.js."""
    index = {page: _base36(i) for i, page in enumerate(package.pages)}
    out = []
    for start, ends, links in package.graphs:
        edges = ";".join(f"{index[p]}:{','.join(index[t] for t in targets)}" for p, targets in links.items() if targets)
        out.append(f"{index[start]}|{','.join(index[e] for e in ends)}|{edges}")
    return " ".join(out)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def launch_page(package: Package) -> str:
    quizzes = " ".join(f"{page}:{n}" for page, n in package.quizzes)
    required = " ".join(",".join(group) for group in package.required)
    cases = cases_attribute(package)
    title = html.escape(package.title)
    return f"""<!doctype html>
<html lang="en-GB" data-start="{html.escape(package.start)}" data-pages="{html.escape(' '.join(package.pages))}" data-quizzes="{html.escape(quizzes)}" data-required="{html.escape(required)}" data-cases="{html.escape(cases)}" data-layout="{package.layout}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html.escape(package.description())}">
<title>{title}</title>
<style>html, body {{ margin: 0; height: 100%; overflow: hidden; }} iframe {{ display: block; width: 100%; height: 100%; border: 0; }}</style>
</head>
<body>
<iframe id="course-frame" title="{title}"></iframe>
<noscript><p><a href="{html.escape(package.start)}">Open {title}</a></p></noscript>
<script src="scorm.js"></script>
</body>
</html>
"""


def manifest(package: Package, names: list[str]) -> str:
    for prefix, uri in NS.items():
        if prefix != "xml":
            ET.register_namespace(prefix, uri)

    def q(tag: str) -> str:
        prefix, _, local = tag.rpartition(":")
        return f"{{{NS[prefix]}}}{local}"

    def el(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, q(tag), {q(k) if ":" in k else k: v for k, v in attrs.items()})
        node.text = text
        return node

    ident = package.identifier
    root = ET.Element(q("manifest"), {"identifier": ident, "version": "1.2", q("xsi:schemaLocation"): SCHEMA_LOCATION})
    meta = el(root, "metadata")
    el(meta, "schema", "ADL SCORM")
    el(meta, "schemaversion", "1.2")
    general = el(el(meta, "imsmd:lom"), "imsmd:general")
    el(el(general, "imsmd:title"), "imsmd:langstring", package.title, **{"xml:lang": "en-GB"})
    el(general, "imsmd:language", "en-GB")
    el(el(general, "imsmd:description"), "imsmd:langstring", package.description(), **{"xml:lang": "en-GB"})
    orgs = el(root, "organizations", default=f"{ident}-org")
    org = el(orgs, "organization", identifier=f"{ident}-org")
    el(org, "title", package.title)
    item = el(org, "item", identifier=f"{ident}-item", identifierref=f"{ident}-sco", isvisible="true")
    el(item, "title", package.title)
    resources = el(root, "resources")
    resource = el(resources, "resource", identifier=f"{ident}-sco", type="webcontent", href=LAUNCH,
                  **{"adlcp:scormtype": "sco"})
    for name in names:
        el(resource, "file", href=name)
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def schema_locations(folder: Path = SCHEMA_DIR, manifest_xml: bytes | None = None) -> dict[str, Path]:
    """namespace -> schema file in folder, as the manifest's xsi:schemaLocation pairs them."""
    if manifest_xml is None:
        pairs = SCHEMA_LOCATION.split()
    else:
        root = ET.fromstring(manifest_xml)
        pairs = (root.get(f"{{{NS['xsi']}}}schemaLocation") or "").split()
    return {ns: folder / name for ns, name in zip(pairs[::2], pairs[1::2])}


def inside(page: str, href: str, folders: list[str] | tuple[str, ...]) -> bool:
    """Whether a link on page leads into one of the package's folders."""
    return _inside(posixpath.dirname(page), href, tuple(folders))


@functools.lru_cache(maxsize=None)
def _inside(folder_of_page: str, href: str, folders: tuple[str, ...]) -> bool:
    target = posixpath.normpath(posixpath.join(folder_of_page, href))
    return any(target.startswith(folder + "/") for folder in folders)


def part_navigation(page: str, text: str, package: Package) -> str:
    """The page's primary navigation with only the entries that lead into the package's folders
    (the part's own section), and its logo links pointing at the part's overview."""
    nav = PRIMARY_NAV.search(text)
    if not nav:
        raise PackageError(f"{package.identifier}: {page} has no primary navigation to restrict; "
                           "has Material's markup changed? (course/export/scorm.py, part_navigation)")
    start = text.index('<ul class="md-nav__list"', nav.end())
    depth, kept, cut_from, out, at = 0, [], None, [text[:start]], start
    for tag in NAV_TAG.finditer(text, start):
        closing, name = tag.group(1) == "/", tag.group(2)
        if name == "ul":
            depth += -1 if closing else 1
            if depth == 0:
                break
        elif depth == 1 and not closing:
            cut_from = tag.start()
        elif depth == 1 and closing and cut_from is not None:
            entry = text[cut_from:tag.end()]
            out.append(text[at:cut_from])
            # An entry is a page, or a section whose first link is its overview or first page.
            first = HREF.search(entry)
            if first and inside(page, first.group(1), package.folders):
                out.append(entry)
                kept.append(entry)
            at, cut_from = tag.end(), None
    if not kept:
        raise PackageError(f"{package.identifier}: {page}'s navigation has no entry for {package.folders}")
    text = "".join(out) + text[at:]
    overview = posixpath.relpath(package.start, posixpath.dirname(page) or ".")
    return LOGO_LINK.sub(lambda m: m.group(1) + overview + m.group(3), text)


def learner_files(package: Package, site: dict[str, bytes]) -> dict[str, bytes]:
    """The site as learners in this package see it: no trainer controls anywhere and, in a part's
    package, navigation, footer links and search limited to the part."""
    files = dict(site)
    part = package.slug != "whole-course"
    for name, data in site.items():
        if not name.endswith(".html"):
            continue
        text = TRAINER_SCRIPT.sub("", data.decode("utf-8"))
        if part:
            text = part_navigation(name, text, package)
            text = FOOTER_LINK.sub(lambda m: m.group(0) if inside(name, m.group(1), package.folders) else "", text)
        files[name] = text.encode("utf-8")
    if part:
        for name in ("search/search_index.json", "search/search_index.js"):
            if name in files:
                raw = files[name].decode("utf-8")
                prefix = raw[:raw.index("{")]
                index = json.loads(raw[len(prefix):])
                index["docs"] = [d for d in index["docs"] if any(d["location"].startswith(f + "/") for f in package.folders)]
                files[name] = (prefix + json.dumps(index, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
    return files


def package_files(package: Package, site: dict[str, bytes]) -> dict[str, bytes]:
    fill_in(package, site)
    files = learner_files(package, site)
    files[LAUNCH] = launch_page(package).encode("utf-8")
    files["scorm.js"] = SCRIPT.read_bytes()
    files["imsmanifest.xml"] = manifest(package, sorted(files)).encode("utf-8")
    files.update({name: (SCHEMA_DIR / name).read_bytes() for name in SCHEMA_FILES})
    problems = schema_problems(package.zip_name, {"imsmanifest.xml": files["imsmanifest.xml"]},
                               schema_locations(), SCHEMA_CORRECTIONS)
    if problems:
        raise PackageError("imsmanifest.xml does not match the SCORM 1.2 schemas:\n" + "\n".join(problems))
    return files


def build_offline(out: Path) -> Path:
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE_ZIP", None)
    site = out / "safeguarding-course"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--config-file",
         os.environ.get("CONFIG", "mkdocs.yml"), "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise PackageError(f"the offline build failed:\n{result.stdout}\n{result.stderr}")
    return site


def build(out: Path, site: Path) -> list[Path]:
    files = read_site(site)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for package in plan():
        path = out / package.zip_name
        write_zip(package_files(package, files), path)
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--site", type=Path, help="an offline build to package (default: build one)")
    args = parser.parse_args(argv)
    try:
        if args.site:
            paths = build(args.out, args.site)
        else:
            with tempfile.TemporaryDirectory(prefix="scorm-site-") as tmp:
                paths = build(args.out, build_offline(Path(tmp)))
    except PackageError as error:
        print(f"SCORM packages stopped: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"  {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
