"""Every page of the web build in Debian's chromium: no request to another host, no CSP
violation, no console error, no axe violation and every control's text readable (4.5:1) on
load. Every page with a self-check, at a phone's and a laptop's width, again after a wrong
answer, after "Show the answer", after "Try again" and after the right answer, with each quiz
answerable, retryable and remembered after a reload. Then the keyboard-only path."""

from __future__ import annotations

import hashlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from browserchecks import CLEAN_START_JS, QUIZ_PAGES, QUIZ_STATES, contrast_problems, quiz_step, settled, title_case_problems
from conftest import ROOT, guarded_tab
import coursechecks
from course import coursedata

DOCS = ROOT / "docs"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = [p for p in coursedata.course_pages(DOCS)]


OTHER_PAGES = [p for p in PAGES if p not in QUIZ_PAGES]
# A phone held upright, and a laptop.
WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def checked_tab(browser):
    """A tab that blocks and records requests to any host but 127.0.0.1, and records CSP
    violations and console errors."""
    page = guarded_tab(browser, ("http://127.0.0.1",))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    # No saved answers or settings from other tests (the browser profile is shared): cleared
    # before the tab's first page runs its scripts, kept across the tab's later loads.
    page.add_init_script(CLEAN_START_JS)
    return page


@pytest.fixture
def tab(browser):
    page = checked_tab(browser)
    yield page
    page.close()


@pytest.fixture(scope="module")
def reading_tab(browser):
    """One tab for every page that is only read, not answered: opening a tab per page cost a
    third of the time. axe comes in with every page as an init script, sent to the browser once,
    not half a megabyte per page. Each test empties its records of blocked requests and errors
    first."""
    page = checked_tab(browser)
    page.add_init_script(AXE_SOURCE)
    yield page
    page.close()


AXE_SOURCE = Axe().axe_script
# axe-core is put into a page once (it is half a megabyte of script), then run as often as the
# test needs; only the violations come back.
AXE_RUN_JS = """async ([context, options]) => {
  const results = await axe.run(context || document, options);
  return results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
}"""


def axe_problems(page, when: str, context: dict | None = None) -> list[str]:
    """axe's violations on the whole page, or in `context` (axe's include/exclude lists), once
    every transition has finished (browserchecks.settled)."""
    settled(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return [f"axe {when}: {v['id']} ({v['impact']}): {v['help']} at " + ", ".join(v["targets"])
            for v in page.evaluate(AXE_RUN_JS, [context, options])]


def at_rest(page) -> None:
    """Back to the top, and every transition finished. Answering leaves the page scrolled
    wherever the last feedback took focus, and a quiz's corner link then half under the sticky
    header fails axe's target-size rule on some runs and not others; Material fades the header's
    title back in at the top, and half-faded text measures the wrong contrast. A fixed starting
    point keeps each check repeatable."""
    page.evaluate("window.scrollTo(0, 0)")
    settled(page)


# After the page's first, whole scan, axe looks again only at the quizzes, the one part of the
# page that answering changes: a whole-page scan takes four times as long.
QUIZZES = {"include": [["div.quiz"]]}


def checks_at(page, when: str, context: dict | None = None) -> list[str]:
    """axe (on the page or in `context`), then every visible control's contrast and wording."""
    at_rest(page)
    return axe_problems(page, when, context) + contrast_problems(page, when) + title_case_problems(page, when)


def page_problems(page) -> list[str]:
    return ([f"request to another host: {u}" for u in page.blocked]
            + [f"CSP violation: {v}" for v in page.evaluate("window.__csp")]
            + [f"console error: {e}" for e in page.errors])


def test_a_partly_right_answer_marks_each_choice_for_what_it_is(server, tab):
    """Ticking some but not all right options: each ticked option's feedback says it was right,
    the question says 'not yet', and the remaining right option stays hidden."""
    page_md = DOCS / "yearly-update" / "index.md"
    tab.goto(server + coursechecks.url_path(page_md))
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


def test_the_pages_are_split_by_their_self_checks():
    assert len(QUIZ_PAGES) >= 5 and DOCS / "start-here.md" in QUIZ_PAGES, (
        f"only {[str(p.relative_to(DOCS)) for p in QUIZ_PAGES]} found with quiz: {{enabled: true}}")


# Material's furniture round the article: the same markup on most pages (every capstone page
# has the same). axe reads it in full the first time a test worker meets it, and after that
# reads the page without it; axe's page-level rules (title, language, landmarks, one h1, content
# in regions) still run on the whole page when the context only excludes. Half the time axe
# spent on a capstone page went on the navigation it had already read.
FURNITURE = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"]
FURNITURE_JS = """(selectors) => selectors.flatMap(s => [...document.querySelectorAll(s)]).map(e => {
  const copy = e.cloneNode(true);
  copy.querySelectorAll('[href]').forEach(a => a.setAttribute('href', a.href));
  return copy.outerHTML;
}).join('\\n')"""
FURNITURE_READ: set[str] = set()


def furniture_context(page) -> dict | None:
    """None (the whole page) the first time this worker meets the page's furniture, with every
    link made absolute so that pages at different depths compare alike; afterwards, the page
    without its furniture."""
    markup = hashlib.sha256(page.evaluate(FURNITURE_JS, FURNITURE).encode()).hexdigest()
    if markup not in FURNITURE_READ:
        FURNITURE_READ.add(markup)
        return None
    return {"exclude": [[selector] for selector in FURNITURE]}


def test_the_reading_tab_runs_axe_and_finds_a_planted_violation(reading_tab):
    """Self-test: axe, brought in by the reading tab's init script, runs and reports."""
    reading_tab.goto("data:text/html,<html lang='en'><title>t</title><main><h1>x</h1><img src='data:,'></main></html>")
    assert reading_tab.evaluate("typeof window.axe") == "object", "the init script did not bring axe in"
    found = axe_problems(reading_tab, "planted")
    assert any("image-alt" in f for f in found), found


def test_furniture_is_read_in_full_once_and_again_whenever_it_differs(tab):
    """Self-test of furniture_context: a second page with the same header and navigation (its
    links written from another depth) is read without them; a page whose navigation differs in
    one word, or has a link elsewhere, is read in full."""
    def shaped(base: str, nav: str) -> dict | None:
        tab.goto("data:text/html,<title>t</title>")
        tab.evaluate("([base, nav]) => { document.body.innerHTML = '<header class=\"md-header\">H</header>'"
                     " + '<div class=\"md-sidebar--primary\">' + nav + '</div><main>m</main>';"
                     " const b = document.createElement('base'); b.href = base; document.head.prepend(b);"
                     " document.querySelectorAll('a').forEach(a => a.setAttribute('href', a.getAttribute('href'))); }",
                     [base, nav])
        return furniture_context(tab)

    unique = f"furniture-self-test-{id(tab)}"
    assert shaped("http://127.0.0.1/a/", f'<a href="../{unique}/">Start</a>') is None
    assert shaped("http://127.0.0.1/a/b/", f'<a href="../../{unique}/">Start</a>') is not None, "same links from another depth"
    assert shaped("http://127.0.0.1/a/", f'<a href="../{unique}/">Start here</a>') is None, "a changed word"
    assert shaped("http://127.0.0.1/a/", f'<a href="../{unique}-2/">Start</a>') is None, "a link elsewhere"


@pytest.mark.parametrize("page_md", OTHER_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_in_the_browser(page_md, server, reading_tab):
    name = page_md.relative_to(ROOT)
    reading_tab.blocked.clear()
    reading_tab.errors.clear()
    reading_tab.goto(server + coursechecks.url_path(page_md))
    problems = checks_at(reading_tab, "on load", furniture_context(reading_tab)) + page_problems(reading_tab)
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_md", QUIZ_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_self_check_page_in_the_browser(page_md, width, server, tab):
    """Every quiz on the page answered wrongly, its answer shown, tried again and answered
    rightly, all quizzes a step at a time; axe, control contrast and control wording checked at
    each step; then the answers are remembered after a reload."""
    name = page_md.relative_to(ROOT)
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(server + coursechecks.url_path(page_md))
    problems = checks_at(tab, "on load")
    quizzes = tab.locator("div.quiz").count()
    for step, when in QUIZ_STATES.items():
        problems += quiz_step(tab, step)
        problems += checks_at(tab, when, QUIZZES)
    tab.reload()
    tab.wait_for_load_state("load")
    remembered = tab.locator("div.quiz:has(.quiz-feedback-item.correct)").count()
    if remembered != quizzes:
        problems.append(f"after a reload {remembered} of {quizzes} answers were remembered")
    doubled = tab.locator("div.quiz").evaluate_all(
        "qs => qs.filter(q => q.querySelectorAll('.quiz-reset-button').length !== 1).map(q => q.id)")
    if doubled:
        problems.append(f"quizzes set up twice (duplicate 'Try again' buttons): {doubled}")
    problems += page_problems(tab)
    assert not problems, f"{name} at {width} width ({WIDTHS[width]['width']} px):\n  " + "\n  ".join(problems)


# Keyboard only ------------------------------------------------------------------------------

KEYBOARD_PAGE = DOCS / "start-here.md"


def has_visible_focus(page) -> bool:
    return page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    }""")


def test_a_quiz_can_be_answered_with_the_keyboard_alone(server, tab):
    tab.goto(server + coursechecks.url_path(KEYBOARD_PAGE))
    quiz = tab.locator("#quiz-0")
    # Reach the first option by Tab from the quiz's own heading link, as a keyboard user would.
    quiz.locator(".quiz-header-link").focus()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "quiz-0-0", "Tab from the quiz link did not reach its first option"
    assert has_visible_focus(tab), "start-here.md: the focused quiz option shows no focus indicator"

    tab.keyboard.press("Enter")  # nothing chosen yet
    assert quiz.locator(".quiz-feedback-item").count() == 0, "Enter on an empty radio group scored an empty answer"
    assert quiz.get_by_role("alert").inner_text() == "Choose an answer first."

    options = quiz.locator('input[name="answer"]')
    right = [i for i in range(options.count()) if options.nth(i).get_attribute("data-correct") is not None]
    assert options.count() >= 3 and len(right) == 1, "start-here.md: the first question must have one right answer of three or more"
    tab.keyboard.press("ArrowDown")  # moves the choice to option 2
    tab.keyboard.press("ArrowDown")  # and to option 3
    assert quiz.locator(".quiz-feedback-item").count() == 0, "an arrow key submitted the quiz"
    for _ in range(2 - right[0]):
        tab.keyboard.press("ArrowUp")  # back to the right answer
    for _ in range(right[0] - 2):
        tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.id") == f"quiz-0-{right[0]}"
    explanation = " ".join(options.nth(right[0]).evaluate(
        "i => i.parentElement.querySelector('.answer-feedback').textContent").split())[:40]
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Submit"
    assert has_visible_focus(tab), "start-here.md: the focused Submit button shows no focus indicator"
    tab.keyboard.press("Enter")
    assert quiz.locator(".quiz-feedback-item.correct").count() == 1, "Enter on Submit did not score the answer"
    # In the accessibility tree the feedback is a live region (role status) holding the text, and
    # focus has moved into it, so a screen reader reads it either way.
    tree = quiz.locator(".quiz-feedback").aria_snapshot()
    assert tree.startswith("- status") and explanation in " ".join(tree.split()), (
        f"start-here.md: the feedback is not a live region with its text in the accessibility tree:\n{tree}")
    assert tab.evaluate("document.activeElement.classList.contains('quiz-feedback')"), "focus did not move to the feedback"


def test_a_fill_in_answer_submits_with_enter(server, tab):
    tab.goto(server + coursechecks.url_path(KEYBOARD_PAGE))
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
    tab.goto(server + coursechecks.url_path(KEYBOARD_PAGE))
    quiz = tab.locator("div.quiz:has(input[type=checkbox])").first
    boxes = quiz.locator('input[type="checkbox"]')
    assert boxes.count() >= 3, "start-here.md has no question with checkboxes for this test"
    quiz.locator(".quiz-header-link").focus()
    for index in range(boxes.count()):
        tab.keyboard.press("Tab")
        assert has_visible_focus(tab), f"checkbox {index} shows no focus indicator"
        if boxes.nth(index).get_attribute("data-correct") is not None:
            tab.keyboard.press("Space")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert quiz.locator(".quiz-feedback-item.correct").count() >= 1, "the checkbox quiz was not scored correct"


def test_the_quiz_text_speaks_plainly_and_clearing_sits_below_the_questions(server, tab):
    page_md = DOCS / "start-here.md"
    tab.goto(server + coursechecks.url_path(page_md))
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
