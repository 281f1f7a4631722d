"""Search finds what a DSL types: each common query finds the page it means first, run through
Material's own search worker (lunr, its query parser and its ranking) in Node, against the built
index. Results that would share a title name their module."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, require
from course import coursedata

import material  # noqa: E402  (the installed mkdocs-material: its own search worker)

WORKER = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers").glob("search.*.min.js"), None)
TERMS = ROOT / "docs" / "_data" / "search-terms.yml"

# Query -> the page it must find first. Words the course avoids or abbreviates come from
# docs/_data/search-terms.yml (each word -> its first page); these are the ones the issue names
# and words that the course's own prose should already find.
COMMON = {
    "sextortion": "route-finder/sexual-extortion.md",
    "LADO": "route-finder/colleague.md",
    "nudes": "modules/reporting/images.md",
    "deepfake": "modules/normalisation/ai-images.md",
    "sexting": "route-finder/image.md",
    "child porn": "route-finder/image.md",
    "CEOP": "route-finder/online-contact.md",
    "grooming signs": "modules/grooming/signs-in-children.md",
}


def location(src: str) -> str:
    """docs/a/b.md -> a/b/ (web build), a/index.md -> a/, index.md -> ''."""
    path = Path(src).with_suffix("")
    parts = path.parts[:-1] if path.name == "index" else path.parts
    return "/".join(parts) + "/" if parts else ""


def search(index: Path, queries: list[str]) -> dict[str, list[dict]]:
    require("node")
    assert WORKER, ".venv has no Material search worker: make .venv/bin/.installed"
    result = subprocess.run(["node", str(ROOT / "tests" / "material_search.js"), str(WORKER), str(index), *queries],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"tests/material_search.js failed:\n{result.stderr}"
    return {row["query"]: row["items"] for row in map(json.loads, result.stdout.splitlines())}


def first_page_problems(index: Path, expected: dict[str, str]) -> list[str]:
    found = search(index, list(expected))
    problems = []
    for query, src in expected.items():
        items = found.get(query) or []
        first = items[0]["location"] if items else None
        if first != location(src):
            shown = [i["location"] for i in items[:3]]
            problems.append(f"docs/{src}:1: searching {query!r} should find this page first; found {shown}")
    return problems


def expected_from_terms() -> dict[str, str]:
    expected = {}
    for entry in coursedata.load_yaml("search-terms.yml", TERMS.parent):
        for word in entry["words"]:
            expected[str(word)] = entry["pages"][0]
    return expected


def test_common_dsl_queries_find_their_page_first(web_site):
    problems = first_page_problems(web_site / "search" / "search_index.json", COMMON)
    assert not problems, "\n".join(problems)


def test_every_search_term_finds_its_first_page_first(web_site):
    problems = first_page_problems(web_site / "search" / "search_index.json", expected_from_terms())
    problems = [p.replace(":1:", ":1: (docs/_data/search-terms.yml)", 1) for p in problems]
    assert not problems, "\n".join(problems)


def test_no_two_results_share_a_title(web_site):
    index = json.loads((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = Counter(doc["title"] for doc in index["docs"] if "#" not in doc["location"])
    shared = {title: n for title, n in titles.items() if n > 1}
    assert not shared, f"overrides/hooks/search.py:1: page results share titles: {shared}"


def test_hidden_keywords_stay_out_of_the_pages(web_site):
    """The keywords live in the index's own field only: 'sextorted', which no page uses, is in no
    built page and in no result text."""
    pages = [str(p) for p in web_site.rglob("*.html") if "sextorted" in p.read_text(encoding="utf-8").lower()]
    index = json.loads((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["location"] for d in index["docs"] if "sextorted" in (d["title"] + d["text"]).lower()]
    assert not pages and not texts, f"the hidden keyword 'sextorted' shows on {pages} {texts}"


def test_the_query_test_can_fail(web_site, tmp_path):
    """Self-test: the same index without the hook's keywords does not find the sexual extortion
    route first for 'sextortion', and the check says so, naming the page."""
    index = json.loads((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc.pop("keywords", None)
    index["config"]["fields"].pop("keywords", None)
    planted = tmp_path / "search_index.json"
    planted.write_text(json.dumps(index), encoding="utf-8")
    problems = first_page_problems(planted, {"sextortion": "route-finder/sexual-extortion.md"})
    assert problems and problems[0].startswith("docs/route-finder/sexual-extortion.md:1:"), problems
