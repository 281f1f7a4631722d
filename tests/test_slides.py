"""make pdf's slide decks (tools/slides.py), made in chromium from the offline build: every slide
fits a 16:9 page, the room's deck has no facilitator notes, no buttons and no hidden tabs (each
nation's tab is a labelled slide), and the trainer's copy has the notes and the answers."""

from __future__ import annotations

import pytest

from conftest import ROOT, guarded_tab
import slides

PLAN = ROOT / "docs" / "trainer" / "plans" / "module-3.md"  # nation tabs, scenarios and a quiz bank


@pytest.fixture
def deck(offline_pack, browser):
    tab = guarded_tab(browser, ("file:",))
    tab.set_viewport_size({"width": slides.WIDTH, "height": slides.HEIGHT})

    def make(trainer: bool):
        path = offline_pack[0] / f"_deck-test-{'trainer' if trainer else 'room'}.html"
        path.write_text(slides.deck_html(offline_pack[0], PLAN, trainer), encoding="utf-8")
        tab.goto(path.as_uri())
        tab.wait_for_load_state("load")
        result = tab.evaluate(slides.DECK_JS, [trainer, slides.LEAST_PX])
        path.unlink()
        return result

    yield tab, make
    tab.close()


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


def test_the_trainers_copy_has_the_notes_and_answers(deck):
    tab, make = deck
    result = make(True)
    assert not result["problems"], result["problems"]
    assert tab.locator("#deck .facilitator").count() > 0, "the trainer's copy has no facilitator notes"
    assert tab.locator("#deck .quiz-options li.right").count() > 0, "the trainer's copy does not mark the answers"
    assert tab.locator("#deck .deck-notes").count() >= 9, "the trainer's copy lacks an activity's purpose and timing"
