"""Printed editions (make pdf): every PDF is read page by page. No page is blank or holds only a
header, page number or review line; the workbook and trainer edition have a cover, contents,
page numbers and a document title; handouts are two to four pages; each card is one A4 page;
nothing web-only prints; the addresses that matter print; the workbook has space to write and
no answers, and the trainer edition marks them. The page lists follow mkdocs.yml's nav,
including capstone cases and the yearly update when they exist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, project_copy, require

sys.path.insert(0, str(ROOT / "tools"))
import coursedata  # noqa: E402
import pdf  # noqa: E402

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
    assert not problems, "tools/pdf.py: pages with nothing to read:\n  " + "\n  ".join(problems)


def test_the_empty_page_check_fails_on_a_blank_page_and_a_lone_review_line(browser, tmp_path):
    """Self-test: a planted PDF with a blank page and a page holding only the review line."""
    planted = tmp_path / "planted.html"
    planted.write_text(
        "<style>@page { size: A4 } p { break-after: page }</style><p>Real text.</p><p>&nbsp;</p>"
        "<p>Last reviewed 24 November 2026. Next review due by 31 August 2027.</p><div>More text.</div>")
    page = browser.new_page()
    page.goto(planted.as_uri())
    page.pdf(path=str(tmp_path / "planted.pdf"), prefer_css_page_size=True)
    page.close()
    problems = pdf.check([tmp_path / "planted.pdf"], RUNNING)
    assert problems == ["planted.pdf: page 2 has a blank page", "planted.pdf: page 3 has only the review line"], problems


# Workbook and trainer edition -------------------------------------------------------------------

@pytest.mark.parametrize("name, edition", [("learner-workbook.pdf", "Learner workbook"), ("trainer-edition.pdf", "Trainer edition")])
def test_editions_have_a_cover_contents_page_numbers_and_a_title(printed, name, edition):
    path = printed[name]
    pages = pdf.page_texts(path)
    cover, contents = pages[0], pages[1]
    for needed in (SITE_NAME, edition, "Edition:", "Who it is for:", "CC BY-SA 4.0"):
        assert needed in cover, f"tools/pdf.py: {name} page 1 (the cover) lacks {needed!r}"
    assert "Contents" in contents and "Module 1: Grooming" in contents, f"tools/pdf.py: {name} page 2 is not the contents"
    for number in (2, 10, len(pages)):
        lines = [line.strip() for line in pages[number - 1].splitlines() if line.strip()]
        assert lines[-1].endswith(str(number)), f"tools/pdf.py: {name} page {number} does not show its page number"
        assert lines[0].startswith(f"{SITE_NAME} · {edition}"), f"tools/pdf.py: {name} page {number} has no running header"
    # The contents' page numbers point at the pages: module 2's overview starts where it says.
    start = int(re.search(r"Module 2: Online normalisation\s+(\d+)", contents).group(1))
    assert "Module 2" in pages[start - 1] and "Module 2" not in pages[start - 2].split("\n", 1)[1], \
        f"tools/pdf.py: {name}'s contents says module 2 starts on page {start}, which it does not"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert f"Title:           {SITE_NAME}: {edition}" in info, f"tools/pdf.py: {name} has no document title:\n{info}"


def test_nothing_web_only_prints_and_addresses_that_matter_do(printed):
    _, workbook = pdf_text(printed["learner-workbook.pdf"])
    flat = " ".join(workbook.split())
    for web_only in ("try again", "own browser", "Next: check", "Reset quiz", "Submit", "nothing is sent anywhere"):
        assert web_only.lower() not in flat.lower(), f"tools/pdf.py: the learner workbook prints web-only text {web_only!r}"
    for address in ("ceop.police.uk/Safety-Centre", "iwf.org.uk/report", "childline.org.uk/…/report-remove"):
        assert address in flat, f"tools/pdf.py: the learner workbook does not print the address {address}"
    for card in CARDS:
        _, text = pdf_text(printed[f"card-{Path(card).stem}.pdf"])
        flat = " ".join(text.split())
        for address in ("ceop.police.uk/Safety-Centre", "iwf.org.uk/report", "childline.org.uk/…/report-remove"):
            assert address in flat, f"docs/{card}: the printed card does not show the address {address}"


def test_workbook_has_no_answers_and_space_to_write_and_trainer_edition_marks_answers(printed):
    _, learner = pdf_text(printed["learner-workbook.pdf"])
    _, trainer = pdf_text(printed["trainer-edition.pdf"])
    assert "correct answer" not in learner and "Model answer" not in learner, "tools/pdf.py: the learner workbook shows answers"
    assert trainer.count("correct answer") >= 45, "tools/pdf.py: the trainer edition does not mark every question's answer"
    assert "Model answer" in trainer and "Facilitator notes" in trainer, "tools/pdf.py: the trainer edition lacks model answers or notes"


def test_scenario_prompts_leave_lines_to_write_on(offline_pack, browser):
    page = browser.new_page()
    page.goto((offline_pack[0] / "modules" / "grooming" / "scenarios.html").as_uri() + "?print=learner")
    page.emulate_media(media="print")
    prompts = page.locator("article p:has(strong)", has_text="What would you do?").count()
    spaces = page.evaluate("[...document.querySelectorAll('.course-write-space')].filter(e => e.getBoundingClientRect().height > 100).length")
    page.close()
    assert prompts >= 4 and spaces == prompts, f"docs/assets/javascripts/print.js: {spaces} writing spaces for {prompts} scenario prompts"


# Handouts and cards -----------------------------------------------------------------------------

def test_handouts_are_two_to_four_pages_of_objectives_key_points_and_where_to_go(printed):
    handouts = [name for name in printed if name.startswith("handout-")]
    assert len(handouts) == len(pdf.editions()["modules"]), "tools/pdf.py: a module has no handout"
    for name in handouts:
        pages, text = pdf_text(printed[name])
        assert 2 <= pages <= 4, f"tools/pdf.py: {name} has {pages} pages; a handout has two to four"
        for needed in ("By the end of this module", "Key points", "Where to go", "999"):
            assert needed in text, f"tools/pdf.py: {name} lacks {needed!r}"


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
    """The browser's own Print, with no make pdf fitting: one sheet, no blank second page."""
    page = browser.new_page()
    page.goto((offline_pack[0] / card.replace(".md", ".html")).as_uri())
    page.pdf(path=str(tmp_path / "card.pdf"), format="A4")
    page.close()
    assert pdf._pages(tmp_path / "card.pdf") == 1, f"docs/{card}: printing the card from the site makes more than one page"


# Page lists from the nav ------------------------------------------------------------------------

CASE = {
    "index.md": ("Capstone: the planted case", "start", None),
    "choice.md": ("Planted case: the choice", "decision", None),
    "result.md": ("Planted case: what happened", "consequence", None),
    "end.md": ("Planted case: a good ending", "ending", "good"),
}


def plant_capstone_and_yearly_update(copy: Path) -> None:
    """A capstone case and a yearly update page with its own quiz bank, in the nav of a copy."""
    for name, (title, step, outcome) in CASE.items():
        extra = f"outcome: {outcome}\n" if outcome else ""
        (copy / "docs" / "capstone" / "planted").mkdir(parents=True, exist_ok=True)
        (copy / "docs" / "capstone" / "planted" / name).write_text(
            f"---\ntitle: \"{title}\"\ndescription: A planted page.\naudience: [dsl]\npage_type: module\nminutes: 5\n"
            f"last_reviewed: 2026-11-30\nreview_due: 2027-08-31\ncapstone: {{case: planted, step: {step}}}\n{extra}---\n\n"
            f"# {title}\n\nText of the {step}.\n")
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
    assert learner[-1] == "Yearly update 2026", f"tools/pdf.py: the workbook's chapters are {learner}"
    assert "Capstone case: the planted case" in trainer and "Yearly update 2026" in trainer, trainer
    case = next(c for c in lists["trainer"] if c.title.startswith("Capstone case"))
    assert [p for _, p in case.pages] == [f"capstone/planted/{n}" for n in ("index.md", "choice.md", "result.md", "end.md")]
    assert trainer.index("Capstone case: the planted case") < trainer.index("For trainers")
