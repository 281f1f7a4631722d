"""Every page of the web build in Debian's chromium: no request to another host, no CSP
violation, no console error, no axe violation before or after answering its quizzes, and every
quiz answerable, retryable and remembered after a reload. Then the keyboard-only path."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, fresh_goto, guarded_tab
import coursechecks
import coursedata

DOCS = ROOT / "docs"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = [p for p in coursedata.course_pages(DOCS)]


@pytest.fixture
def tab(browser):
    """A tab that blocks and records requests to any host but 127.0.0.1, and records CSP
    violations and console errors."""
    page = guarded_tab(browser, ("http://127.0.0.1",))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    yield page
    page.close()


def axe_problems(page, when: str) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [
        f"axe {when}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def answer_every_quiz(page) -> list[str]:
    """Wrong answer first (incorrect feedback and the explanation, then 'Try again'), then the
    right one (correct feedback). Returns what went wrong."""
    problems = []
    for quiz in page.locator("div.quiz").all():
        qid = quiz.get_attribute("id")
        submit = quiz.locator('button[type="submit"]')
        blanks = quiz.locator(".quiz-blank-input")
        wrong = quiz.locator('input[name="answer"]:not([data-correct])')

        # A wrong answer: a blank filled wrongly, or the first wrong option.
        if blanks.count() or wrong.count():
            if blanks.count():
                for blank in blanks.all():
                    blank.fill("no such answer")
            else:
                quiz.locator(f'label[for="{wrong.first.get_attribute("id")}"]').click()
            submit.click()
            if quiz.locator(".quiz-feedback-item.incorrect").count() != 1:
                problems.append(f"{qid}: a wrong answer showed no incorrect feedback")
            if not quiz.locator("section.content").is_visible():
                problems.append(f"{qid}: the explanation did not appear after a wrong answer")
            quiz.locator(".quiz-reset-button").click()
            if quiz.locator('input[name="answer"]').evaluate_all("els => els.some(e => e.checked)"):
                problems.append(f"{qid}: 'Try again' did not clear the answer")

        # The right answer.
        for blank in blanks.all():
            blank.fill(blank.get_attribute("data-answer"))
        for right in quiz.locator('input[name="answer"][data-correct]').all():
            quiz.locator(f'label[for="{right.get_attribute("id")}"]').click()
        submit.click()
        if quiz.locator(".quiz-feedback-item.correct").count() < 1 or quiz.locator(".quiz-feedback-item.incorrect").count():
            problems.append(f"{qid}: the right answer did not show correct feedback")
    return problems


@pytest.mark.parametrize("page_md", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_in_the_browser(page_md, server, tab):
    name = page_md.relative_to(ROOT)
    fresh_goto(tab, server + coursechecks.url_path(page_md))
    problems = axe_problems(tab, "on load")
    quizzes = tab.locator("div.quiz").count()
    if quizzes:
        problems += answer_every_quiz(tab)
        problems += axe_problems(tab, "after answering")
        tab.reload()
        tab.wait_for_load_state("load")
        remembered = tab.locator("div.quiz:has(.quiz-feedback-item.correct)").count()
        if remembered != quizzes:
            problems.append(f"after a reload {remembered} of {quizzes} answers were remembered")
        doubled = tab.locator("div.quiz").evaluate_all(
            "qs => qs.filter(q => q.querySelectorAll('.quiz-reset-button').length !== 1).map(q => q.id)")
        if doubled:
            problems.append(f"quizzes set up twice (duplicate 'Try again' buttons): {doubled}")
    problems += [f"request to another host: {u}" for u in tab.blocked]
    problems += [f"CSP violation: {v}" for v in tab.evaluate("window.__csp")]
    problems += [f"console error: {e}" for e in tab.errors]
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


# Keyboard only ------------------------------------------------------------------------------

KEYBOARD_PAGE = DOCS / "start-here.md"


def has_visible_focus(page) -> bool:
    return page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    }""")


def test_a_quiz_can_be_answered_with_the_keyboard_alone(server, tab):
    fresh_goto(tab, server + coursechecks.url_path(KEYBOARD_PAGE))
    quiz = tab.locator("#quiz-0")
    # Reach the first option by Tab from the quiz's own heading link, as a keyboard user would.
    quiz.locator(".quiz-header-link").focus()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "quiz-0-0", "Tab from the quiz link did not reach its first option"
    assert has_visible_focus(tab), "start-here.md: the focused quiz option shows no focus indicator"

    tab.keyboard.press("Enter")  # nothing chosen yet
    assert quiz.locator(".quiz-feedback-item").count() == 0, "Enter on an empty radio group scored an empty answer"
    assert quiz.get_by_role("alert").inner_text() == "Choose an answer first."

    tab.keyboard.press("ArrowDown")  # moves the choice to option 2
    tab.keyboard.press("ArrowDown")  # and to option 3
    assert quiz.locator(".quiz-feedback-item").count() == 0, "an arrow key submitted the quiz"
    tab.keyboard.press("ArrowUp")  # back to option 2, the right answer
    assert tab.evaluate("document.activeElement.id") == "quiz-0-1"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Submit"
    assert has_visible_focus(tab), "start-here.md: the focused Submit button shows no focus indicator"
    tab.keyboard.press("Enter")
    assert quiz.locator(".quiz-feedback-item.correct").count() == 1, "Enter on Submit did not score the answer"
    # In the accessibility tree the feedback is a live region (role status) holding the text, and
    # focus has moved into it, so a screen reader reads it either way.
    tree = quiz.locator(".quiz-feedback").aria_snapshot()
    assert tree.startswith("- status") and "anyone can call the police on 999" in tree, (
        f"start-here.md: the feedback is not a live region with its text in the accessibility tree:\n{tree}")
    assert tab.evaluate("document.activeElement.classList.contains('quiz-feedback')"), "focus did not move to the feedback"


def test_a_fill_in_answer_submits_with_enter(server, tab):
    fresh_goto(tab, server + coursechecks.url_path(KEYBOARD_PAGE))
    quiz = tab.locator("div.quiz:has(.quiz-blank-input)").first
    blank = quiz.locator(".quiz-blank-input").first
    blank.focus()
    tab.keyboard.press("Enter")
    assert quiz.locator(".quiz-feedback-item").count() == 0, "Enter in an empty blank scored an empty answer"
    assert quiz.get_by_role("alert").inner_text() == "Type an answer first."
    tab.keyboard.type(blank.get_attribute("data-answer"))
    assert has_visible_focus(tab), "start-here.md: the focused blank shows no focus indicator"
    tab.keyboard.press("Enter")
    assert quiz.locator(".quiz-feedback-item.correct").count() == 1, "Enter in a fill-in blank did not submit the answer"


def test_a_checkbox_quiz_can_be_answered_with_tab_and_space(server, tab):
    fresh_goto(tab, server + coursechecks.url_path(KEYBOARD_PAGE))
    quiz = tab.locator("#quiz-1")
    boxes = quiz.locator('input[type="checkbox"]')
    quiz.locator(".quiz-header-link").focus()
    for index in range(boxes.count()):
        tab.keyboard.press("Tab")
        assert has_visible_focus(tab), f"checkbox {index} shows no focus indicator"
        if boxes.nth(index).get_attribute("data-correct"):
            tab.keyboard.press("Space")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert quiz.locator(".quiz-feedback-item.correct").count() >= 1, "the checkbox quiz was not scored correct"
