"""The course's data files and the rules for reading them.

One module, used by the build hooks (pages.py) and by the tests, so the site and its checks can
never disagree about what a registered source, an avoided term or a page's front matter is.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
QUIZZES = ROOT / "quizzes"
DATA = DOCS / "_data"

# Front matter every course page carries (README "Page front matter").
REQUIRED_FRONT_MATTER = ("title", "description", "audience", "minutes", "last_reviewed", "review_due")
AUDIENCES = {"dsl", "deputy-dsl", "trainer", "all-staff", "maintainer"}
PAGE_TYPES = {"module", "guide", "reference"}

# A line carrying this marker may quote an avoided term, to teach why it is avoided.
TERM_QUOTED_MARKER = "<!-- term-quoted -->"

# An external address in Markdown or HTML: stops at whitespace, quotes, brackets and angle brackets.
# A page bringing in a quiz bank: {% include-markdown "../../quizzes/x.md" %}
INCLUDE_RE = re.compile(r"""\{%\s*include-markdown\s+["']([^"']+)["']""")
URL_RE = re.compile(r"""\bhttps?://[^\s<>"'`()\[\]]+""")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a file and line, in the form every test prints."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        # Line 0: the file is known but not the line (a problem found in the built HTML).
        return f"{shown}:{self.line}: {self.message}" if self.line else f"{shown}: {self.message}"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml outside MkDocs: environment tags (!ENV) become None."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def load_mkdocs_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def load_yaml(name: str, data_dir: Path = DATA):
    with open(data_dir / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# Sources register ---------------------------------------------------------------------------

def load_sources(data_dir: Path = DATA) -> dict[str, dict]:
    """The sources register, keyed by URL."""
    return {entry["url"]: entry for entry in load_yaml("sources.yml", data_dir)}


INLINE_CODE_RE = re.compile(r"`[^`]*`")


def find_urls(text: str) -> list[tuple[int, str]]:
    """(line number, URL) for every external address in a Markdown text, in order.

    Addresses inside code (fenced blocks and `inline code`) are examples, not links, and are
    skipped, as they are when the build lists a page's sources."""
    found = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in URL_RE.finditer(INLINE_CODE_RE.sub("", line)):
            found.append((number, match.group(0).rstrip(".,;:!?")))
    return found


# Language: avoided terms --------------------------------------------------------------------

def load_terms(data_dir: Path = DATA) -> list[dict]:
    terms = load_yaml("terms.yml", data_dir)
    for term in terms:
        term["regex"] = re.compile(term.get("pattern") or rf"\b{re.escape(term['avoid'])}\b", re.IGNORECASE)
    return terms


def avoided_terms_in(text: str, terms: list[dict]) -> list[tuple[int, dict, str]]:
    """(line, term, matched text) for each avoided term on a line without the quoting marker."""
    hits = []
    for number, line in enumerate(text.splitlines(), start=1):
        if TERM_QUOTED_MARKER in line:
            continue
        for term in terms:
            match = term["regex"].search(line)
            if match:
                hits.append((number, term, match.group(0)))
    return hits


# Pages --------------------------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[dict, int]:
    """The page's YAML front matter and the line number where its body starts."""
    if not text.startswith("---\n"):
        return {}, 1
    end = text.find("\n---\n", 4)
    if end == -1:
        return {}, 1
    meta = yaml.safe_load(text[4:end]) or {}
    return meta, text[: end + 5].count("\n") + 1


def front_matter_line(text: str, key: str) -> int:
    """The line on which a front matter key is set (1 if it is not there)."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text[: match.start()].count("\n") + 1 if match else 1


# Quiz banks carry comments for their authors: each item's objective tag and its misconceptions
# comment (docs/contribute/write-a-quiz-question.md). Pages need neither.
ITEM_COMMENT_START = re.compile(r"^\s*<!--\s*(objective\b|misconceptions\b)", re.IGNORECASE)


def strip_item_comments(markdown: str) -> str:
    """The text without quiz authors' comments, leaving fenced code (format examples) alone."""
    out, in_fence, in_comment = [], False, False
    for line in markdown.splitlines(keepends=True):
        if in_comment:
            in_comment = "-->" not in line
            continue
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence and ITEM_COMMENT_START.match(line):
            in_comment = "-->" not in line
            continue
        out.append(line)
    return "".join(out)


def body_lines(text: str):
    """(line number, line) of the Markdown body, skipping front matter and fenced code."""
    _, start = split_front_matter(text)
    in_fence = False
    for number, line in enumerate(text.splitlines()[start - 1:], start=start):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


# The session plans' slide decks (Marp Markdown, made into PDF, HTML and PPTX by
# course/printing/slides.py): text readers see, but not pages of the site (mkdocs.yml exclude_docs).
DECKS_FOLDER = ("trainer", "plans", "decks")


def _is_deck(path: Path, docs: Path) -> bool:
    return path.relative_to(docs).parts[:3] == DECKS_FOLDER


def course_pages(docs: Path = DOCS) -> list[Path]:
    """Every Markdown page that is published (the data folder and the slide decks are not)."""
    return sorted(p for p in docs.rglob("*.md") if "_data" not in p.relative_to(docs).parts and not _is_deck(p, docs))


def slide_decks(docs: Path = DOCS) -> list[Path]:
    return sorted(docs.joinpath(*DECKS_FOLDER).glob("*.md"))


def pages_and_banks(root: Path = DOCS.parent) -> list[Path]:
    """Every published page, every quiz bank and every slide deck of the project at root: all the
    text readers see."""
    return course_pages(root / "docs") + sorted((root / "quizzes").glob("*.md")) + slide_decks(root / "docs")


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def long_date(value) -> str:
    """24 November 2026: the GOV.UK date style."""
    day = as_date(value)
    return f"{day.day} {day:%B %Y}" if day else str(value)


# Guidance editions --------------------------------------------------------------------------

# {{ route:nspcc-helpline:phone }} in a page: one field of one entry of docs/_data/routes.yml.
ROUTE_REF = re.compile(r"\{\{\s*route:([a-z0-9-]+):([a-z_]+)\s*\}\}")
# {{ guidance:kcsie:name }} in a page: one field of one entry of docs/_data/guidance.yml.
GUIDANCE_REF = re.compile(r"\{\{\s*guidance:([a-z0-9-]+):([a-z_]+)\s*\}\}")
GUIDANCE_FIELDS = ("id", "nation", "kind", "title", "edition", "publisher", "published", "in_force",
                   "url", "next_expected", "verified")
# A marker of either kind, or code (fenced or inline), which is left as it is.
_REF_OR_CODE = re.compile(
    r"(?P<code>^\s*(```|~~~)[\s\S]*?^\s*\2|`[^`\n]*`)"
    r"|\{\{\s*(?P<kind>route|guidance):(?P<id>[a-z0-9-]+):(?P<field>[a-z_]+)\s*\}\}",
    re.MULTILINE)
# Pages that compare editions on purpose: the change log and the yearly update.
EDITION_HISTORY_PAGES = ("reference/changes.md", "yearly-update/index.md")


def load_guidance(data_dir: Path = DATA) -> dict[str, dict]:
    """The guidance register keyed by id, with the made-up fields `name`, `full` and `link`."""
    guidance = {}
    for entry in load_yaml("guidance.yml", data_dir):
        entry = dict(entry)
        entry.setdefault("name", f"{entry.get('short') or entry['title']} {entry['edition']}")
        entry.setdefault("full", f"{entry['title']} {entry['edition']}")
        entry.setdefault("link", f"[{entry['full']}]({entry['url']})")
        guidance[entry["id"]] = entry
    return guidance


# What may stand between a document's name and its year: "KCSIE 2025", "KCSIE (2025)",
# "Keeping children safe in education, 2025", "KCSIE September 2025", "standards (updated
# October 2024)", "KCSIE edition 2025".
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_BETWEEN = rf"[\s,]*\(?\s*(?:(?:updated|edition|version|published)\s+)?(?:{_MONTH}\s+)?"


def superseded_editions(text: str, guidance: dict[str, dict]) -> list[tuple[int, str, str]]:
    """(line, guidance id, words) wherever a text names a listed document with a year that is not
    its edition in force: "KCSIE 2025" or "the 2025 edition of KCSIE" when KCSIE 2026 is in force."""
    found = []
    for entry in guidance.values():
        current = re.findall(r"\d{4}", str(entry["edition"]))
        for pattern in entry.get("names") or []:
            after = re.compile(rf"\b(?:{pattern})\b{_BETWEEN}((?:19|20)\d\d)\b", re.IGNORECASE)
            before = re.compile(rf"\b((?:19|20)\d\d)\s+(?:edition|version)\s+of\s+(?:the\s+)?(?:{pattern})\b",
                                re.IGNORECASE)
            for number, line in enumerate(text.splitlines(), start=1):
                for named in (after, before):
                    for match in named.finditer(line):
                        if match.group(1) not in current:
                            found.append((number, entry["id"], match.group(0)))
    return found


def expand_refs(text: str, routes: dict[str, dict] | None = None, guidance: dict[str, dict] | None = None,
                data_dir: Path = DATA) -> tuple[str, list[str]]:
    """A page or quiz bank with every {{ route:ID:FIELD }} and {{ guidance:ID:FIELD }} filled in,
    and the markers that named nothing (left as they are). The build hook and the exports (QTI,
    Moodle, SCORM) both call this, so a question reads the same everywhere."""
    routes = routes if routes is not None else {r["id"]: r for r in load_yaml("routes.yml", data_dir)}
    guidance = guidance if guidance is not None else load_guidance(data_dir)
    unknown: list[str] = []

    tables = {"route": routes, "guidance": guidance}

    def field(match):
        if match.group("code"):  # an example in code shows the marker itself
            return match.group(0)
        entry = tables[match.group("kind")].get(match.group("id"))
        if entry is None or not entry.get(match.group("field")):
            unknown.append(match.group(0))
            return match.group(0)
        return str(entry[match.group("field")])

    text = _REF_OR_CODE.sub(field, text)
    return text, unknown


def studied_sections(nav) -> list[tuple[str, list[str]]]:
    """(title in the nav, page paths) for each "Module…" section and for the yearly update (a
    section or page under yearly-update/): what a learner studies, which the record of study lists
    and whose self-check questions become refreshers."""
    sections: list[tuple[str, list[str]]] = []

    def pages(value) -> list[str]:
        if isinstance(value, str):
            return [value]
        out: list[str] = []
        for entry in value:
            out += pages(entry if isinstance(entry, str) else next(iter(entry.values())))
        return out

    for entry in nav or []:
        title, value = (None, entry) if isinstance(entry, str) else next(iter(entry.items()))
        paths = pages(value)
        if title and title.startswith("Module"):
            sections.append((title, paths))
        elif any(p.startswith("yearly-update/") for p in paths):
            sections.append((title or "Yearly update", [p for p in paths if p.startswith("yearly-update/")]))
    return sections
