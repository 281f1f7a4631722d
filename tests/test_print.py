"""Printed editions (make pdf): each quick reference card fits one A4 page, the learner's
workbook has no answers, and the trainer edition marks them."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, require

sys.path.insert(0, str(ROOT / "tools"))
import pdf  # noqa: E402

CARDS = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "cards").glob("*.md") if p.stem != "index")


@pytest.fixture(scope="module", autouse=True)
def poppler():
    require("pdftotext")


def pdf_text(path: Path) -> tuple[int, str]:
    pages = int(next(l for l in subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout.splitlines() if l.startswith("Pages:")).split()[1])
    return pages, subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


@pytest.mark.parametrize("card", CARDS)
def test_each_card_is_one_a4_page_with_the_emergency_number(card, offline_pack, browser):
    work = Path(tempfile.mkdtemp())
    out = pdf.print_pages(offline_pack[0], [card], "learner", work / "card.pdf", work, one_page=True, context=browser)
    pages, text = pdf_text(out)
    assert pages == 1, f"docs/{card}: prints on {pages} pages"
    assert "call 999" in text and "Your local contacts" in text, f"docs/{card}: the printed card lacks the emergency number or local contacts"


def test_workbook_has_no_answers_and_trainer_edition_marks_them(offline_pack, browser):
    page = "modules/grooming/check-your-understanding.md"
    work = Path(tempfile.mkdtemp())
    _, learner = pdf_text(pdf.print_pages(offline_pack[0], [page], "learner", work / "learner.pdf", work, context=browser))
    _, trainer = pdf_text(pdf.print_pages(offline_pack[0], [page], "trainer", work / "trainer.pdf", work, context=browser))
    assert "correct answer" not in learner and "Submit" not in learner, "the learner workbook shows answers or buttons"
    assert trainer.count("correct answer") >= 15, "the trainer edition does not mark every question's answer"
