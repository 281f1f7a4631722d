"""make pdf: printable editions of the course, from the offline build, with Debian's chromium.

  build/pdf/learner-workbook.pdf    every module; quizzes as worksheets; no answers
  build/pdf/trainer-edition.pdf     every module and the trainer section; answers marked,
                                    explanations, model answers and facilitator notes shown
  build/pdf/handout-<module>.pdf    one module, as in the workbook
  build/pdf/card-<nation>.pdf       the quick reference card for each UK nation, one A4 page

A build tool run by the Makefile, not an MkDocs hook. Pages are printed one by one through the
course's own print styles (course.css, print.js ?print=learner|trainer) and joined with
pdfunite (Debian package poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import coursedata  # noqa: E402  (the course's data files, shared with the build hook)
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]



def nav_sections() -> dict[str, list[str]]:
    """Top-level nav sections and their pages, in reading order."""
    nav = coursedata.load_mkdocs_config()["nav"]
    sections = {}
    for entry in nav:
        for title, value in entry.items():
            if isinstance(value, list):
                sections[title] = [next(iter(v.values())) if isinstance(v, dict) else v for v in value]
    return sections


# The printable height of an A4 page with course.css's 15 mm margins, in CSS pixels.
A4_PRINTABLE_PX = (297 - 30) * 96 / 25.4


class DoesNotFit(Exception):
    pass


def print_pages(site: Path, pages: list[str], mode: str, out: Path, work: Path, one_page: bool = False,
                context=None) -> Path:
    """Print pages of the offline build into one PDF. Pass a Playwright browser context to reuse
    one (the tests do); otherwise a chromium is started for the call."""
    if context is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="pdf-"), executable_path=CHROMIUM, args=FLAGS, headless=True)
            try:
                return print_pages(site, pages, mode, out, work, one_page, own)
            finally:
                own.close()
    parts = []
    page = context.new_page()
    for number, md in enumerate(pages):
        html = site / md.replace(".md", ".html")
        page.goto(html.as_uri() + f"?print={mode}")
        page.wait_for_load_state("load")
        part = work / f"{out.stem}-{number:03d}.pdf"
        if one_page:
            # A card must fit one sheet: measure it as printed, then print that sheet only
            # (the theme's page wrapper would otherwise add an empty second one).
            page.emulate_media(media="print")
            bottom = page.evaluate("document.querySelector('.course-card').getBoundingClientRect().bottom + scrollY")
            page.emulate_media(media="null")  # back to normal: page.pdf() then prints with print styles
            if bottom > A4_PRINTABLE_PX:
                raise DoesNotFit(f"{md}: the card is {bottom:.0f}px tall; one A4 page holds {A4_PRINTABLE_PX:.0f}px")
        page.pdf(path=str(part), prefer_css_page_size=True, print_background=True,
                 page_ranges="1" if one_page else "")
        parts.append(str(part))
    page.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    if len(parts) == 1:
        shutil.copy(parts[0], out)
    else:
        subprocess.run(["pdfunite", *parts, str(out)], check=True)
    return out


def main() -> int:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "pdf").resolve()
    if not shutil.which("pdfunite"):
        sys.exit("make pdf needs pdfunite: apt-get install poppler-utils")
    work = Path(tempfile.mkdtemp(prefix="course-pdf-"))
    site = work / "site"
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE_ZIP", None)
    subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)

    sections = nav_sections()
    modules = {title: pages for title, pages in sections.items() if title.startswith("Module")}
    trainer = next((pages for title, pages in sections.items() if "trainer" in title.lower()), [])
    cards = next((pages for title, pages in sections.items() if "card" in title.lower()), [])
    all_module_pages = [p for pages in modules.values() for p in pages]

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="pdf-"), executable_path=CHROMIUM, args=FLAGS, headless=True)

        def make(pages, mode, name, one_page=False):
            return print_pages(site, pages, mode, out_dir / name, work, one_page, browser)

        made = [make(all_module_pages, "learner", "learner-workbook.pdf"),
                make(all_module_pages + trainer, "trainer", "trainer-edition.pdf")]
        for pages in modules.values():
            made.append(make(pages, "learner", f"handout-{pages[0].split('/')[1]}.pdf"))
        for page in cards:
            if not page.endswith("index.md"):
                made.append(make([page], "learner", f"card-{Path(page).stem}.pdf", one_page=True))
        browser.close()
    for pdf in made:
        print(f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
