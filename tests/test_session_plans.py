"""Every session plan's activity minutes add up to its stated length, and each activity says
what it is for, what it needs and how it changes on a video call; every printable material a
plan names exists; a plan says who it is for; and every time a module overview or a plan states
comes from one source (a plan's session.length, a module's pages' minutes)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, build_hook, project_copy
from course import coursedata

PLANS = sorted((ROOT / "docs" / "trainer" / "plans").glob("*.md"))


def test_there_are_session_plans():
    assert len(PLANS) >= 5, "docs/trainer/plans/ needs a plan per module, a 3-hour session and an all-staff briefing"


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_session_plan_adds_up(plan):
    text = plan.read_text(encoding="utf-8")
    meta, _ = coursedata.split_front_matter(text)
    name = plan.relative_to(ROOT)
    session = meta.get("session")
    assert session, f"{name}:1: no 'session' in the front matter (length and activities)"
    activities = session.get("activities") or []
    assert activities, f"{name}:{coursedata.front_matter_line(text, 'session')}: the session has no activities"
    total = sum(int(a.get("minutes", 0)) for a in activities)
    assert total == session.get("length"), (
        f"{name}:{coursedata.front_matter_line(text, 'session')}: activities add up to {total} minutes, "
        f"but the session is {session.get('length')}")
    missing = [f"{a.get('activity', '?')}: {key}" for a in activities for key in ("activity", "minutes", "purpose", "materials") if not a.get(key)]
    assert not missing, f"{name}: activities lack {missing}"
    assert "<!-- course:session-plan -->" in text, f"{name}: the page does not show its timetable (<!-- course:session-plan -->)"


# Materials, video-call notes and who a plan is for -------------------------------------------

MATERIALS = ROOT / "docs" / "trainer" / "materials"
# Words in an activity's materials that mean a printable material, and the id it must list.
NAMED_MATERIALS = {
    "sign cards": "sign-cards", "situations on cards": "situation-cards", "situation cards": "situation-cards",
    "poor record": "poor-record", "opening lines": "disclosure-practice", "support card": "support-card",
    "dsl's and deputy's names": "dsl-contact-card",
}


def material_problems(root) -> list[str]:
    """Every material a plan names is a page in docs/trainer/materials/, and every printable
    thing an activity asks for is in the plan's `materials` list."""
    problems = []
    for plan in sorted((root / "docs" / "trainer" / "plans").glob("*.md")):
        text = plan.read_text(encoding="utf-8")
        meta, _ = coursedata.split_front_matter(text)
        name = plan.relative_to(root)
        session = meta.get("session") or {}
        line = coursedata.front_matter_line(text, "materials")
        listed = session.get("materials") or []
        for ident in listed:
            if not (root / "docs" / "trainer" / "materials" / f"{ident}.md").exists():
                problems.append(f"{name}:{line}: names the material '{ident}', but docs/trainer/materials/{ident}.md does not exist")
        for activity in session.get("activities") or []:
            # What the room uses, what it is for and how it runs on a call all name materials.
            for key in ("materials", "purpose", "remote"):
                words = str(activity.get(key, "")).lower()
                for phrase, ident in NAMED_MATERIALS.items():
                    if phrase in words and ident not in listed:
                        problems.append(f"{name}:{line}: '{activity['activity']}' ({key}) needs {phrase}, "
                                        f"but '{ident}' is not in session.materials")
    return problems


def test_every_material_a_plan_names_exists():
    assert not material_problems(ROOT), "\n".join(material_problems(ROOT))


def test_a_missing_material_fails(tmp_path):
    copy = project_copy(tmp_path)
    (copy / "docs" / "trainer" / "materials" / "sign-cards.md").unlink()
    problems = material_problems(copy)
    assert any("module-1.md" in p and "sign-cards" in p for p in problems), problems


def test_a_material_named_only_in_a_video_call_note_fails(tmp_path):
    copy = project_copy(tmp_path)
    plan = copy / "docs" / "trainer" / "plans" / "all-staff-briefing.md"
    text = plan.read_text(encoding="utf-8")
    assert "sign-cards" not in text, "the planted case needs a plan that does not list the sign cards"
    marker = 'remote: "Present the pages; ask people'
    assert marker in text
    plan.write_text(text.replace(marker, 'remote: "Paste the sign cards into a shared document; ask people', 1), encoding="utf-8")
    problems = material_problems(copy)
    assert any("all-staff-briefing.md" in p and "(remote)" in p and "sign-cards" in p for p in problems), problems


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_plan_says_who_it_is_for_and_how_it_runs_on_a_call(plan):
    text = plan.read_text(encoding="utf-8")
    meta, _ = coursedata.split_front_matter(text)
    name = plan.relative_to(ROOT)
    session = meta.get("session") or {}
    assert session.get("for"), f"{name}:{coursedata.front_matter_line(text, 'session')}: the plan does not say who it is for (session.for)"
    if session.get("length") == 90:
        assert "DSL" in meta["title"] or "all staff" in meta["title"].lower(), (
            f"{name}:{coursedata.front_matter_line(text, 'title')}: a 90-minute plan's title must say whether it is for DSLs or all staff")
    no_call = [a["activity"] for a in session.get("activities") or [] if not a.get("remote")]
    assert not no_call, f"{name}: these activities do not say how they change on a video call (remote): {no_call}"
    missing = [p for a in session.get("activities") or [] for p in a.get("pages") or [] if not (ROOT / "docs" / p).exists()]
    assert not missing, f"{name}: pages to present that do not exist: {missing}"


# One source of timings --------------------------------------------------------------------------

MINUTES = re.compile(r"\b(\d+)(?: to (\d+))?(?:-| )minutes?\b|\b(\d+) ?(?:to|–|-) ?(\d+) min\b", re.IGNORECASE)


def stated_times(root):
    """(file, line, text, numbers) for every length in minutes stated in a module overview, a plan
    or the trainer section's nav labels."""
    found = []
    for overview in sorted((root / "docs" / "modules").glob("*/index.md")):
        for number, line in enumerate(overview.read_text(encoding="utf-8").splitlines(), start=1):
            for match in MINUTES.finditer(line):
                found.append((overview, number, line.strip(), [int(g) for g in match.groups() if g]))
    return found


def timing_problems(root) -> list[str]:
    plans = {}
    for plan in sorted((root / "docs" / "trainer" / "plans").glob("*.md")):
        text = plan.read_text(encoding="utf-8")
        meta, body = coursedata.split_front_matter(text)
        session = meta.get("session") or {}
        plans[plan.stem] = session.get("length")
        for where, words in [("title", meta.get("title", "")), ("description", meta.get("description", ""))]:
            for match in re.finditer(r"\((\d+) minutes\)|(\d+)-minute|\((\d+) hours\)|(\d+) hours?\b", words):
                stated = int(next(g for g in match.groups() if g))
                stated = stated * 60 if "hour" in match.group(0) else stated
                if stated != session.get("length"):
                    problems_line = coursedata.front_matter_line(text, where)
                    yield f"{plan.relative_to(root)}:{problems_line}: the {where} says {match.group(0)}, but session.length is {session.get('length')}"
        for number, line in enumerate(text.splitlines(), start=1):
            match = re.search(r"\bA (\d+)-minute (?:workshop|briefing|session)", line)
            if match and int(match.group(1)) != session.get("length"):
                yield f"{plan.relative_to(root)}:{number}: says {match.group(0)}, but session.length is {session.get('length')}"
    index = root / "docs" / "trainer" / "index.md"
    for number, line in enumerate(index.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.search(r"\(plans/([\w-]+)\.md\) \| (\d+) (minutes|hours)", line)
        if match:
            stated = int(match.group(2)) * (60 if match.group(3) == "hours" else 1)
            if stated != plans.get(match.group(1)):
                yield f"{index.relative_to(root)}:{number}: says {match.group(2)} {match.group(3)}, but the plan is {plans.get(match.group(1))} minutes"
    hook = build_hook("pages")  # the build hook's own sum

    for overview, number, line, numbers in stated_times(root):
        folder = overview.parent
        own = hook.module_minutes(folder)
        plan_length = plans.get(f"module-{ {'grooming': 1, 'normalisation': 2, 'reporting': 3}.get(folder.name) }")
        where = f"{overview.relative_to(root)}:{number}"
        if re.search(r"\d+-minute (?:session|workshop|running order)", line):
            if numbers[0] != plan_length:
                yield f"{where}: says a {numbers[0]}-minute session, but the module's session plan is {plan_length} minutes"
        elif re.search(r"\d+ ?(?:to|–|-) ?\d+ min\b", line) and "|" in line:
            yield (f"{where}: a running order with its own timings ({line[:40]}...); link to the module's session plan "
                   "instead, which is the one source of session timings")
        else:
            yield (f"{where}: states {line[:60]!r}; write <!-- course:module-minutes --> (the sum of the module's "
                   f"pages' minutes, now {own}) instead of a number")


COURSE_TIME = re.compile(r"\b(?:about|takes?)\s+\**(?:\d+|one|two|three|four|five|six|seven|eight)"
                         r"(?: and a (?:half|quarter))? (?:minutes|hours)\b", re.IGNORECASE)


def course_time_problems(root) -> list[str]:
    """The home page and Start here state the modules' time through <!-- course:course-minutes -->
    and <!-- course:each-module-minutes -->, the build hook's sums of the pages' minutes."""
    for name in ("index.md", "start-here.md"):
        page = root / "docs" / name
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            for match in COURSE_TIME.finditer(line):
                yield (f"docs/{name}:{number}: states {match.group(0)!r}; write <!-- course:course-minutes --> "
                       "or <!-- course:each-module-minutes --> (the sums of the modules' pages' minutes) instead")


def test_the_course_time_on_the_home_and_start_pages_comes_from_the_pages():
    problems = list(course_time_problems(ROOT))
    assert not problems, "\n".join(problems)
    hook = build_hook("pages")

    assert hook._hours_phrase(270) == "about four and a half hours"
    assert hook._hours_phrase(240) == "about four hours"


def test_a_hard_coded_course_time_fails(tmp_path):
    copy = project_copy(tmp_path)
    start = copy / "docs" / "start-here.md"
    start.write_text(start.read_text(encoding="utf-8") + "\nThe whole course takes about four and a half hours.\n",
                     encoding="utf-8")
    problems = list(course_time_problems(copy))
    assert any(p.startswith("docs/start-here.md:") and "four and a half hours" in p for p in problems), problems


def test_module_and_plan_timings_come_from_one_source():
    problems = list(timing_problems(ROOT))
    assert not problems, "\n".join(problems)


def test_a_stated_time_that_disagrees_fails(tmp_path):
    copy = project_copy(tmp_path)
    plan = copy / "docs" / "trainer" / "plans" / "module-2.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("(90 minutes)", "(75 minutes)", 1), encoding="utf-8")
    overview = copy / "docs" / "modules" / "grooming" / "index.md"
    overview.write_text(overview.read_text(encoding="utf-8") + "\nOn your own: 45 minutes.\n", encoding="utf-8")
    problems = list(timing_problems(copy))
    assert any("module-2.md" in p and "75 minutes" in p for p in problems), problems
    assert any("grooming/index.md" in p and "45 minutes" in p for p in problems), problems
