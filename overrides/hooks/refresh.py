"""Build hook: spaced refreshers, confidence and progress files (issue 23; README "Refreshers").

Markers in a page body:
  <!-- course:refresh -->        the Refresh page's questions (refresh.js fills it);
  <!-- course:refresh-due -->    "N refreshers are due today", on the home page;
  <!-- course:refresh-record --> the record of study's refresher and confidence section, and
                                 saving and loading progress (refresh.js).
Scripts go only where they are needed: on the module self-checks and the yearly update,
refresh-check.js (the "How sure are you?" question; it fetches refresh-schedule.js, the schedule
kept in the browser, only once the learner answers); on the Refresh page and the record,
refresh-schedule.js, refresh.js and refresh.css. The home page's count is a few lines of
record.js, which every page loads anyway. The questions themselves come from the HTML mkdocs-quiz rendered for
each self-check page (course/refreshers.py), embedded as JSON in the one page that shows them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import rcssmin
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from course import coursedata, refreshers

log = logging.getLogger("mkdocs.hooks.refresh")

SCHEDULE_JS = "assets/javascripts/refresh-schedule.js"
CHECK_JS = "assets/javascripts/refresh-check.js"
PAGE_JS = "assets/javascripts/refresh.js"
PAGE_CSS = "assets/stylesheets/refresh.css"
REFRESH_PAGE = "refresh.md"

_state: dict = {}


def on_config(config):
    sections = coursedata.studied_sections(config["nav"])
    _state.clear()
    _state.update(
        modules=[{"title": title} for title, _ in sections],
        section_of={path: index for index, (_, paths) in enumerate(sections) for path in paths},
        items={},          # fingerprint -> the question, for the Refresh page
        quiz_pages=[],     # every page with a self-check: page id, address, fingerprints
        page_ids=[],       # every page, for progress files (pages read)
        cases=set(),       # capstone cases, for progress files
        refresh_url=None,
        site_name=config["site_name"],
    )
    return config


def on_files(files, config):
    refresh = files.get_file_from_path(REFRESH_PAGE)
    _state["refresh_url"] = refresh.url if refresh else None
    return files


# After pages.py (50) has set course_quiz_fingerprints; before mkdocs_quiz (0).
@event_priority(40)
def on_page_markdown(markdown, page, config, files):
    page_id = page.file.src_uri[: -len(".md")]
    _state["page_ids"].append(page_id)
    capstone = page.meta.get("capstone")
    if isinstance(capstone, dict) and capstone.get("case"):
        _state["cases"].add(str(capstone["case"]))
    markdown = markdown.replace(
        "<!-- course:refresh -->",
        '<div id="course-refresh" class="course-refresh"></div>\n\n'
        "<noscript>Refreshers need JavaScript, which your browser has turned off.</noscript>")
    markdown = markdown.replace(
        "<!-- course:refresh-due -->",
        '<p class="course-refresh-due course-web-only" data-refresh-due hidden></p>')
    markdown = markdown.replace("<!-- course:refresh-record -->", '<div id="course-refresh-record"></div>')
    return markdown


# After mkdocs_quiz (0) has rendered the questions.
@event_priority(-50)
def on_page_content(html, page, config, files):
    fingerprints = (page.meta.get("course_quiz_fingerprints") or "").split()
    if not fingerprints:
        return html
    page_id = page.file.src_uri[: -len(".md")]
    _state["quiz_pages"].append({"page": page_id, "url": refreshers.ROOT_PREFIX + page.url, "items": fingerprints})
    module = _state["section_of"].get(page.file.src_uri)
    if module is None:
        return html
    try:
        items = refreshers.extract_items(html, page.url)
    except ValueError as error:
        log.warning("%s: refreshers cannot read a question (%s): course/refreshers.py", page.file.src_uri, error)
        return html
    if len(items) != len(fingerprints):
        log.warning("%s: refreshers found %d questions for %d fingerprints: course/refreshers.py",
                    page.file.src_uri, len(items), len(fingerprints))
        return html
    entry = _state["modules"][module]
    entry.setdefault("page", page_id)
    entry.setdefault("url", refreshers.ROOT_PREFIX + page.url)
    for position, (fingerprint, item) in enumerate(zip(fingerprints, items)):
        _state["items"][fingerprint] = dict(item, m=module, n=position, page=page_id)
    return html


def _json(data) -> str:
    """JSON that is safe inside a <script type="application/json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _refresh_data() -> dict:
    """Everything the Refresh page shows: each question in full."""
    return {"modules": _state["modules"],
            "items": {fp: {k: v for k, v in item.items() if k != "stem"} for fp, item in _state["items"].items()}}


def _record_data() -> dict:
    """What the record and progress files need: each question's module, place and first words;
    every self-check page and its questions (Start here's too); every page and capstone case."""
    return {"course": _state["site_name"], "modules": _state["modules"],
            "items": {fp: {"m": item["m"], "n": item["n"], "page": item["page"], "stem": item["stem"]}
                      for fp, item in _state["items"].items()},
            "pages": _state["quiz_pages"], "known_pages": sorted(set(_state["page_ids"])),
            "cases": sorted(_state["cases"])}


def _tags(page, scripts: list[str], styles: list[str]) -> tuple[str, str]:
    head = "".join(f'<link rel="stylesheet" href="{get_relative_url(s, page.url)}">' for s in styles)
    body = "".join(f'<script src="{get_relative_url(s, page.url)}"></script>' for s in scripts)
    return head, body


def on_post_page(output, page, config):
    scripts: list[str] = []
    styles: list[str] = []
    if page.file.src_uri in _state["section_of"] and (page.meta.get("course_quiz_fingerprints") or "").strip():
        scripts.append(CHECK_JS)  # a self-check whose answers become refreshers
    if "data-refresh-due" in output:
        link = refreshers.ROOT_PREFIX + (_state["refresh_url"] or "")
        output = output.replace(
            "data-refresh-due hidden></p>",
            f'data-refresh-due data-refresh-items="{" ".join(sorted(_state["items"]))}" hidden>'
            f'<span class="course-refresh-due-text"></span> <a href="{link}">Go to the Refresh page</a></p>', 1)
        output = refreshers.resolve_root_links(output, lambda target: _relative(target, page.url))
    for marker, data in (('<div id="course-refresh" class="course-refresh">', _refresh_data),
                         ('<div id="course-refresh-record">', _record_data)):
        if marker in output:
            output = output.replace(
                marker, f'{marker}<script type="application/json" class="course-refresh-data">{_json(data())}</script>', 1)
            scripts += [SCHEDULE_JS, PAGE_JS]
            styles.append(PAGE_CSS)
    if not scripts:
        return output
    output = refreshers.resolve_root_links(output, lambda target: _relative(target, page.url))
    head, body = _tags(page, list(dict.fromkeys(scripts)), list(dict.fromkeys(styles)))
    output = output.replace("</head>", head + "</head>", 1)
    return output.replace("</body>", body + "</body>", 1)


def _relative(target: str, page_url: str) -> str:
    relative = get_relative_url(target or ".", page_url)
    return relative + "/" if not target and not relative.endswith("/") else relative


def on_post_build(config):
    """The refresher styles, without comments or spaces, as delivery.py does for course.css."""
    css = Path(config["site_dir"]) / PAGE_CSS
    if css.exists():
        css.write_text(rcssmin.cssmin(css.read_text(encoding="utf-8")), encoding="utf-8")
