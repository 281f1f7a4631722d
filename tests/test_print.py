"""Printed editions (make pdf): every PDF is read page by page. No page is blank or holds only a
header, page number or review line; the workbook and trainer edition have a cover, contents,
page numbers and a document title; handouts are two to four pages; each card is one A4 page;
nothing web-only prints; the addresses that matter print; the workbook has space to write and
no answers, and the trainer edition marks them. The page lists follow mkdocs.yml's nav,
including capstone cases and the yearly update when they exist."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, fresh_goto, project_copy, require

from course import coursedata
from course.printing import pdf

CARDS = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "cards").glob("*.md") if p.stem != "index")
SITE_NAME = coursedata.load_mkdocs_config()["site_name"]
RUNNING = (SITE_NAME + " · ",)


@pytest.fixture(scope="module", autouse=True)
def poppler():
    require("pdftotext")


def pdf_text(path: Path) -> tuple[int, str]:
    return pdf._pages(path), subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def printed(offline_pack, browser):
    """Every PDF make pdf makes, from the offline build."""
    out = Path(tempfile.mkdtemp(prefix="course-pdf-test-"))
    made = pdf.build_all(offline_pack[0], out, browser)
    yield {p.name: p for p in made}
    shutil.rmtree(out, ignore_errors=True)


# Every PDF --------------------------------------------------------------------------------------

def test_no_pdf_has_a_blank_page_or_one_holding_only_a_footer_line(printed):
    problems = pdf.check(list(printed.values()), RUNNING)
    assert not problems, "course/printing/pdf.py: pages with nothing to read:\n  " + "\n  ".join(problems)


def test_the_empty_page_check_fails_on_a_blank_page_a_lone_review_line_and_a_spilt_line(browser, tmp_path):
    """Self-test: a planted PDF with a blank page, a page holding only the review line, and a page
    holding only a form's last line (fewer than ten words), between pages of real text."""
    text = "Real text, enough words to read as a page of the course, not a stray line."
    planted = tmp_path / "planted.html"
    planted.write_text(
        f"<style>@page {{ size: A4 }} p {{ break-after: page }}</style><p>{text}</p><p>&nbsp;</p>"
        "<p>Last reviewed 24 November 2026. Next review due by 31 August 2027.</p>"
        "<p>Date: .................. Session: ..................</p>"
        f"<p>{text}</p><div>{text}</div>")
    page = browser.new_page()
    page.goto(planted.as_uri())
    page.pdf(path=str(tmp_path / "planted.pdf"), prefer_css_page_size=True)
    page.close()
    problems = pdf.check([tmp_path / "planted.pdf"], RUNNING)
    assert problems == ["planted.pdf: page 2 has a blank page", "planted.pdf: page 3 has only the review line",
                        "planted.pdf: page 4 has only 4 words besides the running heads "
                        "('Date: .................. Session: ..................')"], problems


# Workbook and trainer edition -------------------------------------------------------------------

@pytest.mark.parametrize("name, edition", [("learner-workbook.pdf", "Learner workbook"), ("trainer-edition.pdf", "Trainer edition")])
def test_editions_have_a_cover_contents_page_numbers_and_a_title(printed, name, edition):
    path = printed[name]
    pages = pdf.page_texts(path)
    cover, contents = pages[0], pages[1]
    for needed in (SITE_NAME, edition, "Edition:", "Who it is for:", "CC BY-SA 4.0"):
        assert needed in cover, f"course/printing/pdf.py: {name} page 1 (the cover) lacks {needed!r}"
    assert "Contents" in contents and "Module 1: Grooming" in contents, f"course/printing/pdf.py: {name} page 2 is not the contents"
    for number in (2, 10, len(pages)):
        lines = [line.strip() for line in pages[number - 1].splitlines() if line.strip()]
        assert lines[-1].endswith(str(number)), f"course/printing/pdf.py: {name} page {number} does not show its page number"
        assert lines[0].startswith(f"{SITE_NAME} · {edition}"), f"course/printing/pdf.py: {name} page {number} has no running header"
    # The contents' page numbers point at the pages: module 2's overview starts where it says.
    start = int(re.search(r"Module 2: Online normalisation\s+(\d+)", contents).group(1))
    assert "Module 2" in pages[start - 1] and "Module 2" not in pages[start - 2].split("\n", 1)[1], \
        f"course/printing/pdf.py: {name}'s contents says module 2 starts on page {start}, which it does not"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert f"Title:           {SITE_NAME}: {edition}" in info, f"course/printing/pdf.py: {name} has no document title:\n{info}"


# What only makes sense on screen, in every PDF. The trainer edition's plans may say "submit the
# room's choice" and its disclosure page "suggest they try again later", so the bare words "try
# again" and "Submit" are looked for only in what participants get.
WEB_ONLY = ("change your answers and try again", "try again as often", "own browser", "Next: check", "Reset quiz",
            "nothing is sent anywhere", "in this browser", "In the browser:", "Save my ratings")
WEB_ONLY_FOR_PARTICIPANTS = ("try again", "Submit")
ADDRESSES = ("ceop.police.uk/Safety-Centre", "iwf.org.uk/report", "childline.org.uk/…/report-remove")


def flat(text: str) -> str:
    """Text on one line; an address broken after a hyphen at the end of a line is joined again."""
    return " ".join(re.sub(r"-[ \t]*\n\s*", "-", text).split())


def test_nothing_web_only_prints_and_addresses_that_matter_do(printed):
    for name, path in sorted(printed.items()):
        phrases = WEB_ONLY + (() if name == "trainer-edition.pdf" else WEB_ONLY_FOR_PARTICIPANTS)
        for number, text in enumerate(pdf.page_texts(path), start=1):
            for web_only in phrases:
                found = flat(text).lower().find(web_only.lower())
                assert found == -1, (f"docs/assets/javascripts/print.js: {name} page {number} prints web-only text "
                                     f"{web_only!r}: …{flat(text)[max(0, found - 80):found + 80]}…")
    workbook = flat(pdf_text(printed["learner-workbook.pdf"])[1])
    for address in ADDRESSES:
        assert address in workbook, f"course/printing/pdf.py: the learner workbook does not print the address {address}"
    for card in CARDS:
        text = flat(pdf_text(printed[f"card-{Path(card).stem}.pdf"])[1])
        for address in ADDRESSES:
            assert address in text, f"docs/{card}: the printed card does not show the address {address}"


def test_links_to_pages_not_in_the_book_say_where_to_find_them(printed):
    """A link to a course page the book does not hold prints where it is on the course website;
    a link to a page in the same book prints no such note (the contents find it)."""
    workbook = flat(pdf_text(printed["learner-workbook.pdf"])[1])
    trainer = flat(pdf_text(printed["trainer-edition.pdf"])[1])
    for needed in ("reporting routes quick guide (course website: Reporting routes)",
                   "course sources register (course website: Reference › Sources)",
                   "Start here page lists support for you (course website: Start here)"):
        assert needed in workbook, f"docs/assets/javascripts/print.js: the learner workbook does not print {needed!r}"
    for needed in ("route finder (course website: What do I do if…)", "Start here (course website)"):
        assert needed in trainer, f"docs/assets/javascripts/print.js: the trainer edition does not print {needed!r}"
    for name, text, inside in (("learner workbook", workbook, ("Module ",)),
                               ("trainer edition", trainer, ("Module ", "For trainers", "Putting it together › Case"))):
        for section in inside:
            found = text.find(f"(course website: {section}")
            assert found == -1, (f"course/printing/pdf.py: the {name} sends the reader to the website for a page it prints itself: "
                                 f"…{text[max(0, found - 80):found + 80]}…")


def test_print_from_the_browser_hides_web_only_sentences_and_says_where_linked_pages_are(offline_pack, browser):
    """The browser's own Print: web-only sentences go from list items and from paragraphs with
    links or bold, and nothing else does; a link to another course page says where it is."""
    page = browser.new_page()
    page.goto((offline_pack[0] / "modules" / "grooming" / "responding.html").as_uri())
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<ul id="planted"><li>Keep this. Your answers stay in <a href="#x">this browser</a> only.</li>' +
        '<li><strong>In the browser:</strong> choose a rating and save.</li>' +
        '<li>If they cannot get through, suggest they try again later (see <a href="#y">nspcc.org.uk</a>).</li></ul>' +
        '<p id="planted-p">Fifteen questions on <strong>grooming</strong>. You can change your answers and try again ' +
        'as often as you like.</p>')""")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    text = flat(page.evaluate("document.getElementById('planted').innerText + ' ' + document.getElementById('planted-p').innerText"))
    after = page.evaluate("""() => getComputedStyle([...document.querySelectorAll('article a')]
        .find(a => a.textContent.trim() === 'reporting routes quick guide'), '::after').content""")
    page.close()
    for kept in ("Keep this.", "suggest they try again later (see nspcc.org.uk).", "Fifteen questions on grooming."):
        assert kept in text, f"docs/assets/javascripts/print.js: printing hides {kept!r}: {text}"
    for gone in ("this browser", "choose a rating", "change your answers"):
        assert gone not in text, f"docs/assets/javascripts/print.js: printing shows web-only {gone!r}: {text}"
    assert after == '" (course website: Reporting routes)"', \
        f"docs/assets/javascripts/print.js: a link to the reporting routes page prints {after!r} after it"


def test_workbook_has_no_answers_and_space_to_write_and_trainer_edition_marks_answers(printed):
    _, learner = pdf_text(printed["learner-workbook.pdf"])
    _, trainer = pdf_text(printed["trainer-edition.pdf"])
    assert "correct answer" not in learner and "Model answer" not in learner, "course/printing/pdf.py: the learner workbook shows answers"
    assert trainer.count("correct answer") >= 45, "course/printing/pdf.py: the trainer edition does not mark every question's answer"
    assert "Model answer" in trainer and "Facilitator notes" in trainer, "course/printing/pdf.py: the trainer edition lacks model answers or notes"


def test_scenario_prompts_leave_lines_to_write_on(offline_pack, browser):
    page = browser.new_page()
    page.goto((offline_pack[0] / "modules" / "grooming" / "scenarios.html").as_uri() + "?print=learner")
    page.emulate_media(media="print")
    prompts = page.locator("article p:has(strong)", has_text="What would you do?").count()
    spaces = page.evaluate("[...document.querySelectorAll('.course-write-space')].filter(e => e.getBoundingClientRect().height > 100).length")
    page.close()
    assert prompts >= 4 and spaces == prompts, f"docs/assets/javascripts/print.js: {spaces} writing spaces for {prompts} scenario prompts"


# Handouts and cards -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def handouts(offline_pack, browser, tmp_path_factory):
    """Each module's handout, printed as make pdf prints it."""
    out = tmp_path_factory.mktemp("handouts")
    config = coursedata.load_mkdocs_config()
    routes = {r["id"]: r for r in coursedata.load_yaml("routes.yml")}
    return {f"handout-{c.pages[0][1].split('/')[1]}.pdf": pdf.print_handout(
                offline_pack[0], c, out / f"handout-{c.pages[0][1].split('/')[1]}.pdf", browser, config, routes)
            for c in pdf.editions()["modules"]}


def test_handouts_are_two_pages_of_objectives_key_points_and_where_to_go(handouts):
    assert len(handouts) == len(pdf.editions()["modules"]), "course/printing/pdf.py: a module has no handout"
    for name, path in handouts.items():
        pages, text = pdf_text(path)
        assert pages == pdf.HANDOUT_PAGES, f"course/printing/pdf.py: {name} has {pages} pages; a handout is two sides"
        for needed in ("By the end of this module", "Key points", "Where to go", "999"):
            assert needed in text, f"course/printing/pdf.py: {name} lacks {needed!r}"


def test_handouts_end_on_a_full_page(handouts):
    """No handout ends on a sheet holding a line or two (it used to spill 1 to 4 lines onto a third)."""
    for name, path in handouts.items():
        last = pdf.page_texts(path)[-1]
        words = len(pdf.own_words(last, (SITE_NAME + " · Handout",)))
        assert words >= pdf.PULL_BACK_WORDS * 3, f"course/printing/pdf.py: {name} ends on a page of {words} words"


@pytest.mark.parametrize("card", CARDS)
def test_each_card_fills_one_a4_page_with_the_emergency_number(card, printed):
    path = printed[f"card-{Path(card).stem}.pdf"]
    pages, text = pdf_text(path)
    assert pages == 1, f"docs/{card}: prints on {pages} pages"
    assert "call 999" in text and "Your local contacts" in text, f"docs/{card}: the printed card lacks the emergency number or local contacts"
    # Filling the page: the last line of text is in the bottom fifth of the sheet.
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', bbox).group(1))
    lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', bbox))
    assert lowest > 0.8 * height, f"docs/{card}: the card uses only {lowest / height:.0%} of the page"


@pytest.mark.parametrize("card", CARDS)
def test_a_card_printed_from_the_site_is_one_page(card, offline_pack, browser, tmp_path):
    """The browser's own Print, with no make pdf fitting: one sheet, no blank second page, even
    with the browser's own header and footer (Chrome prints them by default: the date and title
    above, the address and page number below). They need a band about 10 mm deep at the top and
    foot, so the card must fit inside margins that deep beyond its own."""
    page = browser.new_page()
    page.goto((offline_pack[0] / card.replace(".md", ".html")).as_uri())
    page.add_style_tag(content="@page { margin: 20mm 12mm !important; }")  # the card's 10 mm, and the band
    band = '<div style="font-size: 8px; width: 100%; margin: 0 12mm">{} <span class="{}"></span></div>'
    page.pdf(path=str(tmp_path / "card.pdf"), format="A4", display_header_footer=True,
             header_template=band.format("Headerband", "title"), footer_template=band.format("Footerband", "pageNumber"))
    page.close()
    assert pdf._pages(tmp_path / "card.pdf") == 1, \
        f"docs/{card}: printing the card from the site, with the browser's header and footer, makes more than one page"
    # The margins took: the card's own text stays clear of the header and footer bands.
    bbox = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "card.pdf"), "-"], capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', bbox)
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', bbox).group(1))
    mm = 72 / 25.4
    card_words = [(float(top), float(bottom)) for top, bottom in words if 12 * mm < float(top) < height - 12 * mm]
    assert card_words and min(t for t, _ in card_words) >= 19 * mm and max(b for _, b in card_words) <= height - 19 * mm, \
        f"docs/{card}: the card's text runs into the browser's header or footer band"


FORMS = ["confidence-check", "evaluation-form", "attendance-register", "certificate", "poor-record"]


def print_form(form: str, offline_pack, browser, tmp_path) -> tuple[int, str]:
    """A form printed from the browser, with nothing another test left in its storage (trainer
    view, saved answers): the tests share one browser, and the order they run in must not matter."""
    page = browser.new_page()
    fresh_goto(page, (offline_pack[0] / "trainer" / "materials" / f"{form}.html").as_uri() + "?print=learner")
    page.pdf(path=str(tmp_path / f"{form}.pdf"), prefer_css_page_size=True, print_background=True)
    page.close()
    return pdf_text(tmp_path / f"{form}.pdf")


@pytest.mark.parametrize("form", FORMS)
def test_each_form_prints_on_one_sheet(form, offline_pack, browser, tmp_path):
    """A form a trainer hands out is one A4 sheet, printed from the browser or in the session
    materials: no line of it (the confidence check's date and session) left on a second sheet."""
    pages, text = print_form(form, offline_pack, browser, tmp_path)
    assert pages == 1, f"docs/trainer/materials/{form}.md: the form prints on {pages} sheets"
    if form == "confidence-check":
        for needed in ("Date:", "Session:", "clear, factual record"):
            assert needed in text, f"docs/trainer/materials/{form}.md: the printed form lacks {needed!r}"


def test_a_form_prints_the_same_after_trainer_view_was_left_on(offline_pack, browser, tmp_path):
    """The order fault: trainer view switched on by an earlier test must not reach a printed form."""
    page = browser.new_page()
    page.goto((offline_pack[0] / "index.html").as_uri())
    page.evaluate("localStorage.setItem('course_view', 'trainer')")  # trainer.js's own key, as the switch leaves it
    page.close()
    pages, text = print_form("poor-record", offline_pack, browser, tmp_path)
    assert pages == 1 and "Facilitator notes" not in text, text


PARTICIPANT_FORMS = {"certificate": "Certificate of attendance", "evaluation-form": "Evaluation form",
                     "attendance-register": "Attendance register"}


def web_furniture(text: str, title: str) -> list[str]:
    """What a participant's form must not print: the page's own title above the form, the content
    note, the trainer's instructions, the "Worried" box and the review line."""
    found = [words for words in ("Content note", "Last reviewed", "Next review due", "Print one", "Worried about a child")
             if words in text]
    if text.count(title) > (1 if title == "Certificate of attendance" else 0):
        found.append(f"the page title {title!r}")
    return found


@pytest.mark.parametrize("form", sorted(PARTICIPANT_FORMS))
def test_participant_forms_print_as_forms_without_web_furniture(form, offline_pack, browser, tmp_path):
    pages, text = print_form(form, offline_pack, browser, tmp_path)
    found = web_furniture(text, PARTICIPANT_FORMS[form])
    assert not found, f"docs/trainer/materials/{form}.md: the printed form shows {found}"
    assert "...." in text, f"docs/trainer/materials/{form}.md: the form's lines to fill in did not print"


def test_a_page_not_marked_as_a_form_prints_its_furniture(offline_pack, browser, tmp_path):
    """The planted case: the poor record is a sheet for groups, not a form (no course-print-form),
    so it prints with its title and review line, and the check finds them."""
    _, text = print_form("poor-record", offline_pack, browser, tmp_path)
    assert "Last reviewed" in web_furniture(text, "A poor record to rewrite")


# Page lists from the nav ------------------------------------------------------------------------

CASE = {
    "index.md": ("Capstone: the planted case", "start", None),
    "choice.md": ("Planted case: the choice", "decision", None),
    "result.md": ("Planted case: what happened", "consequence", None),
    "end.md": ("Planted case: a good ending", "ending", "good"),
}
# Each planted page links on to the next, as a case's pages do (the record counts a played path).
CASE_LINKS = {"index.md": "[Go to the choice](choice.md)", "choice.md": "- [**A.** The one choice](result.md)",
              "result.md": "[Continue](end.md)", "end.md": "[Play again](index.md)"}


def plant_capstone_and_yearly_update(copy: Path) -> None:
    """A capstone case and a yearly update page with its own quiz bank, in the nav of a copy."""
    for name, (title, step, outcome) in CASE.items():
        extra = f"outcome: {outcome}\n" if outcome else ""
        (copy / "docs" / "capstone" / "planted").mkdir(parents=True, exist_ok=True)
        (copy / "docs" / "capstone" / "planted" / name).write_text(
            f"---\ntitle: \"{title}\"\ndescription: A planted page.\naudience: [dsl]\npage_type: module\nminutes: 5\n"
            f"last_reviewed: 2026-11-30\nreview_due: 2027-08-31\ncapstone: {{case: planted, step: {step}}}\n{extra}---\n\n"
            f"# {title}\n\nText of the {step}.\n\n{CASE_LINKS[name]}\n")
    bank = (ROOT / "quizzes" / "grooming.md").read_text(encoding="utf-8")
    (copy / "quizzes" / "yearly-update.md").write_text(bank, encoding="utf-8")
    # The planted page takes the real yearly update's place (and its nav entry), if there is one.
    (copy / "docs" / "yearly-update").mkdir(exist_ok=True)
    (copy / "docs" / "yearly-update" / "index.md").write_text(
        "---\ntitle: \"Yearly update: what changed in 2026\"\ndescription: A planted page.\naudience: [dsl]\n"
        "page_type: module\nminutes: 20\nlast_reviewed: 2026-11-30\nreview_due: 2027-08-31\nquiz:\n  enabled: true\n---\n\n"
        "# Yearly update\n\nWhat changed.\n\n## Questions\n\n{% include-markdown \"../../quizzes/yearly-update.md\" %}\n")
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^  - .*: yearly-update/index\.md\n", "", config, flags=re.MULTILINE)
    config = config.replace("  - For trainers:\n", "  - Yearly update 2026: yearly-update/index.md\n  - Capstone cases:\n"
                            "      - capstone/planted/index.md\n      - capstone/planted/choice.md\n"
                            "      - capstone/planted/result.md\n      - capstone/planted/end.md\n  - For trainers:\n")
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")


def test_editions_follow_the_nav_with_capstone_cases_and_the_yearly_update(tmp_path):
    copy = project_copy(tmp_path)
    plant_capstone_and_yearly_update(copy)
    config = coursedata.load_mkdocs_config(copy / "mkdocs.yml")
    lists = pdf.editions(copy / "docs", config)
    learner = [c.title for c in lists["learner"]]
    trainer = [c.title for c in lists["trainer"]]
    assert learner[-1] == "Yearly update 2026", f"course/printing/pdf.py: the workbook's chapters are {learner}"
    assert "Capstone case: the planted case" in trainer and "Yearly update 2026" in trainer, trainer
    case = next(c for c in lists["trainer"] if c.title.startswith("Capstone case"))
    assert [p for _, p in case.pages] == [f"capstone/planted/{n}" for n in ("index.md", "choice.md", "result.md", "end.md")]
    assert trainer.index("Capstone case: the planted case") < trainer.index("For trainers")
