"""Spaced refreshers, confidence and progress files (issue 23; README "Refreshers").

On a simulated clock (Playwright's clock): a question answered today is not due tomorrow and is
due after the first gap; a wrong answer comes back sooner; confidence is kept and shown in the
record with sure-but-wrong questions flagged; progress saves to a file and loads back, also from
an older version of the course; malformed, foreign and hostile files are refused with progress
left as it was; blocked storage degrades plainly; all of it works from the USB pack over file://,
at phone width and by keyboard, and no request leaves the page.

The clock belongs to the shared browser context, so the module puts it back on real time when it
ends (real_time_afterwards)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

import coursechecks
from conftest import ROOT, guarded_tab
from course import refreshers
from course.checks import quizlint
from test_browser_quality import at_rest, axe_problems, has_visible_focus
from test_record import pages_printed, printed_text

JS = "docs/assets/javascripts/refresh-schedule.js"
CHECK_JS = "docs/assets/javascripts/refresh-check.js"
PAGE_JS = "docs/assets/javascripts/refresh.js"
HOOK = "overrides/hooks/refresh.py"
DAY = dt.date(2026, 12, 6)           # "today" in these tests; every date below is simulated
GROOMING = "/modules/grooming/check-your-understanding/"
SURE = {"sure": "Sure", "think-so": "Think so", "guessing": "Guessing"}
CLOCK_USED = []


@pytest.fixture(scope="module", autouse=True)
def real_time_afterwards(browser):
    """page.clock is the whole context's clock, and the context is shared with other tests:
    once this module has faked the date, leave it running from the real time again."""
    yield
    if CLOCK_USED:
        browser.clock.set_system_time(dt.datetime.now())


@pytest.fixture
def tab(browser):
    """A tab that blocks and records any request outside the local server and file://, and
    records uncaught script errors."""
    page = guarded_tab(browser, ("http://127.0.0.1", "file:"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.crashes = []
    page.on("pageerror", lambda error: page.crashes.append(str(error)))
    yield page
    page.close()


def on(tab, day: dt.date) -> None:
    """The page's clock says it is 10 in the morning of day, and stays there."""
    CLOCK_USED.append(day)
    tab.clock.set_fixed_time(dt.datetime.combine(day, dt.time(10, 0)))


def start(tab, url: str, day: dt.date = DAY) -> None:
    """Open url on day with nothing saved in this browser."""
    on(tab, day)
    tab.goto(url)
    tab.evaluate("localStorage.clear()")
    tab.reload()


def clean(tab) -> None:
    assert tab.blocked == [], f"requests left the page: {tab.blocked}"
    assert tab.crashes == [], f"script errors: {tab.crashes}"


def fingerprints(site, path: str) -> list[str]:
    html = coursechecks.html_of(site / path.strip("/") / "index.html")
    return html.select_one('meta[name="course-quiz"]')["content"].split()


def choices(tab) -> list[int]:
    """The numbers of the open self-check's questions answered by choosing (not fill-ins), so the
    tests need no particular order of the banks."""
    return tab.locator("div.quiz:not(.quiz-fill-blank)").evaluate_all("qs => qs.map(q => Number(q.id.slice(5)))")


def answer(tab, number: int, right: bool, sure: str = "") -> str:
    """Answer question `number` of the self-check open in tab; returns its refresher note."""
    quiz = tab.locator(f"#quiz-{number}")
    if sure:
        quiz.locator(".course-sure label", has_text=SURE[sure]).click()
    blanks = quiz.locator(".quiz-blank-input")
    if blanks.count():
        for blank in blanks.all():
            blank.fill(blank.get_attribute("data-answer") if right else "no such answer")
    elif right:
        for option in quiz.locator('input[name="answer"][data-correct]').all():
            option.check()
    else:
        quiz.locator('input[name="answer"]:not([data-correct])').first.check()
    quiz.get_by_role("button", name="Submit").click()
    note = quiz.locator(".course-refresh-when")
    note.wait_for()
    return note.inner_text()


def schedule(tab) -> dict:
    return json.loads(tab.evaluate("localStorage.getItem('course_refresh')") or "null") or {}


def due_line(tab) -> str:
    line = tab.locator("[data-refresh-due]")
    return line.inner_text() if line.is_visible() else ""


def refresh_items(tab) -> list[str]:
    return tab.locator(".course-refresh-item").evaluate_all("els => els.map(e => e.dataset.fingerprint)")


def answer_refresher(tab, right: bool, sure: str = "") -> str:
    """Answer the first open refresher on the Refresh page; returns what the page says after."""
    fp = tab.locator(".course-refresh-item:not(.course-refresh-right):not(.course-refresh-wrong)").first.get_attribute("data-fingerprint")
    item = tab.locator(f'.course-refresh-item[data-fingerprint="{fp}"]')  # still this one once answered
    data = tab.evaluate("fp => JSON.parse(document.querySelector('.course-refresh-data').textContent).items[fp]", fp)
    if data["kind"] == "blank":
        for blank in item.locator(".course-refresh-blank").all():
            blank.fill(blank.get_attribute("data-answer") if right else "no such answer")
    else:
        options = item.locator(".course-refresh-options input")
        wanted = [i for i, o in enumerate(data["options"]) if o["right"] == right]
        for i in (wanted if right else wanted[:1]):
            options.nth(i).check()
    if sure:
        item.locator(".course-sure label", has_text=SURE[sure]).click()
    item.get_by_role("button", name="Check my answer").click()
    result = item.locator(".course-refresh-result")
    result.locator(".course-refresh-next").wait_for()
    return result.inner_text()


def long(day: dt.date) -> str:
    return day.strftime("%-d %B %Y")


# What the build gives the Refresh page ------------------------------------------------------------

def test_every_module_question_is_a_refresher_keyed_to_its_fingerprint(web_site):
    html = (web_site / "refresh" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" class="course-refresh-data">(.*?)</script>', html, re.S).group(1))
    problems = []
    expected = {}
    for page, bank in (("modules/grooming/check-your-understanding", "grooming"),
                       ("modules/normalisation/check-your-understanding", "normalisation"),
                       ("modules/reporting/check-your-understanding", "reporting"),
                       ("yearly-update", "yearly-update")):
        fps = fingerprints(web_site, page)
        questions = len(quizlint.lint_bank(ROOT / "quizzes" / f"{bank}.md")[0])
        if len(fps) != questions:
            problems.append(f"{page}: {len(fps)} fingerprints for {questions} questions in quizzes/{bank}.md")
        for position, fp in enumerate(fps):
            expected[fp] = (page, position)
    for fp, (page, position) in expected.items():
        item = data["items"].get(fp)
        if item is None:
            problems.append(f"{page} question {position + 1} ({fp}) is not on the Refresh page")
        elif item["n"] != position or not item["page"].startswith(page) or not item["question"]:
            problems.append(f"{fp}: on the Refresh page as {item['page']} question {item['n'] + 1}, not {page} question {position + 1}")
    others = set(data["items"]) - set(expected)
    if others:
        problems.append(f"questions that are not a module's or the yearly update's: {sorted(others)[:5]}")
    start_here = set(fingerprints(web_site, "start-here"))
    if start_here & set(data["items"]):
        problems.append("Start here's questions became refreshers")
    for fp, item in data["items"].items():
        if item["kind"] != "blank" and not any(o["right"] for o in item["options"]):
            problems.append(f"{fp}: no right option")
        if "course-root:" in json.dumps(item):
            problems.append(f"{fp}: a link was not made relative to the page")
    due = coursechecks.html_of(web_site / "index.html").select_one("[data-refresh-due]")
    if due is None or set(due["data-refresh-items"].split()) != set(expected):
        problems.append("index.md: the home page's due count does not know every refresher")
    assert not problems, f"{HOOK}, course/refreshers.py:\n  " + "\n  ".join(problems)


def test_refresher_code_loads_only_where_it_is_used(web_site):
    """First views stay light: the home page (its count is record.js's), a module page, Start here
    and the cards load no refresher code."""
    problems = []
    for path in ("", "modules/grooming", "start-here", "cards/england", "modules/grooming/what-grooming-is"):
        html = (web_site / path / "index.html").read_text(encoding="utf-8")
        for name in ("refresh-check.js", "refresh-schedule.js", "refresh.js", "refresh.css", "course-refresh-data"):
            if name in html:
                problems.append(f"{path or 'index'}: loads {name}")
    for path, needed in (("modules/grooming/check-your-understanding", ["refresh-check.js"]),
                         ("yearly-update", ["refresh-check.js"]),
                         ("refresh", ["refresh-schedule.js", "refresh.js", "refresh.css"]),
                         ("record", ["refresh-schedule.js", "refresh.js", "refresh.css"])):
        html = (web_site / path / "index.html").read_text(encoding="utf-8")
        problems += [f"{path or 'index'}: does not load {n}" for n in needed if n not in html]
        if path.endswith(("check-your-understanding", "yearly-update")) and "refresh-schedule.js" in html:
            problems.append(f"{path}: loads the schedule before any answer (refresh-check.js fetches it)")
    assert not problems, f"{HOOK}: " + "; ".join(problems)


def test_a_change_in_mkdocs_quiz_markup_is_caught_not_guessed():
    """course/refreshers.py reads mkdocs-quiz 1.7.1's markup; other markup is an error, which the
    hook turns into a build warning (so the strict build fails) rather than a broken page."""
    good = ('<div class="quiz"  id="quiz-0"><div class="quiz-question" id="quiz-0-question"><p>Q <a href="../x/">x</a></p></div>'
            '<form><fieldset aria-labelledby="quiz-0-question"><div><input type="radio" name="answer" value="0" id="quiz-0-0" >'
            '<label for="quiz-0-0">A</label><div class="answer-feedback hidden">No.</div></div><div><input type="radio" name="answer" '
            'value="1" id="quiz-0-1" data-correct="true"><label for="quiz-0-1">B</label><div class="answer-feedback hidden">Yes.</div>'
            '</div></fieldset><div class="quiz-feedback hidden"></div></form><section class="content hidden"><p>Why.</p></section></div>')
    items = refreshers.extract_items(good, "modules/m/check/")
    assert [o["right"] for o in items[0]["options"]] == [False, True] and items[0]["kind"] == "one"
    assert 'href="course-root:/modules/m/x/"' in items[0]["question"], items[0]["question"]
    with pytest.raises(ValueError):
        refreshers.extract_items(good.replace('class="content hidden"', 'class="explanation"'), "modules/m/check/")
    with pytest.raises(ValueError):
        refreshers.extract_items(good.replace('name="answer"', 'name="choice"'), "modules/m/check/")


# The schedule, on a simulated clock -----------------------------------------------------------------

def test_answered_today_nothing_due_tomorrow_due_after_the_first_gap(server, web_site, tab):
    start(tab, server + GROOMING)
    fp = fingerprints(web_site, GROOMING)[1]
    asked = " ".join(tab.locator("#quiz-1 .quiz-question").inner_text().split())[:60]
    note = answer(tab, 1, right=True, sure="sure")
    first = DAY + dt.timedelta(days=3)
    assert long(first) in note, f"{JS}: a right first answer should come back on {long(first)}: {note!r}"
    assert schedule(tab)["items"][fp]["due"] == first.isoformat(), f"{JS}: {schedule(tab)}"

    on(tab, DAY + dt.timedelta(days=1))
    tab.goto(server + "/")
    assert "No refresher is due today" in due_line(tab) and long(first) in due_line(tab), \
        f"docs/index.md: the day after, the home page says {due_line(tab)!r}"
    tab.goto(server + "/refresh/")
    assert refresh_items(tab) == [], f"{PAGE_JS}: a question answered yesterday is already due"
    assert "No refreshers are due today" in tab.locator(".course-refresh-status").inner_text()

    on(tab, first)
    tab.goto(server + "/")
    assert "1 refresher is due today" in due_line(tab), f"docs/index.md: on {first} the home page says {due_line(tab)!r}"
    tab.goto(server + "/refresh/")
    assert refresh_items(tab) == [fp], f"{PAGE_JS}: on {first} the Refresh page shows {refresh_items(tab)}, not {fp}"
    question = " ".join(tab.locator(".course-refresh-item .course-refresh-question").inner_text().split())
    assert question.startswith(asked), f"{PAGE_JS}: the refresher {question!r} is not the question answered ({asked!r})"
    text = answer_refresher(tab, right=True, sure="sure")
    assert "Right." in text and long(first + dt.timedelta(days=7)) in text, \
        f"{JS}: a right answer when due should come back a week later: {text!r}"
    assert "That is all for today" in tab.locator(".course-refresh-more").inner_text()
    tab.goto(server + "/record/")
    assert "No refresher is due today" in tab.locator(".course-refresh-record-due").inner_text()
    clean(tab)


def test_a_wrong_answer_comes_back_sooner_and_a_retry_is_practice(server, web_site, tab):
    start(tab, server + GROOMING)
    fps = fingerprints(web_site, GROOMING)
    wrong_note = answer(tab, 1, right=False, sure="sure")
    assert long(DAY + dt.timedelta(days=1)) in wrong_note, f"{JS}: a wrong answer should come back tomorrow: {wrong_note!r}"
    # Trying again at once and getting it right does not move it back out to three days.
    tab.locator("#quiz-1 .quiz-reset-button").click()
    answer(tab, 1, right=True)
    assert schedule(tab)["items"][fps[1]]["due"] == (DAY + dt.timedelta(days=1)).isoformat(), \
        f"{JS}: a second answer on the same day changed the schedule"
    answer(tab, 2, right=True)
    answer(tab, 3, right=True, sure="guessing")

    on(tab, DAY + dt.timedelta(days=1))
    tab.goto(server + "/refresh/")
    assert refresh_items(tab) == [fps[1]], f"{PAGE_JS}: the day after, due should be only the wrong one, not {refresh_items(tab)}"
    text = answer_refresher(tab, right=False)
    assert "Not quite." in text and long(DAY + dt.timedelta(days=2)) in text, f"{JS}: wrong again should come back tomorrow: {text!r}"

    on(tab, DAY + dt.timedelta(days=3))
    tab.goto(server + "/refresh/")
    assert set(refresh_items(tab)) == {fps[1], fps[2], fps[3]}, f"{PAGE_JS}: on day 3: {refresh_items(tab)}"
    clean(tab)


def test_due_questions_come_mixed_across_modules_a_handful_at_a_time(server, web_site, tab):
    start(tab, server + GROOMING)
    for n in range(4):
        answer(tab, n, right=True)
    tab.goto(server + "/modules/normalisation/check-your-understanding/")
    for n in range(4):
        answer(tab, n, right=True)
    grooming = set(fingerprints(web_site, GROOMING))
    on(tab, DAY + dt.timedelta(days=3))
    tab.goto(server + "/refresh/")
    shown = refresh_items(tab)
    assert len(shown) == 5, f"{PAGE_JS}: {len(shown)} refreshers shown at once, not a handful of 5"
    assert [fp in grooming for fp in shown[:4]] in ([True, False, True, False], [False, True, False, True]), \
        f"{PAGE_JS}: due questions are not mixed across modules: {shown}"
    for _ in shown:
        answer_refresher(tab, right=True)
    more = tab.locator(".course-refresh-more button")
    assert "3 more" in more.inner_text() or "3 refreshers left" in more.inner_text(), more.inner_text()
    more.click()
    assert len(refresh_items(tab)) == 8
    new_heading = tab.locator('.course-refresh-item[data-batch="2"] h2').first
    assert tab.evaluate("document.activeElement.id") == new_heading.get_attribute("id"), \
        f"{PAGE_JS}: focus did not move to the next refreshers"
    clean(tab)


# Confidence ---------------------------------------------------------------------------------

def test_confidence_is_kept_and_the_record_flags_sure_but_wrong(server, web_site, tab, tmp_path):
    start(tab, server + GROOMING)
    fps = fingerprints(web_site, GROOMING)
    answer(tab, 0, right=True, sure="sure")
    answer(tab, 1, right=True, sure="sure")
    answer(tab, 2, right=False, sure="sure")
    answer(tab, 3, right=False, sure="think-so")
    answer(tab, 4, right=True)
    kept = schedule(tab)["items"]
    assert [kept[fps[n]]["answers"][-1]["confidence"] for n in range(5)] == ["sure", "sure", "sure", "think-so", ""], \
        f"{JS}: confidence not kept with each answer: {kept}"
    tab.goto(server + "/record/")
    tab.fill("#course-record-name", "Alex Example")
    row = tab.locator("#course-refresh-summary tbody tr", has_text="Module 1: Grooming")
    assert row.locator('td[data-label="Right when sure"]').inner_text() == "2 of 3", f"{PAGE_JS}: {row.inner_text()}"
    assert row.locator('td[data-label="Sure but wrong"]').inner_text() == "1"
    assert row.locator('td[data-label="In the schedule"]').inner_text() == "5 questions"
    flagged = tab.locator(".course-refresh-flagged li")
    assert flagged.count() == 1 and "question 3" in flagged.inner_text(), f"{PAGE_JS}: flagged {flagged.all_inner_texts()}"
    link = flagged.locator("a").get_attribute("href")
    assert link.endswith("modules/grooming/check-your-understanding/#quiz-2"), f"{PAGE_JS}: the flag links to {link}"
    text = printed_text(tab)
    for needed in ("Refreshers and confidence", "Right when sure", "For another look", "Alex Example"):
        assert needed in text, f"{PAGE_JS}: the printed record lacks {needed!r}:\n{text}"
    assert "Save my progress" not in text and "Load progress" not in text, "the printed record shows the file buttons"
    assert pages_printed(tab, tmp_path) == 1, "docs/record.md: the record with refreshers prints on more than one page"

    # Answered right and sure on the Refresh page, the flag goes.
    on(tab, DAY + dt.timedelta(days=1))
    tab.goto(server + "/refresh/")
    assert set(refresh_items(tab)) == {fps[2], fps[3]}
    while tab.locator(".course-refresh-item:not(.course-refresh-right):not(.course-refresh-wrong)").count():
        answer_refresher(tab, right=True, sure="sure")
    tab.goto(server + "/record/")
    assert tab.locator(".course-refresh-flagged").count() == 0, f"{PAGE_JS}: a question since answered right is still flagged"
    clean(tab)


def test_presenter_mode_asks_nothing_and_keeps_nothing(server, tab):
    start(tab, server + GROOMING)
    tab.goto(server + GROOMING + "?present")
    tab.locator("body.course-present").wait_for(state="attached")
    quiz = tab.locator(f"#quiz-{choices(tab)[0]}")
    assert quiz.locator(".course-sure").evaluate("e => getComputedStyle(e).display") == "none", \
        f"{CHECK_JS}: presenter mode shows 'How sure are you?'"
    # The room answers (the question need not be on the current slide for this check).
    quiz.locator('input[name="answer"]:not([data-correct])').first.evaluate("e => e.click()")
    quiz.locator('form button[type="submit"]').evaluate("e => e.click()")
    quiz.locator(".quiz-feedback-item").first.wait_for(state="attached")
    assert schedule(tab) == {}, f"{CHECK_JS}: the room's answer in presenter mode joined the trainer's refreshers"
    clean(tab)


# Progress files -----------------------------------------------------------------------------

def storage(tab) -> dict:
    return json.loads(tab.evaluate("JSON.stringify(Object.fromEntries(Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)])))"))


def load_file(tab, content: bytes | str, name: str = "progress.json") -> str:
    """Load a file on the record page; returns the status or alert it shows."""
    tab.evaluate("() => { for (const id of ['course-progress-status', 'course-progress-alert']) document.getElementById(id).textContent = ''; }")
    data = content.encode("utf-8") if isinstance(content, str) else content
    tab.set_input_files("#course-progress-load", files=[{"name": name, "mimeType": "application/json", "buffer": data}])
    tab.locator("#course-progress-status:not(:empty), #course-progress-alert:not(:empty)").first.wait_for()
    return tab.locator("#course-progress-status").inner_text() or "REFUSED: " + tab.locator("#course-progress-alert").inner_text()


def some_progress(tab, server):
    """Three answers with confidence, two pages read, a name: what a learner brings."""
    start(tab, server + GROOMING)
    answer(tab, 0, right=True, sure="sure")
    answer(tab, 1, right=False, sure="sure")
    answer(tab, 2, right=True, sure="guessing")
    tab.goto(server + "/modules/grooming/")
    tab.goto(server + "/record/")
    tab.fill("#course-record-name", "Alex O'Neil & Co")


def save_file(tab, day: dt.date = DAY) -> dict:
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Save my progress to a file").click()
    path = download.value.path()
    assert download.value.suggested_filename == f"safeguarding-course-progress-{day.isoformat()}.json"
    return json.loads(open(path, encoding="utf-8").read())


def test_progress_saves_to_a_file_and_loads_back(server, web_site, tab):
    some_progress(tab, server)
    before = storage(tab)
    file = save_file(tab)
    fps = fingerprints(web_site, GROOMING)
    assert file["format"] == "safeguarding-course-progress" and file["version"] == 1, f"{PAGE_JS}: {file}"
    assert set(file["answers"]) == set(fps[:3]) and set(file["refreshers"]) == set(fps[:3]), f"{PAGE_JS}: {file}"
    assert file["name"] == "Alex O'Neil & Co" and "modules/grooming/index" in file["pages"]

    tab.evaluate("localStorage.clear()")   # another browser
    tab.reload()
    assert tab.locator("#course-refresh-summary").inner_text() == ""
    message = load_file(tab, json.dumps(file))
    assert message.startswith("Loaded: 3 self-check answers, 3 refreshers"), f"{PAGE_JS}: {message}"
    after = storage(tab)
    assert json.loads(after["course_refresh"]) == json.loads(before["course_refresh"]), f"{PAGE_JS}: refreshers changed on the way"
    assert tab.locator("#course-record-heading").inner_text() == "Self-declared record of study: Alex O'Neil & Co"
    assert "answered 3 of" in tab.locator("#course-record-table").inner_text(), \
        f"{PAGE_JS}: the record does not show the loaded answers: {tab.locator('#course-record-table').inner_text()}"
    tab.goto(server + GROOMING)
    assert tab.locator("div.quiz:has(.quiz-feedback-item)").count() == 3, f"{PAGE_JS}: the self-check does not show the loaded answers"
    # Loading the same file again changes nothing.
    tab.goto(server + "/record/")
    again = storage(tab)
    load_file(tab, json.dumps(file))
    assert storage(tab) == again, f"{PAGE_JS}: loading a file twice changed the progress"
    clean(tab)


def test_a_file_from_an_older_version_loads_what_still_matches(server, web_site, tab):
    fps = fingerprints(web_site, GROOMING)
    old = {"format": "safeguarding-course-progress", "version": 1, "course": "Safeguarding course for DSLs",
           "saved": "2026-03-01",
           "answers": {fps[0]: {"page": "modules/grooming/check-your-understanding", "correct": True, "selected": ["1", "3"]},
                       "aaaaaaaaaaaa": {"page": "modules/grooming/check-your-understanding", "correct": False, "selected": ["0"]}},
           "refreshers": {fps[0]: {"box": 3, "due": "2026-12-20", "answers": [{"date": "2026-11-29", "right": True, "confidence": "sure"}]},
                          "bbbbbbbbbbbb": {"box": 1, "due": "2026-03-04", "answers": [{"date": "2026-03-01", "right": True}]}},
           "pages": {"modules/grooming/index": "2026-03-01", "modules/grooming/a-page-since-removed": "2026-03-01"}}
    start(tab, server + "/record/")
    message = load_file(tab, json.dumps(old))
    assert "Loaded: 1 self-check answer, 1 refresher and 1 page read." in message and "2 questions were from an older version" in message, \
        f"{PAGE_JS}: {message}"
    kept = storage(tab)
    assert set(json.loads(kept["course_refresh"])["items"]) == {fps[0]}
    visits = json.loads(kept["course_visits"])
    assert visits.get("modules/grooming/index") == "2026-03-01" and "modules/grooming/a-page-since-removed" not in visits, visits
    clean(tab)


def hostile(fp: str) -> list[tuple[str, str, str]]:
    """(what, file text, words the refusal must use)."""
    good = {"format": "safeguarding-course-progress", "version": 1, "saved": "2026-12-01",
            "refreshers": {fp: {"box": 1, "due": "2026-12-04", "answers": [{"date": "2026-12-01", "right": True, "confidence": "sure"}]}}}

    def variant(**changes):
        copy = json.loads(json.dumps(good))
        copy.update(changes)
        return json.dumps(copy)

    script = '<img src="x" onerror="window.__pwned = 1">'
    return [
        ("malformed", '{"format": "safeguarding-course-progress", "version": 1, "answers": {', "could not be read"),
        ("not JSON at all", "PK\x03\x04 a zip file", "could not be read"),
        ("from another site", json.dumps({"format": "another-course-export", "version": 1, "refreshers": {}}), "not a progress file from this course"),
        ("a list, not a file", "[1, 2, 3]", "could not be read"),
        ("a newer version", variant(version=2), "newer version"),
        ("markup in the name", variant(name=script), "web page code"),
        ("markup in a key", variant(refreshers={script: good["refreshers"][fp]}), "web page code"),
        ("markup in a confidence", variant(refreshers={fp: dict(good["refreshers"][fp], answers=[{"date": "2026-12-01", "right": True, "confidence": "<b>sure</b>"}])}), "web page code"),
        ("an object key that is no question", variant(refreshers={"__proto__": good["refreshers"][fp]}), "not what this course saves"),
        ("a date that is no date", variant(refreshers={fp: dict(good["refreshers"][fp], due="2026-02-31")}), "not what this course saves"),
        ("a box out of range", variant(refreshers={fp: dict(good["refreshers"][fp], box=99)}), "not what this course saves"),
        ("a script address as a page", variant(pages={"javascript:alert(1)": "2026-12-01"}), "not what this course saves"),
    ]


def test_bad_files_are_refused_and_progress_is_left_as_it_was(server, web_site, tab):
    some_progress(tab, server)
    tab.add_init_script("window.__pwned = 0")
    tab.reload()
    before = storage(tab)
    problems = []
    for what, text, words in hostile(fingerprints(web_site, GROOMING)[5]):
        message = load_file(tab, text)
        if not message.startswith("REFUSED: ") or words not in message or "has not changed" not in message:
            problems.append(f"{what}: {message!r}")
        if storage(tab) != before:
            problems.append(f"{what}: the progress in the browser changed")
    assert tab.evaluate("window.__pwned") == 0 and tab.locator('img[src="x"]').count() == 0, f"{PAGE_JS}: markup from a file ran"
    big = load_file(tab, b" " * 1_000_001)
    if "too big" not in big:
        problems.append(f"a 1 MB file: {big!r}")
    assert not problems, f"{PAGE_JS}:\n  " + "\n  ".join(problems)
    assert tab.locator("#course-record-heading").inner_text().endswith("Alex O'Neil & Co")
    clean(tab)


# Where the course runs ------------------------------------------------------------------------

BLOCK_STORAGE = ("Object.defineProperty(window, 'localStorage', "
                 "{get() { throw new DOMException('blocked', 'SecurityError'); }});")


def test_with_storage_blocked_everything_says_so_plainly(server, tab):
    tab.add_init_script(BLOCK_STORAGE)
    on(tab, DAY)
    # Material's own bundle throws on a page with no refresher code at all: that many, and no
    # more, on the pages that have it.
    tab.goto(server + "/start-here/")
    baseline = list(tab.crashes)
    tab.crashes.clear()
    tab.goto(server + GROOMING)
    quiz = tab.locator(f"#quiz-{choices(tab)[0]}")
    for option in quiz.locator('input[name="answer"][data-correct]').all():
        option.check()
    quiz.get_by_role("button", name="Submit").click()
    assert quiz.locator(".quiz-feedback-item.correct").count() == 1, "with storage blocked the self-check no longer marks answers"
    assert quiz.locator(".course-refresh-when").count() == 0, f"{JS}: promised a refresher it cannot keep"
    tab.goto(server + "/")
    assert not tab.locator("[data-refresh-due]").is_visible()
    tab.goto(server + "/refresh/")
    status = tab.locator(".course-refresh-status").inner_text()
    assert "not letting the course keep anything" in status and "Allowing this site to store data" in status, f"{PAGE_JS}: {status!r}"
    tab.goto(server + "/record/")
    tab.get_by_role("button", name="Save my progress to a file").click()
    assert "no progress to save" in tab.locator("#course-progress-alert").inner_text()
    assert "nowhere to load" in load_file(tab, '{"format": "safeguarding-course-progress", "version": 1}')
    assert tab.crashes == baseline * 4, f"{JS}, {PAGE_JS}: script errors with storage blocked: {tab.crashes} (a page without them: {baseline})"
    tab.crashes.clear()
    clean(tab)


def test_from_the_usb_pack_over_file(offline_pack, tab):
    """The pack as built, opened from file:// (read only: nothing is written into it)."""
    folder = offline_pack[0]
    quiz_page = (folder / "modules" / "grooming" / "check-your-understanding.html").as_uri()
    start(tab, quiz_page)
    answer(tab, 1, right=False, sure="sure")
    answer(tab, 2, right=True, sure="think-so")
    on(tab, DAY + dt.timedelta(days=1))
    tab.goto((folder / "index.html").as_uri())
    assert "1 refresher is due today" in due_line(tab), f"index.html from file://: {due_line(tab)!r}"
    tab.locator("[data-refresh-due] a").click()
    tab.wait_for_load_state("load")
    assert tab.url.endswith("refresh.html"), f"the home page's link went to {tab.url}"
    assert len(refresh_items(tab)) == 1
    assert "Not quite." in answer_refresher(tab, right=False)
    tab.goto((folder / "record.html").as_uri())
    file = save_file(tab, DAY + dt.timedelta(days=1))
    tab.evaluate("localStorage.clear()")
    tab.reload()
    assert load_file(tab, json.dumps(file)).startswith("Loaded: 2 self-check answers, 2 refreshers")
    tab.goto(quiz_page)
    assert tab.locator("div.quiz:has(.quiz-feedback-item)").count() == 2, "file://: the loaded answers are not on the self-check"
    clean(tab)


def test_at_phone_width_by_keyboard_and_for_axe(server, tab):
    start(tab, server + GROOMING)
    first, second = choices(tab)[:2]  # the first refresher shown is then one to choose from
    answer(tab, first, right=True, sure="sure")
    answer(tab, second, right=True)
    on(tab, DAY + dt.timedelta(days=3))
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.goto(server + "/refresh/")
    problems = axe_problems(tab, "on the Refresh page with refreshers")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "docs/assets/stylesheets/refresh.css: the Refresh page scrolls sideways at 390 px"
    # Keyboard only: Tab reaches the first option, arrows choose, Tab to the confidence and on to the button.
    item = tab.locator(".course-refresh-item").first
    item.locator("h2").focus()
    tab.keyboard.press("Tab")
    first = item.locator(".course-refresh-options input").first
    assert tab.evaluate("document.activeElement.id") == first.get_attribute("id"), "Tab from the heading did not reach the first option"
    assert has_visible_focus(tab), "the focused option shows no focus indicator"
    tab.keyboard.press("Enter")   # nothing chosen yet
    assert item.get_by_role("alert").inner_text() == "Choose an answer first."
    tab.keyboard.press("Space")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.name").startswith("course-refresh-sure-"), "Tab did not reach 'How sure are you?'"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Check my answer"
    assert has_visible_focus(tab), "the focused button shows no focus indicator"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.classList.contains('course-refresh-result')"), "focus did not move to the result"
    assert item.locator(".course-refresh-next").is_visible()
    at_rest(tab)  # focus on the result scrolled the page: check from the top, as the quizzes are
    problems += axe_problems(tab, "after answering a refresher")
    tab.goto(server + "/record/")
    problems += axe_problems(tab, "on the record with refreshers and the file buttons")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "the record scrolls sideways at 390 px"
    assert not problems, f"{PAGE_JS}:\n  " + "\n  ".join(problems)
    clean(tab)


def test_the_printed_refresh_page_says_what_it_is(server, tab):
    start(tab, server + "/refresh/")
    text = printed_text(tab)
    assert "This printed page is the course's Refresh page" in text, f"docs/refresh.md: printed, the page does not say what it is:\n{text}"
    assert "Check my answer" not in text and "No refreshers yet" not in text, "the printed Refresh page shows on-screen controls"
    assert not tab.locator(".course-refresh-printed").is_visible(), "on screen the page shows its printed note"
    clean(tab)
