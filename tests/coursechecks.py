"""The course's content checks, as functions over a project folder.

Each returns a list of Problem (file, line, message). The test modules run them on the real
project; the self-tests run them on a copy with a planted defect, to show each check can fail.
"""

from __future__ import annotations

import csv
import html
import datetime as dt
import io
import os
import re
import subprocess
import urllib.parse
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from course import coursedata
from course.coursedata import Problem

BIN = Path(sys.executable).parent


def build(root: Path, site_dir: Path, offline: bool = False, zip_path: Path | None = None,
          config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """A strict build of the project at root, as `make build` or `make offline` runs it."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE", None)
    env.pop("OFFLINE_ZIP", None)
    if offline:
        env["OFFLINE"] = "true"
    if zip_path:
        env["OFFLINE_ZIP"] = str(zip_path)
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--config-file", config, "--site-dir", str(site_dir)],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


# Pages --------------------------------------------------------------------------------------

def url_path(page: Path, docs: Path = coursedata.DOCS) -> str:
    """A page's address in the web build: docs/a/b.md -> /a/b/, docs/a/index.md -> /a/."""
    rel = page.relative_to(docs).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "index" else rel.parts
    return "/" + "".join(part + "/" for part in parts)


def built_page(site: Path, page: Path, docs: Path = coursedata.DOCS) -> Path:
    """The web build's HTML file for a Markdown page."""
    return site / url_path(page, docs).lstrip("/") / "index.html"


def check_front_matter(docs: Path, today: dt.date) -> list[Problem]:
    problems = []
    titles: dict[str, Path] = {}
    for page in coursedata.course_pages(docs):
        text = page.read_text(encoding="utf-8")
        meta, _ = coursedata.split_front_matter(text)
        if not meta:
            problems.append(Problem(page, 1, "no front matter: start the page with --- and the fields in README"))
            continue

        def problem(key: str, message: str) -> None:
            problems.append(Problem(page, coursedata.front_matter_line(text, key), message))

        for key in coursedata.REQUIRED_FRONT_MATTER:
            if meta.get(key) in (None, "", []):
                problem(key, f"front matter has no '{key}'")
        audience = meta.get("audience") or []
        for who in audience if isinstance(audience, list) else [audience]:
            if who not in coursedata.AUDIENCES:
                problem("audience", f"audience {who!r} is not one of {sorted(coursedata.AUDIENCES)}")
        if meta.get("page_type") not in coursedata.PAGE_TYPES:
            problem("page_type", f"page_type must be one of {sorted(coursedata.PAGE_TYPES)}")
        if meta.get("page_type") == "module" and not meta.get("content_note"):
            problem("content_note", "a module page needs a content_note")
        if "minutes" in meta and not (isinstance(meta["minutes"], int) and meta["minutes"] > 0):
            problem("minutes", "minutes must be a whole number above 0")
        reviewed = coursedata.as_date(meta.get("last_reviewed"))
        due = coursedata.as_date(meta.get("review_due"))
        if "last_reviewed" in meta and reviewed is None:
            problem("last_reviewed", "last_reviewed must be a date, YYYY-MM-DD")
        if "review_due" in meta and due is None:
            problem("review_due", "review_due must be a date, YYYY-MM-DD")
        if due and due < today:
            problem("review_due", f"review_due {due} has passed: review the page against current guidance, then set new dates")
        if reviewed and reviewed > today:
            problem("last_reviewed", f"last_reviewed {reviewed} is in the future")
        if reviewed and due and due <= reviewed:
            problem("review_due", "review_due must be after last_reviewed")
        title = str(meta.get("title", "")).strip().lower()
        if title in titles:
            problem("title", f"title {meta['title']!r} is also used by {titles[title].relative_to(docs)}: page titles must be unique")
        titles.setdefault(title, page)
    return problems


def check_headings_and_links(docs: Path) -> list[Problem]:
    """One H1, no skipped heading levels, alt text on images, no 'click here' links."""
    problems = []
    for page in coursedata.course_pages(docs):
        text = page.read_text(encoding="utf-8")
        h1s, last_level = [], 0
        for number, line in coursedata.body_lines(text):
            heading = re.match(r"^(#{1,6})\s", line)
            if heading:
                level = len(heading.group(1))
                if level == 1:
                    h1s.append(number)
                elif level > last_level + 1:
                    problems.append(Problem(page, number, f"heading level {level} follows level {last_level}: do not skip levels"))
                last_level = level
            for alt in re.findall(r"!\[([^\]]*)\]\(", line):
                if not alt.strip():
                    problems.append(Problem(page, number, "image without alt text: describe it in ![...]"))
            if re.search(r"<img\b(?![^>]*\balt=\"[^\"]+\")", line):
                problems.append(Problem(page, number, "<img> without alt text"))
            for link_text in re.findall(r"\[([^\]]+)\]\([^)]*\)", line):
                if re.fullmatch(r"\s*(click |tap )?(here|this|this link|link|more|read more)\s*", link_text, re.IGNORECASE):
                    problems.append(Problem(page, number, f"link text {link_text!r} says nothing out of context: name the destination"))
        if len(h1s) != 1:
            problems.append(Problem(page, h1s[1] if len(h1s) > 1 else 1, f"{len(h1s)} H1 headings: a page has exactly one"))
    return problems


# Language -----------------------------------------------------------------------------------

def check_terms(root: Path) -> list[Problem]:
    terms = coursedata.load_terms(root / "docs" / "_data")
    problems = []
    for path in coursedata.pages_and_banks(root):
        for line, term, matched in coursedata.avoided_terms_in(path.read_text(encoding="utf-8"), terms):
            problems.append(Problem(
                path, line,
                f"avoided term {matched!r}: use {term['prefer']!r} (see docs/_data/terms.yml). "
                f"To quote it in order to teach, end the line with {coursedata.TERM_QUOTED_MARKER}",
            ))
    return problems


# Sources ------------------------------------------------------------------------------------

SOURCE_FIELDS = ("title", "publisher", "published", "url", "checked", "confirmed_via")


def check_sources(root: Path, today: dt.date) -> list[Problem]:
    data = root / "docs" / "_data"
    register_path = data / "sources.yml"
    register_text = register_path.read_text(encoding="utf-8")
    entries = coursedata.load_yaml("sources.yml", data)
    problems = []

    def entry_line(url: str) -> int:
        at = register_text.find(url)
        return register_text[:at].count("\n") + 1 if at >= 0 else 1

    seen = set()
    for entry in entries:
        url = entry.get("url", "")
        for key in SOURCE_FIELDS:
            if not entry.get(key):
                problems.append(Problem(register_path, entry_line(url), f"source {url or entry.get('title')!r} has no '{key}'"))
        if not str(url).startswith("https://"):
            problems.append(Problem(register_path, entry_line(url), f"{url!r} is not https"))
        if url in seen:
            problems.append(Problem(register_path, entry_line(url), f"{url} is registered twice"))
        seen.add(url)
        checked = coursedata.as_date(entry.get("checked"))
        if entry.get("checked") and (checked is None or checked > today):
            problems.append(Problem(register_path, entry_line(url), f"checked date {entry.get('checked')!r} is not a past date"))

    cited_files = coursedata.pages_and_banks(root)
    cited_files += [data / "terms.yml", data / "glossary.yml"]
    for path in cited_files:
        for line, url in coursedata.find_urls(path.read_text(encoding="utf-8")):
            if not url.startswith("https://"):
                problems.append(Problem(path, line, f"{url} is not https: link the https address"))
            elif url not in seen:
                problems.append(Problem(path, line, f"{url} is not in docs/_data/sources.yml: register it with its title, publisher and dates"))
    return problems


# Guidance editions --------------------------------------------------------------------------

# Data files whose text is shown on pages. sources.yml is left out: it cites old editions by title.
EDITION_CHECKED_DATA = ("glossary.yml", "search-terms.yml")


def check_guidance(root: Path, today: dt.date) -> list[Problem]:
    """docs/_data/guidance.yml is complete and current, every {{ guidance:ID:FIELD }} names a real
    field, and no page names an edition other than the one in force (the change log and the
    yearly update compare editions on purpose)."""
    data = root / "docs" / "_data"
    register_path = data / "guidance.yml"
    register_text = register_path.read_text(encoding="utf-8")
    guidance = coursedata.load_guidance(data)
    sources = coursedata.load_sources(data)
    problems = []

    def entry_line(entry_id: str) -> int:
        at = register_text.find(f"id: {entry_id}\n")
        return register_text[:at].count("\n") + 1 if at >= 0 else 1

    for entry_id, entry in guidance.items():
        for key in coursedata.GUIDANCE_FIELDS:
            if not entry.get(key):
                problems.append(Problem(register_path, entry_line(entry_id), f"{entry_id} has no '{key}'"))
        if entry.get("url") and entry["url"] not in sources:
            problems.append(Problem(register_path, entry_line(entry_id), f"{entry['url']} is not in docs/_data/sources.yml"))
        expected = coursedata.as_date(entry.get("next_expected"))
        if expected is None or expected < today:
            problems.append(Problem(
                register_path, entry_line(entry_id),
                f"{entry_id}: next_expected {entry.get('next_expected')} has passed: check {entry.get('url')} for a new "
                "edition, then update this entry and the yearly update page"))

    docs = root / "docs"
    # The yearly update's own self-check compares editions too.
    history = {docs / page for page in coursedata.EDITION_HISTORY_PAGES} | {root / "quizzes" / "yearly-update.md"}
    # Pages and banks, and the data and templates whose words reach pages (the glossary's
    # definitions, search keywords, the theme's own text).
    extra = [docs / "_data" / name for name in EDITION_CHECKED_DATA] + sorted((root / "overrides").glob("**/*.html"))
    for path in coursedata.pages_and_banks(root) + [p for p in extra if p.exists()]:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in coursedata.GUIDANCE_REF.finditer(line):
                entry = guidance.get(match.group(1))
                if entry is None or not entry.get(match.group(2)):
                    problems.append(Problem(path, number, f"{match.group(0)} names no entry and field in docs/_data/guidance.yml"))
        if path in history:
            continue
        for number, entry_id, words in coursedata.superseded_editions(text, guidance):
            problems.append(Problem(
                path, number,
                f"{words!r} is not the edition in force ({guidance[entry_id]['name']}): write "
                f"{{{{ guidance:{entry_id}:name }}}} (docs/_data/guidance.yml)"))
    return problems


# Quiz banks in pages ------------------------------------------------------------------------

def bank_includes(docs: Path) -> dict[Path, list[tuple[Path, int]]]:
    """Each quiz bank, with the (page, line) of every include of it."""
    found: dict[Path, list[tuple[Path, int]]] = {}
    for page in coursedata.course_pages(docs):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            for target in coursedata.INCLUDE_RE.findall(line):
                found.setdefault((page.parent / target).resolve(), []).append((page, number))
    return found


# Links in the built site --------------------------------------------------------------------

def source_of(html_page: Path, site: Path, docs: Path) -> Path:
    """The Markdown page an offline-build HTML page came from (x/y.html <- docs/x/y.md)."""
    try:
        rel = html_page.relative_to(site).with_suffix(".md")
    except ValueError:
        return html_page
    return docs / rel if (docs / rel).exists() else html_page


# Attributes as the theme and Python-Markdown write them (double quotes); raw HTML in a page is
# written the same way by the course's own authors.
HREF_RE = re.compile(r'<a\b[^>]*?\shref="([^"]*)"', re.IGNORECASE)
ANCHOR_RE = re.compile(r'\sid="([^"]+)"|<a\b[^>]*?\sname="([^"]+)"', re.IGNORECASE)


def broken_anchors(site: Path, docs: Path | None = None) -> list[Problem]:
    """Every link between pages of the built site whose #fragment names no id (or a name) on the
    page it points to, in Markdown and in raw HTML alike. This is the project's only anchor
    check: linkchecker's own treats a file:// address with and without its fragment as one
    (FileUrl.build_url drops the fragment; its result cache and its MIME guess then see the bare
    file), so whether a planted broken anchor is looked at can depend on which link to that page
    it meets first. This check reads every page, so it does not depend on order."""
    ids: dict[Path, set[str]] = {}

    def anchors_of(page: Path) -> set[str]:
        if page not in ids:
            found = ANCHOR_RE.findall(page.read_text(encoding="utf-8"))
            ids[page] = {html.unescape(a or b) for a, b in found}
        return ids[page]

    problems = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in HREF_RE.finditer(text):
            href = html.unescape(match.group(1))
            if "#" not in href or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
                continue
            path, fragment = href.split("#", 1)
            fragment = urllib.parse.unquote(fragment)
            if not fragment:
                continue
            target = (page.parent / urllib.parse.unquote(path)).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if target.suffix != ".html" or not target.is_file():
                continue  # a missing page is linkchecker's to report
            if fragment not in anchors_of(target):
                line = text[: match.start()].count("\n") + 1
                shown = target.relative_to(site) if target.is_relative_to(site) else target
                problems.append(Problem(source_of(page, site, docs) if docs else page, 0,
                                        f"broken anchor {href!r} ({page.relative_to(site)}, line {line} of the built "
                                        f"page): {shown} has no id {fragment!r}"))
    return problems


def check_links(site: Path, rc_file: Path, docs: Path | None = None, only: Path | None = None) -> list[Problem]:
    """linkchecker over the offline build from file://, internal links only (missing pages and
    files), then broken_anchors() for every #fragment. With `only`, linkchecker checks the links
    on that one built page (a self-test's planted page), not the whole site. A problem names the Markdown source (when docs is given) and the
    built page's line."""
    result = subprocess.run(
        [str(BIN / "linkchecker"), "--config", str(rc_file), "--no-status", "--output", "csv",
         # From one page, linkchecker counts links outside the page's folder as external: checking
         # external links then reaches them (the settings still ignore http, mailto and tel).
         *(["--recursion-level", "1", "--check-extern"] if only else []), (only or site / "index.html").as_uri()],
        capture_output=True, text=True, timeout=300,
    )
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    problems = []
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        if row.get("valid") == "True" and not row.get("warningstring"):
            continue
        parent = row.get("parentname") or ""
        page = Path(parent.replace("file://", "")) if parent else site / "index.html"
        try:
            shown = page.relative_to(site)
        except ValueError:
            shown = page
        detail = f"{row.get('result') or ''} {row.get('warningstring') or ''}".split(" Available anchors")[0].strip()
        problems.append(Problem(
            source_of(page, site, docs) if docs else page, 0,
            f"broken link {row.get('urlname')!r} ({shown}, line {row.get('line')} of the built page): {detail}",
        ))
    if result.returncode not in (0, 1) or (result.returncode == 1 and not problems):
        problems.append(Problem(site, 0, f"linkchecker failed (exit {result.returncode}): {result.stderr[-500:]}"))
    seen = {(p.path, p.message.split("'")[1]) for p in problems if p.message.startswith("broken link '")}
    problems += [p for p in broken_anchors(site, docs) if (p.path, p.message.split("'")[1]) not in seen]
    return problems


def html_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
