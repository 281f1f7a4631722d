"""A first view does not download the search index or the search worker: they load when the reader starts to search,
and search then works, on the web build (HTTP) and in the USB pack (file://)."""

from __future__ import annotations

import re
import zipfile

import pytest

from conftest import guarded_tab, world_readable_dir

INDEX = re.compile(r"/search/search_index\.js(on)?$|/workers/search\.[^/]*\.js$")


@pytest.fixture(scope="module")
def unzipped(offline_pack):
    target = world_readable_dir("course-usb-search-")
    with zipfile.ZipFile(offline_pack[1]) as pack:
        pack.extractall(target)
    return target / offline_pack[0].name


def check_on_demand(tab, url: str, where: str) -> None:
    requested = []
    tab.on("request", lambda request: INDEX.search(request.url.split("?")[0]) and requested.append(request.url))
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    assert requested == [], f"{where}: the first view requested the search index or worker before any search: {requested}"
    assert tab.locator(".md-search__input").count() == 1, f"{where}: no search box"
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    tab.locator(".md-search__input").press_sequentially("Samaritans", delay=20)
    results = tab.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert requested, f"{where}: search worked without loading the index?"
    assert "Start here" in tab.locator(".md-search-result").inner_text(), f"{where}: 'Samaritans' did not find Start here"
    assert tab.blocked == [], f"{where}: requests to other hosts: {tab.blocked}"


def test_web_build_loads_the_index_only_on_search(browser, server):
    tab = guarded_tab(browser, (server,))
    try:
        check_on_demand(tab, f"{server}/modules/grooming/", "web build, modules/grooming/")
    finally:
        tab.close()


def test_usb_pack_loads_the_index_only_on_search(browser, unzipped):
    tab = guarded_tab(browser, ("file:",))
    try:
        check_on_demand(tab, (unzipped / "modules" / "grooming" / "index.html").as_uri(), "USB pack, modules/grooming/index.html")
    finally:
        tab.close()


def test_keyboard_shortcut_still_searches(browser, server):
    """Material's / key focuses the box; that counts as starting to search."""
    tab = guarded_tab(browser, (server,))
    try:
        tab.goto(f"{server}/start-here/")
        tab.wait_for_load_state("load")
        tab.keyboard.press("/")
        tab.keyboard.type("grooming", delay=20)
        tab.locator(".md-search-result__item").first.wait_for(timeout=15000)
    finally:
        tab.close()
