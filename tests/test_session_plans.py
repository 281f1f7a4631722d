"""Every session plan's activity minutes add up to its stated length, and each activity says
what it is for and what it needs."""

from __future__ import annotations

import pytest

from conftest import ROOT
import coursedata

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
