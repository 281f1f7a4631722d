"""make pdf: printable editions of the course, from the offline build, with Debian's chromium.

  build/pdf/learner-workbook.pdf    cover, contents, every module and the yearly update; quizzes
                                    as worksheets with no answers; space to write under scenarios
  build/pdf/trainer-edition.pdf     the same with answers marked, explanations, model answers and
                                    facilitator notes, each capstone case as a facilitated
                                    exercise, and the trainer section
  build/pdf/handout-<module>.pdf    a module's take-away: objectives, key points, where to go
  build/pdf/card-<nation>.pdf       the quick reference card for each UK nation, one A4 page

A build tool run by the Makefile, not an MkDocs hook. The page lists come from mkdocs.yml's nav
(sections named "Module…", pages under yearly-update/ and trainer/, and every page whose front
matter has `capstone:`), so a new page is printed without editing this file. Pages are printed
one by one through the course's own print styles (course.css, print.js ?print=...), numbered
with CSS page margin boxes, joined with pdfunite (Debian package poppler-utils) and given a
document title. A page whose last sheet would hold only a few lines is printed a little smaller
(to 90% at least) so that they fit. Every PDF is then checked: a blank page, one holding only the
running header or the review line, or one with fewer than ten words of its own (a spilt line or
two) fails `make pdf`, naming the file and page.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course import coursedata  # the course's data files, shared with the build hook
from course.browser import CHROMIUM, FLAGS

ROOT = coursedata.ROOT
BIN = Path(sys.executable).parent

# The printable area of an A4 page with course.css's margins (15 mm by 14 mm), in CSS pixels.
A4_PRINTABLE_PX = (297 - 30) * 96 / 25.4
# A card prints on narrower margins (10 mm by 12 mm, print.js).
CARD_HEIGHT_PX = (297 - 20) * 96 / 25.4
CARD_WIDTH_PX = round((210 - 24) * 96 / 25.4)
STEP_ORDER = {"start": 0, "decision": 1, "consequence": 2, "ending": 3}
REVIEW_LINE = re.compile(r"^Last reviewed .*Next review due by .*$")


class DoesNotFit(Exception):
    pass


# What to print, from the nav ------------------------------------------------------------------

@dataclass
class Chapter:
    title: str
    pages: list[tuple[str, str]] = field(default_factory=list)  # (title in the contents, docs path)
    flowing: bool = False  # printed as one document (a capstone case), not page by page


def nav_entries(config: dict | None = None) -> list[tuple[str | None, str | None, str]]:
    """Every page of the nav in reading order: (top-level section or None, nav title or None, path)."""
    config = config or coursedata.load_mkdocs_config()
    out = []

    def walk(items, section):
        for item in items:
            if isinstance(item, str):
                out.append((section, None, item))
                continue
            for title, value in item.items():
                if isinstance(value, list):
                    walk(value, section or title)
                else:
                    out.append((section, title, value))
    walk(config["nav"], None)
    return out


def nav_sections(config: dict | None = None) -> dict[str, list[str]]:
    """Top-level nav sections and their pages, in reading order."""
    sections: dict[str, list[str]] = {}
    for section, _, path in nav_entries(config):
        if section:
            sections.setdefault(section, []).append(path)
    return sections


def front_matter(docs: Path, path: str) -> dict:
    file = docs / path
    return coursedata.split_front_matter(file.read_text(encoding="utf-8"))[0] if file.exists() else {}


def page_title(docs: Path, section: str | None, title: str | None, path: str) -> str:
    if title:
        return title
    if section and path.endswith("index.md"):
        return "Overview"
    return str(front_matter(docs, path).get("title") or Path(path).stem)


MD_LINK = re.compile(r"\]\(([^)\s#:]+\.md)(?:#[^)\s]*)?\)")


def case_reading_order(docs: Path, pages: list[tuple]) -> list[tuple]:
    """A case's pages as a room meets them: breadth first along the links from its start (each
    decision, then the pages its choices lead to, then the next decisions), then any page no
    link reaches, in the order given. pages: (nav order, step order, path, meta)."""
    by_path = {path: page for page in pages for path in [page[2]]}
    start = next((p for p in pages if p[1] == 0), pages[0])
    order, queue = [start[2]], [start[2]]
    while queue:
        path = queue.pop(0)
        if by_path[path][1] == STEP_ORDER["ending"]:
            continue  # an ending's links go back to the start (play again), not on
        text = (docs / path).read_text(encoding="utf-8")
        for link in MD_LINK.findall(text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            if target in by_path and target not in order:
                order.append(target)
                queue.append(target)
    return [by_path[p] for p in order] + [p for p in pages if p[2] not in order]


def case_label(step: int, title: str) -> str:
    """How a case page is named in the printed exercise: its title without the case's number,
    "Case 1, decision 2: the image…" -> "Decision 2: the image…"."""
    short = re.sub(r"^Case \d+,?\s*", "", title)
    if short == title or not short:
        return {0: "The situation", 1: "Decision", 2: "Consequence", 3: "Ending"}.get(step, "Page") + f": {title}"
    return short[0].upper() + short[1:]


def capstone_cases(docs: Path, nav: list) -> list[Chapter]:
    """Each capstone case (front matter capstone: {case, step}) as a chapter for a facilitated
    exercise: the situation, each decision with its choices and facilitator notes, and the page
    each choice leads to (a consequence or an ending), in the order a room meets them (links
    from the start, breadth first; nav titles where the nav names a page)."""
    order = {path: i for i, (_, _, path) in enumerate(nav)}
    titles = {path: title for _, title, path in nav if title}
    found: dict[str, list] = {}
    for file in coursedata.course_pages(docs):
        meta = coursedata.split_front_matter(file.read_text(encoding="utf-8"))[0]
        cap = meta.get("capstone")
        if isinstance(cap, dict) and cap.get("case"):
            path = file.relative_to(docs).as_posix()
            found.setdefault(str(cap["case"]), []).append(
                (order.get(path, 10_000), STEP_ORDER.get(str(cap.get("step")), 9), path, meta))
    chapters = []
    for case, pages in found.items():
        pages.sort(key=lambda p: p[:3])
        pages = case_reading_order(docs, pages)
        start = next((p for p in pages if p[1] == 0), pages[0])
        title = str(start[3].get("title", case))
        chapter = Chapter(title if title.startswith("Case") else "Capstone case: " + re.sub(r"^Capstone( case)?:\s*", "", title),
                          flowing=True)
        for _, step, path, meta in pages:
            label = "The situation" if step == 0 else titles.get(path) or case_label(step, str(meta.get("title", path)))
            chapter.pages.append((label, path))
        chapters.append(chapter)
    chapters.sort(key=lambda c: min(order.get(p, 10_000) for _, p in c.pages))
    return chapters


def editions(docs: Path = ROOT / "docs", config: dict | None = None) -> dict[str, list[Chapter]]:
    """The chapters of the learner workbook and the trainer edition, from the nav."""
    nav = nav_entries(config)
    modules: dict[str, Chapter] = {}
    yearly: Chapter | None = None
    trainer: Chapter | None = None
    for section, title, path in nav:
        if section and section.startswith("Module"):
            modules.setdefault(section, Chapter(section)).pages.append((page_title(docs, section, title, path), path))
        elif path.startswith("yearly-update/"):
            yearly = yearly or Chapter(section or title or str(front_matter(docs, path).get("title", "Yearly update")))
            yearly.pages.append((page_title(docs, section, title, path), path))
        elif path.startswith("trainer/"):
            trainer = trainer or Chapter(section or "For trainers")
            trainer.pages.append((page_title(docs, section, title, path), path))
    learner = [*modules.values(), *([yearly] if yearly else [])]
    return {
        "learner": learner,
        "trainer": [*learner, *capstone_cases(docs, nav), *([trainer] if trainer else [])],
        "modules": list(modules.values()),
    }


# Printing -------------------------------------------------------------------------------------

def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def running_heads(left: str, right: str, start: int, of_total: bool = False, cover: bool = False,
                  foot: str = "") -> str:
    """CSS for make pdf's running header, footer and page numbers (Chromium's @page margin
    boxes). The page counter starts at `start`, so pages printed one by one number on from each
    other. `foot` (the page's review line) prints at the foot of each of its pages, so it can
    never be left alone on a page."""
    box = "font-family: -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; font-size: 8pt; color: #444;"
    number = 'counter(page) " of " counter(pages)' if of_total else "counter(page)"
    return (
        f"@page {{ @top-left {{ content: {_css_string(left)}; {box} }}"
        f" @top-right {{ content: {_css_string(right)}; {box} }}"
        f" @bottom-left {{ content: {_css_string(foot)}; {box} }}"
        f" @bottom-right {{ content: {number}; {box} }} }}\n"
        + ("@page :first { @top-left { content: none } @top-right { content: none } @bottom-right { content: none } }\n"
           if cover else "") +
        f"html {{ counter-reset: page {start - 1} }}\n"
        + (".md-typeset .course-review { display: none !important; }\n" if foot else "")
    )


def _open(page, site: Path, md: str, mode: str) -> None:
    page.goto((site / md.replace(".md", ".html")).as_uri() + f"?print={mode}")
    page.wait_for_load_state("load")


# print.js notes after each link to another course page where to find it on the course website
# (data-print-page). A page printed in the same edition needs no such note: it is in the reader's
# hands, and the contents find it.
UNMARK_EDITION_LINKS = r"""(edition) => {
    const page = href => href.split('#')[0].split('?')[0].replace(/\/index\.html$/, '/').replace(/\.html$/, '/');
    const printed = new Set(edition.map(page));
    document.querySelectorAll('article a[data-print-page]').forEach(a => {
      if (printed.has(page(a.href))) a.setAttribute('data-print-page', '');  // empty: print.js leaves it
    });
  }"""


def _edition_uris(site: Path, edition: list[str] | None) -> list[str]:
    return [(site / md.replace(".md", ".html")).as_uri() for md in edition or []]


# Printing an edition asks poppler about the same file several times between rewrites (its page
# count, then its text): a thousand tool runs, a fifth of the time. Answers are kept for each
# version of a file, known by its path, size and modification time.
_POPPLER_ANSWERS: dict[tuple, object] = {}


def _remembered(kind: str, path: Path, ask):
    stat = path.stat()
    key = (kind, str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _POPPLER_ANSWERS:
        _POPPLER_ANSWERS[key] = ask()
    return _POPPLER_ANSWERS[key]


def _pages(path: Path) -> int:
    def ask() -> int:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return _remembered("pages", path, ask)


def _fit_card(page, md: str) -> None:
    """Grow the card's type until it fills one A4 page, then step back to the largest that fits."""
    page.set_viewport_size({"width": CARD_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")

    def bottom(scale):
        page.evaluate(f"document.documentElement.style.setProperty('--course-card-scale', '{scale}')")
        return page.evaluate("document.querySelector('.course-card').getBoundingClientRect().bottom + scrollY")

    best, low, high = None, 0.6, 2.6
    for _ in range(12):  # the largest scale that fits, to within a few per cent
        mid = round((low + high) / 2, 3)
        if bottom(mid) <= CARD_HEIGHT_PX - 8:
            best, low = mid, mid
        else:
            high = mid
    page.emulate_media(media="null")  # back to normal: page.pdf() then prints with print styles
    page.set_viewport_size({"width": 1280, "height": 900})
    if best is None:
        raise DoesNotFit(f"{md}: the card does not fit one A4 page even in its smallest type")
    page.evaluate(f"document.documentElement.style.setProperty('--course-card-scale', '{best}')")


def print_pages(site: Path, pages: list[str], mode: str, out: Path, work: Path, one_page: bool = False,
                context=None, heads: tuple[str, str] | None = None, start: int = 1,
                starts: dict[str, int] | None = None, edition: list[str] | None = None) -> Path:
    """Print pages of the offline build into one PDF. Pass a Playwright browser context to reuse
    one (the tests do); otherwise a chromium is started for the call. With `heads` (left, right),
    pages carry a running header and page numbers from `start`. `edition` lists every page of
    the book being printed: links to them print no "course website" note. A page whose last sheet
    would hold only a few words is printed a little smaller (to 90%), so it fits."""
    if context is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            # The browser profile lives in `work`, which the caller removes.
            work.mkdir(parents=True, exist_ok=True)
            own = p.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="profile-", dir=work), executable_path=CHROMIUM, args=FLAGS, headless=True)
            try:
                return print_pages(site, pages, mode, out, work, one_page, own, heads, start, starts, edition)
            finally:
                own.close()
    parts = []
    work.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    number = start
    for index, md in enumerate(pages):
        if starts is not None:
            starts[md] = number
        _open(page, site, md, mode)
        page.evaluate(UNMARK_EDITION_LINKS, _edition_uris(site, edition))
        if heads:
            review = page.evaluate("(document.querySelector('article .course-review') || {}).textContent || ''").strip()
            page.add_style_tag(content=running_heads(heads[0], heads[1], number, foot=review))
        if one_page:
            _fit_card(page, md)
        part = work / f"{out.stem}-{index:03d}.pdf"
        page.pdf(path=str(part), prefer_css_page_size=True, print_background=True)
        _pull_back_a_spilt_last_page(page, part, heads)
        # The measured layout and the printed one can differ by a line: step the type down until
        # the card prints on one page.
        for _ in range(10):
            if not one_page or _pages(part) == 1:
                break
            page.evaluate("""() => { const s = document.documentElement.style;
                s.setProperty('--course-card-scale', (parseFloat(s.getPropertyValue('--course-card-scale')) * 0.97).toFixed(3)); }""")
            page.pdf(path=str(part), prefer_css_page_size=True, print_background=True)
        if one_page and _pages(part) > 1:
            raise DoesNotFit(f"{md}: the card prints on {_pages(part)} pages")
        _drop_empty_last_page(part, heads)
        number += _pages(part)
        parts.append(part)
    page.close()
    join(parts, out)
    return out


def _pull_back_a_spilt_last_page(page, part: Path, heads) -> None:
    """A page whose last few lines spill onto a sheet of their own (under PULL_BACK_WORDS words)
    is printed a little smaller, step by step down to 90%, until they fit on the sheet before."""
    running = (heads[0],) if heads else ()
    count = _pages(part)
    if count < 2 or empty_pages(part, running, only=count, near=False):
        return  # one sheet, or a last sheet with nothing at all, which _drop_empty_last_page removes
    if len(own_words(page_texts(part)[count - 1], running)) >= PULL_BACK_WORDS:
        return
    for scale in (0.97, 0.94, 0.92, 0.9):
        page.pdf(path=str(part), prefer_css_page_size=True, print_background=True, scale=scale)
        if _pages(part) < count:
            return


def _drop_empty_last_page(part: Path, heads) -> None:
    """A page whose text ends exactly at the foot of a sheet can leave the theme's empty bottom
    padding on a sheet of its own: drop such a last page (pdfseparate and pdfunite)."""
    count = _pages(part)
    if count < 2 or not empty_pages(part, (f"{heads[0]}",) if heads else (), only=count, near=False):
        return
    folder = part.parent / f"{part.stem}-pages"
    folder.mkdir(exist_ok=True)
    poppler(["pdfseparate", "-l", str(count - 1), str(part), str(folder / "%03d.pdf")])
    join(sorted(folder.glob("*.pdf")), part)
    shutil.rmtree(folder)


def print_flowing(site: Path, chapter: Chapter, mode: str, out: Path, context, heads: tuple[str, str], start: int,
                  edition: list[str] | None = None) -> Path:
    """A capstone case as one facilitated exercise: its pages run on from one another, each under
    its step's name, and a choice's link prints the name of the step it leads to."""
    page = context.new_page()
    sections, labels = [], {}
    # Links a reader follows on screen to play again or choose another case lead nowhere on paper.
    onward = [(site / md.replace(".md", ".html")).as_uri() for _, md in chapter.pages[1:]]
    for index, (label, md) in enumerate(chapter.pages):
        _open(page, site, md, mode)
        labels[page.url.split("?")[0]] = label
        sections.append(page.evaluate(
            r"""([label, first, onward]) => {
                 const article = document.querySelector('article.md-content__inner');
                 article.querySelectorAll('a[href]').forEach(a => a.setAttribute('href', a.href));
                 article.querySelectorAll('.course-review, .headerlink').forEach(e => e.remove());
                 article.querySelectorAll('p').forEach(p => {
                   const links = [...p.children];
                   if (links.length && p.textContent.replace(/\s+/g, '') === links.map(a => a.textContent).join('').replace(/\s+/g, '') &&
                       links.every(a => a.tagName === 'A' && !onward.includes(a.href.split(/[?#]/)[0]))) p.remove();
                 });
                 article.querySelectorAll('h2').forEach(h => {
                   let next = h.nextElementSibling;
                   while (next && next.matches('.admonition.worried, script, style')) next = next.nextElementSibling;
                   if (!next || /^H[12]$/.test(next.tagName)) h.remove();
                 });
                 if (!first) article.querySelectorAll('.admonition.content-note').forEach(e => e.remove());
                 const step = document.createElement('p');
                 step.className = 'course-print-step';
                 step.textContent = label;
                 return '<section class="course-print-section">' + step.outerHTML + article.innerHTML + '</section>';
               }""", [label, index == 0, onward]))
    first = chapter.pages[0][1]
    _open(page, site, first, mode)
    review = page.evaluate("(document.querySelector('article .course-review') || {}).textContent || ''").strip()
    _compose(page, site, first, mode, "".join(sections), f"{heads[0]}: {chapter.title}",
             running_heads(heads[0], heads[1], start, foot=review))
    page.evaluate("""(labels) => document.querySelectorAll('article a[href]').forEach(a => {
        const label = labels[a.href.split(/[?#]/)[0]];
        if (label) a.setAttribute('data-print-ref', 'see ' + label);
      })""", labels)
    page.evaluate(UNMARK_EDITION_LINKS, _edition_uris(site, edition))
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    page.close()
    return out


# What poppler says about every PDF chromium writes, and means nothing: chromium's PDFs link their
# page tree both ways, and pdfunite reports each link (hundreds of lines for one edition).
POPPLER_NOISE = re.compile(r"^Syntax Warning: PDFDoc::markDictionary: Found recursive dicts$")


def poppler(command: list[str]) -> None:
    """Run a poppler tool quietly: its known noise is dropped, anything else it says is shown,
    and a failure stops make pdf with the tool's own words."""
    result = subprocess.run(command, capture_output=True, text=True)
    said = [line for line in result.stderr.splitlines() if line.strip() and not POPPLER_NOISE.match(line.strip())]
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed (exit {result.returncode}):\n" + "\n".join(said))
    for line in said:
        print(f"{command[0]}: {line}", file=sys.stderr)


def join(parts: list[Path], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if len(parts) == 1:
        shutil.copy(parts[0], out)
    else:
        poppler(["pdfunite", *map(str, parts), str(out)])


def _compose(page, site: Path, md: str, mode: str, body: str, title: str, style: str) -> None:
    """Open a course page and replace its article with generated HTML (cover, contents, handout),
    so the generated pages print in the course's own styles."""
    _open(page, site, md, mode)
    page.evaluate(
        """([body, title]) => {
             const article = document.querySelector('article.md-content__inner');
             article.innerHTML = body;
             document.title = title;
           }""", [body, title])
    page.add_style_tag(content=style)


def cover_and_contents(edition: str, audience: str, chapters: list[Chapter], starts: dict[str, int],
                       config: dict) -> str:
    site_name = html.escape(config["site_name"])
    today = coursedata.long_date(dt.date.today())
    licence = html.escape(" ".join(str(config.get("copyright", "")).split()))
    items = []
    for chapter in chapters:
        first = starts[chapter.pages[0][1]]
        items.append(f'<li class="course-contents-section"><span>{html.escape(chapter.title)}</span>'
                     f'<span class="course-contents-dots"></span><span>{first}</span></li>')
        for title, path in ([] if chapter.flowing else chapter.pages):
            items.append(f'<li><span>{html.escape(title)}</span><span class="course-contents-dots"></span>'
                         f'<span>{starts[path]}</span></li>')
    return (
        f'<div class="course-cover"><h1>{site_name}</h1>'
        f'<p class="course-cover-edition">{html.escape(edition)}</p>'
        f'<p><strong>Edition:</strong> {today}.</p>'
        f'<p><strong>Who it is for:</strong> {html.escape(audience)}</p>'
        '<p>Grooming, online normalisation and reporting routes in all four UK nations.</p>'
        f'<p class="course-cover-licence">{licence}<br>Licence: creativecommons.org/licenses/by-sa/4.0.</p></div>'
        f'<div class="course-contents"><h2>Contents</h2><ol>{"".join(items)}</ol></div>'
    )


AUDIENCES = {
    "learner": ("Learner workbook", "Designated safeguarding leads, their deputies and staff studying the course, "
                "alone or in a session. Self-checks are worksheets; the answers are in the trainer edition."),
    "trainer": ("Trainer edition", "Trainers who lead the course. It marks the self-check answers and holds "
                "model answers, facilitator notes and the capstone cases as group exercises: keep it from participants."),
}


def print_edition(site: Path, kind: str, chapters: list[Chapter], out: Path, work: Path, context,
                  config: dict) -> Path:
    """Cover and contents, then every chapter, numbered on from one another."""
    edition, audience = AUDIENCES[kind]
    if not any(chapter.flowing for chapter in chapters):
        audience = audience.replace(" and the capstone cases as group exercises", "")
    site_name = config["site_name"]
    mode = "trainer" if kind == "trainer" else "learner"
    heads = f"{site_name} · {edition}"
    printed = [path for chapter in chapters for _, path in chapter.pages]  # links to these need no note

    def front_matter_pdf(starts):
        page = context.new_page()
        _compose(page, site, "index.md", mode, cover_and_contents(edition, audience, chapters, starts, config),
                 f"{site_name}: {edition}", running_heads(heads, "Contents", 1, cover=True))
        front = work / f"{out.stem}-front.pdf"
        page.pdf(path=str(front), prefer_css_page_size=True, print_background=True)
        page.close()
        return front

    # The contents' length first (with stand-in numbers), so the chapters can be numbered after it.
    number = _pages(front_matter_pdf({path: 999 for chapter in chapters for _, path in chapter.pages})) + 1
    starts: dict[str, int] = {}
    parts: list[Path] = []
    for chapter in chapters:
        part = work / f"{out.stem}-{len(parts):03d}.pdf"
        paths = [path for _, path in chapter.pages]
        if chapter.flowing:
            print_flowing(site, chapter, mode, part, context, (heads, chapter.title), number, printed)
            starts.update({path: number for path in paths})
        else:
            print_pages(site, paths, mode, part, work / "chapter", context=context,
                        heads=(heads, chapter.title), start=number, starts=starts, edition=printed)
        number += _pages(part)
        parts.append(part)
    front = front_matter_pdf(starts)
    join([front, *parts], out)
    set_title(out, f"{site_name}: {edition}")
    return out


def short_address(url: str) -> str:
    """The short form of an address that print.js prints after a link: host and path, a long
    path cut to its last part, or the host alone when even that is long."""
    match = re.match(r"https?://(?:www\.)?([^/]+)(/.*)?$", url)
    host, parts = match.group(1), [p for p in (match.group(2) or "").split("/") if p]
    path = "/".join(parts)
    if not path:
        return host
    if len(f"{host}/{path}") <= 40:
        return f"{host}/{path}"
    return f"{host}/…/{parts[-1]}" if len(f"{host}/…/{parts[-1]}") <= 45 else host


def where_to_go(routes: dict[str, dict]) -> str:
    def phone(rid):
        return html.escape(str(routes[rid]["phone"]))

    def address(rid):
        return html.escape(short_address(routes[rid]["url"]))
    return (
        '<h2>Where to go</h2><ul>'
        f'<li><strong>A child is in immediate danger:</strong> call <strong>{phone("police-emergency")}</strong>.</li>'
        '<li><strong>Any other concern:</strong> tell your designated safeguarding lead (DSL) the same day, '
        'or their deputy if the DSL is not there. Do not wait until you are sure.</li>'
        '<li><strong>An allegation about a member of staff or a volunteer:</strong> follow your school\'s '
        'procedure for allegations: usually the head teacher, or the chair of governors if it is about the '
        'head teacher.</li>'
        f'<li><strong>Online sexual abuse or grooming:</strong> CEOP Safety Centre, {address("ceop")}.</li>'
        f'<li><strong>A sexual image of a child found online:</strong> Internet Watch Foundation, {address("iwf")}.</li>'
        '<li><strong>A young person wants their own image taken down:</strong> Report Remove, '
        f'{address("report-remove")}.</li>'
        f'<li><strong>Advice:</strong> NSPCC Helpline, {phone("nspcc-helpline")}; Professionals Online Safety '
        f'Helpline, {phone("posh")}.</li>'
        '<li><strong>Your nation\'s routes:</strong> the quick reference card for England, Wales, Scotland or '
        'Northern Ireland, and the course\'s reporting routes page.</li>'
        '</ul>'
    )


HANDOUT_PAGES = 2
HANDOUT_SCALES = (0.97, 0.94, 0.91, 0.88, 0.85)


def print_handout(site: Path, chapter: Chapter, out: Path, context, config: dict, routes: dict) -> Path:
    """A module's handout: its objectives (from the overview), key points and where to go."""
    overview = chapter.pages[0][1]
    key_points = next((path for _, path in chapter.pages if path.endswith("key-points.md")), None)
    page = context.new_page()
    fragments = []
    for md, selector in ((overview, ".admonition.objectives"), (key_points, ".admonition.key-points")):
        if md:
            _open(page, site, md, "handout")
            fragments.append(page.evaluate(f"(document.querySelector('article {selector}') || {{}}).outerHTML || ''"))
    _open(page, site, overview, "handout")
    intro = page.evaluate("(document.querySelector('article h1 ~ p') || {}).outerHTML || ''")
    review = page.evaluate("(document.querySelector('article .course-review') || {}).outerHTML || ''")
    site_name = config["site_name"]
    body = (f"<h1>Handout: {html.escape(chapter.title)}</h1>{intro}{''.join(fragments)}"
            f"{where_to_go(routes)}{review}")
    _compose(page, site, overview, "handout", body, f"{site_name}: {chapter.title}, handout",
             running_heads(f"{site_name} · Handout", chapter.title, 1, of_total=True))
    page.evaluate("document.dispatchEvent(new Event('course:print'))")
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    # A handout is two sides of paper: when a few lines spill onto a third page, print it a
    # little smaller, step by step down to 85%, until it ends on a full second page.
    for scale in HANDOUT_SCALES:
        if _pages(out) <= HANDOUT_PAGES:
            break
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True, scale=scale)
    page.close()
    set_title(out, f"{site_name}: {chapter.title}, handout")
    return out


# After printing -------------------------------------------------------------------------------

def _pdf_text_string(text: str) -> bytes:
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def set_title(path: Path, title: str) -> None:
    """Give a PDF a document title (what a reader's PDF viewer shows in its title bar), by an
    incremental update: a new Info dictionary appended after the file's last cross-reference."""
    data = path.read_bytes()
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer = data[data.rfind(b"trailer"):]
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer) or re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)[-1]
    root = root.group(1) if hasattr(root, "group") else root
    number = max(int(n) for n in re.findall(rb"(?m)^(\d+)\s+\d+\s+obj\b", data)) + 1
    number = max(number, int(re.search(rb"/Size\s+(\d+)", trailer).group(1)))
    body = data if data.endswith(b"\n") else data + b"\n"
    offset = len(body)
    obj = (f"{number} 0 obj\n<< /Title ".encode() + _pdf_text_string(title) +
           b" /Producer (Chromium via the course's course/printing/pdf.py) >>\nendobj\n")
    xref = len(body) + len(obj)
    update = (obj + f"xref\n0 1\n0000000000 65535 f \n{number} 1\n{offset:010d} 00000 n \n".encode() +
              f"trailer\n<< /Size {number + 1} /Root ".encode() + root +
              f" /Info {number} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(body + update)


def page_texts(path: Path) -> list[str]:
    def ask() -> list[str]:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return text.split("\f")[:_pages(path)]
    return list(_remembered("text", path, ask))


FOOTER = re.compile(r"^(Last reviewed .*?)?\s*\d+( of \d+)?$")


NEAR_EMPTY_WORDS = 10  # a page with fewer words than this, besides heads and footers, is a spill
PULL_BACK_WORDS = 40  # make pdf prints a page a little smaller when its last sheet holds fewer


def own_words(text: str, running: tuple[str, ...] = ()) -> list[str]:
    """The words of a printed page besides its running header, page number and review line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line for line in lines
                    if not FOOTER.match(line) and not any(line.startswith(head) for head in running)
                    and not (REVIEW_LINE.match(line) or line.startswith("Next review due"))).split()


def empty_pages(path: Path, running: tuple[str, ...] = (), only: int | None = None,
                near: bool = True) -> list[tuple[int, str]]:
    """Pages with nothing to read: blank, or holding only the running header, the footer (review
    line and page number) or the review line; and (with `near`) pages nearly empty, whose own
    text is under NEAR_EMPTY_WORDS words: the last lines of a page or form spilt onto a sheet of
    their own. Returns (page number, what it holds)."""
    bad = []
    for number, text in enumerate(page_texts(path), start=1):
        if only and number != only:
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        content = [line for line in lines
                   if not FOOTER.match(line) and not any(line.startswith(head) for head in running)]
        words = own_words(text, running)
        if not content:
            bad.append((number, "a blank page" if not lines else "only the running header or page number"))
        elif not words:
            bad.append((number, "only the review line"))
        elif near and len(words) < NEAR_EMPTY_WORDS:
            shown = " ".join(words)
            bad.append((number, f"only {len(words)} words besides the running heads ({shown[:60]!r})"))
    return bad


def check(made: list[Path], running: tuple[str, ...], near: bool = True) -> list[str]:
    """Blank and (with `near`) near-empty pages. Slide decks pass near=False: a section's title
    slide is meant to hold a few words."""
    return [f"{pdf.name}: page {number} has {what}" for pdf in made for number, what in empty_pages(pdf, running, near=near)]


def build_all(site: Path, out_dir: Path, context, config: dict | None = None, docs: Path = ROOT / "docs") -> list[Path]:
    config = config or coursedata.load_mkdocs_config()
    routes = {r["id"]: r for r in coursedata.load_yaml("routes.yml", docs / "_data")}
    work = Path(tempfile.mkdtemp(prefix="course-pdf-work-"))
    lists = editions(docs, config)
    made = [print_edition(site, "learner", lists["learner"], out_dir / "learner-workbook.pdf", work / "learner", context, config),
            print_edition(site, "trainer", lists["trainer"], out_dir / "trainer-edition.pdf", work / "trainer", context, config)]
    for chapter in lists["modules"]:
        made.append(print_handout(site, chapter, out_dir / f"handout-{chapter.pages[0][1].split('/')[1]}.pdf",
                                  context, config, routes))
    cards = nav_sections(config).get(next((t for t in nav_sections(config) if "card" in t.lower()), ""), [])
    for md in cards:
        if not md.endswith("index.md"):
            made.append(print_pages(site, [md], "learner", out_dir / f"card-{Path(md).stem}.pdf", work, one_page=True, context=context))
    made.append(print_pages(site, session_materials(docs), "learner", out_dir / "session-materials.pdf", work / "materials",
                            context=context))
    shutil.rmtree(work, ignore_errors=True)
    return made


def session_materials(docs: Path = ROOT / "docs") -> list[str]:
    """The printable session materials, in the order their index page lists them, that page first."""
    folder = docs / "trainer" / "materials"
    listed = re.findall(r"\]\(([\w-]+)\.md\)", (folder / "index.md").read_text(encoding="utf-8"))
    return ["trainer/materials/index.md"] + [f"trainer/materials/{name}.md" for name in dict.fromkeys(listed)
                                             if (folder / f"{name}.md").exists()]


def load_config(path: Path) -> dict:
    """A config file, with the file it INHERITs underneath (a school's local.yml)."""
    config = coursedata.load_mkdocs_config(path)
    if "INHERIT" in config:
        base = load_config(path.parent / config.pop("INHERIT"))
        base.update(config)
        return base
    return config


def build_offline(site: Path, config_file: str = "mkdocs.yml") -> Path:
    """The offline build that every printed edition is made from (no zip, no downloads: the PDFs
    are what is being made). course/printing/slides.py uses it too."""
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE_ZIP", None)
    env.pop("COURSE_DOWNLOADS", None)
    subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "--config-file", config_file, "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)
    return site


def main() -> int:
    """python -m course.printing.pdf [OUT_DIR [CONFIG]]: CONFIG is a school's own file (make pdf CONFIG=local.yml),
    so the cards carry its local contacts."""
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "pdf").resolve()
    config_file = sys.argv[2] if len(sys.argv) > 2 else "mkdocs.yml"
    if not shutil.which("pdfunite"):
        sys.exit("make pdf needs pdfunite: apt-get install poppler-utils")
    work = Path(tempfile.mkdtemp(prefix="course-pdf-"))
    site = build_offline(work / "site", config_file)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            work / "profile", executable_path=CHROMIUM, args=FLAGS, headless=True)
        made = build_all(site, out_dir, browser, load_config(ROOT / config_file))
        browser.close()
    shutil.rmtree(work, ignore_errors=True)
    for pdf in made:
        print(f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}: {_pages(pdf)} pages")
    problems = check(made, (coursedata.load_mkdocs_config()["site_name"] + " · ",))
    if problems:
        sys.exit("make pdf: pages with nothing to read:\n  " + "\n  ".join(problems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
