"""The record of study, as a learner prints it: one A4 page, named and dated, with the course's
name, listing only what the learner did (pages read, self-checks, capstone cases finished, the
yearly update, the confidence check), and readable on a phone. Also the ready-made PDFs that a
release build links from the cards page."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

import coursechecks
from conftest import QuietHandler, ROOT, project_copy
from test_print import plant_capstone_and_yearly_update

from course import coursedata
from course.checks import quizlint

SITE_NAME = coursedata.load_mkdocs_config()["site_name"]
TODAY = dt.date.today().strftime("%-d %B %Y")


def printed_text(page) -> str:
    """What the page prints: its text with print styles applied."""
    page.emulate_media(media="print")
    text = page.evaluate("document.body.innerText")
    page.emulate_media(media="null")  # back to normal: page.pdf() prints with print styles
    return " ".join(text.split())


def pages_printed(page, tmp_path: Path) -> int:
    if not shutil.which("pdfinfo"):
        pytest.fail("pdfinfo not installed: run `apt-get install poppler-utils` (.ci/run does)")
    page.pdf(path=str(tmp_path / "record.pdf"), format="A4", prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(tmp_path / "record.pdf")], capture_output=True, text=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture()
def tab(browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    yield page
    page.close()


def test_printed_record_is_one_named_dated_page_of_what_was_done(server, tab, tmp_path):
    tab.goto(server + "/")
    tab.evaluate("localStorage.clear()")
    for path in ("/modules/grooming/", "/modules/grooming/what-grooming-is/"):
        tab.goto(server + path)
    tab.evaluate("""() => {
        localStorage.setItem('quiz_progress_/modules/grooming/check-your-understanding/', JSON.stringify(
          {'quiz-0': {answered: true, correct: true}, 'quiz-1': {answered: true, correct: false}}));
        localStorage.setItem('course_confidence', JSON.stringify({before: {'1': 2, '2': 3}, after: {'1': 4, '2': 5},
          date_before: '2026-11-02', date_after: '2026-11-30'}));
    }""")
    tab.goto(server + "/record/")
    tab.fill("#course-record-name", "Alex Example")
    text = printed_text(tab)
    module = ROOT / "docs" / "modules" / "grooming"
    pages = len(list(module.glob("*.md")))
    questions = len(quizlint.lint_bank(ROOT / "quizzes" / "grooming.md")[0])
    minutes = sum(int(coursedata.split_front_matter((module / name).read_text(encoding="utf-8"))[0]["minutes"])
                  for name in ("index.md", "what-grooming-is.md", "check-your-understanding.md"))  # a self-check answered counts as read
    for needed in ("Alex Example", SITE_NAME, TODAY, "Module 1: Grooming", f"2 of {pages}",
                   f"answered 2 of {questions}, 1 correct", f"{minutes} minutes", "before the course 2.5",
                   "after it 4.5", "change +2.0", "self-declared"):
        assert needed in text, f"docs/assets/javascripts/record.js: the printed record lacks {needed!r}:\n{text}"
    for absent in ("Module 2", "Module 3", "Notional hours", "Grooming: recognising", "Good to know",
                   "Your name, as it should appear", "Print or save", "This page shows", "Capstone cases"):
        assert absent not in text, f"docs/assets/javascripts/record.js: the printed record shows {absent!r}:\n{text}"
    assert pages_printed(tab, tmp_path) == 1, "docs/record.md: the record prints on more than one A4 page"
    # On a phone every column of the record stays on screen.
    tab.set_viewport_size({"width": 390, "height": 800})
    overflow = tab.evaluate("""() => [...document.querySelectorAll('#course-record td, #course-record th, #course-record p')]
        .filter(e => e.offsetParent && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.textContent.slice(0, 40))""")
    assert not overflow, f"docs/assets/stylesheets/course.css: at 390 px the record cuts off {overflow}"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "the record page scrolls sideways at 390 px"


@pytest.mark.parametrize("before, after, shown", [({"1": 4, "2": 4}, {"1": 3, "2": 4}, "change −0.5"),
                                                 ({"1": 3}, {"1": 3}, "no change"),
                                                 ({"1": 2, "2": 3, "3": 2}, None, None)])
def test_record_shows_how_confidence_changed(server, tab, tmp_path, before, after, shown):
    """The record shows the change between the before and after averages, signed, and claims no
    change when only one of them was rated."""
    tab.goto(server + "/record/")
    saved = {"before": before, "date_before": "2026-11-02"}
    if after:
        saved.update(after=after, date_after="2026-11-30")
    tab.evaluate("saved => { localStorage.clear(); localStorage.setItem('course_confidence', JSON.stringify(saved)); }", saved)
    tab.reload()
    text = printed_text(tab)
    if shown:
        assert shown in text, f"docs/assets/javascripts/record.js: the printed record lacks {shown!r}:\n{text}"
    else:
        assert "before the course 2.3" in text and "change" not in text and "after it" not in text, \
            f"docs/assets/javascripts/record.js: with no 'after' ratings the record claims a change:\n{text}"
    assert pages_printed(tab, tmp_path) == 1, "docs/record.md: the record prints on more than one A4 page"


def test_an_empty_record_claims_nothing(server, tab):
    tab.goto(server + "/record/")
    tab.evaluate("localStorage.clear()")
    tab.reload()
    text = printed_text(tab)
    assert "No study is recorded" in text and "Module 1" not in text and "minutes" not in text, text
    assert "Name: ____" in text, "an unnamed record leaves no line for the learner's name"


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """A copy of the course with a capstone case and a yearly update page, built and served."""
    tmp = tmp_path_factory.mktemp("record-planted")
    copy = project_copy(tmp)
    plant_capstone_and_yearly_update(copy)
    result = coursechecks.build(copy, tmp / "site")
    assert result.returncode == 0, result.stderr
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", tmp / "site"
    httpd.shutdown()


def test_a_capstone_case_counts_only_when_played_through_its_decisions(planted_site, tab):
    """The short way (the start, then straight to an ending) finishes nothing; the long way,
    choosing at each page, finishes the case. The planted case links index -> choice -> result ->
    end, as a real case does."""
    server, site = planted_site
    meta = (site / "capstone" / "planted" / "end" / "index.html").read_text(encoding="utf-8")
    assert 'data-case="planted" data-step="ending" data-outcome="good"' in meta, "overrides/main.html: no capstone meta tag"
    tab.goto(server + "/record/")
    tab.evaluate("localStorage.clear()")
    tab.goto(server + "/capstone/planted/")
    tab.goto(server + "/capstone/planted/end/")
    tab.goto(server + "/record/")
    text = printed_text(tab)
    assert "Capstone cases finished" not in text and "planted case" not in text, (
        "docs/assets/javascripts/record.js: a case opened at its start and then at an ending, with no decision, "
        f"is listed as finished:\n{text}")
    tab.goto(server + "/capstone/planted/")
    for label in ("Go to the choice", "The one choice", "Continue"):
        with tab.expect_navigation():
            tab.get_by_role("link", name=label).click()
    tab.goto(server + "/record/")
    text = printed_text(tab)
    assert "Capstone cases finished" in text and "Capstone: the planted case" in text, (
        f"docs/assets/javascripts/record.js: a case played from its start through its decision to an ending "
        f"is not listed:\n{text}")


def test_record_lists_finished_capstone_cases_and_the_yearly_update(planted_site, tab):
    server, site = planted_site
    tab.goto(server + "/record/")
    tab.evaluate("localStorage.clear()")
    for page in ("", "choice/", "result/", "end/"):
        tab.goto(server + "/capstone/planted/" + page)
    tab.goto(server + "/yearly-update/")
    tab.evaluate("""() => localStorage.setItem('quiz_progress_/yearly-update/', JSON.stringify(
        {'quiz-0': {answered: true, correct: true}}))""")
    tab.goto(server + "/record/")
    text = printed_text(tab)
    assert "Capstone cases finished" in text and "Capstone: the planted case" in text, \
        f"docs/assets/javascripts/record.js: the finished capstone case is not listed:\n{text}"
    questions = len(quizlint.lint_bank(ROOT / "quizzes" / "grooming.md")[0])  # the planted bank
    assert "Yearly update 2026" in text and f"answered 1 of {questions}" in text, \
        f"docs/assets/javascripts/record.js: the yearly update's self-check is not counted:\n{text}"
    assert "Module 1" not in text, "the record lists a module the learner never opened"


# Ready-made PDFs ---------------------------------------------------------------------------------

def test_without_pdfs_the_cards_page_says_what_to_do_and_links_none(offline_pack):
    html = (offline_pack[0] / "cards" / "index.html").read_text(encoding="utf-8")
    assert "no ready-made PDF files" in html and "downloads/" not in html, "docs/cards/index.md: links PDFs the build lacks"
    assert "make pdf" not in html, "docs/cards/index.md: tells a DSL to run make pdf"


def test_a_release_build_publishes_the_pdfs_and_links_them(tmp_path, monkeypatch):
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    for name in ("card-england.pdf", "learner-workbook.pdf"):
        shutil.copy(ROOT / "docs" / "assets" / "images" / "favicon.svg", pdfs / name)  # any file will do
    monkeypatch.setenv("COURSE_DOWNLOADS", str(pdfs))
    folder, archive = tmp_path / "offline" / "safeguarding-course", tmp_path / "pack.zip"
    result = coursechecks.build(ROOT, folder, offline=True, zip_path=archive)
    assert result.returncode == 0, result.stderr
    html = (folder / "cards" / "index.html").read_text(encoding="utf-8")
    for name in ("card-england.pdf", "learner-workbook.pdf"):
        assert f'href="../downloads/{name}"' in html, f"docs/cards/index.md: the release build does not link {name}"
        assert (folder / "downloads" / name).is_file(), f"the release build's USB pack lacks downloads/{name}"
        assert f"safeguarding-course/downloads/{name}" in zipfile.ZipFile(archive).namelist(), f"the zip lacks {name}"
    assert "no ready-made PDF files" not in html
