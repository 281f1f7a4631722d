"""The USB pack, unzipped and opened from file:// in Debian's chromium: pages, navigation,
search and a quiz all work, and nothing is requested from any other host."""

from __future__ import annotations

import zipfile

import pytest

from browserchecks import CLEAN_START_JS
from conftest import bank_choice, guarded_tab, world_readable_dir


@pytest.fixture(scope="module")
def unzipped(offline_pack):
    _, archive = offline_pack
    target = world_readable_dir("course-usb-")
    with zipfile.ZipFile(archive) as pack:
        pack.extractall(target)
    return target / offline_pack[0].name


@pytest.fixture
def page(browser):
    """A tab that lets file:, data: and blob: through and blocks and records everything else."""
    tab = guarded_tab(browser, ("file:",))
    # Chromium gives every file:// page one storage origin, and the profile is shared by all the
    # tests on this worker: a quiz another test answered from file:// would come back answered.
    tab.add_init_script(CLEAN_START_JS)
    yield tab
    tab.close()


def test_pages_and_navigation_work_from_file(unzipped, page):
    page.goto((unzipped / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("Safeguarding course for designated")
    page.get_by_role("link", name="Start here").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("start-here.html"), f"index.html: 'Start here' went to {page.url}"
    assert page.title().startswith("Start here")
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"
    assert page.errors == [], f"console errors: {page.errors}"


def test_search_works_from_file(unzipped, page):
    page.goto((unzipped / "start-here.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material's search listens for key presses, so type rather than fill the box.
    page.locator(".md-search__input").press_sequentially("Samaritans", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1, "search from file:// returned nothing for 'Samaritans'"
    assert "Start here" in page.locator(".md-search-result").inner_text()
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"


def test_a_quiz_works_from_file(unzipped, page):
    index, wrong_option, wrong_feedback, right_option, right_feedback = bank_choice("start-here")
    page.goto((unzipped / "start-here.html").as_uri())
    quiz = page.locator(f"#quiz-{index}")
    quiz.locator("label", has_text=wrong_option).click()
    quiz.get_by_role("button", name="Submit").click()
    wrong = quiz.locator(".quiz-feedback-item.incorrect")
    assert wrong.count() == 1, "start-here.html: a wrong answer showed no 'incorrect' feedback"
    assert wrong_feedback in " ".join(wrong.inner_text().split())
    assert not quiz.locator("section.content").is_visible(), "start-here.html: a wrong try showed the explanation"
    quiz.get_by_role("button", name="Show the answer").click()
    assert quiz.locator("section.content").is_visible(), "start-here.html: 'Show the answer' did not show the explanation"
    quiz.get_by_role("button", name="Try again").click()
    quiz.locator("label", has_text=right_option).click()
    quiz.get_by_role("button", name="Submit").click()
    right = quiz.locator(".quiz-feedback-item.correct")
    assert right.count() == 1, "start-here.html: the right answer showed no 'correct' feedback"
    assert right_feedback in " ".join(right.inner_text().split())
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"


# The pack's pages in four parts, so that the test workers share them: every page is in one part.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_of_the_pack_loads_from_file_with_no_other_host(unzipped, page, part):
    problems = []
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 100, f"only {len(pages)} pages in the unzipped pack"
    for html in pages[part::PARTS]:
        page.blocked.clear()
        page.errors.clear()
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        for url in page.blocked:
            problems.append(f"{html.relative_to(unzipped)}: request to another host: {url}")
        for error in page.errors:
            problems.append(f"{html.relative_to(unzipped)}: console error: {error}")
    assert not problems, "\n".join(problems)
