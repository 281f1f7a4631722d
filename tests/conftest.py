"""Shared fixtures: one strict web build and one offline build per test run."""

from __future__ import annotations

import datetime as dt
import os
import functools
import importlib.util
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

import coursechecks  # tests/ is on the path by pytest's own rule (the folder of conftest.py)
from course import browser
from course.coursedata import ROOT

CHROMIUM = Path(browser.CHROMIUM)
CHROMIUM_FLAGS = browser.FLAGS


def build_hook(name: str):
    """A build hook loaded from its file, as MkDocs loads it: the hooks are entry points, not a
    package, so tests that call a hook's own function load it the same way."""
    spec = importlib.util.spec_from_file_location(f"course_hook_{name}", ROOT / "overrides" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def require(need: Path | str) -> None:
    """Fail, naming the one command to run, when a system file or command the tests need is
    missing. Never skip: a skipped browser or spelling test is a check nobody ran."""
    import preflight

    found = need.exists() if isinstance(need, Path) else shutil.which(need)
    if not found:
        pytest.fail(f"{need} is missing. Run: {preflight.COMMAND} (make test does it for you as root on Debian)")


# Folders made by world_readable_dir, removed when the run ends (pass or fail) so that repeated
# runs on one machine do not fill /tmp.
MADE_DIRS: list[Path] = []


def world_readable_dir(prefix: str) -> Path:
    """linkchecker run as root drops to 'nobody', which cannot read pytest's 0700 tmp_path."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    MADE_DIRS.append(path)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip is not a pass, however it happens (skip, skipif, importorskip, xfail): any skipped
    test is reported as a failure naming the test, so `make test` cannot pass with checks unrun."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        reason = getattr(report, "wasxfail", "") or (report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)
        path, line, _ = item.location
        report.outcome = "failed"
        report.longrepr = f"{path}:{line + 1}: {item.name} was skipped ({reason}). A skipped check is not a pass: make it run, or remove it."


# make test runs the suite on every core (pytest-xdist; work_unit below). The web build and the
# offline build are made once per run, by whichever worker asks first, in a folder the controller
# names before the workers start (they inherit its environment) and removes when the run ends.
RUN_DIR_VARIABLE = "COURSE_TEST_RUN_DIR"


def pytest_configure(config):
    if not hasattr(config, "workerinput") and RUN_DIR_VARIABLE not in os.environ:
        run_dir = Path(tempfile.mkdtemp(prefix="course-run-"))
        run_dir.chmod(0o755)  # linkchecker run as root reads it as 'nobody'
        os.environ[RUN_DIR_VARIABLE] = str(run_dir)
        config._course_run_dir = run_dir


# Each test file runs on one worker, so a costly fixture the file shares (printing every PDF,
# making the decks, the packages) is made once; the files named here hold independent tests of
# a page or a part of the site each (their fixtures are cheap, or shared_build's, made once per
# run) and are spread across the workers test by test: one of them alone took four minutes on
# one worker. A scheduler of our own, through pytest-xdist's hook: its --dist loadgroup ignores
# xdist_group marks under pytest 9 (a plain file with two marked tests splits them).
SPREAD_TEST_BY_TEST = {"test_browser_quality.py", "test_accessibility.py", "test_offline_browser.py", "test_links.py"}


def work_unit(nodeid: str) -> str:
    """The unit a worker takes whole: the test itself in a spread file, else its file."""
    path = nodeid.split("::", 1)[0]
    return nodeid if Path(path).name in SPREAD_TEST_BY_TEST else path


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FileOrTestScheduling(LoadScopeScheduling):
        # _split_scope is what xdist's own loadfile and loadgroup schedulers override; xdist is
        # pinned in requirements.txt, and test_layout's scheduling test runs work_unit itself.
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FileOrTestScheduling(config, log)


def pytest_sessionfinish(session, exitstatus):
    for path in MADE_DIRS:
        shutil.rmtree(path, ignore_errors=True)
    run_dir = getattr(session.config, "_course_run_dir", None)
    if run_dir is not None:  # the controller (or a run without workers), after every worker has finished
        shutil.rmtree(run_dir, ignore_errors=True)
        os.environ.pop(RUN_DIR_VARIABLE, None)


def shared_build(name: str, make) -> Path:
    """The folder `make(folder)` fills, made once per run however many workers ask for it. A
    failed build is recorded, so every worker that asks reports the same failure."""
    from filelock import FileLock

    run_dir = Path(os.environ[RUN_DIR_VARIABLE])
    folder, failed = run_dir / name, run_dir / f"{name}.failed"
    with FileLock(str(run_dir / f"{name}.lock")):
        if not folder.exists() and not failed.exists():
            folder.mkdir()
            folder.chmod(0o755)
            error = make(folder)
            if error:
                failed.write_text(error, encoding="utf-8")
    if failed.exists():
        pytest.fail(failed.read_text(encoding="utf-8"))
    return folder


@pytest.fixture(scope="session")
def today() -> dt.date:
    return dt.date.today()


def _build_web(out: Path) -> str:
    result = coursechecks.build(ROOT, out / "site")
    return "" if result.returncode == 0 else f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"


def _build_offline(out: Path) -> str:
    result = coursechecks.build(ROOT, out / "safeguarding-course", offline=True,
                                zip_path=out / "safeguarding-course-offline.zip")
    return "" if result.returncode == 0 else f"offline build failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def web_site():
    """The strict web build, made once per run. Tests read it and never change it."""
    return shared_build("web", _build_web) / "site"


@pytest.fixture(scope="session")
def offline_pack():
    """(folder, zip) exactly as `make offline` makes them, once per run. Tests never change them."""
    out = shared_build("offline", _build_offline)
    return out / "safeguarding-course", out / "safeguarding-course-offline.zip"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright, with a fresh profile. A missing chromium fails the
    browser tests, naming the command (a skip is not a pass; make test's preflight installs it)."""
    require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="course-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def guarded_tab(browser, allowed: tuple[str, ...]):
    """A new tab that lets through only URLs starting with one of `allowed` (data: and blob:
    always), and records what it blocked in .blocked and console errors in .errors."""
    tab = browser.new_page()
    tab.blocked, tab.errors = [], []

    def guard(route):
        url = route.request.url
        if url.startswith(allowed + ("data:", "blob:")):
            route.continue_()
        else:
            tab.blocked.append(url)
            route.abort()

    tab.route("**/*", guard)
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    return tab


def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources, for self-tests that plant a defect."""
    copy = tmp_path / "project"
    for name in ("docs", "quizzes", "overrides"):
        shutil.copytree(ROOT / name, copy / name)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copy(ROOT / "local.example.yml", copy / "local.example.yml")
    return copy


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(web_site):
    """The web build over HTTP on 127.0.0.1, as a static host would serve it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(web_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def fresh_goto(page, url: str) -> None:
    """Open a page with no saved quiz answers (the browser profile is shared by all tests)."""
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_load_state("load")


def bank_choice(bank: str) -> tuple[int, str, str, str, str]:
    """The first single-answer item of quizzes/<bank>.md whose texts are plain: its position on
    the page (quiz-N), a wrong option and the start of its feedback, and the right option and the
    start of its feedback. Browser tests use it so a rewrite of the bank does not break them."""
    from course.checks import quizlint

    def plain(text: str) -> str:
        return quizlint.visible(text).strip()

    questions, _ = quizlint.lint_bank(ROOT / "quizzes" / f"{bank}.md")
    for index, q in enumerate(questions):
        texts = q.options + q.feedback
        if len(q.correct) != 1 or q.blanks or any("{{" in t or "[" in t for t in texts):
            continue
        right = q.options.index(q.correct[0])
        wrong = next(i for i in range(len(q.options)) if i != right)
        return (index, plain(q.options[wrong])[:30], " ".join(plain(q.feedback[wrong]).split())[:30],
                plain(q.options[right])[:30], " ".join(plain(q.feedback[right]).split())[:30])
    raise AssertionError(f"quizzes/{bank}.md has no plain single-answer item for the browser tests")
