"""A school's local contacts file: checked when the build starts, escaped where it is written.

- The course as shipped carries no invented contact.
- A bad file stops the build with an error naming the file, the line, the contact and the field
  (each planted file below is a real build that must fail, with its message).
- A hostile but valid file (markup, an event handler, a Markdown link and "&" in its values)
  reaches the pages, web build and USB pack alike, as the text typed: no tag, attribute or link
  from the file becomes markup, and in chromium none of it runs.
- The USB pack carries a Content-Security-Policy: a script planted in one of its pages does not
  run from file://, while the pack's own scripts (search, quiz, trainer view) do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, guarded_tab, project_copy, world_readable_dir
import coursechecks
from course import coursedata

EXAMPLE = yaml.safe_load((ROOT / "local.example.yml").read_text(encoding="utf-8"))["extra"]["local_contacts"]
# Every page that shows the contacts (<!-- course:local-contacts -->), as built pages.
MARKED = sorted(p.relative_to(ROOT / "docs") for p in coursedata.course_pages(ROOT / "docs")
                if "<!-- course:local-contacts -->" in p.read_text(encoding="utf-8"))

# Valid, and hostile: what a careless or malicious edit could put in the file.
HOSTILE_ORG = """<script>window.__pwned='org'</script> Example & Co <Academy>"""
HOSTILE = [
    {"role": "Deputy & designated <b>lead</b>", "name": """<img src=x onerror="window.__pwned='name'">""",
     "phone": "+44 (0)1234 567 899", "email": "o'brien@example.org",
     "hours": """[call us](javascript:window.__pwned='md') **now** | <script>window.__pwned='hours'</script>"""},
    {"role": """Smith & Jones <Trust> {: onclick="window.__pwned='attr'" }""",
     "url": "https://www.example.org/contacts?area=1&team=duty#out-of-hours"},
    {"role": "Out of hours", "url": "tel:01234000009"},
]
# The values as a reader must see them, character for character.
HOSTILE_TEXT = [HOSTILE_ORG, *(c[k] for c in HOSTILE for k in ("role", "name", "email", "hours") if k in c)]

# Bad files: (what is wrong, the local_contacts block, the line and text the error must give).
BAD = {
    "checked-not-a-date": ("""\
    organisation: Example School
    checked: last week
    contacts:
      - role: Designated safeguarding lead
        phone: "01234 567890"
""", 5, "field 'checked': 'last week' is not a date"),
    "phone-not-a-number": ("""\
    contacts:
      - role: Designated safeguarding lead
        phone: "01234 OOO 567"
""", 6, "contact 1 ('Designated safeguarding lead'), field 'phone': '01234 OOO 567' does not look like a phone number"),
    "phone-unquoted": ("""\
    contacts:
      - role: Police (non-emergency)
        phone: 101
""", 6, "contact 1 ('Police (non-emergency)'), field 'phone': 101 is not in quotes"),
    "javascript-address": ("""\
    contacts:
      - role: Children's social care
        url: javascript:alert(1)
""", 6, "contact 1 (\"Children's social care\"), field 'url': 'javascript:alert(1)' is not an https:, tel: or mailto: address"),
    "http-address": ("""\
    contacts:
      - role: Local safeguarding children partnership
        url: http://www.example.org/partnership
""", 6, "field 'url': 'http://www.example.org/partnership' is not an https:, tel: or mailto: address"),
    "email-with-a-space": ("""\
    contacts:
      - role: LADO
        email: lado @example.org
""", 6, "contact 1 ('LADO'), field 'email': 'lado @example.org' does not look like an email address"),
    "no-role": ("""\
    contacts:
      - role: Designated safeguarding lead
        phone: "01234 567890"
      - name: B. Person
        phone: "01234 567891"
""", 7, "contact 2, field 'role': every contact needs a role"),
    "misspelt-field": ("""\
    contacts:
      - role: Designated safeguarding lead
        phnoe: "01234 567890"
""", 6, "contact 1 ('Designated safeguarding lead'), field 'phnoe': unknown field"),
}


def local_file(block: str) -> str:
    return f"INHERIT: mkdocs.yml\nextra:\n  local_contacts:\n{block}"


def start_build(root: Path, site: Path, config: str, offline: bool = False) -> subprocess.Popen:
    """A strict build, as coursechecks.build runs it, started in the background."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE_ZIP", None)
    env.pop("OFFLINE", None)
    if offline:
        env["OFFLINE"] = "true"
    return subprocess.Popen(
        [str(coursechecks.BIN / "mkdocs"), "build", "--strict", "--config-file", config, "--site-dir", str(site)],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(build: subprocess.Popen) -> tuple[int, str]:
    output, _ = build.communicate(timeout=300)
    return build.returncode, output


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """One copy of the project for every build here (each uses a config file of its own)."""
    return project_copy(tmp_path_factory.mktemp("local-contacts"))


@pytest.fixture(scope="module")
def bad_builds(copy):
    """Every planted bad file built at once (each stops at its start): {name: (exit code, output)}."""
    out = world_readable_dir("course-local-bad-")
    builds = {}
    for name, (block, _, _) in BAD.items():
        (copy / f"local-{name}.yml").write_text(local_file(block), encoding="utf-8")
        builds[name] = start_build(copy, out / name, f"local-{name}.yml")
    return {name: finish(build) for name, build in builds.items()}


@pytest.fixture(scope="module")
def hostile_sites(copy):
    """local.example.yml with hostile but valid contacts added, built for the web and as the USB
    pack, side by side: {"web": site, "usb": site}."""
    local = dict(EXAMPLE, organisation=HOSTILE_ORG, contacts=[*EXAMPLE["contacts"], *HOSTILE])
    text = yaml.safe_dump({"INHERIT": "mkdocs.yml", "extra": {"local_contacts": local}}, allow_unicode=True, sort_keys=False)
    (copy / "local.yml").write_text(text, encoding="utf-8")
    out = world_readable_dir("course-local-hostile-")
    sites = {"web": out / "web", "usb": out / "usb"}
    builds = {kind: start_build(copy, site, "local.yml", offline=kind == "usb") for kind, site in sites.items()}
    for kind, build in builds.items():
        code, output = finish(build)
        assert code == 0, f"local.yml (hostile but valid): the {kind} build failed:\n{output}"
    return sites


def built(site: Path, kind: str, page: Path) -> Path:
    return coursechecks.built_page(site, ROOT / "docs" / page) if kind == "web" else site / page.with_suffix(".html")


def page_text(site):
    return " ".join(coursechecks.html_of(site / "reporting-routes" / "index.html").get_text().split())


def test_the_shipped_course_has_no_local_contacts(web_site):
    text = page_text(web_site)
    assert "This copy of the course has no local contacts" in text, "docs/reporting-routes/index.md: no local contacts section"
    invented = [c[k] for c in EXAMPLE["contacts"] for k in ("name", "phone", "email") if c.get(k) and c[k] != "101" and c[k] in text]
    assert not invented, f"docs/reporting-routes/index.md shows example contacts in the default build: {invented}"


@pytest.mark.parametrize("name", BAD)
def test_a_bad_local_file_stops_the_build_naming_the_file_line_contact_and_field(bad_builds, name):
    _, line, message = BAD[name]
    code, output = bad_builds[name]
    assert code != 0, f"local-{name}.yml: the build passed with a bad local contacts file:\n{output[-2000:]}"
    wanted = f"local-{name}.yml:{line}: "
    found = [row for row in output.splitlines() if row.startswith(wanted)]
    assert found and message in found[0], f"local-{name}.yml: expected an error starting {wanted!r} with {message!r}; got:\n{output[-2000:]}"


def test_a_local_file_puts_its_contacts_on_the_page(hostile_sites):
    text = page_text(hostile_sites["web"])
    for contact in EXAMPLE["contacts"]:
        for key in ("role", "name", "phone", "email"):
            if contact.get(key):
                assert contact[key] in text, f"local.example.yml: {contact[key]!r} did not reach the reporting routes page"
    assert "This copy of the course has no local contacts" not in text


@pytest.mark.parametrize("kind", ["web", "usb"])
def test_hostile_values_reach_every_page_as_text_never_as_markup(hostile_sites, kind):
    problems = []
    assert MARKED, "no page in docs/ has <!-- course:local-contacts -->"
    for page in MARKED:
        path = built(hostile_sites[kind], kind, page)
        html = coursechecks.html_of(path)
        text = html.get_text()
        where = f"{kind}:{path.relative_to(hostile_sites[kind])}"
        problems += [f"{where}: does not show {value!r} as typed" for value in HOSTILE_TEXT if value not in text]
        problems += [f"{where}: a <{el.name}> element carries {attr}= from the local file" for el in html.find_all(True)
                     for attr in el.attrs if attr.startswith("on")]
        problems += [f"{where}: a script from the local file: {el.get_text()[:60]!r}" for el in html.find_all("script")
                     if "__pwned" in el.get_text()]
        problems += [f"{where}: an <img> from the local file" for el in html.find_all("img") if el.get("src") == "x"]
        problems += [f"{where}: a link to {a['href']!r}" for a in html.find_all("a", href=True)
                     if a["href"].strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
        links = {a["href"]: a.get_text() for a in html.find_all("a", href=True)}
        if links.get("https://www.example.org/contacts?area=1&team=duty#out-of-hours") != "website":
            problems.append(f"{where}: the https: address with & in it is not one intact link")
        if links.get("tel:01234000009") != "01234000009":
            problems.append(f"{where}: the tel: address is not a link")
    assert not problems, "\n".join(problems)


def test_hostile_values_run_nothing_in_the_browser(hostile_sites, browser):
    """Chromium opens the reporting routes page of the USB pack from file://: nothing from the
    file runs, and the pack's own scripts do (the trainer view switch, which trainer.js adds)."""
    page = guarded_tab(browser, ("file:",))
    page.goto((hostile_sites["usb"] / "reporting-routes" / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None, f"a value from local.yml ran in the USB pack: {page.evaluate('window.__pwned')}"
    assert page.locator("#course-trainer-toggle").count() == 1, "the USB pack's own scripts did not run"
    assert "Smith & Jones <Trust>" in page.locator("article").inner_text()
    # Search shows the contacts' text in its results: still text.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("Jones", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None, f"a value from local.yml ran from a search result: {page.evaluate('window.__pwned')}"
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"
    page.close()


def test_the_usb_pack_policy_stops_a_planted_script_from_file(offline_pack, browser, tmp_path):
    """Self-test of the USB pack's Content-Security-Policy: a copy of Start here with an inline
    script and an onerror= planted in it, opened from file://. Neither runs; search and the
    quiz, the pack's own scripts, still work."""
    pack = tmp_path / "pack"
    shutil.copytree(offline_pack[0], pack)
    page_path = pack / "start-here.html"
    html = page_path.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html, "overrides/hooks/delivery.py: the USB pack has no CSP"
    planted = html.replace("<h1", "<script>window.__pwned = 'inline'</script><img src=\"x\" onerror=\"window.__pwned = 'onerror'\"><h1", 1)
    assert planted != html
    page_path.write_text(planted, encoding="utf-8")
    page = guarded_tab(browser, ("file:",))
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                         " e => window.__csp.push(e.violatedDirective));")
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None, "a script planted in a USB pack page ran from file://"
    assert page.evaluate("window.__csp.length") >= 2, f"the browser reported {page.evaluate('window.__csp')}, not both planted scripts"
    quiz = page.locator("div.quiz").first
    quiz.locator("label").first.click()
    quiz.locator('button[type="submit"]').click()
    assert quiz.locator(".quiz-feedback-item").count() >= 1, "the quiz, the pack's own script, did not run under the policy"
    page.reload()
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("Samaritans", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.evaluate("window.__pwned") is None
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"
    page.close()
