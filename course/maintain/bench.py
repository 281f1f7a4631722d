"""make bench: page weight, requests, Lighthouse scores, build time and pack size, measured
side by side with a default-configuration Material build of the same content. A report, not a
test: it prints a table and never fails a build.

Bytes are counted at the server, because Playwright does not see what the search worker fetches.
The server gzips text and sends Cache-Control: max-age=600 with an ETag on every file, as
GitHub Pages does, so a page viewed within ten minutes of another reuses what they share.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import yaml

BIN = Path(sys.executable).parent
from course import coursedata
from course.browser import CHROMIUM, FLAGS as CHROMIUM_FLAGS

ROOT = coursedata.ROOT

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
LIGHTHOUSE = "lighthouse@12.8.2"
BUDGETS = {
    "first_view_bytes": 90 * 1024, "other_hosts": 0, "second_page_bytes": 30 * 1024,
    "build_seconds": 5.0, "zip_bytes": 3_000_000,
}


# A gzip static server that counts what it sends ------------------------------------------

def make_server(site: Path):
    log: list[tuple[str, int]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?")[0].split("#")[0]
            target = site / path.lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                self.send_response(404)
                self.end_headers()
                log.append((path, 0))
                return
            body = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                log.append((path, 0))
                return
            gzipped = "gzip" in (self.headers.get("Accept-Encoding") or "") and kind.startswith(COMPRESSIBLE)
            if gzipped:
                body = gzip.compress(body, 6)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=600")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)
            log.append((path, len(body)))

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, log


# Builds ------------------------------------------------------------------------------------

def build(config: Path, site: Path, offline: bool = False, zip_path: Path | None = None, strict: bool = True) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE", None)
    if offline:
        env["OFFLINE"] = "true"
    if zip_path:
        env["OFFLINE_ZIP"] = str(zip_path)
    command = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)] + (["--strict"] if strict else [])
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def default_config(work: Path) -> Path:
    """The same pages and quiz banks under Material's defaults: Google Fonts, mkdocs-quiz
    inlined on every page with its own defaults, no course CSS, JS or hook."""
    ours = coursedata.load_mkdocs_config()
    config = {
        "site_name": ours["site_name"],
        "docs_dir": str(ROOT / "docs"),
        "theme": {"name": "material"},
        "plugins": ["search", "include-markdown", "mkdocs_quiz"],
        "markdown_extensions": ours["markdown_extensions"],
        "exclude_docs": ours["exclude_docs"],
        "nav": ours["nav"],
    }
    path = work / "mkdocs-default.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path



# Measures ----------------------------------------------------------------------------------

def page_weights(site: Path, first: str, second: str) -> dict:
    from playwright.sync_api import sync_playwright

    httpd, log = make_server(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    blocked: list[str] = []
    with sync_playwright() as p:
        # Other hosts are refused by the resolver, not by page.route(): routing would turn off
        # the HTTP cache, and the warm-cache second view is one of the measures.
        context = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="bench-"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_FLAGS + ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])
        page = context.new_page()
        page.on("request", lambda r: r.url.startswith((base, "data:", "blob:")) or blocked.append(r.url))
        page.goto(base + first, wait_until="networkidle")
        page.wait_for_timeout(1500)  # the search worker fetches its index after load
        first_view = list(log)
        log.clear()
        page.goto(base + second, wait_until="networkidle")
        page.wait_for_timeout(1500)
        second_view = list(log)
        context.close()
    httpd.shutdown()
    html = (site / first.lstrip("/") / "index.html").read_bytes()
    return {
        "first_view_bytes": sum(b for _, b in first_view),
        "first_view_requests": len(first_view),
        "other_hosts": len(blocked),
        "second_page_bytes": sum(b for _, b in second_view),
        "second_page_requests": len(second_view),
        "html_bytes": len(html),
        "html_gzip_bytes": len(gzip.compress(html, 6)),
    }


def lighthouse(site: Path, path: str, preset: str) -> dict | None:
    if not shutil.which("npx"):
        return None
    httpd, _ = make_server(site)
    url = f"http://127.0.0.1:{httpd.server_address[1]}{path}"
    out = Path(tempfile.mkdtemp(prefix="lh-")) / "report.json"
    flags = " ".join(CHROMIUM_FLAGS + [f"--user-data-dir={tempfile.mkdtemp(prefix='lh-profile-')}",
                                       "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])
    command = ["npx", "--yes", LIGHTHOUSE, url, f"--chrome-flags={flags}", "--output=json",
               f"--output-path={out}", "--quiet"] + (["--preset=desktop"] if preset == "desktop" else [])
    try:
        for attempt in (1, 2):  # Lighthouse now and then fails to attach to a fresh chromium
            run = subprocess.run(command, env=dict(os.environ, CHROME_PATH=str(CHROMIUM)),
                                 capture_output=True, timeout=240)
            if run.returncode == 0:
                break
        run.check_returncode()
        report = json.loads(out.read_text(encoding="utf-8"))
        return {k: round(v["score"] * 100) for k, v in report["categories"].items()}
    except (subprocess.SubprocessError, OSError, KeyError, json.JSONDecodeError) as error:
        print(f"  lighthouse {preset} failed: {error}", file=sys.stderr)
        return None
    finally:
        httpd.shutdown()


def pick_pages(site: Path) -> tuple[str, str]:
    """A module overview, then the same module's quiz page; the Start here page and the
    glossary until a module exists."""
    for module in sorted((ROOT / "docs" / "modules").glob("*/index.md")):
        name = module.parent.name
        if (site / "modules" / name / "check-your-understanding" / "index.html").exists():
            return f"/modules/{name}/", f"/modules/{name}/check-your-understanding/"
    return "/start-here/", "/reference/glossary/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (needs npx and the npm registry)")
    parser.add_argument("--no-readme", action="store_true", help="print the table only; leave README.md alone")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    # Browser profiles and Lighthouse reports are made with mkdtemp as they are needed: put them
    # all in `work`, which is removed at the end, so repeated runs leave nothing in /tmp.
    tempfile.tempdir = str(work)
    ours_site, default_site = work / "ours", work / "default"

    times = [build(ROOT / "mkdocs.yml", ours_site) for _ in range(3)]
    build(default_config(work), default_site, strict=False)
    zip_path = work / "pack.zip"
    build(ROOT / "mkdocs.yml", work / "offline" / "safeguarding-course", offline=True, zip_path=zip_path)
    with zipfile.ZipFile(zip_path) as pack:
        unpacked = sum(i.file_size for i in pack.infolist())

    first, second = pick_pages(ours_site)
    ours, default = page_weights(ours_site, first, second), page_weights(default_site, first, second)
    scores = {}
    if not args.no_lighthouse:
        for name, site in (("ours", ours_site), ("default", default_site)):
            for preset in ("mobile", "desktop"):
                # Median of 3 runs per score: on a shared machine one run can lose several points
                # of performance to another process (Lighthouse's own advice).
                runs = [r for r in (lighthouse(site, first, preset) for _ in range(3)) if r]
                scores[name, preset] = {k: statistics.median(r[k] for r in runs) for k in runs[0]} if runs else None

    def score(name, preset):
        s = scores.get((name, preset))
        return "not run" if not s else "/".join(str(round(s[k])) for k in ("performance", "accessibility", "best-practices", "seo"))

    def kb(n):
        return f"{n / 1000:.1f} KB"

    rows = [
        ("First view: bytes transferred", kb(ours["first_view_bytes"]), kb(default["first_view_bytes"]), "≤ 90 KB", ours["first_view_bytes"] <= BUDGETS["first_view_bytes"]),
        ("First view: requests", ours["first_view_requests"], default["first_view_requests"], "", None),
        ("First view: requests to other hosts", ours["other_hosts"], default["other_hosts"], "0", ours["other_hosts"] == 0),
        ("Second page (warm cache): bytes", kb(ours["second_page_bytes"]), kb(default["second_page_bytes"]), "≤ 30 KB", ours["second_page_bytes"] <= BUDGETS["second_page_bytes"]),
        ("Page HTML (uncompressed / gzip)", f"{kb(ours['html_bytes'])} / {kb(ours['html_gzip_bytes'])}", f"{kb(default['html_bytes'])} / {kb(default['html_gzip_bytes'])}", "", None),
        ("Lighthouse mobile, median of 3 (perf/a11y/bp/seo)", score("ours", "mobile"), score("default", "mobile"), "≥ 98/100/100/100", _lh_ok(scores.get(("ours", "mobile")))),
        ("Lighthouse desktop, median of 3 (perf/a11y/bp/seo)", score("ours", "desktop"), score("default", "desktop"), "", None),
        ("Strict build of the whole course (median of 3)", f"{statistics.median(times):.2f} s", "", "< 5 s", statistics.median(times) < BUDGETS["build_seconds"]),
        ("Offline zip (unpacked)", f"{kb(zip_path.stat().st_size)} ({kb(unpacked)})", "", "< 3 MB", zip_path.stat().st_size < BUDGETS["zip_bytes"]),
    ]
    table = ["| Measure | This course | Default Material | Budget | Met |", "| --- | --- | --- | --- | --- |"]
    for measure, a, b, budget, met in rows:
        table.append(f"| {measure} | {a} | {b} | {budget} | {'' if met is None else ('yes' if met else 'NO')} |")
    intro = (f"Measured with `make bench` on {coursedata.long_date(dt.date.today())} ({machine()}), on "
             f"`{first}` and then `{second}`, against Material's defaults building the same content in "
             "the same run. The bench server gzips and caches as GitHub Pages does; bytes are counted at "
             "the server, so the search worker's requests count too.")
    print(f"\n{intro}\n")
    print("\n".join(table))
    if not args.no_readme:
        write_readme(intro + "\n\n" + "\n".join(table))
        print(f"\nREADME.md: the Performance table is regenerated (between {MARK_START} and {MARK_END}).")
    shutil.rmtree(work, ignore_errors=True)
    return 0


MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_readme(block: str, readme: Path = ROOT / "README.md") -> None:
    """Replace what lies between the bench markers in README.md with today's figures."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start < 0 or end < start:
        sys.exit(f"README.md: no {MARK_START} ... {MARK_END} markers around the Performance table")
    readme.write_text(text[:start + len(MARK_START)] + "\n" + block + "\n" + text[end:], encoding="utf-8")


def machine() -> str:
    cores = os.cpu_count()
    debian = Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "?"
    try:
        chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30).stdout.split()[1]
    except Exception:
        chromium = "?"
    load = os.getloadavg()[0]
    return f"{cores} cores, Debian {debian}, Chromium {chromium.split('.')[0]}, load average {load:.1f} at the end"


def _lh_ok(s):
    if not s:
        return None
    return s["performance"] >= 98 and all(s[k] == 100 for k in ("accessibility", "best-practices", "seo"))


if __name__ == "__main__":
    sys.exit(main())
