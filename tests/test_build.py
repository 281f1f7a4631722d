"""The web build and the offline pack: strict, self-contained and lean."""

from __future__ import annotations

import re
import zipfile

import pytest

import coursechecks
from conftest import ROOT

# Attributes through which a page loads something: a script, a style sheet, an image, a font.
ASSET_ATTRS = [("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"),
               ("iframe", "src"), ("video", "src"), ("audio", "src"), ("object", "data")]
CSS_URL = re.compile(r"""url\(\s*['"]?(https?:)?//""")


def external_assets(site):
    """(page, what) for everything a page would fetch from another host."""
    found = []
    for page in sorted(site.rglob("*.html")):
        html = coursechecks.html_of(page)
        for tag, attr in ASSET_ATTRS:
            for element in html.find_all(tag):
                value = element.get(attr) or ""
                if tag == "link" and not {"stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch"} & set(element.get("rel", [])):
                    continue  # <link rel="canonical"> and the like are not fetched
                if re.match(r"^(https?:)?//", value):
                    found.append((page.relative_to(site), f"<{tag} {attr}={value}>"))
        for style in html.find_all("style"):
            if CSS_URL.search(style.get_text()):
                found.append((page.relative_to(site), "inline CSS url() to another host"))
    for sheet in sorted(site.rglob("*.css")):
        if CSS_URL.search(sheet.read_text(encoding="utf-8", errors="replace")):
            found.append((sheet.relative_to(site), "CSS url() to another host"))
    return found


@pytest.mark.parametrize("build", ["web", "offline"])
def test_no_page_loads_anything_from_another_host(build, web_site, offline_pack):
    site = web_site if build == "web" else offline_pack[0]
    found = external_assets(site)
    assert not found, "\n".join(f"{page}: {what}" for page, what in found)


def test_offline_pack_uses_the_vendored_search_shim(offline_pack):
    html = (offline_pack[0] / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html, "index.html: the offline plugin's unpkg.com shim is still linked"
    assert "vendor/iframe-worker-shim.js" in html, "index.html: the vendored iframe-worker shim is missing"


@pytest.mark.parametrize("build", ["web", "offline"])
def test_source_maps_and_unused_search_languages_are_left_out(build, web_site, offline_pack):
    site = web_site if build == "web" else offline_pack[0]
    leftovers = [str(p.relative_to(site)) for p in site.rglob("*.map")]
    leftovers += [str(p.relative_to(site)) for p in (site / "assets/javascripts/lunr/min").glob("lunr.*.min.js")
                  if p.name not in {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}]
    assert not leftovers, f"overrides/hooks/offline.py on_post_build should remove: {leftovers}"


def test_offline_zip_holds_the_whole_pack_in_one_folder(offline_pack):
    folder, archive = offline_pack
    with zipfile.ZipFile(archive) as pack:
        names = set(pack.namelist())
    expected = {f"{folder.name}/{p.relative_to(folder)}" for p in folder.rglob("*") if p.is_file()}
    assert names == expected, f"{archive.name}: differs from the folder: {sorted(names ^ expected)[:10]}"
    assert f"{folder.name}/index.html" in names


def test_no_page_tells_another_site_what_the_reader_was_studying(web_site):
    missing = [str(p.relative_to(web_site)) for p in sorted(web_site.rglob("*.html"))
               if not coursechecks.html_of(p).select_one('meta[name="referrer"][content="no-referrer"]')]
    assert not missing, f"overrides/main.html: no referrer policy on {missing}"


def test_quiz_css_and_js_are_cacheable_files_not_inlined(web_site, offline_pack):
    """mkdocs-quiz pastes ~55 KB of CSS and JS into every quiz page; the hook moves them into
    two files a browser caches. If an upgrade changes the strings, this fails."""
    from mkdocs_quiz import plugin as quiz_plugin

    problems = []
    for site in (web_site, offline_pack[0]):
        for asset in ("quiz.css", "quiz.js"):
            if not (site / "assets/vendor/mkdocs-quiz" / asset).is_file():
                problems.append(f"{site.name}: assets/vendor/mkdocs-quiz/{asset} is missing")
        for page in sorted(site.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            if quiz_plugin.js_script[:200] in html or quiz_plugin.style[:200] in html:
                problems.append(f"{page.relative_to(site)}: mkdocs-quiz CSS or JS is still inline (overrides/hooks/delivery.py QUIZ_ASSETS)")
            if 'class="quiz"' in html and "mkdocs-quiz/quiz.js" not in html:
                problems.append(f"{page.relative_to(site)}: a quiz page does not load quiz.js")
    assert not problems, "\n".join(problems)


def test_web_pages_carry_a_content_security_policy(web_site, offline_pack):
    missing = [str(p.relative_to(web_site)) for p in sorted(web_site.rglob("*.html"))
               if not coursechecks.html_of(p).select_one('meta[http-equiv="Content-Security-Policy"]')]
    assert not missing, f"overrides/hooks/delivery.py: no CSP on {missing}"
    csp = coursechecks.html_of(web_site / "index.html").select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "default-src 'self'" in csp and "unsafe-eval" not in csp and "script-src 'self' 'sha256-" in csp
    # The USB pack has one too, with file: beside 'self' (tests/test_local_contacts.py runs it).
    offline_csp = coursechecks.html_of(offline_pack[0] / "index.html").select_one('meta[http-equiv="Content-Security-Policy"]')
    assert offline_csp and "script-src 'self' file: 'sha256-" in offline_csp["content"], "overrides/hooks/delivery.py: the USB pack has no CSP"


def test_the_course_scripts_and_styles_are_minified(web_site):
    """overrides/hooks/delivery.py minify(): the first view downloads no comments."""
    problems = []
    for built in sorted((web_site / "assets" / "javascripts").glob("*.js")) + [web_site / "assets" / "stylesheets" / "course.css"]:
        source = ROOT / "docs" / built.relative_to(web_site)
        if built.name.endswith(".min.js") or not source.exists():
            continue
        text = built.read_text(encoding="utf-8")
        if text.lstrip().startswith("/*") or "\n  " in text or len(text) >= len(source.read_text(encoding="utf-8")):
            problems.append(f"{source.relative_to(ROOT)}: shipped without minifying (overrides/hooks/delivery.py minify)")
    assert not problems, "\n".join(problems)
