"""The session plans' slide decks (docs/trainer/plans/decks/, made by course/printing/slides.py):
one deck per plan, about one slide per two to three minutes, each activity introduced by its own
slide in the plan's order; every deck's text complete in the PDF and the PPTX (no word lost, no
phrase with a hole where a word was, no heading alone); no trainer text on a room slide; the
PPTX opens, its text and speaker notes read back; the HTML deck runs from file:// with no
request elsewhere and every slide fits; every phone number and address on a slide is a route in
docs/_data/routes.yml (or the school's own contact). Planted self-tests show each check fails."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, guarded_tab
from course import coursedata
from course.printing import slides

PLANS = sorted(slides.PLANS.glob("*.md"))
DECKS = slides.decks()
ROUTES = coursedata.load_yaml("routes.yml")
LOCAL = yaml.safe_load((ROOT / "local.example.yml").read_text(encoding="utf-8"))["extra"]["local_contacts"]


def plan_of(deck: Path) -> Path:
    return slides.PLANS / deck.name


def session(plan: Path) -> dict:
    return coursedata.split_front_matter(plan.read_text(encoding="utf-8"))[0]["session"]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Every deck made once, as make slides makes it, in a folder of this module's own."""
    out = tmp_path_factory.mktemp("decks")
    slides.build(out)
    return out


def test_every_plan_has_a_deck_and_every_deck_a_plan():
    plans, decks = {p.stem for p in PLANS}, {d.stem for d in DECKS}
    assert plans == decks, (f"docs/trainer/plans/decks/ needs a deck named after each plan: "
                            f"plans without a deck {sorted(plans - decks)}, decks without a plan {sorted(decks - plans)}")


# Slide counts ------------------------------------------------------------------------------------

def count_problem(where: str, slides_: int, minutes: int) -> str | None:
    """About one slide per two to three minutes of the plan."""
    least, most = minutes // 3, minutes // 2
    if not least <= slides_ <= most:
        return (f"{where}: {slides_} slides for a {minutes}-minute plan; about one slide per two to three "
                f"minutes is {least} to {most}")
    return None


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_slide_count_fits_the_plans_minutes(deck):
    count = len(slides.read_deck(deck).slides)
    problem = count_problem(f"{deck.relative_to(ROOT)}:1", count, session(plan_of(deck))["length"])
    assert problem is None, problem


def test_a_deck_cut_from_the_pages_is_too_long():
    """The planted case: the old decks (175 slides for a 90-minute plan, 105 for 60 minutes)."""
    assert count_problem("module-1.pdf", 175, 90) and count_problem("all-staff-briefing.pdf", 105, 60)
    assert count_problem("x", 12, 90), "too few slides for a 90-minute plan is caught too"


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_each_activity_has_its_own_slide_in_the_plans_order(deck):
    plan = plan_of(deck)
    wanted = [a["activity"] for a in session(plan)["activities"]]
    parsed = slides.read_deck(deck)
    found = [s.heading for s in parsed.slides if s.kind == "activity"]
    assert found == wanted, (
        f"{deck.relative_to(ROOT)}: the activity slides (<!-- _class: activity -->) must be the activities of "
        f"{plan.relative_to(ROOT)}, in order.\n  deck: {found}\n  plan: {wanted}")
    lines = {s.heading: s.line for s in parsed.slides if s.kind == "activity"}
    for slide in parsed.slides:
        if slide.kind == "activity":
            assert slide.notes, f"{deck.relative_to(ROOT)}:{lines[slide.heading]}: the activity slide has no speaker notes"


# The decks as written ---------------------------------------------------------------------------

@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_every_slide_is_complete_with_no_trainer_text_for_the_room(deck):
    problems = slides.source_problems(slides.read_deck(deck))
    assert not problems, "\n".join(problems)


def plant(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "planted.md"
    path.write_text('---\ntitle: "Planted"\n---\n\n' + body, encoding="utf-8")
    return path


def test_a_lone_heading_raw_html_and_trainer_text_are_caught(tmp_path):
    deck = slides.read_deck(plant(tmp_path, (
        "# Questions\n\n---\n\n# The DSL\n\nAs <abbr title=\"designated safeguarding lead\">DSL</abbr>, decide first\n\n"
        "---\n\n# The scenario\n\nA line for the room\n\nSay: read it slowly, then take answers\n\n"
        "---\n\n# A broken note\n\nA line\n\n<!- Ask: who else might have seen something? -->\n")))
    problems = "\n".join(slides.source_problems(deck))
    assert "planted.md:5: slide 1 ('Questions') is a heading alone" in problems, problems
    assert "planted.md:9: slide 2 holds raw HTML (<abbr" in problems, problems
    assert "planted.md:15: slide 3 shows the trainer's own words to the room: ['Say:']" in problems, problems
    assert "slide 4 shows the trainer's own words to the room" in problems, problems


# The made files -----------------------------------------------------------------------------------

@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_pdf_and_pptx_keep_every_word_and_no_trainer_text(deck, made):
    parsed = slides.read_deck(deck)
    problems = slides.output_problems(parsed, made / f"{deck.stem}.pdf", made / f"{deck.stem}.pptx")
    assert not problems, "\n".join(problems)


def test_the_old_word_loss_is_caught():
    """The fault the old splitter had: inline abbreviations moved off the slide ("As , decide
    first...", "consult the .", "to the ." with "PSNI" alone on the next slide)."""
    assert slides.empty_phrases("As , decide first whether it meets the harm test")
    assert slides.empty_phrases("If you are unsure, consult the .")
    assert slides.empty_phrases("report it to the .")
    assert slides.empty_phrases("Call ( ) today")
    assert not slides.empty_phrases("As DSL, decide first. Consult the LADO.")
    assert slides.missing_words("As DSL, decide first; consult the LADO.", "As , decide first; consult the .") == ["dsl", "lado"]


def test_a_pptx_writer_that_drops_inline_words_is_caught(tmp_path, monkeypatch):
    """Planted: the real pipeline on a slide whose words sit in bold, links, code and escapes
    keeps every word; the same slide through a writer that drops formatted runs (as the old
    splitter dropped <abbr> elements) is caught by the check make slides and the tests run."""
    deck = slides.read_deck(plant(tmp_path, (
        "# The first decision\n\n- As **DSL**, decide first whether it meets the harm test\n"
        "- If you are unsure, consult the [LADO]({{ route:ceop:url }}) and the `PSNI`\n"
        "- Call {{ route:police-emergency:phone }} if a child is in immediate danger\n")))
    expected = slides.room_text(deck.slides[0])
    good = slides.write_pptx(deck, tmp_path / "good.pptx")
    assert slides.missing_words(expected, slides.pptx_slides(good)[0][0]) == []
    real_runs = slides.runs
    monkeypatch.setattr(slides, "runs", lambda text: [(t, s) for t, s in real_runs(text) if not s])
    bad = slides.write_pptx(deck, tmp_path / "bad.pptx")
    text = slides.pptx_slides(bad)[0][0]
    assert "As , decide first" in text, text
    assert slides.missing_words(expected, text) == ["dsl", "lado"], text
    assert slides.empty_phrases(text), text


def test_the_pptx_opens_with_real_text_16_by_9_and_speaker_notes(made):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for deck in DECKS:
        name = f"{deck.stem}.pptx"
        prs = Presentation(str(made / name))
        assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01, f"{name}: not 16:9"
        pictures = [n for n, page in enumerate(prs.slides, start=1) for shape in page.shapes
                    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert not pictures, f"{name}: slides {pictures} hold pictures; every slide must be editable text"
        parsed = slides.read_deck(deck)
        read = slides.pptx_slides(made / name)
        assert [t.splitlines()[0] for t, _ in read] == [slides.plain(s.heading) for s in parsed.slides], f"{name}: titles differ"
        with_notes = sum(1 for _, notes in read if notes.strip())
        assert with_notes == sum(1 for s in parsed.slides if s.notes), f"{name}: speaker notes lost"
        assert with_notes >= len(read) * 0.6, f"{name}: only {with_notes} of {len(read)} slides carry the trainer's words"


def page_sizes(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", out)]


def test_the_pdfs_are_16_by_9_with_one_page_per_slide(made):
    for deck in DECKS:
        sizes = page_sizes(made / f"{deck.stem}.pdf")
        assert len(sizes) == len(slides.read_deck(deck).slides), f"{deck.stem}.pdf: a page per slide"
        wrong = [n for n, (w, h) in enumerate(sizes, start=1) if abs(w / h - 16 / 9) > 0.01]
        assert not wrong, f"{deck.stem}.pdf: pages {wrong} are not 16:9"


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_the_html_deck_runs_offline_and_every_slide_fits(deck, made, browser, tmp_path):
    """The HTML deck copied to a folder of its own, as on a USB stick, opened from file://."""
    copy = tmp_path / f"{deck.stem}.html"
    shutil.copy(made / copy.name, copy)
    tab = guarded_tab(browser, (copy.as_uri(),))
    try:
        tab.goto(copy.as_uri())
        tab.wait_for_load_state("load")
        sections = tab.evaluate("Array.from(document.querySelectorAll('svg > foreignObject > section'))"
                                ".map(s => [s.scrollHeight - s.clientHeight, s.scrollWidth - s.clientWidth])")
        assert tab.blocked == [], f"{copy.name} asked for files from elsewhere: {tab.blocked}"
        assert tab.errors == [], f"{copy.name}: console errors {tab.errors}"
    finally:
        tab.close()
    parsed = slides.read_deck(deck)
    assert len(sections) == len(parsed.slides), f"{copy.name}: {len(sections)} slides, the deck {len(parsed.slides)}"
    cut = [f"{deck.relative_to(ROOT)}:{s.line}: slide {s.number} ({s.heading!r}) is {over[0]}px too tall"
           for s, over in zip(parsed.slides, sections) if over[0] > 1 or over[1] > 1]
    assert not cut, "\n".join(cut)


# Contacts --------------------------------------------------------------------------------------

PHONE = re.compile(r"(?<![\d£.,])(0\d{2,4} \d{3,4}(?: \d{3,4})?|116 \d{3}|999|101|0800 1111)(?![\d,])")
ADDRESS = re.compile(r"https?://[^\s)<>\"]+|\bwww\.[^\s)<>\"]+")


def contact_problems(deck: slides.Deck, local: dict | None = None) -> list[str]:
    """Every phone number and address on a slide or in its notes is a route's own (or one of the
    school's own contacts), as docs/_data/routes.yml writes it."""
    known = {str(r[key]) for r in ROUTES for key in ("phone", "url") if r.get(key)}
    known |= {str(c[key]) for c in (local or {}).get("contacts", []) for key in ("phone", "url") if c.get(key)}
    where = deck.path.relative_to(ROOT) if deck.path.is_relative_to(ROOT) else deck.path
    problems = []
    for slide in deck.slides:
        for text in (slides.room_text(slide), slide.notes):
            for found in PHONE.findall(text) + [a.rstrip(".,;:") for a in ADDRESS.findall(text)]:
                if found not in known:
                    problems.append(f"{where}:{slide.line}: slide {slide.number} gives {found!r}, which is not in "
                                    "docs/_data/routes.yml: write it as a {{ route:ID:FIELD }} marker")
    return problems


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_every_contact_on_a_slide_is_a_route(deck):
    problems = contact_problems(slides.read_deck(deck))
    assert not problems, "\n".join(problems)


def test_a_contact_typed_into_a_deck_is_caught(tmp_path):
    deck = slides.read_deck(plant(tmp_path, "# Support\n\n- NSPCC: 0808 800 5001\n- CEOP: https://www.ceop.police.uk/\n"
                                            "- Police: {{ route:police-emergency:phone }}\n"))
    problems = contact_problems(deck)
    assert len(problems) == 2 and "'0808 800 5001'" in problems[0] and "ceop.police.uk/'" in problems[1], problems


def test_a_schools_own_contacts_reach_its_slides(tmp_path):
    """make slides CONFIG=local.yml: the local contacts fill <!-- course:local-contacts -->, in the
    PPTX and the PDF, and pass the contacts check; a copy with none has lines to fill in."""
    deck = slides.DECKS / "all-staff-briefing.md"
    assert slides.LOCAL_CONTACTS in deck.read_text(encoding="utf-8")
    slides.build(tmp_path, LOCAL, only=[deck])
    parsed = slides.read_deck(deck, LOCAL)
    assert contact_problems(parsed, LOCAL) == []
    pptx_text = "\n".join(text for text, _ in slides.pptx_slides(tmp_path / "all-staff-briefing.pptx"))
    pdf_text = "\n".join(slides.pdf_pages(tmp_path / "all-staff-briefing.pdf"))
    for contact in LOCAL["contacts"]:
        if contact.get("phone"):
            assert contact["phone"] in pptx_text and contact["phone"] in pdf_text, contact
    assert "______" not in pptx_text
    assert "Our designated safeguarding lead: ______" in slides.room_text(
        next(s for s in slides.read_deck(deck).slides if s.heading == "Who to tell in this school"))


def test_a_hostile_local_contact_stays_plain_text():
    text = slides.local_contacts_markdown({"contacts": [{"role": "Lead <b>x</b>", "name": "[call](javascript:x) **now**"}]})
    assert slides.plain(text.split(": ", 1)[1]) == "[call](javascript:x) **now**"
    assert slides.runs(text.split(": ", 1)[1]) and all(not style.get("href") for _, style in slides.runs(text))


# Language ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.stem)
def test_no_avoided_term_and_guidance_named_through_markers(deck):
    text = deck.read_text(encoding="utf-8")
    found = coursedata.avoided_terms_in(text, coursedata.load_terms())
    assert not found, f"{deck.relative_to(ROOT)}: avoided terms {[(line, term['avoid'] if 'avoid' in term else term) for line, term, _ in found]}"
    stale = re.findall(r"KCSIE 20\d\d|Keeping children safe in education,? 20\d\d|Working Together 20\d\d", text)
    assert not stale, f"{deck.relative_to(ROOT)}: name guidance with {{{{ guidance:ID:name }}}}, not {stale}"
