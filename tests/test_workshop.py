"""Trainer view, presenter mode, the record of study and saved answers that survive a reordered
bank or a moved USB stick, in Debian's chromium."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT, bank_choice, fresh_goto, guarded_tab, world_readable_dir
from course.checks import quizlint
from test_presenter import AT_SLIDE_END

MODULE_PAGE = "/modules/grooming/"
QUIZ_PAGE = "/modules/grooming/check-your-understanding/"


@pytest.fixture
def tab(browser):
    page = guarded_tab(browser, ("http://127.0.0.1", "file:"))
    yield page
    page.close()


def test_trainer_view_shows_facilitator_notes_and_is_remembered(server, tab):
    fresh_goto(tab, server + MODULE_PAGE)
    notes = tab.locator("details.facilitator").first
    toggle = tab.locator("#course-trainer-toggle")
    assert not notes.is_visible(), "docs/modules/grooming/index.md: facilitator notes show in the learner view"
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert notes.is_visible(), "facilitator notes stay hidden in the trainer view"
    assert "Trainer view" in tab.locator("#course-view-banner").inner_text(), "no banner says the trainer view is on"
    tab.reload()
    assert tab.locator("#course-trainer-toggle").get_attribute("aria-pressed") == "true", "the trainer view was not remembered"
    assert tab.locator("details.facilitator").first.is_visible()
    tab.locator("#course-trainer-toggle").click()
    assert not tab.locator("details.facilitator").first.is_visible()
    assert tab.locator("#course-view-banner").count() == 0
    assert tab.blocked == [] and tab.errors == []


def test_presenter_mode_moves_one_section_at_a_time_and_hides_notes(server, tab):
    # A screen tall enough for each section of the overview, so a key moves a whole slide;
    # scrolling within a tall slide is tests/test_presenter.py's business.
    tab.set_viewport_size({"width": 1280, "height": 4000})
    fresh_goto(tab, server + MODULE_PAGE)
    tab.locator("#course-trainer-toggle").click()  # even a trainer's notes must not reach the screen
    tab.goto(server + MODULE_PAGE + "?present")
    counter = tab.locator("#course-present-counter")
    total = int(counter.inner_text().split("/")[1])
    assert counter.inner_text() == f"1 / {total}" and total > 2
    assert tab.locator("h1").first.is_visible() and not tab.locator("h2").first.is_visible()
    for key, expected in [("PageDown", 2), ("ArrowRight", 3), ("PageUp", 2), ("ArrowLeft", 1), ("ArrowDown", 2)]:
        tab.keyboard.press(key)
        assert counter.inner_text() == f"{expected} / {total}", f"{key} did not move to section {expected}"
    for _ in range(4 * total):
        assert tab.locator("details.facilitator:visible").count() == 0, "a facilitator note reached the projected screen"
        if counter.inner_text() == f"{total} / {total}":
            break
        tab.locator(".course-present-bar button", has_text="Next").click()
    assert not tab.locator(".md-sidebar--primary").is_visible(), "the navigation shows in presenter mode"
    tab.keyboard.press("Escape")
    assert tab.locator("#course-present-counter").count() == 0 and tab.locator("h2").first.is_visible()


def test_arrow_keys_in_a_quiz_do_not_change_slides(server, tab):
    fresh_goto(tab, server + "/start-here/?present")
    counter = tab.locator("#course-present-counter")
    while not tab.locator("#quiz-0").is_visible():
        tab.keyboard.press("PageDown")
    before = counter.inner_text()
    tab.locator("#quiz-0-0").focus()
    tab.keyboard.press("ArrowDown")
    assert counter.inner_text() == before, "an arrow key in a quiz changed the slide"
    assert tab.locator("#quiz-0 .quiz-feedback-item").count() == 0, "an arrow key submitted the quiz"


def test_record_of_study_shows_progress_prints_a_name_and_clears(server, tab):
    fresh_goto(tab, server + QUIZ_PAGE)
    quiz = tab.locator("#quiz-0")
    for right in quiz.locator("input[data-correct]").all():
        quiz.locator(f'label[for="{right.get_attribute("id")}"]').click()
    quiz.locator('button[type="submit"]').click()
    tab.goto(server + "/record/")
    tab.fill("#course-record-name", "Alex Example")
    table = tab.locator("#course-record-table").inner_text()
    answered = f"1 of {len(quizlint.lint_bank(ROOT / 'quizzes' / 'grooming.md')[0])}"
    assert answered in table, f"docs/record.md: the record does not show the answered question:\n{table}"
    assert "Alex Example" in tab.locator("#course-record-heading").inner_text()
    assert "self-declared" in tab.locator("#course-record").inner_text()
    tab.once("dialog", lambda dialog: dialog.accept())
    tab.locator("#course-record-clear").click()
    assert answered not in tab.locator("#course-record-table").inner_text()
    keys = tab.evaluate("Object.keys(localStorage)")
    assert not [k for k in keys if k.startswith(("quiz_progress_", "course_"))], f"Clear my data left {keys}"


def test_saved_answers_follow_their_questions_when_a_bank_is_reordered(server, tab):
    fresh_goto(tab, server + "/start-here/")
    order = json.loads(tab.evaluate("localStorage.getItem('course_quiz_order:start-here')"))
    assert len(order) == tab.locator("div.quiz").count(), "course-early.js did not record the question order"
    # As if the answers had been saved when the first two questions were the other way round.
    swapped = [order[1], order[0], *order[2:]]
    tab.evaluate(
        "([key, swapped]) => { localStorage.setItem('course_quiz_order:start-here', JSON.stringify(swapped));"
        " localStorage.setItem(key, JSON.stringify({'quiz-0': {answered: true, correct: true, selectedValues: []}})); }",
        ["quiz_progress_" + tab.evaluate("location.pathname"), swapped],
    )
    tab.reload()
    saved = json.loads(tab.evaluate("localStorage.getItem('quiz_progress_' + location.pathname)"))
    assert list(saved) == ["quiz-1"], f"the saved answer did not move with its question: {saved}"


def test_a_moved_usb_copy_keeps_its_answers(offline_pack, tab):
    folder = offline_pack[0]
    first, second = world_readable_dir("usb-e-"), world_readable_dir("usb-f-")
    shutil.copytree(folder, first / "course")
    shutil.copytree(folder, second / "course")
    tab.goto((first / "course" / "start-here.html").as_uri())
    tab.evaluate("localStorage.clear()")
    tab.reload()
    index, _, _, right_option, _ = bank_choice("start-here")
    quiz = tab.locator(f"#quiz-{index}")
    quiz.locator("label", has_text=right_option).click()
    quiz.locator('button[type="submit"]').click()
    tab.goto((second / "course" / "start-here.html").as_uri())
    assert tab.locator(f"#quiz-{index} .quiz-feedback-item.correct").count() == 1, "answers were lost when the pack moved"
    assert tab.blocked == []


def test_trainer_view_and_presenter_mode_work_from_the_usb_pack(offline_pack, tab):
    page = offline_pack[0] / "modules" / "grooming" / "index.html"
    tab.set_viewport_size({"width": 1280, "height": 4000})  # one key, one slide (see above)
    tab.goto(page.as_uri())
    tab.evaluate("localStorage.clear()")
    tab.reload()
    assert not tab.locator("details.facilitator").first.is_visible()
    tab.locator("#course-trainer-toggle").click()
    assert tab.locator("details.facilitator").first.is_visible(), "trainer view does not work from file://"
    tab.goto(page.as_uri() + "?present")
    assert tab.locator("#course-present-counter").inner_text().startswith("1 / "), "presenter mode does not start from file://"
    tab.keyboard.press("PageDown")
    assert tab.locator("#course-present-counter").inner_text().startswith("2 / ")
    assert tab.locator("details.facilitator:visible").count() == 0
    for _ in range(40):  # presenting flows on to the next page from file:// too
        shown, total = tab.locator("#course-present-counter").inner_text().split(" / ")
        if shown == total and tab.evaluate(AT_SLIDE_END):
            break
        tab.keyboard.press("PageDown")
    with tab.expect_navigation():
        tab.keyboard.press("PageDown")
    assert "what-grooming-is.html" in tab.url, "presenting did not flow to the next page from file://"
    assert tab.locator("#course-present-counter").inner_text().startswith("1 / ")
    tab.keyboard.press("Escape")
    assert tab.blocked == [] and tab.errors == []


def test_a_nation_chosen_once_is_followed_on_every_page(server, tab):
    fresh_goto(tab, server + "/start-here/")
    tab.locator(".tabbed-labels label", has_text="Wales").first.click()
    tab.goto(server + "/reporting-routes/")
    checked = tab.locator(".tabbed-set input:checked + label, .tabbed-labels label").evaluate_all(
        "labels => labels.filter(l => document.getElementById(l.htmlFor) && document.getElementById(l.htmlFor).checked).map(l => l.textContent.trim())")
    assert checked and all(label == "Wales" for label in checked), f"docs/reporting-routes/index.md opened on {checked}, not Wales"


def test_confidence_check_is_kept_in_this_browser_only(server, tab):
    fresh_goto(tab, server + "/trainer/materials/confidence-check/")
    statements = tab.locator(".course-confidence tbody tr").count()
    assert 5 <= statements <= 8, f"docs/trainer/materials/confidence-check.md: {statements} statements, not 5 to 8"
    for number in range(1, statements + 1):
        tab.locator(f'input[name="course-confidence-{number}"][value="2"]').check()
    tab.locator(".course-confidence-form button[type=submit]").click()
    tab.locator('input[name="course-when"][value="after"]').check()
    for number in range(1, statements + 1):
        tab.locator(f'input[name="course-confidence-{number}"][value="4"]').check()
    tab.locator(".course-confidence-form button[type=submit]").click()
    saved = json.loads(tab.evaluate("localStorage.getItem('course_confidence')"))
    assert saved["before"]["1"] == 2 and saved["after"][str(statements)] == 4, saved
    assert len(saved["date_before"]) == 10 and saved["date_after"] == saved["date_before"]
    assert "+2" in tab.locator(".course-confidence-result").inner_text(), "the change is not shown"
    assert tab.blocked == [] and tab.errors == []
