"""Page weight within budget, from the built site's bytes: deterministic, not timed. make bench
measures the same pages in a browser against default Material (README "Performance").

A view's weight is its HTML and every file the HTML links to (stylesheets, scripts, icons,
images), each gzipped as the bench server sends it; the second page counts only what the first
view did not already fetch. The search index and worker load only when a reader searches
(tests/test_search_on_demand.py), so they are not in either view."""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

from bs4 import BeautifulSoup

from course.maintain import bench

FIRST_VIEW_BUDGET = 90 * 1024
SECOND_PAGE_BUDGET = 30 * 1024
GZIP_LEVEL = 6  # the bench server's level, as GitHub Pages serves text


def fetched(site: Path, url_path: str) -> list[Path]:
    """The page's HTML and the files it links to, in the built site."""
    page = site / url_path.strip("/") / "index.html"
    files = [page]
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
        for element in html.find_all(tag):
            value = element.get(attr)
            if not value or re.match(r"^([a-z]+:|//|#)", value):
                continue
            if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload"} & set(element.get("rel", [])):
                continue
            files.append((page.parent / value.split("?")[0].split("#")[0]).resolve())
    return files


def weight(files) -> int:
    return sum(len(gzip.compress(f.read_bytes(), GZIP_LEVEL)) for f in files)


def views(site: Path) -> tuple[list[Path], list[Path]]:
    first_url, second_url = bench.pick_pages(site)
    first = fetched(site, first_url)
    second = [f for f in fetched(site, second_url) if f not in first]
    return first, second


def test_first_view_and_second_page_are_within_budget(web_site):
    first, second = views(web_site)
    missing = [str(f) for f in first + second if not f.is_file()]
    assert not missing, f"pages link to files that are not in the build: {missing}"
    problems = []
    for name, files, budget in (("first view", first, FIRST_VIEW_BUDGET), ("second page", second, SECOND_PAGE_BUDGET)):
        total = weight(files)
        if total > budget:
            heaviest = sorted(((weight([f]), f.relative_to(web_site)) for f in files), reverse=True)[:4]
            problems.append(f"{name}: {total / 1024:.1f} KB gzipped, over its {budget // 1024} KB budget; heaviest: "
                            + ", ".join(f"{path} {size / 1024:.1f} KB" for size, path in heaviest))
    assert not problems, "\n".join(problems)


def test_the_budget_check_can_fail(web_site, tmp_path):
    """A planted 200 KB script on the first page puts the first view over budget."""
    first, _ = views(web_site)
    heavy = tmp_path / "heavy.js"
    heavy.write_bytes(random.Random(0).randbytes(200_000))  # random bytes do not compress
    assert weight(first + [heavy]) > FIRST_VIEW_BUDGET
