"""The capstone cases (docs/capstone/<case>/), each walked as a graph of linked pages.

A case is a folder: index.md is its start (the situation); decision pages offer two to four
choices as links in a list; each choice leads to a consequence page, which leads on to the
next decision or to an ending. Endings are where every path stops: each one debriefs (a
"Debrief" heading, links to the module pages) and links back to the start to play again.

The graph is read from the Markdown links between a case's pages, the way a reader (or a room
voting at each choice) follows them, so it needs no build. Front matter is a contract other
parts of the course rely on (the record of study, the trainer edition):
  capstone: {case: <folder name>, step: start|decision|consequence|ending}
  outcome: good|recoverable|harmful        (on endings)
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, project_copy
from course import coursedata
from course.coursedata import Problem

STEPS = {"start", "decision", "consequence", "ending"}
OUTCOMES = {"good", "recoverable", "harmful"}
# A Markdown link; the text may run over several lines (a choice wraps), the target may not.
LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])+)\]\(([^)\s]+)\)")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\[")
FACILITATOR_RE = re.compile(r'^\?\?\?\+?\s+facilitator\b')


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _facilitator_lines(lines: list[str]) -> set[int]:
    """Line numbers (1-based) inside `??? facilitator` blocks: the marker and its indented body."""
    inside, numbers = False, set()
    for number, line in enumerate(lines, start=1):
        if FACILITATOR_RE.match(line):
            inside = True
            numbers.add(number)
        elif inside and (not line.strip() or line.startswith("    ")):
            numbers.add(number)
        else:
            inside = False
    return numbers


def read_page(page: Path) -> dict:
    """A case page as the checks need it: front matter, links (with line and whether each is a
    listed choice outside the facilitator notes), headings."""
    text = page.read_text(encoding="utf-8")
    meta, body_start = coursedata.split_front_matter(text)
    lines = text.splitlines()
    # Blank the front matter, keeping its lines, so that line numbers stay true.
    body = "\n" * (body_start - 1) + "\n".join(lines[body_start - 1:])
    notes = _facilitator_lines(body.splitlines())
    links = []
    for match in LINK_RE.finditer(body):
        target = match.group(2)
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # external, mailto or an anchor on the same page
        path_part = target.split("#", 1)[0]
        if not path_part.endswith(".md"):
            continue
        opens = _line_of(body, match.start())
        links.append({
            "line": _line_of(body, match.start(2)),  # where the target is written
            "target": (page.parent / path_part).resolve(),
            "choice": bool(LIST_ITEM_RE.match(lines[opens - 1])) and opens not in notes,
        })
    headings = [(n, l) for n, l in coursedata.body_lines(text) if re.match(r"^#{1,6}\s", l)]
    return {"meta": meta, "text": text, "links": links, "headings": headings,
            "facilitator": bool(notes)}


def _nav_paths(nav) -> set[str]:
    found = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_paths(value)
    return found


def check_capstone(root: Path) -> list[Problem]:
    """Every problem with the capstone cases under root/docs/capstone, at file and line."""
    docs = root / "docs"
    capstone = docs / "capstone"
    problems: list[Problem] = []
    cases = sorted(p for p in capstone.iterdir() if p.is_dir()) if capstone.is_dir() else []
    if len(cases) < 3:
        problems.append(Problem(capstone / "index.md", 1, f"{len(cases)} capstone cases: the course needs at least 3"))
    in_nav = _nav_paths(coursedata.load_mkdocs_config(root / "mkdocs.yml").get("nav"))

    for folder in cases:
        slug = folder.name
        start = (folder / "index.md").resolve()
        pages = {p.resolve(): read_page(p) for p in sorted(folder.glob("*.md"))}
        if start not in pages:
            problems.append(Problem(folder / "index.md", 1, f"case {slug!r} has no start page (index.md)"))
            continue

        def problem(page: Path, line: int, message: str) -> None:
            problems.append(Problem(page, line, message))

        steps: dict[Path, str] = {}
        for page, info in pages.items():
            meta, text = info["meta"], info["text"]
            cap = meta.get("capstone") or {}
            cap_line = coursedata.front_matter_line(text, "capstone")
            if not isinstance(cap, dict) or cap.get("case") != slug:
                problem(page, cap_line, f"front matter needs capstone: {{case: {slug}, step: ...}}")
            step = cap.get("step") if isinstance(cap, dict) else None
            if step not in STEPS:
                problem(page, cap_line, f"capstone step {step!r} must be one of {sorted(STEPS)}")
            steps[page] = step
            if (page == start) != (step == "start"):
                problem(page, cap_line, "index.md, and only index.md, is the case's start (step: start)")
            if step == "ending" and meta.get("outcome") not in OUTCOMES:
                problem(page, coursedata.front_matter_line(text, "outcome"),
                        f"an ending needs outcome: one of {sorted(OUTCOMES)}")
            if step != "ending" and "outcome" in meta:
                problem(page, coursedata.front_matter_line(text, "outcome"), "only endings have an outcome")
            for key, wanted in (("page_type", "guide"),):
                if meta.get(key) != wanted:
                    problem(page, coursedata.front_matter_line(text, key), f"capstone pages have {key}: {wanted}")
            if not meta.get("content_note"):
                problem(page, coursedata.front_matter_line(text, "content_note"), "capstone pages need a content_note")
            nav_path = page.relative_to(docs.resolve()).as_posix()
            if nav_path not in in_nav:
                problem(page, 1, f"not in the mkdocs.yml nav: add {nav_path} under 'Putting it together'")

        # Edges: links from a page to another page of the same case. Endings are where a path
        # stops: their link back to the start is "play again", not a step in the case.
        edges: dict[Path, list[Path]] = {}
        for page, info in pages.items():
            onward = []
            for link in info["links"]:
                target = link["target"]
                if target.parent != folder.resolve():
                    if target.is_relative_to(capstone.resolve()) and target.parent != capstone.resolve():
                        problem(page, link["line"], f"links into another case ({target.parent.name}): keep each case self-contained")
                    elif not target.exists():
                        problem(page, link["line"], f"link to {target.name}, which does not exist")
                    continue
                if target not in pages:
                    problem(page, link["line"], f"choice or link leads to {target.name}, which does not exist in {slug}/")
                    continue
                if target != page and (target != start or steps[page] == "start"):
                    onward.append(target)
            edges[page] = [] if steps[page] == "ending" else onward
            if steps[page] != "ending" and not onward:
                problem(page, len(info["text"].splitlines()),
                        "dead end: a page that is not an ending needs a link onward within its case")

        for page, info in pages.items():
            step, text = steps[page], info["text"]
            first_heading = info["headings"][0][0] if info["headings"] else 1
            if step == "decision":
                choices = {link["target"] for link in info["links"] if link["choice"] and link["target"].parent == folder.resolve()}
                if not 2 <= len(choices) <= 4:
                    problem(page, first_heading, f"a decision page offers 2 to 4 choices as listed links; found {len(choices)}")
                if not info["facilitator"]:
                    problem(page, first_heading, 'a decision page needs facilitator notes (??? facilitator "Facilitator notes")')
            if step == "ending":
                if not any(re.match(r"^#{2,3}\s+Debrief\b", line) for _, line in info["headings"]):
                    problem(page, first_heading, "an ending needs a '## Debrief' section")
                modules = (docs / "modules").resolve()
                if not any(link["target"].is_relative_to(modules) for link in info["links"]):
                    problem(page, first_heading, "an ending's debrief links to the module pages")
                if not any(link["target"] == start for link in info["links"]):
                    problem(page, len(text.splitlines()), "an ending needs a 'play again' link to the case's start (index.md)")

        # Reachability from the start, and every path ending at an ending (no loop without one).
        seen, stack = {start}, [start]
        while stack:
            for target in edges.get(stack.pop(), []):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        for page in pages:
            if page not in seen:
                problem(page, 1, f"not reachable from the start of {slug}: no choice or link leads here")
        colour: dict[Path, int] = {}

        def visit(page: Path, path: list[Path]) -> None:
            colour[page] = 1
            for target in edges.get(page, []):
                if colour.get(target) == 1:
                    loop = " -> ".join(p.name for p in path[path.index(target):] + [target])
                    problem(page, 1, f"a loop with no way out to an ending: {loop}")
                elif target not in colour:
                    visit(target, path + [target])
            colour[page] = 2

        visit(start, [start])
        reached = [steps[p] for p in seen]
        outcomes = {pages[p]["meta"].get("outcome") for p in seen if steps[p] == "ending"}
        if reached.count("decision") < 3:
            problem(start, 1, f"{slug} has {reached.count('decision')} decision points reachable from its start: it needs at least 3")
        if not OUTCOMES <= outcomes:
            problem(start, 1, f"{slug} needs endings with every outcome {sorted(OUTCOMES)}; reachable: {sorted(o for o in outcomes if o)}")
    return problems


def test_every_case_is_a_sound_graph():
    problems = check_capstone(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_the_capstone_is_linked_from_home_start_here_and_the_trainer_section():
    for page in ("index.md", "start-here.md", "trainer/index.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert re.search(r"\]\((\.\./)?capstone/index\.md\)", text), f"docs/{page}:1: no link to capstone/index.md"


# Self-tests: each check fails on a planted defect and names the file ------------------------

CASE = "sexual-extortion-year-10"


def _plant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    copy = project_copy(tmp_path)
    target = copy / "docs" / "capstone" / CASE / name
    text = target.read_text(encoding="utf-8")
    assert old in text, f"self-test fixture: {old!r} not in {name}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def test_a_planted_dead_end_fails_naming_the_file(tmp_path):
    copy = _plant(tmp_path, "decision-1-c.md", "[Continue to decision 2](decision-2.md)", "Continue to decision 2")
    messages = [str(p) for p in check_capstone(copy)]
    assert any(f"{CASE}/decision-1-c.md:" in m and "dead end" in m for m in messages), messages


def test_a_choice_to_a_missing_page_fails_naming_file_and_line(tmp_path):
    copy = _plant(tmp_path, "decision-2.md", "(decision-2-b.md)", "(decision-2-x.md)")
    page = copy / "docs" / "capstone" / CASE / "decision-2.md"
    line = next(n for n, l in enumerate(page.read_text().splitlines(), 1) if "decision-2-x.md" in l)
    messages = [str(p) for p in check_capstone(copy)]
    assert any(f"{CASE}/decision-2.md:{line}:" in m and "decision-2-x.md, which does not exist" in m for m in messages), messages
    # The page no choice leads to any more is reported too.
    assert any(f"{CASE}/decision-2-b.md:" in m and "not reachable" in m for m in messages), messages


def test_one_choice_and_no_facilitator_notes_fail(tmp_path):
    copy = _plant(tmp_path, "decision-3.md", '??? facilitator "Facilitator notes"', "Notes")
    page = copy / "docs" / "capstone" / CASE / "decision-3.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("](decision-3-a.md)", "]").replace("](decision-3-c.md)", "]")
    page.write_text(text, encoding="utf-8")
    messages = [str(p) for p in check_capstone(copy)]
    assert any(f"{CASE}/decision-3.md:" in m and "found 1" in m for m in messages), messages
    assert any(f"{CASE}/decision-3.md:" in m and "facilitator notes" in m for m in messages), messages


def test_an_ending_without_debrief_or_play_again_fails(tmp_path):
    copy = _plant(tmp_path, "ending-good.md", "## Debrief", "## What next")
    page = copy / "docs" / "capstone" / CASE / "ending-good.md"
    page.write_text(page.read_text(encoding="utf-8").replace("](index.md)", "](../index.md)"), encoding="utf-8")
    messages = [str(p) for p in check_capstone(copy)]
    assert any(f"{CASE}/ending-good.md:" in m and "Debrief" in m for m in messages), messages
    assert any(f"{CASE}/ending-good.md:" in m and "play again" in m for m in messages), messages


def test_a_loop_with_no_ending_and_a_page_left_out_of_nav_fail(tmp_path):
    copy = _plant(tmp_path, "decision-1-a.md", "(decision-2.md)", "(decision-1.md)")
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        f'          - "Ending: good outcome": capstone/{CASE}/ending-good.md\n', ""), encoding="utf-8")
    messages = [str(p) for p in check_capstone(copy)]
    assert any("a loop with no way out" in m and "decision-1-a.md -> decision-1.md" in m for m in messages), messages
    assert any(f"{CASE}/ending-good.md:1:" in m and "not in the mkdocs.yml nav" in m for m in messages), messages
