"""Presenter mode as a trainer uses it with a projector and a clicker, in Debian's chromium: no
trainer-view banner on the screen, every part of every slide reachable with the keys a clicker
sends at 1920x1080 and 1024x768, presenting flowing from page to page (in a session plan's order
when started from one; along the room's choices in a capstone case), one question per slide with keys that are never trapped, and the room's
answers never saved as the trainer's. Also the phone-sized header (issue 13)."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, fresh_goto, guarded_tab

PROCESS = "/modules/grooming/the-grooming-process/"
QUIZ_PAGE = "/modules/grooming/check-your-understanding/"
DECISION = "/capstone/sexual-extortion-year-10/decision-1/"  # three long choices; C sat under the bar
SCREENS = [(1920, 1080), (1024, 768)]
# Pages with the longest sections, a table, nation tabs, scenarios and a quiz bank; every page a
# session plan opens with (the module overviews and the ground rules slide); the confidence
# check's form; and a capstone decision page.
LONG_PAGES = [
    PROCESS,
    "/modules/grooming/scenarios/",
    "/modules/reporting/your-nation/",
    "/modules/reporting/choosing-a-route/",
    QUIZ_PAGE,
    "/modules/grooming/",
    "/modules/normalisation/",
    "/modules/reporting/",
    "/trainer/materials/ground-rules-slide/",
    "/trainer/materials/confidence-check/",
    DECISION,
]
# A laptop's own screen, which trainers also project from.
REACH_CASES = [(path, size) for path in LONG_PAGES for size in SCREENS] + [(DECISION, (1280, 720))]

# True when the current slide is seen to its end, above the presenter bar.
AT_SLIDE_END = """() => {
  const bar = document.querySelector('.course-present-bar');
  const limit = innerHeight - (bar ? bar.offsetHeight : 0);
  return Array.from(document.querySelector('.md-content__inner').children)
    .filter(n => n.getClientRects().length && !n.classList.contains('course-present-bar'))
    .every(n => n.getBoundingClientRect().bottom <= limit + 2);
}"""

# Marks every block a reader needs to see, and reports which of the current slide's blocks are
# wholly on screen above the presenter bar (or, for a block taller than the screen, which of its
# top and bottom edges are).
REACH_JS = """() => {
  const article = document.querySelector('.md-content__inner');
  const bar = document.querySelector('.course-present-bar');
  const limit = innerHeight - (bar ? bar.offsetHeight : 0);
  const seen = [];
  article.querySelectorAll('h1, h2, h3, h4, p, li, tr, dt, dd, figure, img, .quiz-question, .quiz label, .admonition-title, summary')
    .forEach((el, i) => {
      if (!el.getClientRects().length || el.closest('.course-present-bar')) return;
      for (let d = el.parentElement.closest('details'); d; d = d.parentElement.closest('details')) {
        if (!d.open && !(el.tagName === 'SUMMARY' && el.parentElement === d)) return;
      }
      const r = el.getBoundingClientRect();
      if (r.height === 0) return;
      const top = r.top >= -1 && r.top <= limit + 1, bottom = r.bottom >= -1 && r.bottom <= limit + 1;
      seen.push([i, top, bottom, el.tagName + ': ' + (el.textContent || el.alt || '').trim().slice(0, 60)]);
    });
  return seen;
}"""

REACH_STATE_JS = f"""() => ({{ seen: ({REACH_JS})(),
  counter: document.getElementById('course-present-counter').textContent }})"""


@pytest.fixture
def tab(browser):
    page = guarded_tab(browser, ("http://127.0.0.1", "file:"))
    yield page
    page.close()


def counter(tab) -> str:
    return tab.locator("#course-present-counter").inner_text()


def to_the_end_of_the_page(tab) -> None:
    """Press Page Down until the last slide is seen to its end, as a trainer would."""
    for _ in range(200):
        shown, total = counter(tab).split(" / ")
        if shown == total and tab.evaluate(AT_SLIDE_END):
            return
        tab.keyboard.press("PageDown")
    raise AssertionError(f"{tab.url}: Page Down never reached the end of the page")


def test_no_trainer_view_banner_on_slides(server, tab):
    fresh_goto(tab, server + PROCESS)
    tab.locator("#course-trainer-toggle").click()
    assert tab.locator("#course-view-banner").is_visible()
    tab.goto(server + PROCESS + "?present")
    assert not tab.locator("#course-view-banner").is_visible(), "the trainer-view banner is projected on the first slide"
    tab.keyboard.press("PageDown")
    assert not tab.locator("#course-view-banner").is_visible(), "the trainer-view banner is projected on a slide"
    tab.keyboard.press("Escape")
    assert tab.locator("#course-view-banner").is_visible(), "the banner did not come back after presenting"
    tab.locator("#course-trainer-toggle").click()


@pytest.mark.parametrize("path,size", REACH_CASES, ids=[f"{p.strip('/') or 'home'}-{s[0]}x{s[1]}" for p, s in REACH_CASES])
def test_every_part_of_every_slide_is_reachable_with_a_clicker(server, tab, path, size):
    tab.set_viewport_size({"width": size[0], "height": size[1]})
    fresh_goto(tab, server + path + "?present")
    total = int(counter(tab).split("/")[1])
    tops, bottoms, names = {}, {}, {}
    for _ in range(400):
        # One call per key press: what is on screen, and the counter.
        state = tab.evaluate(REACH_STATE_JS)
        for i, top, bottom, name in state["seen"]:
            names[i] = name
            tops[i] = tops.get(i) or top
            bottoms[i] = bottoms.get(i) or bottom
        if state["counter"] == f"{total} / {total}" and state["seen"] and all(
                tops.get(i) and bottoms.get(i) for i, *_ in state["seen"]):
            # The last slide is wholly seen; the next key would leave the page.
            break
        tab.keyboard.press("PageDown")
        if tab.url.split("?")[0] != server + path:
            break
    unreached = sorted({names[i] for i in names if not (tops.get(i) and bottoms.get(i))})
    assert not unreached, (f"docs{path.rstrip('/')}.md at {size[0]}x{size[1]}: PageDown never brought these into view: "
                           f"{unreached[:5]}")


def test_presenting_flows_to_the_next_page_and_back(server, tab):
    fresh_goto(tab, server + PROCESS)
    following = tab.locator("a.md-footer__link--next").get_attribute("href")
    tab.goto(server + PROCESS + "?present")
    to_the_end_of_the_page(tab)
    with tab.expect_navigation():
        tab.keyboard.press("PageDown")
    assert "signs-in-children" in tab.url and following.rstrip("/").endswith("signs-in-children"), (
        f"PageDown at the last slide of docs{PROCESS.rstrip('/')}.md went to {tab.url}, not the next page ({following})")
    assert counter(tab).startswith("1 / "), "the next page did not open in presenter mode at its first slide"
    with tab.expect_navigation():
        tab.keyboard.press("PageUp")
    assert "the-grooming-process" in tab.url, "PageUp at the first slide did not go back to the previous page"
    total = counter(tab).split("/")[1].strip()
    assert counter(tab) == f"{total} / {total}", "going back did not open the previous page at its last slide"


def test_presenting_from_a_session_plan_follows_the_plans_order(server, tab):
    fresh_goto(tab, server + "/trainer/plans/module-1/")
    pages = tab.locator(".course-session-pages a[href]").evaluate_all("links => links.map(a => a.href)")
    assert len(pages) >= 5, "docs/trainer/plans/module-1.md lists no pages to present"
    with tab.expect_navigation():
        tab.locator(".course-session-start").first.click()
    assert tab.url.split("?")[0] == pages[0].split("?")[0] and counter(tab).startswith("1 / ")
    # The plan's second page is the ground rules page, which is not the site's next page.
    to_the_end_of_the_page(tab)
    with tab.expect_navigation():
        tab.keyboard.press("PageDown")
    assert tab.url.split("?")[0] == pages[1].split("?")[0], (
        f"docs/trainer/plans/module-1.md: after the first page presenting went to {tab.url}, not {pages[1]}")


def test_a_capstone_decision_waits_for_the_rooms_choice(server, tab):
    """On a decision page Next never opens a choice (choice A, the best in case 1, is next in the
    site's order): the trainer clicks the room's choice. A consequence goes on by its own
    "Continue" link, and Previous goes back along the room's path, not the site's order."""
    tab.set_viewport_size({"width": 1280, "height": 720})
    try:
        fresh_goto(tab, server + DECISION + "?present")
        choice_c = tab.locator(".md-content__inner li a[href*='decision-1-c']")
        # The Navigation API reports a navigation the moment a script starts one, and here holds
        # it, so a key that tried to leave the page is seen at once, with no waiting.
        tab.evaluate("""() => {
          window.__hold = e => { window.__leaving = e.destination.url; if (e.cancelable) e.preventDefault(); };
          navigation.addEventListener('navigate', window.__hold);
        }""")
        for key in ["PageDown", "ArrowRight", "PageDown", " ", "PageDown"]:
            tab.keyboard.press(key)
            leaving = tab.evaluate("window.__leaving || null")
            assert leaving is None and tab.url.split("?")[0] == server + DECISION, (
                f"docs{DECISION.rstrip('/')}.md: {key} left the decision page for {leaving or tab.url} before the room chose")
        tab.evaluate("navigation.removeEventListener('navigate', window.__hold)")
        limit = tab.evaluate("innerHeight - document.querySelector('.course-present-bar').offsetHeight")
        box = choice_c.bounding_box()
        assert box and box["y"] + box["height"] <= limit + 2, (
            f"docs{DECISION.rstrip('/')}.md at 1280x720: choice C is still under the presenter bar after Page Down")
        assert "choice" in counter(tab).lower(), f"the presenter bar does not say to click the room's choice: {counter(tab)!r}"
        with tab.expect_navigation():
            choice_c.click()
        assert "decision-1-c" in tab.url and "course-present" in tab.evaluate("document.body.className"), (
            "clicking the room's choice left presenter mode")
        continue_link = tab.locator(".md-content__inner a.md-button--primary").get_attribute("href")
        assert "decision-2" in continue_link
        to_the_end_of_the_page(tab)
        with tab.expect_navigation():
            tab.keyboard.press("PageDown")
        assert "/decision-2/" in tab.url, (
            f"docs/capstone/sexual-extortion-year-10/decision-1-c.md: Next after the last slide went to {tab.url}, "
            "not to its own Continue link (decision 2)")
        with tab.expect_navigation():
            tab.keyboard.press("PageUp")
        assert "decision-1-c" in tab.url, f"Previous on decision 2 went to {tab.url}, not back to the room's choice"
    finally:
        tab.set_viewport_size({"width": 1280, "height": 900})


def test_presenting_each_capstone_case_goes_from_its_start_to_the_rooms_choice(server, tab):
    """Every case, new ones included: the start goes on by its own button to decision 1, where
    Next waits for the room's choice; an ending stays put until the trainer chooses what next."""
    tab.set_viewport_size({"width": 1280, "height": 720})
    try:
        for start in sorted((ROOT / "docs" / "capstone").glob("*/index.md")):
            slug = start.parent.name
            fresh_goto(tab, f"{server}/capstone/{slug}/?present")
            to_the_end_of_the_page(tab)
            with tab.expect_navigation():
                tab.keyboard.press("PageDown")
            assert tab.url.split("?")[0] == f"{server}/capstone/{slug}/decision-1/", (
                f"docs/capstone/{slug}/index.md: Next after the last slide went to {tab.url}, not to decision 1")
            to_the_end_of_the_page(tab)
            for key in ("PageDown", "ArrowRight"):
                tab.keyboard.press(key)
                tab.wait_for_timeout(100)
            assert tab.url.split("?")[0] == f"{server}/capstone/{slug}/decision-1/", (
                f"docs/capstone/{slug}/decision-1.md: Next left the decision page for {tab.url} before the room chose")
            assert "choice" in counter(tab).lower(), f"{slug}: the presenter bar does not say to click the room's choice"
            ending = next(p for p in sorted(start.parent.glob("decision-*.md"))
                          if "step: ending" in p.read_text(encoding="utf-8"))
            fresh_goto(tab, f"{server}/capstone/{slug}/{ending.stem}/?present")
            to_the_end_of_the_page(tab)
            tab.keyboard.press("PageDown")
            tab.wait_for_timeout(100)
            assert ending.stem in tab.url and "end of the case" in counter(tab).lower(), (
                f"docs/capstone/{slug}/{ending.name}: Next on an ending went to {tab.url} ({counter(tab)!r})")
    finally:
        tab.set_viewport_size({"width": 1280, "height": 900})


def test_each_question_is_a_slide_and_keys_are_never_trapped(server, tab):
    tab.set_viewport_size({"width": 1024, "height": 768})
    fresh_goto(tab, server + QUIZ_PAGE)
    # The trainer's own answer to the first question, saved before the session.
    first = tab.locator("#quiz-0")
    first.locator("label").first.click()
    first.locator('button[type="submit"]').click()
    key = "quiz_progress_" + QUIZ_PAGE
    trainers = tab.evaluate(f"localStorage.getItem({json.dumps(key)})")
    assert trainers

    tab.goto(server + QUIZ_PAGE + "?present")
    questions = tab.locator(".quiz").count()
    assert not tab.locator(".quiz-intro").is_visible(), "the 'saved to local storage' and 'Reset quiz' box shows on a slide"
    assert tab.locator("#quiz-0 .quiz-feedback-item").count() == 0, "the trainer's own answers show to the room"
    while not tab.locator("#quiz-0").is_visible():
        tab.keyboard.press("PageDown")
    for number in range(questions):
        quiz = tab.locator(f"#quiz-{number}")
        assert quiz.is_visible() and tab.locator(".quiz:visible").count() == 1, (
            f"docs{QUIZ_PAGE.rstrip('/')}.md: question {number + 1} does not have a slide of its own")
        if number < 3:
            if quiz.locator("input[name=answer]").count():
                size = quiz.locator("input[name=answer]").first.bounding_box()
                assert size["width"] >= 24 and size["height"] >= 24, "the options' boxes are too small to see on a projector"
                quiz.locator("label").nth(1).click()  # a click inside the question, as a trainer would
            else:  # a fill-in: the trainer types the room's word
                quiz.locator("input").first.fill("unsure")
            key_pressed = ["ArrowRight", "PageDown", "ArrowRight"][number]
            before = counter(tab)
            quiz.locator('button[type="submit"]').click()
            tab.keyboard.press(key_pressed)
            while counter(tab) == before:  # a long question scrolls first
                tab.keyboard.press(key_pressed)
            assert counter(tab) != before, f"{key_pressed} was trapped by the question after a click"
        else:
            tab.keyboard.press("PageDown")
            while not (number + 1 == questions or tab.locator(f"#quiz-{number + 1}").is_visible()):
                tab.keyboard.press("PageDown")
    while not tab.locator(".quiz:visible").count():
        tab.keyboard.press("PageUp")
    tab.locator(".quiz:visible label").first.click()
    tab.keyboard.press("Escape")
    assert "course-present" not in tab.evaluate("document.body.className"), "Escape was trapped by a question"
    assert tab.evaluate(f"localStorage.getItem({json.dumps(key)})") == trainers, (
        "the room's answers replaced the trainer's saved answers")


def test_the_rooms_answers_are_not_kept_when_presenting_moves_on(server, tab):
    fresh_goto(tab, server + QUIZ_PAGE)
    tab.goto(server + QUIZ_PAGE + "?present")
    key = "quiz_progress_" + QUIZ_PAGE
    while not tab.locator("#quiz-0").is_visible():
        tab.keyboard.press("PageDown")
    tab.locator("#quiz-0 label").first.click()
    tab.locator('#quiz-0 button[type="submit"]').click()
    tab.goto(server + "/record/")
    assert tab.evaluate(f"localStorage.getItem({json.dumps(key)})") is None, (
        "the room's answers were saved into the trainer's record when the page was left")


def test_phone_header_shows_the_title_and_keeps_the_trainer_switches(server, tab):
    tab.set_viewport_size({"width": 390, "height": 800})
    try:
        fresh_goto(tab, server + "/modules/grooming/")
        title = tab.locator(".md-header__title .md-header__topic .md-ellipsis").first
        box = title.bounding_box()
        assert box and box["width"] >= 150, f"at 390 px the site title has only {box and round(box['width'])} px"
        cut = title.evaluate("e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1")
        assert not cut, f"at 390 px the site title is cut short: {title.inner_text()!r} does not fit"
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "the header makes the page scroll sideways"
        assert not tab.locator("#course-trainer-toggle").is_visible()
        tab.locator(".course-header-tools__toggle").click()
        tab.locator("#course-trainer-toggle").click()
        assert tab.locator("details.facilitator").first.is_visible(), "Trainer view cannot be turned on at 390 px"
        tab.locator(".course-header-tools__toggle").click()
        tab.locator("#course-trainer-toggle").click()
        tab.locator(".course-header-tools__toggle").click()
        tab.locator("#course-present-toggle").click()
        assert tab.locator("#course-present-counter").is_visible(), "Present cannot be reached at 390 px"
        tab.keyboard.press("Escape")
    finally:
        tab.set_viewport_size({"width": 1280, "height": 900})
    assert not tab.locator(".course-header-tools__toggle").is_visible(), "the phone's menu button shows on a wide screen"
    assert tab.locator("#course-trainer-toggle").is_visible(), "the trainer switches are hidden on a wide screen"


ALL_STAFF = "/trainer/plans/all-staff-briefing/"
# The H2s the all-staff plan leaves out: headed for the DSL, or marked data-audience="dsl".
DSL_H2_JS = """() => Array.from(document.querySelectorAll('.md-content__inner > h2'))
  .filter(h => /^(For|As) the DSL\\b/.test(h.textContent.trim()) || (h.dataset.audience || '').split(' ').includes('dsl'))
  .map(h => h.textContent.replace(/¶$/, '').trim())"""
ALL_H2_JS = """() => Array.from(document.querySelectorAll('.md-content__inner > h2'))
  .map(h => h.textContent.replace(/¶$/, '').trim())"""
H2_SEEN_JS = """() => Array.from(document.querySelectorAll('.md-content__inner > h2'))
  .filter(h => h.getClientRects().length).map(h => h.textContent.replace(/¶$/, '').trim())"""


def present_page_seeing_headings(tab, address: str) -> set[str]:
    """Every H2 shown while Page Down goes from a page's first slide to its last."""
    seen = set(tab.evaluate(H2_SEEN_JS))
    for _ in range(300):
        shown, total = counter(tab).split(" / ")
        if shown == total and tab.evaluate(AT_SLIDE_END):
            return seen
        tab.keyboard.press("PageDown")
        seen |= set(tab.evaluate(H2_SEEN_JS))
    raise AssertionError(f"{address}: Page Down never reached the end of the page")


def test_presenting_the_all_staff_plan_leaves_out_the_dsl_sections(server, tab):
    """Started with "Present this session" on the all-staff plan (session.dsl_sections: false),
    presenting goes through the plan's pages with a clicker's Page Down; no section headed "For
    the DSL" or "As the DSL", or marked data-audience="dsl", is ever on screen, and every other
    section is. The same page presented on its own shows its DSL section."""
    tab.set_viewport_size({"width": 1024, "height": 768})
    try:
        fresh_goto(tab, server + ALL_STAFF)
        pages = tab.locator(".course-session-pages a[href]").evaluate_all("links => links.map(a => a.href)")
        with tab.expect_navigation():
            tab.locator(".course-session-start").first.click()
        checked, problems = [], []
        for number, address in enumerate(pages):
            assert tab.url.split("?")[0] == address.split("?")[0], (
                f"docs/trainer/plans/all-staff-briefing.md: page {number + 1} of the session opened {tab.url}, not {address}")
            dsl = set(tab.evaluate(DSL_H2_JS))
            others = set(tab.evaluate(ALL_H2_JS)) - dsl
            seen = present_page_seeing_headings(tab, address)
            name = "docs" + address.split(server, 1)[1].rstrip("/") + ".md"
            if seen & dsl:
                problems.append(f"{name}: presenting the all-staff plan showed {sorted(seen & dsl)}")
            if others - seen:
                problems.append(f"{name}: presenting the all-staff plan never showed {sorted(others - seen)}")
            if dsl:
                checked.append(address)
                if "sections for the DSL left out" not in tab.locator(".course-present-bar").inner_text():
                    problems.append(f"{name}: the presenter bar does not say the DSL's sections are left out")
            if number + 1 < len(pages):
                with tab.expect_navigation():
                    tab.keyboard.press("PageDown")
        assert len(checked) >= 2, (
            f"docs/trainer/plans/all-staff-briefing.md: only {checked} of the plan's pages have a section for the DSL; "
            "the test needs two")
        assert not problems, "\n".join(problems)
        # Presented on its own (not from the plan), the page keeps its DSL section.
        tab.keyboard.press("Escape")
        fresh_goto(tab, checked[0])
        tab.evaluate("sessionStorage.clear()")
        tab.goto(checked[0].split("?")[0] + "?present")
        seen = present_page_seeing_headings(tab, checked[0])
        assert seen & set(tab.evaluate(DSL_H2_JS)), f"{checked[0]}: presented on its own, its DSL section was left out"
    finally:
        tab.keyboard.press("Escape")
        tab.evaluate("sessionStorage.clear()")
        tab.set_viewport_size({"width": 1280, "height": 900})


def test_a_section_marked_for_the_dsl_in_markdown_is_left_out_too(server, tab):
    """{ data-audience="dsl" } on a heading in the Markdown is honoured live:
    planted on one of the plan's pages, its section never shows while presenting the plan."""
    page = "/modules/reporting/internal-route/"
    tab.set_viewport_size({"width": 1024, "height": 768})
    try:
        fresh_goto(tab, server + ALL_STAFF)
        with tab.expect_navigation():
            tab.locator(".course-session-start").first.click()
        tab.keyboard.press("Escape")  # the session's order stays; presenting stops
        tab.goto(server + page)
        planted = tab.evaluate("""() => {
          const h = Array.from(document.querySelectorAll('.md-content__inner > h2'))
            .find(h => !/the DSL/.test(h.textContent) && h.id !== 'sources-used');
          h.setAttribute('data-audience', 'dsl staff-room');
          return h.textContent.replace(/¶$/, '').trim();
        }""")
        tab.locator("#course-present-toggle").click()
        seen = present_page_seeing_headings(tab, page)
        assert planted not in seen, f"docs{page.rstrip('/')}.md: the section marked data-audience=\"dsl\" ({planted!r}) was presented"
        assert not any(h.startswith("For the DSL") for h in seen), f"docs{page.rstrip('/')}.md: {sorted(seen)}"
        assert len(seen) >= 2, f"docs{page.rstrip('/')}.md: only {sorted(seen)} were presented"
    finally:
        tab.keyboard.press("Escape")
        tab.evaluate("sessionStorage.clear()")
        tab.set_viewport_size({"width": 1280, "height": 900})
