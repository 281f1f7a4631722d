"""make pdf: a 16:9 slide deck for each session plan, a trainer's copy with the notes, and the
printable session materials, from the offline build, with Debian's chromium.

  build/pdf/slides/<plan>.pdf            the plan's activities in order; each activity's pages
                                         one section per slide in large type; one question per
                                         slide; nation tabs as labelled slides; no notes, no buttons
  build/pdf/slides/<plan>-trainer.pdf    the same with each activity's purpose and timing, the
                                         facilitator notes, answers marked, and the plan's materials
  build/pdf/slides/session-materials.pdf every page in docs/trainer/materials/, printed on A4

The slides are made from the built pages, so they never drift from the course. A slide that
would overflow is split at a block; a block that still does not fit is made smaller, never
below LEAST_PX; a heading left at the foot of a slide moves to the next. The tool fails, naming
the page, if anything would be cut off, if a heading is still left alone, or if a PDF has a
blank page. A plan with `session.dsl_sections: false` (the all-staff briefing) leaves out the
pages' sections headed "For the DSL: ..." or "As the DSL: ..."; the pages mark them by that
heading alone.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course import coursedata

from course.browser import CHROMIUM, FLAGS
from course.printing.pdf import build_offline, check as pdf_check  # one build for every printed edition

ROOT = coursedata.ROOT

WIDTH, HEIGHT = 1280, 720   # CSS px: a 16:9 page of 13.33 x 7.5 inches
BODY_PX, LEAST_PX = 30, 22  # body text; the smallest a crowded block may shrink to

DECK_CSS = f"""
@page {{ size: {WIDTH}px {HEIGHT}px; margin: 0; }}
html, body {{ margin: 0; background: #fff; }}
.md-typeset.deck-slide {{
  box-sizing: border-box; width: {WIDTH}px; height: {HEIGHT}px; padding: 36px 56px 28px;
  overflow: hidden; page-break-after: always; break-after: page; position: relative;
  font-size: {BODY_PX}px; line-height: 1.35;
}}
.deck-slide h1 {{ font-size: 48px; margin: 0 0 0.5em; font-weight: 700; color: #222; }}
.deck-slide h2 {{ font-size: 42px; margin: 0 0 0.4em; font-weight: 700; color: #222; }}
.deck-slide h3, .deck-slide h4 {{ font-size: 34px; margin: 0.4em 0 0.3em; font-weight: 700; }}
.deck-slide p, .deck-slide li {{ margin: 0.25em 0; }}
.md-typeset.deck-slide .md-typeset__scrollwrap, .md-typeset.deck-slide .md-typeset__table {{ display: block; width: 100%; margin: 0; }}
.md-typeset.deck-slide table:not([class]) {{ font-size: 0.9em; display: table; width: 100%; }}
.md-typeset.deck-slide table:not([class]) td, .md-typeset.deck-slide table:not([class]) th {{ font-size: 1em; padding: 0.4em 0.6em; }}
.md-typeset.deck-slide .admonition, .md-typeset.deck-slide details {{ font-size: 1em; }}
.md-typeset.deck-slide .admonition-title {{ font-size: 1em; }}
.deck-slide .deck-tab-label {{ font-weight: 700; color: #3949ab; margin: 0 0 0.3em; font-size: 0.9em; }}
.deck-slide .deck-foot {{ position: absolute; left: 56px; bottom: 10px; font-size: 18px; color: #555; }}
.deck-title {{ display: flex; flex-direction: column; justify-content: center; }}
.deck-title h1 {{ font-size: 60px; }}
.deck-activity h1 {{ font-size: 56px; color: #3949ab; }}
.deck-notes {{ background: #fff8e1; }}
.deck-notes .deck-note-label {{ font-weight: 700; color: #6d4c41; }}
.deck-slide .quiz-options li {{ list-style: none; margin: 0.35em 0; }}
.deck-slide .quiz-options li::before {{ content: "\\2610  "; }}
.deck-slide .quiz-options li.right::before {{ content: "\\2611  "; }}
.deck-slide .quiz-options li.right {{ font-weight: 700; }}
.deck-slide img, .deck-slide svg {{ max-height: 480px; max-width: 100%; }}
"""

# The scripts that run in the deck page, kept as JavaScript files beside this one.
DECK_JS = Path(__file__).with_name("deck.js").read_text(encoding="utf-8")

ORPHANS_JS = Path(__file__).with_name("deck-orphans.js").read_text(encoding="utf-8")


def printed_pages(pdf: Path) -> list[str]:
    """The pages of a printed material worth a sheet of paper: not blank, and not just the
    review line that the theme's page wrapper pushes onto a page of its own."""
    count = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                 check=True).stdout.splitlines() if line.startswith("Pages:")))
    subprocess.run(["pdfseparate", str(pdf), str(pdf.with_suffix("")) + "-p%03d.pdf"], check=True)
    kept = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        words = " ".join(text.split())
        if words and not (words.startswith("Last reviewed") and len(words) < 90):
            kept.append(str(pdf.with_suffix("")) + f"-p{number:03d}.pdf")
    return kept


def plan_meta(path: Path) -> dict:
    return coursedata.split_front_matter(path.read_text(encoding="utf-8"))[0]


def built(site: Path, source: str) -> Path:
    return site / source.replace(".md", ".html")


def article(site: Path, source: str) -> str:
    text = built(site, source).read_text(encoding="utf-8")
    start = text.index('<article class="md-content__inner')
    end = text.index("</article>", start) + len("</article>")
    # Addresses in the page are relative to the page; the deck lives at the site's root.
    prefix = Path(source).parent.as_posix()
    return (text[start:end]
            .replace('src="../', f'src="{prefix}/../').replace('src="./', f'src="{prefix}/'))


def deck_html(site: Path, plan: Path, trainer: bool) -> str:
    meta = plan_meta(plan)
    session = meta["session"]
    head = (site / "index.html").read_text(encoding="utf-8")
    links = "\n".join(line for line in head.splitlines() if 'rel="stylesheet"' in line)
    parts = [f'<section class="md-typeset deck-slide deck-title"><h1>{html.escape(meta["title"])}</h1>'
             f'<p>{session["length"]} minutes. For: {html.escape(str(session.get("for", "")))}.</p>'
             f'<p>If you are worried about a child: tell your DSL today. In an emergency, call 999.</p></section>']
    clock = 0
    for number, activity in enumerate(session["activities"], start=1):
        start, clock = clock, clock + int(activity["minutes"])
        body = f'<h1>{number}. {html.escape(activity["activity"])}</h1>'
        if activity.get("prompts"):
            body += "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in activity["prompts"]) + "</ul>"
        parts.append(f'<section class="md-typeset deck-slide deck-activity">{body}</section>')
        if trainer:
            notes = (f'<h2>Trainer: {number}. {html.escape(activity["activity"])}</h2>'
                     f'<p><span class="deck-note-label">Time:</span> {start} to {clock} minutes ({activity["minutes"]} min)</p>'
                     f'<p><span class="deck-note-label">Purpose:</span> {html.escape(activity["purpose"])}</p>'
                     f'<p><span class="deck-note-label">Materials:</span> {html.escape(activity["materials"])}</p>'
                     f'<p><span class="deck-note-label">On a video call:</span> {html.escape(activity.get("remote", ""))}</p>')
            parts.append(f'<section class="md-typeset deck-slide deck-notes">{notes}</section>')
        for source in activity.get("pages") or []:
            title = html.escape(str(coursedata.split_front_matter((ROOT / "docs" / source).read_text(encoding="utf-8"))[0].get("title", source)))
            parts.append(f'<template class="deck-page" data-label="{number}. {html.escape(activity["activity"])}: {title}">'
                         f'{article(site, source)}</template>')
    return (f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(meta["title"])}</title>'
            f'{links}<style>{DECK_CSS}</style></head><body><div id="deck">{"".join(parts)}</div></body></html>')


def print_material(page, site: Path, sources: list[Path], out: Path, work: Path) -> Path:
    """Materials pages printed on A4 as the browser prints them, joined, without empty sheets."""
    parts = []
    for number, source in enumerate(sources):
        page.goto(built(site, source.relative_to(ROOT / "docs").as_posix()).as_uri() + "?print=learner")
        page.wait_for_load_state("load")
        part = work / f"{out.stem}-{number:02d}.pdf"
        page.pdf(path=str(part), prefer_css_page_size=True, print_background=True)
        parts.append(str(part))
    pages = [page_pdf for part in parts for page_pdf in printed_pages(Path(part))]
    if len(pages) > 1:
        subprocess.run(["pdfunite", *pages, str(out)], check=True, stderr=subprocess.DEVNULL)
    else:
        shutil.copy(pages[0], out)
    return out


def make_deck(page, site: Path, plan: Path, trainer: bool, out_dir: Path, work: Path) -> tuple[Path, list[str]]:
    """One plan's deck (the room's, or the trainer's copy with the plan's materials) as a PDF in
    out_dir; returns the PDF and the problems found (slides cut off, headings left alone)."""
    name = plan.stem + ("-trainer" if trainer else "")
    session = plan_meta(plan)["session"]
    deck = site / f"_deck-{name}.html"
    deck.write_text(deck_html(site, plan, trainer), encoding="utf-8")
    page.goto(deck.as_uri())
    page.wait_for_load_state("load")
    result = page.evaluate(DECK_JS, [trainer, LEAST_PX, session.get("dsl_sections", True)])
    where = plan.relative_to(ROOT) if plan.is_relative_to(ROOT) else plan
    problems = [f"{where} ({name}): a slide is cut off: {problem}" for problem in result["problems"]]
    problems += [f"{where} ({name}): a heading is left alone at the foot of a slide: {orphan}"
                 for orphan in page.evaluate(ORPHANS_JS)]
    slides_pdf = work / f"{name}-slides.pdf"
    page.pdf(path=str(slides_pdf), width=f"{WIDTH}px", height=f"{HEIGHT}px", print_background=True)
    deck.unlink()
    out = out_dir / f"{name}.pdf"
    if trainer and session.get("materials"):
        pack = print_material(page, site, [ROOT / "docs" / "trainer" / "materials" / f"{i}.md" for i in session["materials"]],
                              work / f"{name}-materials.pdf", work)
        subprocess.run(["pdfunite", str(slides_pdf), str(pack), str(out)], check=True, stderr=subprocess.DEVNULL)
    else:
        shutil.copy(slides_pdf, out)
    return out, problems


def main() -> int:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "pdf").resolve() / "slides"
    if not shutil.which("pdfunite"):
        sys.exit("make pdf needs pdfunite: apt-get install poppler-utils")
    work = Path(tempfile.mkdtemp(prefix="course-slides-"))
    site = build_offline(work / "site")
    out_dir.mkdir(parents=True, exist_ok=True)
    plans = sorted((ROOT / "docs" / "trainer" / "plans").glob("*.md"))
    # The materials in the order the materials page lists them, that page first.
    folder = ROOT / "docs" / "trainer" / "materials"
    listed = re.findall(r"\]\(([\w-]+)\.md\)", (folder / "index.md").read_text(encoding="utf-8"))
    materials = [folder / "index.md"] + [folder / f"{name}.md" for name in dict.fromkeys(listed)]
    made, failures = [], []

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(work / "profile"), executable_path=CHROMIUM, args=FLAGS, headless=True,  # removed with work
            viewport={"width": WIDTH, "height": HEIGHT})
        page = browser.new_page()
        for plan in plans:
            for trainer in (False, True):
                out, problems = make_deck(page, site, plan, trainer, out_dir, work)
                made.append(out)
                failures += problems
        made.append(print_material(page, site, materials, out_dir / "session-materials.pdf", work))
        browser.close()
    for pdf in made:
        print(pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf)
    shutil.rmtree(work, ignore_errors=True)
    failures += [f"build/pdf/slides/{problem}" for problem in pdf_check(made, (), near=False)]
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
