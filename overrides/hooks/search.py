"""Build hook: search that finds what a DSL types.

- Words readers type that the course avoids in its prose ("sextortion", "sexting", "child porn")
  or abbreviates ("LADO") are added to Material's search index as hidden keywords of the pages
  they mean (docs/_data/search-terms.yml, and a page's own front matter `search_terms`). They go
  into a field of their own, `keywords`, which lunr indexes but Material's results never show,
  so no avoided word appears on a page or in a result.
- Pages that list citations (the Sources pages) would come first for any word in a source's
  title; search-terms.yml gives them a low `boost` (lunr's document boost, which Material's
  search worker passes on), so the pages that teach rank above them.
- Pages whose navigation titles are shared ("Key points", "Scenarios", "Sources", "Check your
  understanding") are listed in results under their full front-matter title, which names the
  module ("Reporting routes: key points").

Runs after the search plugin has written search/search_index.json (and, in the USB pack, the
offline plugin its search/search_index.js), and before overrides/hooks/offline.py zips the pack:
mkdocs.yml lists this hook before offline.py. tests/test_search_terms.py checks it.
"""

from __future__ import annotations

import fnmatch
import json
from collections import Counter
from pathlib import Path

from course import coursedata

# Above a title (1000) and below Material's tags (1e6): the page a word means comes first.
KEYWORD_BOOST = 10000.0

_pages: dict[str, dict] = {}


def on_config(config):
    _pages.clear()


def on_page_context(context, page, config, nav):
    keywords = [str(w) for w in (page.meta.get("search_terms") or [])]
    _pages[page.url] = {
        "src": page.file.src_uri, "nav_title": page.title,
        "full_title": page.meta.get("title") or page.title, "keywords": keywords,
    }
    return context


def keyword_table(data_dir: Path) -> dict[str, list[tuple[int, str]]]:
    """src_uri -> [(rank, word)]: rank 0 for a word's first page, 1 for its second..."""
    table: dict[str, list[tuple[int, str]]] = {}
    for entry in coursedata.load_yaml("search-terms.yml", data_dir) or []:
        for rank, src in enumerate(entry["pages"] if "words" in entry else []):
            table.setdefault(src, []).extend((rank, str(w)) for w in entry["words"])
    return table


def boost_table(data_dir: Path) -> list[tuple[str, float]]:
    """[(page pattern, boost)] from the entries of search-terms.yml that give a boost."""
    return [(str(pattern), float(entry["boost"]))
            for entry in coursedata.load_yaml("search-terms.yml", data_dir) or [] if "boost" in entry
            for pattern in entry["pages"]]


def boost_of(src: str, boosts: list[tuple[str, float]]) -> float | None:
    found = [boost for pattern, boost in boosts if fnmatch.fnmatchcase(src, pattern)]
    return min(found) if found else None


def rewrite(index: dict, pages: dict[str, dict], table: dict[str, list[tuple[int, str]]],
            boosts: list[tuple[str, float]] = ()) -> dict:
    index["config"].setdefault("fields", {})["keywords"] = {"boost": KEYWORD_BOOST}
    shared = Counter(p["nav_title"] for p in pages.values())
    by_location = {url: info for url, info in pages.items()}
    # Headings shared by pages in different places ("Ending: a good outcome" in each capstone case).
    shown = Counter(doc.get("title") for doc in index["docs"] if doc["location"] in by_location)
    for doc in index["docs"]:
        # A page and its sections (page#anchor) share the page's boost.
        page_info = by_location.get(doc["location"].split("#", 1)[0])
        if page_info is not None and (boost := boost_of(page_info["src"], boosts)) is not None:
            doc["boost"] = boost
        info = by_location.get(doc["location"])
        if info is None:  # a section (page#anchor), or a page the hook never saw
            continue
        if (shared[info["nav_title"]] > 1 and doc.get("title") == info["nav_title"]) or shown[doc.get("title")] > 1:
            doc["title"] = info["full_title"]
        # A word listed first for this page repeats more often, so its first page scores highest.
        words = []
        for rank, word in table.get(info["src"], []):
            words += [word] * max(1, 3 - rank)
        words += info["keywords"] * 3
        if words:
            doc["keywords"] = " ".join(words)
    return index


def on_post_build(config):
    folder = Path(config["site_dir"]) / "search"
    index_json = folder / "search_index.json"
    if not index_json.exists():
        return
    data_dir = Path(config["docs_dir"]) / "_data"
    table, boosts = keyword_table(data_dir), boost_table(data_dir)
    known = {info["src"] for info in _pages.values()}
    missing = sorted({src for src in table if src not in known})
    missing += sorted({p for p, _ in boosts if not fnmatch.filter(known, p)})
    if missing:
        raise SystemExit(f"docs/_data/search-terms.yml names pages that do not exist: {missing}")
    index = rewrite(json.loads(index_json.read_text(encoding="utf-8")), _pages, table, boosts)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_json.write_text(text, encoding="utf-8")
    index_js = folder / "search_index.js"
    if index_js.exists():  # the USB pack: the offline plugin's copy for file://
        index_js.write_text(f"var __index = {text}", encoding="utf-8")
