"""Every page of the web build in Debian's chromium: no request to another host, no CSP
violation, no console error, no axe violation before or after answering its quizzes, and every
quiz answerable, retryable and remembered after a reload. Then the keyboard-only path."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, fresh_goto, guarded_tab
import coursechecks
from course import coursedata

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
    """Wrong answer first: its feedback says it is wrong, and neither the key nor the explanation
    shows until "Show the answer"; then "Try again"; then the right answer (correct feedback and
    the explanation). Returns what went wrong."""
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
            if not blanks.count() and quiz.locator(".quiz-feedback-item.incorrect").count() != 1:
                problems.append(f"{qid}: a wrong answer showed no incorrect feedback")
            if quiz.locator("section.content").is_visible():
                problems.append(f"{qid}: the explanation gave the answer away after a wrong try")
            if quiz.locator('input[name="answer"][data-correct]:not(:checked)').evaluate_all(
                    "els => els.some(e => e.parentElement.classList.contains('correct'))"):
                problems.append(f"{qid}: a wrong try revealed a right option")
            show = quiz.locator(".course-show-answer")
            if show.count() != 1:
                problems.append(f"{qid}: no 'Show the answer' button after a wrong try")
            else:
                show.click()
                if not quiz.locator("section.content").is_visible():
                    problems.append(f"{qid}: 'Show the answer' did not show the explanation")
                if quiz.locator('input[name="answer"][data-correct]').evaluate_all(
                        "els => !els.every(e => e.parentElement.classList.contains('correct'))"):
                    problems.append(f"{qid}: 'Show the answer' did not mark every right option")
            quiz.locator(".quiz-reset-button").click()
            if quiz.locator('input[name="answer"]').evaluate_all("els => els.some(e => e.checked)"):
                problems.append(f"{qid}: 'Try again' did not clear the answer")
            if quiz.locator(".course-show-answer").count():
                problems.append(f"{qid}: 'Try again' left the 'Show the answer' button behind")

        # The right answer.
        for blank in blanks.all():
            blank.fill(blank.get_attribute("data-answer"))
        for right in quiz.locator('input[name="answer"][data-correct]').all():
            quiz.locator(f'label[for="{right.get_attribute("id")}"]').click()
        submit.click()
        if quiz.locator(".quiz-feedback-item.correct").count() < 1 or quiz.locator(".quiz-feedback-item.incorrect").count():
            problems.append(f"{qid}: the right answer did not show correct feedback")
        if not quiz.locator("section.content").is_visible():
            problems.append(f"{qid}: the right answer did not show the explanation")
    return problems


def test_a_partly_right_answer_marks_each_choice_for_what_it_is(server, tab):
    """Ticking some but not all right options: each ticked option's feedback says it was right,
    the question says 'not yet', and the remaining right option stays hidden."""
    page_md = DOCS / "yearly-update" / "index.md"
    fresh_goto(tab, server + coursechecks.url_path(page_md))
    quiz = tab.locator("div.quiz:has(input[type=checkbox])").first
    rights = quiz.locator('input[name="answer"][data-correct]')
    assert rights.count() >= 2, f"{page_md.relative_to(ROOT)}: the first multiple-answer question needs two right options for this test"
    quiz.locator(f'label[for="{rights.first.get_attribute("id")}"]').click()
    quiz.locator('button[type="submit"]').click()
    problems = []
    if quiz.locator(".quiz-feedback-item.correct").count() != 1 or quiz.locator(".quiz-feedback-item.incorrect").count():
        problems.append("the one right choice was not labelled 'Correct'")
    if "Not yet" not in quiz.locator(".course-quiz-summary").inner_text():
        problems.append("the question did not say it is not yet answered")
    if rights.nth(1).evaluate("e => e.parentElement.classList.contains('correct')"):
        problems.append("the right option not ticked was revealed")
    assert not problems, f"{page_md.relative_to(ROOT)}: " + "; ".join(problems)


@pytest.mark.parametrize("page_md", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_in_the_browser(page_md, server, tab):
    name = page_md.relative_to(ROOT)
    fresh_goto(tab, server + coursechecks.url_path(page_md))
    problems = axe_problems(tab, "on load")
    quizzes = tab.locator("div.quiz").count()
    if quizzes:
        problems += answer_every_quiz(tab)
        # Back to the top first: answering leaves the page scrolled wherever the last click was,
        # and a quiz's corner link then half under the sticky header fails axe's target-size
        # rule on some runs and not others. A fixed starting point keeps the check repeatable.
        tab.evaluate("window.scrollTo(0, 0)")
        # Material fades the header's title back in at the top: let that transition finish, or
        # axe measures the colour contrast of half-faded text.
        tab.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
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


def test_the_quiz_text_speaks_plainly_and_clearing_sits_below_the_questions(server, tab):
    page_md = DOCS / "start-here.md"
    fresh_goto(tab, server + coursechecks.url_path(page_md))
    text = tab.locator("article").inner_text()
    problems = [f"says {phrase!r}" for phrase in ("local storage", "persist between sessions", "Reset quiz") if phrase in text]
    after_last = tab.evaluate("""() => {
        const quizzes = document.querySelectorAll('div.quiz');
        const clear = document.querySelector('.quiz-intro-reset');
        return !!clear && !!(quizzes[quizzes.length - 1].compareDocumentPosition(clear) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    if not after_last:
        problems.append("'Clear my answers' is not below the last question")
    assert not problems, f"{page_md.relative_to(ROOT)}: " + "; ".join(problems)
