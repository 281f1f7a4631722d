"""Canary: build the course with another generator and report what survives.

    python -m course.maintain.canary zensical .venv-zensical/bin/zensical
    python -m course.maintain.canary materialx .venv-materialx/bin/properdocs

Reports whether the build succeeds, whether quizzes render as quizzes, whether any answer key
leaks as text, and what else breaks (the build hooks' furniture, nation tabs, search). A report,
not a test: it never fails make test (make canary-zensical, make canary-materialx).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
QUIZ_PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if "quiz:" in p.read_text(encoding="utf-8")[:800])


def version(command: str) -> str:
    result = subprocess.run([command, "--version"], capture_output=True, text=True)
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else "?"


def project_copy(materialx_hooks: bool = False) -> Path:
    """A copy of the project to build in, so a canary never writes into the project (Zensical
    builds into the configuration's site_dir, MaterialX needs a configuration file of its own).
    With materialx_hooks, the hooks look up MaterialX's plugins (materialx/offline,
    materialx/search) where they name Material's: the one change the hooks need."""
    copy = Path(tempfile.mkdtemp(prefix="canary-src-"))
    for name in ("docs", "quizzes", "overrides"):
        shutil.copytree(ROOT / name, copy / name)
    for name in ("mkdocs.yml", "local.example.yml"):
        shutil.copy(ROOT / name, copy / name)
    if materialx_hooks:
        for hook in (copy / "overrides" / "hooks").glob("*.py"):
            hook.write_text(hook.read_text(encoding="utf-8").replace('"material/', '"materialx/'), encoding="utf-8")
    return copy


def run(name: str, command: str, root: Path, adapted: bool = False) -> int:
    site = root / "canary-site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")
    config = "mkdocs.yml"
    if name == "materialx":
        # MaterialX registers its theme as `materialx` (and its plugins as materialx/...): the
        # course's file with that one change.
        config = ".canary-materialx.yml"
        (root / config).write_text("INHERIT: mkdocs.yml\ntheme:\n  name: materialx\n", encoding="utf-8")
    args = [command, "build", "--config-file", config]
    args += ["--site-dir", str(site)] if name != "zensical" else []
    result = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=900)
    if name == "zensical":
        site = root / "site"  # Zensical writes to site_dir from the configuration
    log = (result.stdout + result.stderr).strip()
    print(f"# Canary: {name} ({version(command)}), {dt.date.today():%d %B %Y}")
    print(f"build exit code: {result.returncode}")
    warnings = [l for l in log.splitlines() if re.search(r"warn|error|ignor|unknown|not supported", l, re.I)]
    for line in warnings[:15]:
        print(f"  log: {line[:200]}")
    if not site.exists():
        print("no site built")
        if name == "materialx" and not adapted and "material/" in log:
            print("\n## Again, with the hooks looking up materialx/... plugins instead of material/...")
            again = project_copy(materialx_hooks=True)
            try:
                return run(name, command, again, adapted=True)
            finally:
                shutil.rmtree(again, ignore_errors=True)
        return 0
    rendered = leaks = raw = 0
    leak_pages = []
    for md in QUIZ_PAGES:
        rel = md.relative_to(ROOT / "docs").with_suffix("")
        html = site / (rel.parent if rel.name == "index" else rel) / "index.html"
        if not html.exists():
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        main = soup.find("article") or soup
        rendered += len(main.select("form.quiz, .quiz"))
        text = main.get_text("\n")
        raw += text.count("<quiz>") + len(main.find_all("quiz"))
        page_leaks = len(re.findall(r"^\s*-?\s*\[[xX]\]", text, re.M)) + len(main.select('input[type=checkbox][checked]'))
        if page_leaks:
            leaks += page_leaks
            leak_pages.append(str(rel))
    pages = list(site.rglob("*.html"))
    furniture = sum("Worried about a child now?" in p.read_text(encoding="utf-8", errors="replace") for p in pages)
    tabs = sum('class="tabbed-set' in p.read_text(encoding="utf-8", errors="replace") for p in pages)
    search = any(site.glob("search/*.json")) or any(site.glob("search/*.js"))
    print(f"pages built: {len(pages)}")
    print(f"quizzes rendered as quizzes: {rendered} (on {len(QUIZ_PAGES)} pages with quizzes)")
    print(f"raw <quiz> markup left in pages: {raw}")
    print(f"answer key leaked as text: {leaks}" + (f" (on {', '.join(leak_pages[:6])})" if leaks else ""))
    print(f"pages with the hooks' 'Worried about a child now?' box: {furniture} of {len(pages)}")
    print(f"pages with nation tabs: {tabs}")
    print(f"search index written: {'yes' if search else 'no'}")
    return 0


def main(name: str, command: str) -> int:
    copy = project_copy()
    try:
        return run(name, str(Path(command).resolve()), copy)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
