"""make pdf's slide decks (course/printing/slides.py), made in chromium from the offline build: every slide
fits a 16:9 page, the room's deck has no facilitator notes, no buttons, no hidden tabs (each
nation's tab is a labelled slide) and none of the trainer's own guidance, no heading is left
alone at the foot of a slide, the all-staff deck leaves out the sections for the DSL alone, the
trainer's copy has the notes and the answers, and the PDFs have no blank page and are 16:9."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import ROOT, guarded_tab
from course import coursedata
from course.printing import pdf
from course.printing import slides

PLANS_DIR = ROOT / "docs" / "trainer" / "plans"
PLAN = PLANS_DIR / "module-3.md"  # nation tabs, scenarios and a quiz bank
SHORT_PLAN = PLANS_DIR / "all-staff-briefing.md"
PLANS = sorted(PLANS_DIR.glob("*.md"))
# Words of the trainer's own guidance and of the page's furniture that the room must never see.
NOT_FOR_THE_ROOM = ["Read the content note aloud", "Facilitator", "Reset"]


def dsl_sections(plan):
    return (coursedata.split_front_matter(plan.read_text(encoding="utf-8"))[0]["session"]).get("dsl_sections", True)


@pytest.fixture(scope="module")
def own_pack(offline_pack, tmp_path_factory):
    """A copy of the USB pack that these tests may write decks into: the shared build is only
    read, since other tests read it at the same time."""
    copy = tmp_path_factory.mktemp("pack") / "safeguarding-course"
    shutil.copytree(offline_pack[0], copy)
    return copy


@pytest.fixture
def deck(own_pack, browser):
    tab = guarded_tab(browser, ("file:",))
    tab.set_viewport_size({"width": slides.WIDTH, "height": slides.HEIGHT})

    def make(trainer: bool, plan=PLAN, dsl=None):
        path = own_pack / f"_deck-test-{'trainer' if trainer else 'room'}.html"
        path.write_text(slides.deck_html(own_pack, plan, trainer), encoding="utf-8")
        tab.goto(path.as_uri())
        tab.wait_for_load_state("load")
        result = tab.evaluate(slides.DECK_JS, [trainer, slides.LEAST_PX, dsl_sections(plan) if dsl is None else dsl])
        path.unlink()
        return result

    yield tab, make
    tab.close()


def not_for_the_room(text: str) -> list[str]:
    """Case matters: a module overview tells learners, in a sentence, about the "facilitator
    notes"; the notes themselves open with "Facilitator"."""
    return [words for words in NOT_FOR_THE_ROOM if words in text]


def test_the_rooms_deck_fits_and_shows_nothing_it_should_not(deck):
    tab, make = deck
    result = make(False)
    assert not result["problems"], f"{PLAN.relative_to(ROOT)}: slides cut off: {result['problems']}"
    assert result["slides"] > 20
    count = lambda selector: tab.locator(f"#deck {selector}").count()  # noqa: E731
    assert count(".facilitator") == 0, "facilitator notes reached the room's slides"
    assert count("button") == 0 and count("input") == 0, "buttons or form controls on a slide"
    assert count(".tabbed-set") == 0, "a set of tabs on a slide would show only one nation"
    labels = tab.locator("#deck .deck-tab-label").all_inner_texts()
    assert {"England", "Wales", "Scotland", "Northern Ireland"} <= set(labels), f"nation tabs not all labelled: {set(labels)}"
    assert count(".quiz-options li.right") == 0, "the room's deck marks the answers"
    overflowing = tab.evaluate("Array.from(document.querySelectorAll('#deck > section')).filter(s => s.scrollHeight > s.clientHeight + 1).length")
    assert overflowing == 0
    least = tab.evaluate("Math.min(...Array.from(document.querySelectorAll('#deck > section')).map(s => parseFloat(getComputedStyle(s).fontSize)))")
    assert least >= slides.LEAST_PX, f"a slide's type is {least}px, too small to read from the back of a hall"


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_every_plans_room_deck_fits_with_no_trainer_text_and_no_lone_heading(deck, plan):
    tab, make = deck
    name = plan.relative_to(ROOT)
    result = make(False, plan)
    assert not result["problems"], f"{name}: slides cut off: {result['problems']}"
    found = not_for_the_room(tab.locator("#deck").inner_text())
    assert not found, f"{name}: the room's deck shows the trainer's own text: {found}"
    orphans = tab.evaluate(slides.ORPHANS_JS)
    assert orphans == [], f"{name}: headings left alone at the foot of a slide: {orphans}"
    headings = tab.locator("#deck h2").all_inner_texts()
    if dsl_sections(plan) is False:
        dsl = [h for h in headings if re.match(r"(For|As) the DSL\b", h)]
        assert not dsl, f"{name}: the plan is not DSL training, but its deck shows sections for the DSL: {dsl}"


def test_the_all_staff_deck_would_show_the_dsl_sections_without_its_setting(deck):
    """The planted case for the check above: the same plan, its setting ignored."""
    tab, make = deck
    make(False, SHORT_PLAN, dsl=True)
    headings = tab.locator("#deck h2").all_inner_texts()
    assert any(re.match(r"(For|As) the DSL\b", h) for h in headings), headings


def test_a_plan_presenting_the_whole_ground_rules_guide_fails(deck, tmp_path):
    """The planted case: a plan that presents trainer/ground-rules.md puts the trainer's own
    guidance ("Read the content note aloud") in front of the room."""
    tab, make = deck
    plan = tmp_path / "planted.md"
    text = SHORT_PLAN.read_text(encoding="utf-8")
    assert "pages: [trainer/materials/ground-rules-slide.md]" in text
    plan.write_text(text.replace("pages: [trainer/materials/ground-rules-slide.md]", "pages: [trainer/ground-rules.md]"),
                    encoding="utf-8")
    make(False, plan)
    assert "Read the content note aloud" in not_for_the_room(tab.locator("#deck").inner_text())


def test_a_heading_left_at_the_foot_of_a_slide_is_found(deck):
    tab, _ = deck
    tab.set_content('<div id="deck"><section><h2>A</h2><p>Text</p><h3>Alone</h3><div class="deck-foot">1. X</div></section>'
                    '<section><h2>B</h2><p>Text</p><div class="deck-foot">1. X</div></section></div>')
    assert tab.evaluate(slides.ORPHANS_JS) == ["Alone in 1. X"]


def test_the_trainers_copy_has_the_notes_and_answers(deck):
    tab, make = deck
    result = make(True)
    assert not result["problems"], result["problems"]
    assert tab.locator("#deck .facilitator").count() > 0, "the trainer's copy has no facilitator notes"
    assert tab.locator("#deck .quiz-options li.right").count() > 0, "the trainer's copy does not mark the answers"
    assert tab.locator("#deck .deck-notes").count() >= 9, "the trainer's copy lacks an activity's purpose and timing"


def page_sizes(path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", out)]


def test_the_pdfs_of_a_short_plan_have_no_blank_page_and_are_16_by_9(own_pack, browser, tmp_path):
    """course/printing/slides.py's own deck-making code, as make pdf runs it, on the all-staff briefing."""
    tab = guarded_tab(browser, ("file:",))
    tab.set_viewport_size({"width": slides.WIDTH, "height": slides.HEIGHT})
    work = tmp_path / "work"
    work.mkdir()
    try:
        room, problems = slides.make_deck(tab, own_pack, SHORT_PLAN, False, tmp_path, work)
        trainer, more = slides.make_deck(tab, own_pack, SHORT_PLAN, True, tmp_path, work)
    finally:
        tab.close()
    name = SHORT_PLAN.relative_to(ROOT)
    assert not problems + more, "\n".join(problems + more)
    blank = pdf.check([room, trainer], (), near=False)  # title slides are short on purpose
    assert not blank, f"{name}: {blank}"
    sizes = page_sizes(room)
    assert len(sizes) > 10, f"{name}: the room's deck has only {len(sizes)} pages"
    wrong = [n for n, (w, h) in enumerate(sizes, start=1) if abs(w / h - 16 / 9) > 0.01]
    assert not wrong, f"{name}: pages {wrong} of the room's deck are not 16:9"
    trainer_sizes = page_sizes(trainer)
    assert abs(trainer_sizes[0][0] / trainer_sizes[0][1] - 16 / 9) < 0.01, f"{name}: the trainer's copy does not open on 16:9 slides"
    assert len(trainer_sizes) > len(sizes), f"{name}: the trainer's copy has no more pages than the room's (notes, materials)"
    text = subprocess.run(["pdftotext", str(room), "-"], capture_output=True, text=True, check=True).stdout
    found = not_for_the_room(text)
    assert not found, f"{name}: the room's PDF shows {found}"
    assert "Our ground rules" in text, f"{name}: the room's PDF has no ground rules slide"
