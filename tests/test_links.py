"""linkchecker finds no broken internal link or anchor, including links in raw HTML."""

from __future__ import annotations

from conftest import ROOT, project_copy, world_readable_dir
import coursechecks

RC = ROOT / "tests" / "linkcheckerrc"


def test_no_broken_internal_links_or_anchors(offline_pack):
    # The offline build has .html links, so linkchecker can check anchors from file:// in seconds.
    problems = coursechecks.check_links(offline_pack[0], RC, ROOT / "docs")
    assert not problems, "\n".join(map(str, problems))


def test_a_broken_anchor_in_raw_html_is_caught(tmp_path):
    """mkdocs --strict cannot see links written in raw HTML; linkchecker must."""
    copy = project_copy(tmp_path)
    page = copy / "docs" / "reference" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + '\n<p><a href="../start-here.html#no-such-section">a broken anchor</a>'
                    + ' and <a href="../no-such-page.html">a missing page</a></p>\n')
    site = world_readable_dir("course-planted-") / "site"
    assert coursechecks.build(copy, site, offline=True).returncode == 0
    # linkchecker reads the planted page and checks its links; the anchor check reads every page.
    messages = [str(p) for p in coursechecks.check_links(site, RC, copy / "docs", only=site / "reference" / "glossary.html")]
    assert any(m.startswith(f"{page}:") and "no-such-section" in m for m in messages), messages
    assert any(m.startswith(f"{page}:") and "no-such-page" in m for m in messages), messages


def test_the_anchor_check_does_not_depend_on_link_order(tmp_path):
    """linkchecker treats a file:// page with and without #fragment as one; whichever link to the
    page it meets first can decide whether an anchor is looked at. broken_anchors reads every page,
    so a broken anchor is found whether the bare link comes before it or after it."""
    for order in (["a.html", "b.html"], ["b.html", "a.html"]):
        site = tmp_path / "-".join(order)
        site.mkdir()
        (site / "index.html").write_text("".join(f'<a href="{name}">x</a>' for name in order), encoding="utf-8")
        (site / "a.html").write_text('<h1 id="here">A</h1><p><a name="old">old</a></p>', encoding="utf-8")
        (site / "b.html").write_text('<a href="a.html#missing">m</a> <a href="a.html#here">h</a> <a href="a.html#old">o</a>'
                                     ' <a href="#self">s</a> <span id="self"></span> <a href="https://example.org/#x">e</a>',
                                     encoding="utf-8")
        found = [str(p) for p in coursechecks.broken_anchors(site)]
        assert len(found) == 1 and "a.html#missing" in found[0] and "b.html, line 1" in found[0], found
