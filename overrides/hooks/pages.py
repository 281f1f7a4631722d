"""Build hook: page furniture and generated content, from the course's data files.

Furniture is written once here and added to every page, so no author copies it:
  - the content note, after the page's H1 (front matter `content_note`);
  - "Worried about a child now?", the review line and the sources used on the page, at the end;
  - the glossary's abbreviations, so every acronym explains itself when the pointer hovers over it.
Markers in a page body are replaced with generated content:
  <!-- course:glossary -->, <!-- course:terms -->, <!-- course:sources --> (the whole register),
  <!-- course:module-sources --> (every source cited by the pages and quiz bank of this folder),
  <!-- course:routes-uk --> (the UK-wide services in docs/_data/routes.yml),
  <!-- course:guidance --> (the table of guidance editions in force, docs/_data/guidance.yml),
  {{ route:ID:FIELD }} (one field of one route, e.g. {{ route:nspcc-helpline:phone }}),
  {{ guidance:ID:FIELD }} (the edition in force, from docs/_data/guidance.yml, e.g.
  {{ guidance:kcsie:name }} -> KCSIE 2026),
  <!-- course:session-plan --> and <!-- course:record --> (from front matter and the modules), and
  <!-- course:local-contacts --> (a school's own contacts from extra.local_contacts in a config
  file that INHERITs mkdocs.yml; see local.example.yml).
The other hooks: delivery.py (quiz assets, Content-Security-Policy) and offline.py (the USB pack).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs_quiz.parsing import find_quizzes, mask_code_blocks

from course import coursedata
from course.checks import quizlint

log = logging.getLogger("mkdocs.hooks.pages")

_data: dict = {}

REPORTING_ROUTES = "reporting-routes/index.md"
WORRIED_BOX = """
!!! worried "Worried about a child now?"

    - **A child is in immediate danger:** call **999**.
    - **Any other concern:** tell your school's safeguarding lead today, or their deputy if they
      are not there: the DSL in England, the designated safeguarding person in Wales, the child
      protection lead in Scotland, the designated teacher in Northern Ireland. Do not wait until
      you are sure.
"""
WORRIED_BOX_ROUTES_LINK = (
    "    - **Where concerns go next:** [What do I do if…](/route-finder/index.md) and\n"
    f"      [Reporting routes](/{REPORTING_ROUTES}).\n"
)



def on_config(config):
    check_local_contacts(config)
    data_dir = Path(config["docs_dir"]) / "_data"
    _data["sources"] = coursedata.load_sources(data_dir)
    _data["terms"] = coursedata.load_terms(data_dir)
    _data["routes"] = {r["id"]: r for r in coursedata.load_yaml("routes.yml", data_dir)}
    _data["guidance"] = coursedata.load_guidance(data_dir)
    _data["glossary"] = sorted(coursedata.load_yaml("glossary.yml", data_dir), key=lambda g: g["term"].lower())
    return config


# After include-markdown (100) has brought in the quiz bank, and before mkdocs_quiz (0) turns it
# into placeholders, so addresses cited inside quiz feedback are listed with the page's sources.
@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    markdown = coursedata.strip_item_comments(markdown)
    markdown = _bank_counts(markdown, page, config)
    markdown, unknown = coursedata.expand_refs(markdown, _data["routes"], _data["guidance"])
    for ref in unknown:
        log.warning("%s: %s names no entry and field in docs/_data/routes.yml or guidance.yml", page.file.src_uri, ref)
    markdown = markdown.replace("<!-- course:routes-uk -->", _routes_uk_markdown())
    markdown = markdown.replace("<!-- course:guidance -->", _guidance_markdown())
    markdown = markdown.replace("<!-- course:glossary -->", _glossary_markdown())
    markdown = markdown.replace("<!-- course:terms -->", _terms_markdown())
    # The register page links to every source; its foot need not list them all again.
    sources = _sources_used(markdown, page)
    markdown = markdown.replace("<!-- course:sources -->", _register_markdown())
    # After the sources are gathered: a school's own contact pages are not course sources.
    markdown = markdown.replace("<!-- course:local-contacts -->", _local_contacts_markdown(config))
    if "<!-- course:module-sources -->" in markdown:
        folder = Path(page.file.abs_src_path).parent
        markdown = markdown.replace("<!-- course:module-sources -->", _folder_sources_markdown(folder))
    markdown = _module_minutes(markdown, page)
    markdown = _course_minutes(markdown, page)
    if "<!-- course:session-plan -->" in markdown:
        markdown = markdown.replace("<!-- course:session-plan -->", _session_plan_markdown(page))
    if "<!-- course:record -->" in markdown:
        markdown = markdown.replace("<!-- course:record -->", _record_markdown(config))
    if "<!-- course:downloads -->" in markdown:
        markdown = markdown.replace("<!-- course:downloads -->", _downloads_markdown(config, page))
    meta = page.meta
    # Fingerprints of this page's questions, in order, for overrides/main.html: course-early.js
    # uses them to keep saved answers with their questions when a bank is reordered.
    meta["course_quiz_fingerprints"] = " ".join(_fingerprint(m.group(1)) for m in find_quizzes(mask_code_blocks(markdown)[0]))
    meta["course_page_id"] = page.file.src_uri[: -len(".md")]
    if meta.get("content_note"):
        markdown = _after_h1(markdown, _admonition("content-note", "Content note", meta["content_note"]))
    worried = WORRIED_BOX if page.file.src_uri == REPORTING_ROUTES else WORRIED_BOX + WORRIED_BOX_ROUTES_LINK
    parts = [markdown.rstrip(), worried, _review_line(meta), sources, _abbreviations()]
    return "\n\n".join(part for part in parts if part) + "\n"


# Counts of a quiz bank's questions, so a page never states a number the bank has outgrown:
# {{ bank:grooming:questions }} and {{ bank:grooming:dsl }} (those tagged dsl, in the DSL's seat).
BANK_REF = re.compile(r"\{\{\s*bank:([a-z0-9-]+):(questions|dsl)\s*\}\}")


def _bank_counts(markdown: str, page, config) -> str:
    quizzes = Path(config["docs_dir"]).parent / "quizzes"

    def count(match):
        bank = quizzes / f"{match.group(1)}.md"
        if not bank.exists():
            log.warning("%s: %s names no bank in quizzes/", page.file.src_uri, match.group(0))
            return match.group(0)
        questions, _ = quizlint.lint_bank(bank)
        return str(len(questions) if match.group(2) == "questions" else sum(q.dsl for q in questions))

    return BANK_REF.sub(count, markdown)


# Furniture ----------------------------------------------------------------------------------

def _admonition(kind: str, title: str, text: str) -> str:
    body = "\n".join("    " + line if line else "" for line in text.strip().splitlines())
    return f'!!! {kind} "{title}"\n\n{body}\n'


def _after_h1(markdown: str, block: str) -> str:
    match = re.search(r"^# .*$", markdown, re.MULTILINE)
    if not match:
        return block + "\n" + markdown
    return markdown[: match.end()] + "\n\n" + block + markdown[match.end():]


def _review_line(meta: dict) -> str:
    if "last_reviewed" not in meta:
        return ""
    return (
        f"Last reviewed {coursedata.long_date(meta['last_reviewed'])}. "
        f"Next review due by {coursedata.long_date(meta['review_due'])}.\n"
        "{ .course-review }"
    )


def _sources_used(markdown: str, page) -> str:
    """A list of the registered sources the page links to, in the order it first cites them."""
    seen: list[dict] = []
    for line, url in coursedata.find_urls(markdown):
        entry = _data["sources"].get(url)
        if entry is None:
            # A warning fails the strict build; tests/test_sources.py names the source line.
            log.warning("%s cites %s, which is not in docs/_data/sources.yml", page.file.src_uri, url)
        elif entry not in seen:
            seen.append(entry)
    if not seen:
        return ""
    items = "\n".join(f"- {_citation(entry)}" for entry in seen)
    # Left out of the search index: citations would swamp real results and swell the index every
    # reader downloads on their first page.
    return f"## Sources used on this page {{ #sources-used data-search-exclude }}\n\n{items}"


def _citation(entry: dict) -> str:
    return (
        f"{entry['publisher']}, [{entry['title']}]({entry['url']}), {entry['published']}. "
        f"Checked {coursedata.long_date(entry['checked'])}."
    )


def _folder_sources_markdown(folder: Path) -> str:
    """Every registered source cited in a module: its pages and the quiz banks they include."""
    texts = []
    for md in sorted(folder.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        texts.append(text)
        for target in coursedata.INCLUDE_RE.findall(text):
            included = (md.parent / target).resolve()
            if included.exists():
                texts.append(included.read_text(encoding="utf-8"))
    seen: list[dict] = []
    for _, url in coursedata.find_urls("\n".join(texts)):
        entry = _data["sources"].get(url)
        if entry and entry not in seen:
            seen.append(entry)
    return "\n".join(f"- {_citation(entry)}" for entry in sorted(seen, key=lambda e: e["publisher"].lower()))


def _abbreviations() -> str:
    return "\n".join(f"*[{g['term']}]: {g['expansion']}" for g in _data["glossary"])


# Session plans ------------------------------------------------------------------------------

def _session_plan_markdown(page) -> str:
    """A session plan from its front matter (session: length, for, materials, activities): who it
    is for, the timetable with the running clock, the discussion prompts, the printable materials,
    the pages to present in order (trainer.js presents them as one session) and how each activity
    changes on a video call. tests/test_session_plans.py checks the sums and the materials."""
    session = page.meta.get("session") or {}
    here = posixpath.dirname(page.file.src_uri)

    def link(target: str) -> str:
        return posixpath.relpath(target, here)

    rows = ["| Time | Activity | Purpose | Materials |", "| --- | --- | --- | --- |"]
    clock = 0
    prompts, remote, present = [], [], []
    activities = session.get("activities", [])
    for number, activity in enumerate(activities, start=1):
        start, clock = clock, clock + int(activity["minutes"])
        rows.append(f"| {start}–{clock} min | **{number}. {activity['activity']}** ({activity['minutes']} min) "
                    f"| {activity.get('purpose', '')} | {activity.get('materials', '')} |")
        if activity.get("prompts"):
            prompts.append(f"**{number}. {activity['activity']}**\n\n" + "\n".join(f"- {p}" for p in activity["prompts"]))
        if activity.get("remote"):
            remote.append(f"| **{number}. {activity['activity']}** | {activity['remote']} |")
        for target in activity.get("pages") or []:
            if target not in present:
                present.append(target)
    intro = f"**Length:** {session.get('length')} minutes. **For:** {session.get('for', '')}."
    table = intro + "\n\n" + "\n".join(rows) + f"\n\nTotal: {clock} minutes."
    if prompts:
        table += "\n\n### Discussion prompts\n\n" + "\n\n".join(prompts)
    materials = session.get("materials") or []
    if materials:
        items = []
        for ident in materials:
            source = f"trainer/materials/{ident}.md"
            if not (Path(page.file.abs_src_path).parents[2] / source).exists():
                log.warning("%s names the material '%s', but %s does not exist", page.file.src_uri, ident, source)
            items.append(f"- [{_material_title(page, source)}]({link(source)})")
        table += ("\n\n### Printable materials\n\nPrint these before the session (see "
                  f"[session materials]({link('trainer/materials/index.md')})).\n\n" + "\n".join(items))
    if present:
        # A plan for all staff (dsl_sections: false): presenting it leaves out the pages'
        # sections for the DSL alone (trainer.js).
        audience = ' data-dsl-sections="false"' if session.get("dsl_sections") is False else ""
        items = "\n".join(f"{n}. [{_page_title(page, target)}]({link(target)})" for n, target in enumerate(present, start=1))
        table += ("\n\n### Pages to present, in order\n\n"
                  "Present this session from the first page: at the end of each page, Next and the clicker "
                  "move on to the following one in this list.\n\n"
                  f'<div class="course-session-pages"{audience} markdown>\n\n{items}\n\n</div>')
    if remote:
        table += ("\n\n### On a video call\n\n"
                  f"How each activity changes on Teams or Zoom. [Running a session on a video call]({link('trainer/remote-delivery.md')}) "
                  "covers disclosures and distress when you cannot see the room.\n\n"
                  "| Activity | On a video call |\n| --- | --- |\n" + "\n".join(remote))
    return table


def module_minutes(folder: Path) -> int:
    """A module's self-study time: the sum of its pages' `minutes`. The one source for the time
    a module overview states (tests/test_session_plans.py)."""
    return sum(int(coursedata.split_front_matter(p.read_text(encoding="utf-8"))[0].get("minutes", 0))
               for p in sorted(folder.glob("*.md")))


def _module_minutes(markdown: str, page) -> str:
    """<!-- course:module-minutes --> becomes the module's self-study time, e.g. "about 75 minutes"."""
    if "<!-- course:module-minutes -->" not in markdown:
        return markdown
    minutes = module_minutes(Path(page.file.abs_src_path).parent)
    return markdown.replace("<!-- course:module-minutes -->", f"about {minutes} minutes")


MODULES = ("grooming", "normalisation", "reporting")
_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def course_minutes(docs: Path) -> list[int]:
    """Each module's self-study time, in course order: the same sums the module overviews state."""
    return [module_minutes(docs / "modules" / name) for name in MODULES]


def _hours_phrase(minutes: int) -> str:
    """270 -> "about four and a half hours"; to the nearest quarter hour, in words."""
    quarters = round(minutes / 15)
    hours, rest = divmod(quarters, 4)
    word = _NUMBER_WORDS[hours] if hours < len(_NUMBER_WORDS) else str(hours)
    unit = "hour" if hours == 1 else "hours"
    return {0: f"about {word} {unit}", 1: f"about {word} and a quarter {unit}",
            2: f"about {word} and a half {unit}", 3: f"about {word} and three-quarter {unit}"}[rest]


def _course_minutes(markdown: str, page) -> str:
    """<!-- course:course-minutes --> becomes the three modules' time together ("about four and a
    half hours"); <!-- course:each-module-minutes --> the time of one module ("about 90 minutes",
    or "between 80 and 90 minutes" when they differ). Both from the pages' `minutes`, as the
    module overviews' <!-- course:module-minutes --> (tests/test_session_plans.py)."""
    if "<!-- course:course-minutes -->" not in markdown and "<!-- course:each-module-minutes -->" not in markdown:
        return markdown
    docs = Path(page.file.abs_src_path).parents[len(Path(page.file.src_uri).parts) - 1]
    each = course_minutes(docs)
    one = f"about {each[0]} minutes" if len(set(each)) == 1 else f"between {min(each)} and {max(each)} minutes"
    return (markdown.replace("<!-- course:course-minutes -->", _hours_phrase(sum(each)))
            .replace("<!-- course:each-module-minutes -->", one))


def _front_matter_of(page, source: str) -> dict:
    path = Path(page.file.abs_src_path).parents[2] / source
    if not path.exists():
        log.warning("%s names %s, which does not exist", page.file.src_uri, source)
        return {}
    return coursedata.split_front_matter(path.read_text(encoding="utf-8"))[0]


def _material_title(page, source: str) -> str:
    title = str(_front_matter_of(page, source).get("title", source))
    return title.split(": ", 1)[-1][:1].upper() + title.split(": ", 1)[-1][1:]


def _page_title(page, source: str) -> str:
    return str(_front_matter_of(page, source).get("title", source))


# Self-check records --------------------------------------------------------------------------

def _fingerprint(quiz_source: str) -> str:
    """Stable for a question while its wording and options stay the same."""
    return hashlib.sha256(" ".join(quiz_source.split()).encode("utf-8")).hexdigest()[:12]


# Ready-made PDFs: `make release` prints them (make pdf) and builds the site and the USB pack with
# COURSE_DOWNLOADS=build/pdf, which publishes them under downloads/ and links them from the
# cards page. Other builds have no PDFs and say so, so no link can break.
DOWNLOADS = {
    "card-england.pdf": "Quick reference card: England",
    "card-wales.pdf": "Quick reference card: Wales",
    "card-scotland.pdf": "Quick reference card: Scotland",
    "card-northern-ireland.pdf": "Quick reference card: Northern Ireland",
    "learner-workbook.pdf": "Learner workbook: every module and the yearly update, with self-checks as worksheets",
    "handout-grooming.pdf": "Handout: module 1, grooming",
    "handout-normalisation.pdf": "Handout: module 2, online normalisation",
    "handout-reporting.pdf": "Handout: module 3, reporting routes",
    "trainer-edition.pdf": "Trainer edition: answers, model answers, facilitator notes and the capstone cases",
}
NO_DOWNLOADS = """\
This copy of the course has no ready-made PDF files. To print a card, open it and use your
browser's Print command; to keep a file, choose "Save as PDF" as the printer. Each card fits
one A4 page. Whoever gave you this copy can give you the release copy, which has every card,
the learner workbook and the module handouts as PDF files.
"""


def _download_dir(config) -> Path | None:
    folder = os.environ.get("COURSE_DOWNLOADS")
    if not folder:
        return None
    path = Path(folder)
    return path if path.is_absolute() else Path(config["config_file_path"]).parent / path


def on_files(files, config):
    """The release build's PDFs, published under downloads/ (make release)."""
    from mkdocs.structure.files import File

    folder = _download_dir(config)
    if folder is None:
        return files
    if not folder.is_dir():
        log.warning("COURSE_DOWNLOADS names %s, which is not a folder: run make pdf first", folder)
        return files
    for pdf in sorted(folder.glob("*.pdf")):
        files.append(File.generated(config, f"downloads/{pdf.name}", abs_src_path=str(pdf)))
    # The session plans' slide decks (make slides): PDF, offline HTML and editable PPTX, so the
    # USB pack carries them for the training room.
    for deck in sorted((folder / "slides").glob("*")) if (folder / "slides").is_dir() else []:
        if deck.suffix in (".pdf", ".html", ".pptx"):
            files.append(File.generated(config, f"downloads/slides/{deck.name}", abs_src_path=str(deck)))
    return files


def _downloads_markdown(config, page) -> str:
    """Links to the ready-made PDFs when the build publishes them; otherwise what to do instead."""
    folder = _download_dir(config)
    found = sorted(p.name for p in folder.glob("*.pdf")) if folder and folder.is_dir() else []
    present = [name for name in DOWNLOADS if name in found] + [name for name in found if name not in DOWNLOADS]
    if not present:
        return NO_DOWNLOADS
    up = "../" * page.file.src_uri.count("/")
    lines = [f"- [{DOWNLOADS.get(name, name[: -len('.pdf')].replace('-', ' ').capitalize())}]({up}downloads/{name}) (PDF, {max(1, round((folder / name).stat().st_size / 1024))} KB)"
             for name in present]
    return ("Ready-made PDF files, to print or to send to colleagues. The cards print on one A4 page "
            "each.\n\n" + "\n".join(lines) + "\n")


def _record_markdown(config) -> str:
    """What the record of study can list, for record.js: the course's name; each module (named as
    in the nav) and the yearly update, with their pages' notional minutes and the questions in
    every quiz bank their pages include; and the capstone cases, by their start pages' titles."""
    docs = Path(config["docs_dir"])
    items = []
    for title, paths in coursedata.studied_sections(config["nav"]):
        pages, quizzes = [], []
        for path in paths:
            file = docs / path
            if not file.exists():
                continue
            text = file.read_text(encoding="utf-8")
            meta = coursedata.split_front_matter(text)[0]
            page_id = path[: -len(".md")]
            pages.append({"id": page_id, "minutes": int(meta.get("minutes", 0) or 0)})
            banks = [(file.parent / m.group(1)).resolve() for m in coursedata.INCLUDE_RE.finditer(text)]
            questions = sum(len(find_quizzes(mask_code_blocks(b.read_text(encoding="utf-8"))[0])) for b in banks if b.exists())
            if questions:
                quizzes.append({"page": page_id, "questions": questions})
        items.append({"title": title, "pages": pages, "quizzes": quizzes})
    cases = {}
    for file in coursedata.course_pages(docs):
        meta = coursedata.split_front_matter(file.read_text(encoding="utf-8"))[0]
        capstone = meta.get("capstone")
        if isinstance(capstone, dict) and capstone.get("case") and capstone.get("step") == "start":
            cases[str(capstone["case"])] = str(meta.get("title", capstone["case"]))
    data = json.dumps({"course": config["site_name"], "items": items, "cases": cases})
    data = data.replace("&", "&amp;").replace("'", "&#39;")
    return (f"<div id=\"course-record\" data-record='{data}'></div>\n\n"
            "<noscript>The record needs JavaScript, which your browser has turned off.</noscript>")


# Generated reference pages ------------------------------------------------------------------

ALL_NATIONS = {"England", "Wales", "Scotland", "Northern Ireland"}






NO_LOCAL_CONTACTS = """\
This copy of the course has no local contacts. Ask your school's safeguarding lead for the
local numbers, and keep them where you can find them quickly:

- your safeguarding lead and their deputy, and how to reach them out of hours;
- the children's social care or social work team for the area, and its out-of-hours number;
- who takes concerns about a member of staff or a volunteer, under your local procedures;
- the police non-emergency number, {phone}, which works in all four nations.

Whoever looks after your school's copy of the course can add these contacts to it.
"""


# Local contacts -----------------------------------------------------------------------------
# extra.local_contacts in a school's own config file (local.example.yml shows the fields). It is
# checked when the build starts (on_config): a mistake stops the build with the file, the line,
# the contact and the field. Every value is HTML-escaped where it is written into a page, so a
# name with "&" or "<" reads as typed and no markup in the file reaches a page.

LOCAL_FIELDS = ("organisation", "checked", "contacts")
CONTACT_FIELDS = ("role", "name", "phone", "email", "url", "hours")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]*")
EMAIL = re.compile(r"[^\s@<>\"(),;:]+@[^\s@<>\"'(),;:]+\.[^\s@<>\"'(),;:]+")
URL_SCHEMES = ("https:", "tel:", "mailto:")


def _phone_problem(value) -> str | None:
    if not isinstance(value, str):
        return (f"{value!r} is not in quotes: write it as \"{value}\" (unquoted, YAML reads a number "
                "and drops a leading 0)")
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE.fullmatch(value.strip()) or not 3 <= digits <= 15:
        return f"{value!r} does not look like a phone number: digits, spaces, brackets, - and a leading +, e.g. \"01234 567890\""
    return None


def _email_problem(value) -> str | None:
    if not isinstance(value, str) or not EMAIL.fullmatch(value):
        return f"{value!r} does not look like an email address: no spaces, one @, e.g. dsl@example.org"
    return None


def _url_problem(value) -> str | None:
    if not isinstance(value, str) or not value.lower().startswith(URL_SCHEMES):
        return f"{value!r} is not an https:, tel: or mailto: address"
    rest = value.split(":", 1)[1]
    if re.search(r"[\s<>\"'`\\]", value):
        return f"{value!r} holds a space, a quote, a backslash or < >"
    scheme = value.split(":", 1)[0].lower()
    if scheme == "https" and not re.match(r"//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]|$)", rest):
        return f"{value!r} has no web address after https://"
    if scheme == "tel" and _phone_problem(rest):
        return f"{value!r}: after tel: comes a phone number"
    if scheme == "mailto" and _email_problem(rest.split("?", 1)[0]):
        return f"{value!r}: after mailto: comes an email address"
    return None


def _text_problem(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"{value!r} is not text"


def local_contacts_problems(local, where: str = "the config file", line_of=lambda *path: None) -> list[str]:
    """What is wrong with extra.local_contacts, one problem a line: "FILE:LINE: the contact
    (its number and role), the field, and what to write instead". line_of(*path) gives a key's line."""
    def at(*path) -> str:
        line = line_of(*path)
        return f"{where}:{line}" if line else where

    if local in (None, {}):
        return []
    if not isinstance(local, dict):
        return [f"{at()}: extra.local_contacts must hold organisation, checked and contacts (see local.example.yml)"]
    problems = [f"{at(key)}: extra.local_contacts: unknown field {key!r} (the fields are {', '.join(LOCAL_FIELDS)})"
                for key in local if key not in LOCAL_FIELDS]
    if "organisation" in local and (problem := _text_problem(local["organisation"])):
        problems.append(f"{at('organisation')}: extra.local_contacts, field 'organisation': {problem}")
    if "checked" in local and coursedata.as_date(local["checked"]) is None:
        problems.append(f"{at('checked')}: extra.local_contacts, field 'checked': {local['checked']!r} is not a date: "
                        "write it as YYYY-MM-DD, e.g. 2026-11-24")
    contacts = local.get("contacts") or []
    if not isinstance(contacts, list):
        return problems + [f"{at('contacts')}: extra.local_contacts, field 'contacts': a list of contacts, each starting \"- role:\""]
    for number, contact in enumerate(contacts, start=1):
        if not isinstance(contact, dict):
            problems.append(f"{at('contacts', number - 1)}: contact {number}: {contact!r} is not a contact with a role and fields")
            continue
        role = contact.get("role")
        who = f"contact {number} ({role!r})" if isinstance(role, str) and role.strip() else f"contact {number}"
        if not role or _text_problem(role):
            problems.append(f"{at('contacts', number - 1)}: {who}, field 'role': every contact needs a role, e.g. \"Designated safeguarding lead\"")
        for key, value in contact.items():
            if key not in CONTACT_FIELDS:
                problem = f"unknown field (the fields are {', '.join(CONTACT_FIELDS)})"
            elif key == "role":
                continue
            else:
                check = {"phone": _phone_problem, "email": _email_problem, "url": _url_problem}.get(key, _text_problem)
                problem = check(value)
            if problem:
                problems.append(f"{at('contacts', number - 1, key)}: {who}, field '{key}': {problem}")
    return problems


def _yaml_lines(config_file: str | None):
    """line_of(*path) for extra.local_contacts in the config file, or in the file it INHERITs."""
    import yaml  # PyYAML: MkDocs reads the config with it too

    def node_at(node, path):
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                return None
            if node is None:
                return None
        return node

    files, path = [], config_file
    while path and os.path.exists(path) and len(files) < 5:
        try:
            root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            break
        files.append((path, root))
        parent = node_at(root, ["INHERIT"])
        path = os.path.join(os.path.dirname(path), parent.value) if isinstance(parent, yaml.ScalarNode) else None
    for path, root in files:
        if node_at(root, ["extra", "local_contacts"]) is not None:
            def line_of(*keys, root=root):
                *parents, last = ["extra", "local_contacts", *keys] if keys else ["extra", "local_contacts"]
                owner = node_at(root, parents)
                if isinstance(owner, yaml.MappingNode):
                    key = next((k for k, _ in owner.value if k.value == last), None)
                    return key.start_mark.line + 1 if key is not None else owner.start_mark.line + 1
                node = node_at(root, [*parents, last])
                return node.start_mark.line + 1 if node is not None else None
            return os.path.relpath(path), line_of
    return os.path.relpath(config_file) if config_file else "the config file", lambda *keys: None


def check_local_contacts(config) -> None:
    """Stop the build, naming the file, line, contact and field, if extra.local_contacts is wrong."""
    from mkdocs.exceptions import PluginError

    local = (config.extra or {}).get("local_contacts")
    if local in (None, {}):
        return
    where, line_of = _yaml_lines(config.config_file_path)
    if problems := local_contacts_problems(local, where, line_of):
        raise PluginError("The local contacts (extra.local_contacts, see local.example.yml) have "
                          f"{len(problems)} problem(s):\n" + "\n".join(problems))


# Every character HTML or Markdown could read as markup becomes a character reference, in one
# pass: & < > " ' for HTML, and Markdown's punctuation because a page may hold the contacts inside
# a `markdown` block (md_in_html), where Markdown still reads the text ([link](...), {: attr=...}).
ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in "&<>\"'\\`*_{}[]()#+!|~^=:"}


def _e(value) -> str:
    """A value from the local contacts file as text that neither HTML nor Markdown acts on."""
    return str(value).translate(ESCAPES)


def _local_contacts_markdown(config) -> str:
    """The contacts as an HTML table (raw HTML, so no Markdown in a value is acted on), every
    value escaped; the addresses are https:, tel: or mailto: only (check_local_contacts)."""
    local = (config.extra or {}).get("local_contacts") or {}
    contacts = [c for c in local.get("contacts", []) if c.get("role")]
    if not contacts:
        # The same words in every nation: each nation's own terms and finders sit on its card and
        # in its tabs, beside the marker, not in this generated block.
        return NO_LOCAL_CONTACTS.format(phone=_data["routes"]["police-non-emergency"]["phone"])
    checked = f", last checked {_e(coursedata.long_date(local['checked']))}" if local.get("checked") else ""
    rows = [f"<p>Contacts for <strong>{_e(local.get('organisation', 'this school'))}</strong>{checked}.</p>",
            "<table>", "<thead><tr><th>Who</th><th>Name</th><th>How to reach them</th></tr></thead>", "<tbody>"]
    for c in contacts:
        url = c.get("url")
        link = ""
        if url:
            label = "website" if url.lower().startswith("https:") else url.split(":", 1)[1].split("?", 1)[0]
            link = f'<a href="{_e(url)}">{_e(label)}</a>'
        reach = [f"<strong>{_e(c['phone'])}</strong>" if c.get("phone") else "", _e(c.get("email", "")),
                 link, _e(c.get("hours", ""))]
        rows.append(f"<tr><td>{_e(c['role'])}</td><td>{_e(c.get('name', ''))}</td><td>{'; '.join(x for x in reach if x)}</td></tr>")
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


def _routes_uk_markdown() -> str:
    rows = ["| Situation | Service | How to reach it |", "| --- | --- | --- |"]
    for r in _data["routes"].values():
        if set(r["nations"]) != ALL_NATIONS or r["kind"] == "support":
            continue
        service = f"[{r['name']}]({r['url']})" if r.get("url") else r["name"]
        reach = [f"**{r['phone']}**" if r.get("phone") else "", r.get("hours", "")]
        if r.get("email"):
            reach.append(f"email {r['email']}")
        rows.append(f"| {r['for']} | {service} | {'; '.join(x for x in reach if x)} |")
    return "\n".join(rows)

def _guidance_markdown() -> str:
    rows = ["| Nation | Guidance or law | Edition in force | In force | How we confirmed it | Next check by |",
            "| --- | --- | --- | --- | --- | --- |"]
    for g in _data["guidance"].values():
        verified = " ".join(str(g["verified"]).split())
        rows.append(f"| {g['nation']} | [{g['title']}]({g['url']}) | {g['name']} | {g['in_force']} "
                    f"| {verified} | {coursedata.long_date(g['next_expected'])} |")
    return "\n".join(rows)


def _glossary_markdown() -> str:
    entries = []
    for g in _data["glossary"]:
        anchor = re.sub(r"[^a-z0-9]+", "-", g["term"].lower()).strip("-")
        where = f" *({g['nations']})*" if g.get("nations") else ""
        entries.append(
            f'<span id="{anchor}"></span>**{g["term"]}**\n'
            f":   **{g['expansion'][0].upper() + g['expansion'][1:]}.**{where} {g['definition'].strip()}\n"
        )
    return "\n".join(entries)


def _terms_markdown() -> str:
    rows = ["| Avoid | Use instead | Why |", "| --- | --- | --- |"]
    for t in _data["terms"]:
        entry = _data["sources"].get(t.get("source"))
        source = f" Source: [{entry['title']}]({entry['url']})." if entry else ""
        rows.append(f"| {t['avoid']} | {t['prefer']} | {t['why'].strip()}{source} |")
    return "\n".join(rows)


def _register_markdown() -> str:
    rows = ["| Source | Publisher | Published | Last checked |", "| --- | --- | --- | --- |"]
    for entry in sorted(_data["sources"].values(), key=lambda e: e["title"].lower()):
        rows.append(
            f"| [{entry['title']}]({entry['url']}) | {entry['publisher']} | {entry['published']} "
            f"| {coursedata.long_date(entry['checked'])} |"
        )
    return "\n".join(rows)


# Indentation and blank lines ---------------------------------------------------------------------------------
# The theme's and mkdocs-quiz's templates indent every line; a self-check page is about a fifth
# spaces. Leading spaces go, except inside elements where they mean something (pre, textarea)
# or where other hooks match text exactly (script, style). After delivery.py (priority 0).
_KEEP_SPACES = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]*(?=\n)|\n[ \t]+")  # blank lines, and leading spaces
_COMMENT = re.compile(r"<!--(?!\[if).*?-->", re.DOTALL)


@event_priority(-50)
def on_post_page(output, page, config):
    parts = _KEEP_SPACES.split(output)
    # split() with two groups yields: text, whole kept element, its tag name, text, ...
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            part = _COMMENT.sub("", part)  # notes for authors of the theme and plugins, not readers
            out.append(re.sub(r"\n{2,}", "\n", _INDENT.sub("\n", part)))
        elif kind == 1:
            out.append(part)
    return "".join(out)
