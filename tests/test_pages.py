"""Front matter, headings, images, link text and page furniture on every course page."""

from __future__ import annotations

import re

from conftest import ROOT, project_copy
import coursechecks
from course import coursedata

DOCS = ROOT / "docs"


def test_front_matter_is_complete_and_current(today):
    problems = coursechecks.check_front_matter(DOCS, today)
    assert not problems, "\n".join(map(str, problems))


def test_headings_images_and_link_text():
    problems = coursechecks.check_headings_and_links(DOCS)
    assert not problems, "\n".join(map(str, problems))


def test_every_page_carries_its_furniture(web_site):
    """Written once in the build hook, checked on every page: content note (where the front
    matter has one), the worried box, the review line, and the sources the page cites."""
    problems = []
    for page in coursedata.course_pages(DOCS):
        meta, _ = coursedata.split_front_matter(page.read_text(encoding="utf-8"))
        html = coursechecks.html_of(coursechecks.built_page(web_site, page))
        article = html.select_one("article")
        name = page.relative_to(ROOT)
        if meta.get("content_note"):
            first = article.find(["div", "details"], class_="admonition") or article.find("details")
            if first is None or "content-note" not in first.get("class", []):
                problems.append(f"{name}:1: the content note is not the first box on the page")
        worried = article.select_one(".admonition.worried")
        if worried is None or "999" not in worried.get_text():
            problems.append(f"{name}:1: no 'Worried about a child now?' box with 999")
        elif page != DOCS / "reporting-routes" / "index.md" and not worried.select_one('a[href*="reporting-routes"]'):
            problems.append(f"{name}:1: the worried box does not link to the reporting routes")
        review = article.select_one(".course-review")
        if review is None or coursedata.long_date(meta["review_due"]) not in review.get_text():
            problems.append(f"{name}:1: no review line showing review_due {meta.get('review_due')}")
        cited = {url for _, url in coursedata.find_urls(page.read_text(encoding="utf-8"))}
        listed = {a["href"] for a in article.select("#sources-used + ul a[href]")}
        if cited - listed:
            problems.append(f"{name}:1: 'Sources used on this page' misses {sorted(cited - listed)}")
    assert not problems, "\n".join(problems)


def test_paths_named_in_contributor_pages_exist():
    """Contributor docs that name a file or folder must not drift from the repository."""
    problems = []
    for page in sorted((DOCS / "contribute").glob("*.md")):
        for number, line in coursedata.body_lines(page.read_text(encoding="utf-8")):
            for path in re.findall(r"`((?:docs|quizzes|tests|overrides)/[^`\s]*|README\.md|mkdocs\.yml|Makefile)`", line):
                if not (ROOT / path).exists():
                    problems.append(f"{page.relative_to(ROOT)}:{number}: names {path}, which does not exist")
    assert not problems, "\n".join(problems)


# Self-tests: each check fails on a planted defect and names the file ------------------------

def _plant(tmp_path, page, old, new):
    copy = project_copy(tmp_path)
    target = copy / "docs" / page
    text = target.read_text(encoding="utf-8")
    assert old in text, f"self-test fixture: {old!r} not in {page}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_a_passed_review_date_fails(tmp_path, today):
    copy = _plant(tmp_path, "start-here.md", "review_due: 2027-08-31", "review_due: 2026-01-01")
    problems = coursechecks.check_front_matter(copy / "docs", today)
    assert [p for p in problems if p.path.name == "start-here.md" and "has passed" in p.message and p.line == 8], problems


def test_a_missing_field_and_a_duplicate_title_fail(tmp_path, today):
    copy = _plant(tmp_path, "reference/glossary.md", "title: Glossary", "title: Start here")
    (copy / "docs" / "reference" / "sources.md").write_text(
        (copy / "docs" / "reference" / "sources.md").read_text().replace("minutes: 3\n", ""))
    messages = [str(p) for p in coursechecks.check_front_matter(copy / "docs", today)]
    assert any("start-here.md:2:" in m and "reference/glossary.md" in m and "must be unique" in m for m in messages), messages
    assert any("sources.md" in m and "no 'minutes'" in m for m in messages), messages


def test_skipped_heading_and_click_here_fail(tmp_path):
    copy = _plant(tmp_path, "start-here.md", "## Who the course is for", "#### Who the course is for\n\n[click here](index.md)")
    messages = [str(p) for p in coursechecks.check_headings_and_links(copy / "docs")]
    assert any("start-here.md" in m and "skip levels" in m for m in messages), messages
    assert any("start-here.md" in m and "says nothing" in m for m in messages), messages
