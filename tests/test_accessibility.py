"""Accessibility beyond axe (issue 24), in Debian's chromium:

- the self-check's buttons readable (4.5:1), measured from computed colours, after a wrong
  answer, with the answer shown, after "Try again" and after the right answer, hovered and
  focused, in the web build and the USB pack at a phone's width and 1024 px and in presenter
  mode; with planted self-tests showing the measure fails on the old colours;
- every self-check, a capstone case and the record of study completed by keyboard alone, at a
  laptop's width and at 400% zoom (320 CSS px wide), with no sideways scrolling or text cut
  off, focus always visible and never hidden, and quiz feedback reaching the accessibility tree
  (Playwright's ARIA snapshots) as a live region that takes focus.

What no test here does: run a screen reader. See docs/reference/accessibility.md."""

from __future__ import annotations

import pytest

import coursechecks
from browserchecks import (CLEAN_START_JS, CONTROL_CONTRAST_JS, QUIZ_PAGES, contrast_problems, focus, settled,
                           reflow_problems, title_case_problems, title_case_words)
from conftest import ROOT, guarded_tab

DOCS = ROOT / "docs"
CHECK = DOCS / "modules" / "grooming" / "check-your-understanding.md"
CASE = DOCS / "capstone" / "sexual-extortion-year-10"
RECORD = DOCS / "record.md"
# A laptop, and a 1280 x 1024 screen zoomed to 400% (WCAG 1.4.10 reflow).
VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "400pc": {"width": 320, "height": 256}}


@pytest.fixture
def tab(browser):
    page = guarded_tab(browser, ("http://127.0.0.1", "file:"))
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.add_init_script(CLEAN_START_JS)
    yield page
    page.close()


# Contrast of the self-check's buttons --------------------------------------------------------

# (build, width, presenter mode). Presenter mode at a projector's 1024 x 768.
BUTTON_CASES = [("web", 390, False), ("web", 1024, False), ("usb", 390, False), ("usb", 1024, False),
                ("web", 1024, True), ("usb", 1024, True)]


def check_address(build: str, server: str, offline_pack, page_md=CHECK) -> str:
    if build == "web":
        return server + coursechecks.url_path(page_md)
    rel = page_md.relative_to(DOCS).with_suffix(".html")
    return (offline_pack[0] / rel).as_uri()


def button_states(page, quiz, when: str, pointer_and_keyboard: bool = True) -> list[str]:
    """Contrast of every control on the page as it stands, then of each of the quiz's visible
    buttons hovered by a pointer and focused by the keyboard. The two states where hovering and
    focusing are checked show between them every button a quiz has (Try again, Show the answer,
    Submit)."""
    settled(page)
    problems = contrast_problems(page, when) + title_case_problems(page, when)
    if not pointer_and_keyboard:
        return problems
    for index in range(quiz.locator("form button:visible").count()):
        button = quiz.locator("form button:visible").nth(index)
        name = button.inner_text()
        button.hover()
        settled(page)
        problems += contrast_problems(page, f"{when}, {name!r} hovered", scope=f"#{quiz.get_attribute('id')}")
        button.focus()
        page.keyboard.press("Shift+Tab")  # from the keyboard, so :focus-visible applies
        page.keyboard.press("Tab")
        page.mouse.move(0, 0)
        settled(page)
        problems += contrast_problems(page, f"{when}, {name!r} focused", scope=f"#{quiz.get_attribute('id')}")
    return problems


@pytest.mark.parametrize("build,width,present", BUTTON_CASES,
                         ids=[f"{b}-{w}{'-present' if p else ''}" for b, w, p in BUTTON_CASES])
def test_the_answer_buttons_are_readable_in_every_state(server, offline_pack, tab, build, width, present):
    tab.set_viewport_size({"width": width, "height": 768 if width > 400 else 844})
    address = check_address(build, server, offline_pack)
    tab.goto(address + ("?present" if present else ""))
    quiz = tab.locator("#quiz-0")
    if present:
        for _ in range(20):
            if quiz.is_visible():
                break
            tab.keyboard.press("PageDown")
    wrong = quiz.locator('input[name="answer"]:not([data-correct])').first
    quiz.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    quiz.locator('button[type="submit"]').click()
    assert quiz.locator(".course-show-answer").is_visible(), "no 'Show the answer' after a wrong answer"
    problems = button_states(tab, quiz, "after a wrong answer")
    quiz.locator(".course-show-answer").click()
    problems += button_states(tab, quiz, "with the answer shown", pointer_and_keyboard=False)
    quiz.locator(".quiz-reset-button").click()
    problems += button_states(tab, quiz, "after 'Try again'")
    for right in quiz.locator('input[name="answer"][data-correct]').all():
        quiz.locator(f'label[for="{right.get_attribute("id")}"]').click()
    quiz.locator('button[type="submit"]').click()
    problems += button_states(tab, quiz, "after the right answer", pointer_and_keyboard=False)
    where = f"{CHECK.relative_to(ROOT)} ({build} build{', presenter mode' if present else ''}, {width} px)"
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def test_the_contrast_check_fails_on_the_old_colours(server, tab):
    """The button as course.js made it before issue 24 (Material's md-button inside
    mkdocs-quiz's form), styled by the real style sheets: indigo text on indigo."""
    tab.goto(server + coursechecks.url_path(CHECK))
    quiz = tab.locator("#quiz-0")
    wrong = quiz.locator('input[name="answer"]:not([data-correct])').first
    quiz.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    quiz.locator('button[type="submit"]').click()
    assert not contrast_problems(tab, "now", scope="#quiz-0")
    quiz.locator(".course-show-answer").evaluate("b => { b.className = 'md-button'; }")
    settled(tab)
    problems = contrast_problems(tab, "with the old class", scope="#quiz-0")
    assert any('"Show the answer" is 1.00:1' in p and "rgb(64, 81, 181) on rgb(64, 81, 181)" in p for p in problems), problems


PLANTED_CONTROLS = """
<body style="margin:0;background:#fff">
  <div style="background:#222"><button id="dark-on-dark" style="background:transparent;color:#333">Dark on dark</button></div>
  <button id="same" style="background:#4051b5;color:#4051b5">Same colour</button>
  <button id="grey-ok" style="background:none;color:#767676">Grey on white</button>
  <div style="background:#4051b5"><button id="veil" style="background:rgba(255,255,255,0.5);color:#fff">White on a veil</button></div>
  <button id="faded" style="background:#000;color:#fff;opacity:0.3">Faded</button>
  <a class="md-button" id="link-button" href="#" style="color:#999">Pale link button</a>
  <input id="pale-input" value="typed" style="color:#aaa;background:#fff">
  <input type="checkbox" id="box"><label for="box" style="color:#bbb">Pale label</label>
  <button id="off" disabled style="color:#ccc">Disabled</button>
  <button id="hidden" style="display:none;color:#fff">Hidden</button>
  <button id="pattern" style="background-image:linear-gradient(#fff,#000);color:#777">Gradient</button>
</body>"""


def test_the_contrast_check_walks_up_through_layers(tab):
    """A planted page: the check finds the background through transparent ancestors, composites
    translucent layers and opacity, covers link buttons, inputs and a checkbox's label, leaves
    out disabled and hidden controls, and reports a gradient it cannot measure."""
    tab.set_content(PLANTED_CONTROLS)
    found = {item["control"].split(" ")[0].split(".")[0]: item for item in tab.evaluate(CONTROL_CONTRAST_JS, [4.5, None])}
    assert set(found) == {"button#dark-on-dark", "button#same", "button#veil", "button#faded", "a#link-button",
                          "input#pale-input", "input#box", "button#pattern"}, sorted(found)
    assert found["button#same"]["ratio"] == 1.0
    assert found["button#dark-on-dark"]["back"] == [34, 34, 34], "did not walk up to the dark parent"
    assert found["button#veil"]["back"] == [160, 168, 218], "did not composite the veil over the indigo"
    assert found["button#pattern"]["ratio"] is None


def test_the_sentence_case_check_catches_title_case():
    assert title_case_words("Try Again") == ["Again"]
    assert title_case_words("Show The Answer") == ["The", "Answer"]
    for fine in ("Try again", "Show the answer", "Trainer view: off", "Go to decision 1", "Leave presenter mode",
                 "Play case 1 again from the start", "Present this session", "Clear my answers on this page",
                 "Save my ratings in this browser", "What do I do if…"):
        assert not title_case_words(fine), fine


def test_try_again_is_in_sentence_case_on_the_page(server, tab):
    """mkdocs-quiz writes "Try Again"; docs/_data/mkdocs-quiz-en.po makes it "Try again"."""
    tab.goto(server + coursechecks.url_path(CHECK))
    quiz = tab.locator("#quiz-0")
    quiz.locator("label").first.click()
    quiz.locator('button[type="submit"]').click()
    assert quiz.locator(".quiz-reset-button").inner_text() == "Try again"
    quiz.locator(".quiz-reset-button").evaluate("b => { b.textContent = 'Try Again'; }")  # planted
    assert title_case_problems(tab, "planted", scope="#quiz-0") == [
        "control text planted: 'Try Again' is not in sentence case (Again)"]


# Keyboard alone, at a laptop's width and at 400% zoom ----------------------------------------

class Walk:
    """Keys pressed as a keyboard user would, recording every place focus could not be seen."""

    def __init__(self, page, where: str):
        self.page, self.where, self.problems = page, where, []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        state = focus(self.page)
        self.problems += [f"{self.where}: after {key}, focus on {state['what']} {p}" for p in state["problems"]]
        return state

    def tab_to(self, wanted, what: str, limit: int = 60, key: str = "Tab") -> dict:
        for _ in range(limit):
            state = self.press(key)
            if wanted(state):
                return state
        raise AssertionError(f"{self.where}: {limit} presses of {key} never reached {what}; problems so far: {self.problems}")

    def focused_contrast(self) -> None:
        """The focused control's contrast, once its focus colours have faded in."""
        settled(self.page)
        self.problems += [f"{self.where}: {p}" for p in contrast_problems(self.page, "focused", scope=":focus")]

    def skip_to_content(self) -> None:
        """The first Tab on a page reaches Material's "Skip to content" link; Enter follows it."""
        state = self.press("Tab")
        assert "md-skip" in state["cls"], f"{self.where}: the first Tab reached {state['what']}, not 'Skip to content'"
        self.page.keyboard.press("Enter")


QUIZ_META_JS = """(id) => {
  const quiz = document.getElementById(id);
  const options = Array.from(quiz.querySelectorAll('input[name=answer]'));
  return {
    kind: quiz.querySelector('.quiz-blank-input') ? 'blank' : (options[0] && options[0].type),
    options: options.map(o => ({ id: o.id, right: o.hasAttribute('data-correct') })),
    blanks: Array.from(quiz.querySelectorAll('.quiz-blank-input')).map(b => b.getAttribute('data-answer')),
  };
}"""


def choose(walk: Walk, quiz_id: str, meta: dict, right: bool) -> None:
    """With focus on the quiz's first choice or blank: choose (or type) a wrong or the right
    answer, then submit it, by keys alone."""
    page = walk.page
    if meta["kind"] == "blank":
        for n, answer in enumerate(meta["blanks"]):
            if n:
                walk.tab_to(lambda s: "quiz-blank-input" in s["cls"], "the next blank")
            page.keyboard.type(answer if right else "no such answer")
        walk.press("Enter")
        return
    wanted = [o["right"] == right for o in meta["options"]]
    if meta["kind"] == "radio":
        index = wanted.index(True)
        if index == 0:
            walk.press("Space")
        for _ in range(index):
            walk.press("ArrowDown")  # moves to the next option and chooses it
    else:
        pick = wanted if right else [i == wanted.index(True) for i in range(len(wanted))]
        for n, option in enumerate(meta["options"]):
            state = focus(page)
            assert state["id"] == option["id"], f"{walk.where}: Tab reached {state['what']}, not option {n + 1}"
            if pick[n]:
                walk.press("Space")
            if n + 1 < len(meta["options"]):
                walk.press("Tab")
    # Past the optional "How sure are you?" choices (refresh-check.js), if the page has them.
    walk.tab_to(lambda s: s["text"] == "Submit", f"{quiz_id}'s Submit button", limit=3)
    walk.press("Enter")


def feedback_tree(page, quiz_id: str) -> str:
    return page.locator(f"#{quiz_id}").aria_snapshot()


def complete_quiz(walk: Walk, quiz_id: str, narrow: bool) -> None:
    """Wrong answer, "Show the answer", "Try again", right answer, by keyboard; the feedback is
    a live region (role status) that takes focus, and says what happened, in the tree."""
    page, where = walk.page, f"{walk.where} {quiz_id}"
    meta = page.evaluate(QUIZ_META_JS, quiz_id)
    first = meta["options"][0]["id"] if meta["options"] else None
    checks = []

    def at_feedback(what: str, words: str, buttons: list[str]) -> None:
        state = focus(page)
        if "quiz-feedback" not in state["cls"] or state["quiz"] != quiz_id:
            checks.append(f"{what}: focus went to {state['what']}, not the feedback")
        tree = feedback_tree(page, quiz_id)
        status = tree[tree.find("- status"):] if "- status" in tree else ""
        if not status:
            checks.append(f"{what}: no live region (role status) in the accessibility tree:\n{tree}")
        elif words not in status:
            checks.append(f"{what}: the live region does not say {words!r}:\n{status}")
        for name in buttons:
            if f'button "{name}"' not in tree:
                checks.append(f"{what}: no button {name!r} in the accessibility tree")
        if narrow:
            checks.extend(reflow_problems(page, what, f"#{quiz_id}"))

    walk.tab_to(lambda s: s["quiz"] == quiz_id and s["tag"] == "INPUT", f"the first choice of {quiz_id}")
    choose(walk, quiz_id, meta, right=False)
    at_feedback("after a wrong answer", "Not yet", ["Try again", "Show the answer"])
    walk.tab_to(lambda s: s["text"] == "Show the answer", "'Show the answer'")
    walk.press("Enter")
    at_feedback("after 'Show the answer'", "Right answer", ["Try again"])
    walk.tab_to(lambda s: s["text"] == "Try again", "'Try again'")
    state = walk.press("Enter")
    if state["quiz"] != quiz_id or state["tag"] != "INPUT" or (first and state["id"] != first):
        checks.append(f"after 'Try again' focus went to {state['what']}, not the first choice")
    choose(walk, quiz_id, meta, right=True)
    at_feedback("after the right answer", "Correct", ["Try again"])
    if page.locator(f"#{quiz_id} .quiz-feedback-item.incorrect").count() or not page.locator(f"#{quiz_id} .quiz-feedback-item.correct").count():
        checks.append("the right answer, chosen by keyboard, was not marked correct")
    walk.problems += [f"{where} {c}" for c in checks]


@pytest.mark.parametrize("page_md", QUIZ_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_self_check_by_keyboard_alone_at_400_percent_zoom(server, tab, page_md):
    """Every question, by keys alone, in a window 320 px wide: keyboard-only and 400% zoom in
    one walk, which is the harder case for both (the laptop's keyboard path is tested on
    start-here.md in test_browser_quality.py)."""
    viewport = "400pc"
    tab.set_viewport_size(VIEWPORTS[viewport])
    where = f"{page_md.relative_to(ROOT)} at {VIEWPORTS[viewport]['width']} px"
    tab.goto(server + coursechecks.url_path(page_md))
    walk = Walk(tab, where)
    narrow = viewport == "400pc"
    if narrow:
        walk.problems += reflow_problems(tab, f"{where} on load")
    walk.skip_to_content()
    for quiz_id in tab.locator("div.quiz").evaluate_all("qs => qs.map(q => q.id)"):
        complete_quiz(walk, quiz_id, narrow)
    answered = tab.locator("div.quiz:has(.quiz-feedback-item.correct)").count()
    assert answered == tab.locator("div.quiz").count(), f"{where}: only {answered} questions were completed"
    assert not walk.problems, "\n".join(walk.problems)


def step_of(page) -> str:
    return page.evaluate("(document.querySelector('meta[name=course-page][data-step]') || {}).dataset?.step || ''")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_capstone_case_by_keyboard_alone(server, tab, viewport):
    """From the case's start to an ending and the record of study, by Tab and Enter only: the
    start's button, choice A at each decision, each consequence's Continue button."""
    tab.set_viewport_size(VIEWPORTS[viewport])
    tab.goto(server + coursechecks.url_path(CASE / "index.md"))
    path, problems = [], []
    for _ in range(12):
        where = f"docs{tab.url.split(server, 1)[1].rstrip('/')}.md at {VIEWPORTS[viewport]['width']} px"
        path.append(tab.url)
        walk = Walk(tab, where)
        if viewport == "400pc":
            problems.extend(reflow_problems(tab, f"on {where}"))
        problems.extend(contrast_problems(tab, f"on {where}"))
        step = step_of(tab)
        if step == "ending":
            break
        if step == "decision":
            target = tab.locator(".md-content__inner li a").filter(has_text="A.").first.evaluate("a => a.href")
        else:
            target = tab.locator(".md-content__inner a.md-button--primary").first.evaluate("a => a.href")
        walk.skip_to_content()
        walk.tab_to(lambda s: s["href"] == target, target)
        walk.focused_contrast()
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        problems.extend(walk.problems)
    assert step_of(tab) == "ending", f"no ending reached by keyboard along {path}"
    walk = Walk(tab, "the ending")
    walk.skip_to_content()
    walk.tab_to(lambda s: "Play case 1 again" in s["text"], "'Play case 1 again from the start'")
    walk.focused_contrast()
    problems.extend(walk.problems)
    tab.goto(server + coursechecks.url_path(RECORD))
    assert "Capstone cases finished" in tab.locator("#course-record").inner_text(), (
        "the case finished by keyboard is not in the record of study")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_record_of_study_by_keyboard_alone(server, tab, viewport):
    """Name typed, record printed and data cleared by keyboard; the record's heading and the
    status message reach the accessibility tree; at 320 px the record's table stacks."""
    tab.set_viewport_size(VIEWPORTS[viewport])
    tab.goto(server + "/modules/grooming/")
    tab.goto(server + "/modules/grooming/what-grooming-is/")
    tab.goto(server + coursechecks.url_path(RECORD))
    where = f"{RECORD.relative_to(ROOT)} at {VIEWPORTS[viewport]['width']} px"
    walk = Walk(tab, where)
    problems = []
    narrow = viewport == "400pc"
    if narrow:
        problems += reflow_problems(tab, f"{where} on load")
    assert "Module 1" in tab.locator(".course-record-sheet").inner_text() or "rooming" in tab.locator(".course-record-sheet").inner_text()
    walk.skip_to_content()
    walk.tab_to(lambda s: s["id"] == "course-record-name", "the name box")
    tab.keyboard.type("Sam Taylor")
    tree = tab.locator(".course-record-sheet").aria_snapshot()
    if 'heading "Self-declared record of study: Sam Taylor"' not in tree:
        problems.append(f"{where}: the typed name is not in the record's heading:\n{tree[:300]}")
    walk.tab_to(lambda s: s["id"] == "course-record-print", "'Print or save this record'")
    walk.focused_contrast()
    walk.press("Enter")
    if tab.evaluate("window.__printed") != 1:
        problems.append(f"{where}: Enter on 'Print or save this record' did not open printing")
    walk.tab_to(lambda s: s["id"] == "course-record-clear", "'Clear my data'")
    walk.focused_contrast()
    tab.once("dialog", lambda dialog: dialog.accept())
    walk.press("Enter")
    status = tab.locator("#course-record-status").aria_snapshot()
    if not status.startswith("- status") or "cleared" not in status:
        problems.append(f"{where}: clearing was not announced in a live region: {status}")
    if "No study is recorded" not in tab.locator(".course-record-sheet").inner_text():
        problems.append(f"{where}: the record still lists study after 'Clear my data'")
    if narrow:
        problems += reflow_problems(tab, f"{where} after clearing")
    tab.mouse.move(0, 0)
    tab.evaluate("document.activeElement.blur()")
    settled(tab)
    problems += contrast_problems(tab, f"on {where}")
    assert not problems + walk.problems, "\n".join(problems + walk.problems)


def test_the_reflow_check_catches_a_wide_block_and_a_cut_off_label(tab):
    """Planted: a paragraph wider than the window and a button cut off by its box."""
    tab.set_viewport_size({"width": 320, "height": 256})
    tab.set_content('<body style="margin:0"><div class="md-content__inner">'
                    '<p style="width:600px">A paragraph that does not reflow.</p>'
                    '<div style="overflow:hidden;width:100px"><button style="width:200px">Cut off</button></div>'
                    '<div style="overflow-x:auto"><table><tr><td style="min-width:900px">A wide table scrolls in a box of its own</td></tr></table></div>'
                    '</div></body>')
    problems = reflow_problems(tab, "planted", ".md-content__inner")
    assert any("scrolls sideways" in p for p in problems), problems
    assert any('p "A paragraph that does not reflow."' in p and "runs off the window" in p for p in problems), problems
    assert any('button "Cut off" is cut off' in p for p in problems), problems
    assert not any("table" in p for p in problems), problems
