"""Spaced refreshers: the build side (issue 23).

The Refresh page shows self-check questions from other pages. It needs each question as the
learner saw it: the question, its options with their feedback, and the explanation, keyed by the
question's fingerprint (the one course-early.js keeps saved answers with). This module takes them
from the HTML that mkdocs-quiz rendered for each self-check page, so the Refresh page shows
exactly what the module page shows, links and all. overrides/hooks/refresh.py calls it.

Which questions are refreshers: those of each module's self-check and of the yearly update (the
same parts of the course as the record of study). Start here's and the contributor pages' are not.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re

# mkdocs-quiz 1.7.1's markup for one question (requirements.txt pins it exactly). A change there
# makes extract_items() find a different number of questions from the page's fingerprints, and
# the build then fails with a warning naming the page (overrides/hooks/refresh.py).
QUIZ_START = re.compile(r'<div class="quiz(?: quiz-fill-blank)?"[^>]*?\bid="quiz-(\d+)">')
QUESTION = re.compile(r"<div class=\"quiz-question\"[^>]*>(.*?)</div>\s*<form\b[^>]*>", re.S)
OPTION = re.compile(
    r'<div><input type="(radio|checkbox)" name="answer" value="(\d+)" id="[^"]*"\s*(data-correct="true")?\s*>'
    r'<label for="[^"]*">(.*?)</label><div class="answer-feedback hidden">(.*?)</div></div>(?=<div><input|</fieldset>)',
    re.S)
EXPLANATION = re.compile(r'<section class="content hidden">(.*?)</section>', re.S)
BLANK = re.compile(r'<input type="text" class="quiz-blank-input"[^>]*>')
ATTRIBUTE = re.compile(r'\s(id|data-answer|size)="([^"]*)"')
LINK = re.compile(r'\b(href|src)="([^"]*)"')
TAG = re.compile(r"<[^>]+>")

# Links in an item point at the site's root with this prefix until the page that shows the item
# is written out, when overrides/hooks/refresh.py makes them relative to that page.
ROOT_PREFIX = "course-root:/"


def root_relative(url: str, page_url: str) -> str:
    """A link as written in a page at page_url, made to start from the site's root (with
    ROOT_PREFIX); addresses with a scheme stay as they are."""
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
        return url
    if url.startswith("#"):
        return ROOT_PREFIX + page_url + url
    path, _, fragment = url.partition("#")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, path)) if path else page_url.rstrip("/")
    if joined == ".":
        joined = ""
    if path.endswith("/") and joined and not joined.endswith("/"):
        joined += "/"
    return ROOT_PREFIX + joined + ("#" + fragment if fragment else "")


def _rebase(markup: str, page_url: str) -> str:
    return LINK.sub(lambda m: f'{m.group(1)}="{root_relative(m.group(2), page_url)}"', markup)


def _blank(match: re.Match) -> str:
    attributes = dict(ATTRIBUTE.findall(match.group(0)))
    answer = attributes.get("data-answer", "")
    size = attributes.get("size", "10")
    return (f'<input type="text" class="course-refresh-blank" data-answer="{answer}" size="{size}" '
            'autocomplete="off" aria-label="Answer">')


def plain_text(markup: str, limit: int = 0) -> str:
    """The words of a piece of HTML, on one line; cut at a word and ended with … past limit."""
    text = " ".join(htmllib.unescape(TAG.sub(" ", markup)).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def extract_items(content: str, page_url: str) -> list[dict]:
    """Every self-check question in a page's rendered content, in order: its kind ("one",
    "many" or "blank"), question, options (each with whether it is right and its feedback) and
    explanation, as HTML with links starting from the site's root (ROOT_PREFIX)."""
    starts = list(QUIZ_START.finditer(content))
    items = []
    for number, start in enumerate(starts):
        end = starts[number + 1].start() if number + 1 < len(starts) else len(content)
        block = content[start.start():end]
        question = QUESTION.search(block)
        explanation = EXPLANATION.search(block)
        if not question or not explanation:
            raise ValueError(f"quiz-{start.group(1)}: not mkdocs-quiz 1.7.1's markup")
        options = [{"html": _rebase(label.strip(), page_url), "right": bool(correct),
                    "feedback": _rebase(feedback.strip(), page_url)}
                   for kind, _, correct, label, feedback in OPTION.findall(block)]
        blanks = BLANK.findall(question.group(1))
        if blanks:
            kind = "blank"
        elif options:
            kind = "many" if 'type="checkbox"' in block else "one"
        else:
            raise ValueError(f"quiz-{start.group(1)}: neither options nor a blank found")
        items.append({
            "kind": kind,
            "question": _rebase(BLANK.sub(_blank, question.group(1)).strip(), page_url),
            "options": options,
            "explanation": _rebase(explanation.group(1).strip(), page_url),
            "stem": plain_text(BLANK.sub(" … ", question.group(1)), 120),
        })
    return items


def resolve_root_links(markup: str, relative_url) -> str:
    """Replace every ROOT_PREFIX link with one relative to the page being written:
    relative_url(target) gives it (MkDocs' get_relative_url, bound to that page)."""
    def one(match: re.Match) -> str:
        target, hash_, fragment = match.group(1).partition("#")
        return relative_url(target or ".") + (hash_ + fragment if fragment else "")

    return re.sub(re.escape(ROOT_PREFIX) + r'([^"\'\s\\]*)', one, markup)
