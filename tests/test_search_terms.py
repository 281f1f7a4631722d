"""Search finds what a DSL types: each common query finds the page it means first, run through
Material's own search worker (lunr, its query parser and its ranking) in Node, against the built
index. Every abbreviation in the glossary finds the page that teaches what it names; no Sources
page comes first. Results that would share a title name their module."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, require
from course import coursedata

import material  # noqa: E402  (the installed mkdocs-material: its own search worker)

WORKER = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers").glob("search.*.min.js"), None)
TERMS = ROOT / "docs" / "_data" / "search-terms.yml"
GLOSSARY_FILE = ROOT / "docs" / "_data" / "glossary.yml"
HERE = Path(__file__).relative_to(ROOT)

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
    # Issue 24: words DSLs typed that found nothing, or a Sources page, first.
    "HSB": "modules/normalisation/child-on-child-abuse.md",
    "harmful sexual behaviour": "modules/normalisation/child-on-child-abuse.md",
    "peer on peer": "modules/normalisation/child-on-child-abuse.md",
    "peer-on-peer": "modules/normalisation/child-on-child-abuse.md",
    "child on child": "modules/normalisation/child-on-child-abuse.md",
    "child-on-child": "modules/normalisation/child-on-child-abuse.md",
    "Report Remove": "modules/reporting/choosing-a-route.md",
    # The course does not teach Prevent (the counter-terrorism duty); no page names it. Search
    # cannot tell it from "prevent", so the page on preventing abuse comes first.
    "Prevent": "modules/normalisation/countering-normalisation.md",
}

# Every abbreviation in docs/_data/glossary.yml -> the page that teaches what it names; the
# glossary itself where the course only cites the body. A new glossary entry needs a row here
# (test_every_glossary_abbreviation_has_a_row) and a line in search-terms.yml.
GLOSSARY = {
    "AI": "modules/normalisation/ai-images.md",
    "CEOP": "route-finder/online-contact.md",
    "CSA": "reference/glossary.md",
    "CSAE": "reference/glossary.md",
    "CSAM": "route-finder/image.md",
    "CSE": "reference/glossary.md",
    "DDSL": "modules/reporting/your-nation.md",
    "DE": "modules/reporting/your-nation.md",
    "DfE": "modules/reporting/your-nation.md",
    "DSL": "modules/reporting/your-nation.md",
    "DT": "modules/reporting/your-nation.md",
    "EA": "modules/reporting/your-nation.md",
    "FMSE": "modules/normalisation/sexual-extortion.md",
    "HSC": "modules/reporting/your-nation.md",
    "IRD": "modules/reporting/your-nation.md",
    "IWF": "modules/reporting/choosing-a-route.md",
    "KCSIE": "modules/reporting/your-nation.md",
    "LADO": "route-finder/colleague.md",
    "MASH": "modules/reporting/choosing-a-route.md",
    "NCA": "reference/glossary.md",
    "NCMEC": "reference/glossary.md",
    "NPCC": "reference/glossary.md",
    "NSPCC": "modules/reporting/choosing-a-route.md",
    "POSH": "modules/reporting/choosing-a-route.md",
    "PSNI": "modules/reporting/your-nation.md",
    "SEND": "modules/grooming/vulnerability.md",
    "UKCIS": "modules/reporting/images.md",
    "VKPP": "modules/normalisation/reading-the-figures.md",
    "RSHE": "modules/normalisation/countering-normalisation.md",
    "DSP": "modules/reporting/your-nation.md",
    "GDPR": "modules/reporting/information-sharing.md",
    "NAPAC": "modules/reporting/support.md",
    "SBNI": "modules/reporting/your-nation.md",
}


def line_of(path: Path, pattern: str) -> int:
    """The first line of path that matches the regular expression (1 if none)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return number
    return 1


def row_of(query: str) -> str:
    """Where a query's expectation is written: its line in search-terms.yml, else its row here."""
    word = rf"^- words: \[.*(?<![\w-]){re.escape(query)}(?![\w-])"
    if (at := line_of(TERMS, word)) > 1:
        return f"{TERMS.relative_to(ROOT)}:{at}"
    row = "^    " + re.escape(f'"{query}":')
    return f"{HERE}:{line_of(Path(__file__), row)}"


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
    return problems_in(search(index, list(expected)), expected)


def expected_from_terms() -> dict[str, str]:
    expected = {}
    for entry in coursedata.load_yaml("search-terms.yml", TERMS.parent):
        for word in entry.get("words", []):
            expected[str(word)] = entry["pages"][0]
    return expected


@pytest.fixture(scope="module")
def found_first(web_site) -> dict[str, list[dict]]:
    """Every query of this module, searched once in one run of Material's worker."""
    queries = list(dict.fromkeys([*COMMON, *GLOSSARY, *expected_from_terms()]))
    return search(web_site / "search" / "search_index.json", queries)


def problems_in(found: dict[str, list[dict]], expected: dict[str, str]) -> list[str]:
    problems = []
    for query, src in expected.items():
        items = found.get(query) or []
        if (items[0]["location"] if items else None) != location(src):
            shown = [i["location"] for i in items[:3]]
            problems.append(f"{row_of(query)}: searching {query!r} should find docs/{src} first; found {shown}")
    return problems


def test_common_dsl_queries_find_their_page_first(found_first):
    problems = problems_in(found_first, COMMON)
    assert not problems, "\n".join(problems)


def test_every_glossary_abbreviation_finds_the_page_that_teaches_it_first(found_first):
    problems = problems_in(found_first, GLOSSARY)
    assert not problems, "\n".join(problems)


def test_every_glossary_abbreviation_has_a_row():
    terms = [str(g["term"]) for g in yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))]
    missing = [f"docs/_data/glossary.yml:{line_of(GLOSSARY_FILE, rf'^- term: {t}$')}: {t} has no row in {HERE} GLOSSARY "
               "(the page that teaches it) nor a line in docs/_data/search-terms.yml" for t in terms
               if t not in GLOSSARY or t not in expected_from_terms()]
    stale = [f"{row_of(t)}: {t} is in GLOSSARY but not in docs/_data/glossary.yml"
             for t in GLOSSARY if t not in terms]
    assert not missing + stale, "\n".join(missing + stale)


def test_every_search_term_finds_its_first_page_first(found_first):
    problems = problems_in(found_first, expected_from_terms())
    assert not problems, "\n".join(problems)


def test_no_sources_page_comes_first(found_first):
    """The Sources pages cite nearly every title; no query of this module may find one first."""
    firsts = {q: items[0]["location"] for q, items in found_first.items() if items}
    bad = [f"{row_of(q)}: searching {q!r} finds the Sources page {loc} first" for q, loc in firsts.items()
           if loc.split("#")[0].rstrip("/").endswith("sources")]
    assert not bad, "\n".join(bad)


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
    assert problems and problems[0].startswith("docs/_data/search-terms.yml:"), problems
    assert "docs/route-finder/sexual-extortion.md" in problems[0], problems


def test_self_test_a_sources_page_without_its_boost_comes_first(web_site, tmp_path):
    """Self-test: the same index without the Sources pages' low boost finds a Sources page first
    for a word the issue named ("peer-on-peer" or "Report Remove"), and the check says so."""
    index = json.loads((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("boost" in doc for doc in index["docs"]), "overrides/hooks/search.py:1: no page has a boost"
    for doc in index["docs"]:
        doc.pop("boost", None)
        doc.pop("keywords", None)
    planted = tmp_path / "search_index.json"
    planted.write_text(json.dumps(index), encoding="utf-8")
    found = search(planted, ["peer-on-peer", "Report Remove"])
    assert any(items and items[0]["location"].endswith("sources/") for items in found.values()), found
    problems = problems_in(found, {"Report Remove": "modules/reporting/choosing-a-route.md"})
    assert problems and problems[0].startswith("docs/_data/search-terms.yml:"), problems
