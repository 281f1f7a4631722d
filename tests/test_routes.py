"""The route data (docs/_data/routes.yml) is complete, current and sourced, and every phone
number on the site comes from it."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT, project_copy
import coursechecks
from course import coursedata

ROUTES_FILE = ROOT / "docs" / "_data" / "routes.yml"
FACTS = ROOT.parent / "shared" / "reference" / "facts.yml"
NATIONS = {"England", "Wales", "Scotland", "Northern Ireland"}
KINDS = {"report", "advice", "support"}
REQUIRED = ("id", "name", "kind", "for", "hours", "nations", "verified", "review_due")
# UK numbers as services print them: 999 and 101, 116 123, 0800 1111, or 11 digits from 0.
PHONE = re.compile(r"^(999|101|116 \d{3}|0800 1111|0\d{2,4}( \d{3,4}){1,2})$")
# A number as it might be typed in a page: 0 then 9 or 10 more digits in groups, or 116 123.
PHONE_IN_TEXT = re.compile(r"(?<![\d.])(0\d{2,4}[ ]\d{3,4}(?:[ ]\d{3,4})?|0800 1111|116 123)(?![\d])")


def routes():
    return coursedata.load_yaml("routes.yml")


def line_of(route_id: str) -> int:
    text = ROUTES_FILE.read_text(encoding="utf-8")
    return text[: text.find(f"id: {route_id}\n")].count("\n") + 1


def test_every_route_is_complete_current_and_sourced(today):
    sources = coursedata.load_sources()
    facts = {f["id"] for f in yaml.safe_load(FACTS.read_text(encoding="utf-8"))} if FACTS.exists() else None
    problems, seen = [], set()
    for r in routes():
        where = f"docs/_data/routes.yml:{line_of(r.get('id', '?'))}: {r.get('id')}"
        for key in REQUIRED:
            if not r.get(key):
                problems.append(f"{where}: no '{key}'")
        if r.get("id") in seen:
            problems.append(f"{where}: id used twice")
        seen.add(r.get("id"))
        if r.get("kind") not in KINDS:
            problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
        if not set(r.get("nations") or []) <= NATIONS:
            problems.append(f"{where}: nations must be among {sorted(NATIONS)}")
        if not (r.get("phone") or r.get("url")):
            problems.append(f"{where}: a route needs a phone number or an address")
        if r.get("phone") and not PHONE.match(str(r["phone"])):
            problems.append(f"{where}: phone {r['phone']!r} is not a well-formed UK number (e.g. 0808 800 5000)")
        if r.get("email") and not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", r["email"]):
            problems.append(f"{where}: email {r['email']!r} is malformed")
        if r.get("url"):
            if not r["url"].startswith("https://"):
                problems.append(f"{where}: {r['url']} is not https")
            elif r["url"] not in sources:
                problems.append(f"{where}: {r['url']} is not in docs/_data/sources.yml")
        verified, due = coursedata.as_date(r.get("verified")), coursedata.as_date(r.get("review_due"))
        if verified and verified > today:
            problems.append(f"{where}: verified {verified} is in the future")
        if due and due < today:
            problems.append(f"{where}: review_due {due} has passed: check the number, hours and address with the service, then set new dates")
        if facts is not None and r.get("fact_id") and r["fact_id"] not in facts:
            problems.append(f"{where}: fact_id {r['fact_id']} is not in ../shared/reference/facts.yml")
    assert not problems, "\n".join(problems)


def phone_problems(root):
    """Every phone number typed in a page or quiz of the project at root that is not a route's."""
    phones = {str(r["phone"]) for r in coursedata.load_yaml("routes.yml", root / "docs" / "_data") if r.get("phone")}
    problems = []
    for path in coursedata.pages_and_banks(root):
        for number, line in coursedata.body_lines(path.read_text(encoding="utf-8")):
            for found in PHONE_IN_TEXT.findall(re.sub(r"`[^`]*`", "", line)):
                if found not in phones:
                    problems.append(f"{path.relative_to(root)}:{number}: {found} is not in docs/_data/routes.yml; add the service there and write {{{{ route:ID:phone }}}}")
    return problems


def test_every_phone_number_on_the_site_comes_from_the_route_data():
    problems = phone_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_reporting_routes_page_shows_every_uk_wide_route(web_site):
    html = coursechecks.html_of(web_site / "reporting-routes" / "index.html")
    text = " ".join(html.get_text(" ").split())
    hrefs = {a["href"] for a in html.select("article a[href]")}
    missing = [r["id"] for r in routes() if set(r["nations"]) == NATIONS and r["kind"] != "support"
               and not (r.get("phone", "") in text if r.get("phone") else r.get("url") in hrefs)]
    assert not missing, f"docs/reporting-routes/index.md: the routes table lacks {missing}"
    assert "{{" not in text, "docs/reporting-routes/index.md: an unreplaced {{ route:... }} reference"


def test_an_unknown_route_reference_fails_the_build(tmp_path):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "start-here.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCall {{ route:no-such-service:phone }}.\n")
    result = coursechecks.build(copy, tmp_path / "site")
    assert result.returncode != 0 and "start-here.md: {{ route:no-such-service:phone }}" in result.stdout + result.stderr


def test_a_typed_number_not_in_the_route_data_fails(tmp_path):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "start-here.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOr ring 0808 000 0000.\n")
    problems = phone_problems(copy)
    assert len(problems) == 1 and re.match(r"docs/start-here.md:\d+: 0808 000 0000 is not in", problems[0]), problems


# A line that starts with a marker and expands to "101." or "999." is read by Markdown as a
# numbered list item, and the number vanishes into the list marker.
STARTS_WITH_MARKER = re.compile(r"^\s*\{\{ ?(route|guidance):")
LIST_ITEM = re.compile(r"^\s*\d+[.)](\s|$)")


def list_item_problems(root):
    problems = []
    for path in coursedata.pages_and_banks(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if STARTS_WITH_MARKER.match(line):
                expanded, _ = coursedata.expand_refs(line, data_dir=root / "docs" / "_data")
                if LIST_ITEM.match(expanded):
                    problems.append(f"{path.relative_to(root)}:{number}: this line becomes '{expanded.strip()[:30]}…', "
                                    "a numbered list item that swallows the number; rewrap so the marker is not first")
    return problems


def test_no_marker_at_the_start_of_a_line_becomes_a_numbered_list_item():
    problems = list_item_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_a_number_turned_into_a_list_item_is_caught(tmp_path):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "start-here.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nIn an emergency ring\n{{ route:police-emergency:phone }}. Then tell the DSL.\n")
    problems = list_item_problems(copy)
    assert len(problems) == 1 and problems[0].startswith("docs/start-here.md:"), problems
