"""The capstone cases (docs/capstone/<case>/), each walked as a graph of linked pages.

A case is a folder: index.md is its start (the situation); decision pages offer two to four
choices as links in a list; each choice leads to the page that says what happens: a consequence,
which leads on to a later decision, or an ending. Endings are where every path stops: each one
debriefs the path that reached it and links back to the start to play again.

The graph is read from the Markdown links between a case's pages, the way a reader (or a room
voting at each choice) follows them, so it needs no build. Front matter says what each page is,
and other parts of the course rely on it (the record of study, SCORM, the trainer edition):
  capstone: {case: <folder name>, step: start|decision|consequence|ending}
  choice: good|recoverable|harmful          (on every page a choice leads to)
  outcome: good|recoverable|harmful         (on endings)
  nation:, setting:, age:                   (on the start page)

Consequences carry forward: the outcome of every ending is the worst choice on every path that
reaches it (so no path through a harmful choice ends good, and a path of good choices ends
good), and every path to an ending passes the same choices that were not good, so that its
debrief can speak to the path taken.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pathspec
import pytest

from conftest import ROOT, project_copy
from course import coursedata
from course.coursedata import Problem
from course.printing import pdf

STEPS = {"start", "decision", "consequence", "ending"}
SEVERITY = {"good": 0, "recoverable": 1, "harmful": 2}
OUTCOMES = set(SEVERITY)
NATIONS = {"England", "Wales", "Scotland", "Northern Ireland"}
SETTINGS = {"primary", "secondary", "post-primary", "special school", "college"}
MIN_CASES = 6
DEBRIEF_PARTS = ("What went well", "What it cost", "What to do differently")
# A Markdown link; the text may run over several lines (a choice wraps), the target may not.
LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])+)\]\(([^)\s]+)\)")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\[")
FACILITATOR_RE = re.compile(r'^\?\?\?\+?\s+facilitator\b')
# Words by which a choice carries its own justification (issue 19's "one voice" rule).
JUSTIFIES = re.compile(r"\b(since|because|so that|so as to|in order to|to make sure|to ensure)\b"
                       r"|(?<!such )\bas (it|he|she|they|this|that|nothing) (is|are|was|were|has|have|will|would|may|might|"
                       r"could|should|can|cannot|does|did)\b", re.IGNORECASE)
# A choice's longest text may run to this many times its shortest, in words.
LENGTH_RATIO = 1.4


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


def _plain(text: str) -> str:
    """A choice's words, without its letter, emphasis or line breaks."""
    text = re.sub(r"^\s*\*\*[A-D]\.\*\*\s*", "", text)
    return " ".join(text.replace("*", "").split())


def read_page(page: Path) -> dict:
    """A case page as the checks need it: front matter, links (with line, text and whether each
    is a listed choice outside the facilitator notes), headings, and the debrief's sections."""
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
            "text": _plain(match.group(1)),
            "choice": bool(LIST_ITEM_RE.match(lines[opens - 1])) and opens not in notes,
        })
    headings = [(n, l) for n, l in coursedata.body_lines(text) if re.match(r"^#{1,6}\s", l)]
    sections: dict[str, list[str]] = {}
    current = None
    for _, line in coursedata.body_lines(text):
        heading = re.match(r"^#{2,3}\s+(.*)$", line)
        if heading:
            current = heading.group(1).strip() if heading.group(1).strip() in DEBRIEF_PARTS else None
            continue
        if current is not None:
            sections.setdefault(current, []).append(line)
    paragraphs = [" ".join(p.split()) for part in sections.values()
                  for p in re.split(r"\n\s*\n|\n(?=\s*- )", "\n".join(part)) if len(p.split()) >= 6]
    return {"meta": meta, "text": text, "links": links, "headings": headings,
            "facilitator": bool(notes), "debrief": sections, "paragraphs": paragraphs}


def check_capstone(root: Path) -> list[Problem]:
    """Every problem with the capstone cases under root/docs/capstone, at file and line."""
    docs = root / "docs"
    capstone = docs / "capstone"
    problems: list[Problem] = []
    cases = sorted(p for p in capstone.iterdir() if p.is_dir()) if capstone.is_dir() else []
    if len(cases) < MIN_CASES:
        problems.append(Problem(capstone / "index.md", 1, f"{len(cases)} capstone cases: the course needs at least {MIN_CASES}"))
    config = coursedata.load_mkdocs_config(root / "mkdocs.yml")
    nav = {path: title for _, title, path in pdf.nav_entries(config)}
    left_out = pathspec.GitIgnoreSpec.from_lines(str(config.get("not_in_nav") or "").splitlines())  # as MkDocs reads it
    nations: dict[str, Path] = {}
    settings: dict[str, Path] = {}

    for folder in cases:
        slug = folder.name
        start = (folder / "index.md").resolve()
        pages = {p.resolve(): read_page(p) for p in sorted(folder.glob("*.md"))}
        if start not in pages:
            problems.append(Problem(folder / "index.md", 1, f"case {slug!r} has no start page (index.md)"))
            continue

        def problem(page: Path, line: int, message: str) -> None:
            problems.append(Problem(page, line, message))

        def fm_line(page: Path, key: str) -> int:
            return coursedata.front_matter_line(pages[page]["text"], key)

        steps: dict[Path, str] = {}
        for page, info in pages.items():
            meta, text = info["meta"], info["text"]
            cap = meta.get("capstone") or {}
            if not isinstance(cap, dict) or cap.get("case") != slug:
                problem(page, fm_line(page, "capstone"), f"front matter needs capstone: {{case: {slug}, step: ...}}")
            step = cap.get("step") if isinstance(cap, dict) else None
            if step not in STEPS:
                problem(page, fm_line(page, "capstone"), f"capstone step {step!r} must be one of {sorted(STEPS)}")
            steps[page] = step
            if (page == start) != (step == "start"):
                problem(page, fm_line(page, "capstone"), "index.md, and only index.md, is the case's start (step: start)")
            if step == "ending" and meta.get("outcome") not in OUTCOMES:
                problem(page, fm_line(page, "outcome"), f"an ending needs outcome: one of {sorted(OUTCOMES)}")
            if step != "ending" and "outcome" in meta:
                problem(page, fm_line(page, "outcome"), "only endings have an outcome")
            if "choice" in meta and (step not in ("consequence", "ending") or meta["choice"] not in SEVERITY):
                problem(page, fm_line(page, "choice"),
                        f"choice: {meta['choice']!r} belongs on a consequence or ending, as one of {sorted(SEVERITY)}")
            if meta.get("page_type") != "guide":
                problem(page, fm_line(page, "page_type"), "capstone pages have page_type: guide")
            if not meta.get("content_note"):
                problem(page, fm_line(page, "content_note"), "capstone pages need a content_note")
            nav_path = page.relative_to(docs.resolve()).as_posix()
            if step == "start":
                if nav_path not in nav:
                    problem(page, 1, f"not in the mkdocs.yml nav: add {nav_path} under 'Putting it together'")
                elif nav[nav_path] != meta.get("title"):
                    problem(page, 1, f"one name per case: the nav calls it {nav[nav_path]!r}, its title is {meta.get('title')!r}")
                h1 = next((l[2:].strip() for _, l in info["headings"] if l.startswith("# ")), None)
                if h1 != meta.get("title"):
                    problem(page, info["headings"][0][0] if info["headings"] else 1,
                            f"one name per case: the heading {h1!r} is not the title {meta.get('title')!r}")
                nation, setting, age = meta.get("nation"), meta.get("setting"), meta.get("age")
                if nation not in NATIONS:
                    problem(page, fm_line(page, "nation"), f"a case's start needs nation: one of {sorted(NATIONS)}")
                else:
                    nations.setdefault(nation, page)
                if setting not in SETTINGS:
                    problem(page, fm_line(page, "setting"), f"a case's start needs setting: one of {sorted(SETTINGS)}")
                else:
                    settings.setdefault(setting, page)
                ages = age if isinstance(age, list) else [age]
                if not ages or not all(isinstance(a, int) and 3 <= a <= 18 for a in ages):
                    problem(page, fm_line(page, "age"), "a case's start needs age: the child's age (3 to 18), or a list of ages")
            else:
                if nav_path in nav:
                    problem(page, 1, f"{nav_path} is in the mkdocs.yml nav: only a case's start is; "
                                     "its other pages are reached by choosing")
                if not left_out.match_file(nav_path):
                    problem(page, 1, f"{nav_path} is not matched by not_in_nav in mkdocs.yml")
                hide = meta.get("hide") or []
                search = meta.get("search") or {}
                if "footer" not in hide:
                    problem(page, fm_line(page, "hide"), "a case page hides the footer (hide: [footer])")
                if not (isinstance(search, dict) and search.get("exclude")):
                    problem(page, fm_line(page, "search"), "a case page past the start stays out of search (search: {exclude: true})")

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
                if target != page and (target != start or steps[page] == "start") and target not in onward:
                    onward.append(target)
            edges[page] = [] if steps[page] == "ending" else onward
            if steps[page] != "ending" and not onward:
                problem(page, len(info["text"].splitlines()),
                        "dead end: a page that is not an ending needs a link onward within its case")

        counts: list[int] = []
        good_positions: list[int] = []
        for page, info in pages.items():
            step, text = steps[page], info["text"]
            first_heading = info["headings"][0][0] if info["headings"] else 1
            if step == "decision":
                listed = [link for link in info["links"] if link["choice"] and link["target"].parent == folder.resolve()]
                choices = list(dict.fromkeys(link["target"] for link in listed))
                counts.append(len(choices))
                if not 2 <= len(choices) <= 4:
                    problem(page, first_heading, f"a decision page offers 2 to 4 choices as listed links; found {len(choices)}")
                if not info["facilitator"]:
                    problem(page, first_heading, 'a decision page needs facilitator notes (??? facilitator "Facilitator notes")')
                for number, link in enumerate(listed):
                    target = pages.get(link["target"])
                    if target is None:
                        continue
                    if steps[link["target"]] not in ("consequence", "ending") or target["meta"].get("choice") not in SEVERITY:
                        problem(page, link["line"], f"choice leads to {link['target'].name}, which needs front matter "
                                                    f"choice: one of {sorted(SEVERITY)} (and step consequence or ending)")
                    elif target["meta"]["choice"] == "good":
                        good_positions.append(number)
                # One voice: no choice justifies itself unless all do; lengths within a ratio.
                texts = [link["text"] for link in listed]
                justified = [bool(JUSTIFIES.search(t)) for t in texts]
                if any(justified) and not all(justified):
                    for link, flag in zip(listed, justified):
                        if flag:
                            problem(page, link["line"], f"this choice justifies itself ({JUSTIFIES.search(link['text']).group(0)!r}) "
                                                        "and the others do not: one voice for every choice")
                lengths = [len(t.split()) for t in texts]
                if lengths and max(lengths) > LENGTH_RATIO * min(lengths):
                    problem(page, first_heading, f"choices of {min(lengths)} to {max(lengths)} words: keep every choice "
                                                 f"within {LENGTH_RATIO} times the shortest")
            if step == "consequence" and info["meta"].get("choice") not in SEVERITY:
                problem(page, fm_line(page, "capstone"), f"a consequence needs choice: one of {sorted(SEVERITY)}")
            if step == "ending":
                if not any(re.match(r"^#{2,3}\s+Debrief\b", line) for _, line in info["headings"]):
                    problem(page, first_heading, "an ending needs a '## Debrief' section")
                missing = [part for part in DEBRIEF_PARTS if not info["debrief"].get(part)]
                if missing:
                    problem(page, first_heading, f"an ending's debrief speaks to the path taken: it needs {missing} (### headings)")
                modules = (docs / "modules").resolve()
                if not any(link["target"].is_relative_to(modules) for link in info["links"]):
                    problem(page, first_heading, "an ending's debrief links to the module pages")
                if not any(link["target"] == start for link in info["links"]):
                    problem(page, len(text.splitlines()), "an ending needs a 'play again' link to the case's start (index.md)")
        modules = (docs / "modules").resolve()
        drawn = {link["target"].relative_to(modules).parts[0] for info in pages.values() for link in info["links"]
                 if link["target"].is_relative_to(modules)}
        if len(drawn) < 2:
            problem(start, 1, f"{slug} draws on {sorted(drawn)}: a case links to the pages of at least two modules")
        if counts and len(set(counts)) == 1 and len(counts) > 1:
            problem(start, 1, f"every decision in {slug} offers {counts[0]} choices: vary the number (2 to 4)")
        if len(good_positions) > 2 and len(set(good_positions)) == 1:
            problem(start, 1, f"the good choice in {slug} is always choice {'ABCD'[good_positions[0]]}: vary its position")

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
        looped = False

        def visit(page: Path, path: list[Path]) -> None:
            nonlocal looped
            colour[page] = 1
            for target in edges.get(page, []):
                if colour.get(target) == 1:
                    loop = " -> ".join(p.name for p in path[path.index(target):] + [target])
                    problem(page, 1, f"a loop with no way out to an ending: {loop}")
                    looped = True
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
        if looped:
            continue

        # Consequences carry forward: every path, start to ending, walked.
        signatures: dict[Path, set[frozenset[str]]] = {}
        longest_good = 0

        def walk(page: Path, path: list[Path]) -> None:
            nonlocal longest_good
            if steps[page] == "ending":
                chosen = [p for p in path if pages[p]["meta"].get("choice") in SEVERITY]
                worst = max((pages[p]["meta"]["choice"] for p in chosen), key=SEVERITY.get, default="good")
                outcome = pages[page]["meta"].get("outcome")
                route = " -> ".join(p.stem for p in path)
                if outcome in SEVERITY and outcome != worst:
                    problem(page, fm_line(page, "outcome"),
                            f"outcome: {outcome}, but the worst choice on the path {route} is {worst}: "
                            "an ending's outcome is the worst choice on every path to it")
                signatures.setdefault(page, set()).add(frozenset(p.stem for p in chosen if pages[p]["meta"]["choice"] != "good"))
                if worst == "good":
                    longest_good = max(longest_good, sum(steps[p] == "decision" for p in path))
                return
            for target in edges.get(page, []):
                walk(target, path + [target])

        walk(start, [start])
        for page, found in signatures.items():
            if len(found) > 1:
                described = "; ".join(", ".join(sorted(s)) or "none" for s in sorted(found, key=sorted))
                problem(page, 1, f"paths with different mistakes reach this ending ({described}): "
                                 "its debrief cannot speak to the path taken; give each its own ending")
        if longest_good and longest_good < 3:
            problem(start, 1, f"the path of good choices in {slug} passes {longest_good} decisions: it needs at least 3")
        # No two endings share a debrief paragraph word for word.
        endings = [p for p in pages if steps[p] == "ending"]
        for first, second in itertools.combinations(endings, 2):
            shared = set(pages[first]["paragraphs"]) & set(pages[second]["paragraphs"])
            for paragraph in sorted(shared):
                problem(second, 1, f"the same debrief as {first.name}, word for word: {paragraph[:60]!r}…")

    for nation in sorted(NATIONS - set(nations)):
        problems.append(Problem(capstone / "index.md", 1, f"no capstone case is set in {nation} (front matter nation:)"))
    if cases and "primary" not in settings:
        problems.append(Problem(capstone / "index.md", 1, "no capstone case is set in a primary school (setting: primary)"))
    return problems


def test_every_case_is_a_sound_graph():
    problems = check_capstone(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_the_capstone_is_linked_from_home_start_here_and_the_trainer_section():
    for page in ("index.md", "start-here.md", "trainer/index.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert re.search(r"\]\((\.\./)?capstone/index\.md\)", text), f"docs/{page}:1: no link to capstone/index.md"


def test_the_overview_lists_every_case_by_its_one_name():
    overview = (ROOT / "docs" / "capstone" / "index.md").read_text(encoding="utf-8")
    for start in sorted((ROOT / "docs" / "capstone").glob("*/index.md")):
        title = coursedata.split_front_matter(start.read_text(encoding="utf-8"))[0]["title"]
        link = f"({start.parent.name}/index.md)"
        assert link in overview, f"docs/capstone/index.md:1: no link to {start.parent.name}/index.md"
        assert title in overview, f"docs/capstone/index.md:1: does not name {start.parent.name} as {title!r}"


def test_the_trainer_edition_prints_every_case_in_the_order_a_room_meets_it():
    """Each case is a facilitated exercise in the trainer edition, titled with its one name: its
    start first, each decision before the pages its choices lead to, and every page of it."""
    config = coursedata.load_mkdocs_config(ROOT / "mkdocs.yml")
    chapters = {c.title: c for c in pdf.editions(ROOT / "docs", config)["trainer"] if c.flowing}
    for start in sorted((ROOT / "docs" / "capstone").glob("*/index.md")):
        title = coursedata.split_front_matter(start.read_text(encoding="utf-8"))[0]["title"]
        assert title in chapters, f"course/printing/pdf.py: no facilitated exercise named {title!r}: {sorted(chapters)}"
        printed = [path for _, path in chapters[title].pages]
        folder = start.parent.relative_to(ROOT / "docs").as_posix()
        want = sorted(p.relative_to(ROOT / "docs").as_posix() for p in start.parent.glob("*.md"))
        assert sorted(printed) == want, f"course/printing/pdf.py: {title} prints {printed}"
        assert printed[0] == f"{folder}/index.md" and printed[1] == f"{folder}/decision-1.md", printed[:2]
        for decision in (p for p in printed if re.fullmatch(r".*/decision-\d(-after-\d[a-d])?\.md", p)):
            for choice in (p for p in printed if p.startswith(decision[:-3] + "-") and re.search(r"-[a-d]\.md$", p)):
                assert printed.index(decision) < printed.index(choice), f"{choice} prints before {decision}"


# Self-tests: each check fails on a planted defect and names the file ------------------------

CASE = "sexual-extortion-year-10"


def _plant(tmp_path: Path, name: str, old: str, new: str, copy: Path | None = None) -> Path:
    copy = copy or project_copy(tmp_path)
    target = copy / "docs" / "capstone" / CASE / name
    text = target.read_text(encoding="utf-8")
    assert old in text, f"self-test fixture: {old!r} not in {name}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def _messages(copy: Path) -> list[str]:
    return [str(p) for p in check_capstone(copy)]


def test_a_planted_dead_end_fails_naming_the_file(tmp_path):
    copy = _plant(tmp_path, "decision-1-c.md", "[Continue to decision 2](decision-2.md)", "Continue to decision 2")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-1-c.md:" in m and "dead end" in m for m in messages), messages


def test_a_choice_to_a_missing_page_fails_naming_file_and_line(tmp_path):
    copy = _plant(tmp_path, "decision-2.md", "(decision-2-b.md)", "(decision-2-x.md)")
    page = copy / "docs" / "capstone" / CASE / "decision-2.md"
    line = next(n for n, l in enumerate(page.read_text().splitlines(), 1) if "decision-2-x.md" in l)
    messages = _messages(copy)
    assert any(f"{CASE}/decision-2.md:{line}:" in m and "decision-2-x.md, which does not exist" in m for m in messages), messages
    # The page no choice leads to any more is reported too.
    assert any(f"{CASE}/decision-2-b.md:" in m and "not reachable" in m for m in messages), messages


def test_one_choice_and_no_facilitator_notes_fail(tmp_path):
    copy = _plant(tmp_path, "decision-3.md", '??? facilitator "Facilitator notes"', "Notes")
    page = copy / "docs" / "capstone" / CASE / "decision-3.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("](decision-3-a.md)", "]").replace("](decision-3-c.md)", "]")
    page.write_text(text, encoding="utf-8")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-3.md:" in m and "found 1" in m for m in messages), messages
    assert any(f"{CASE}/decision-3.md:" in m and "facilitator notes" in m for m in messages), messages


def test_an_ending_without_debrief_or_play_again_fails(tmp_path):
    copy = _plant(tmp_path, "decision-3-b.md", "## Debrief", "## What next")
    page = copy / "docs" / "capstone" / CASE / "decision-3-b.md"
    text = page.read_text(encoding="utf-8").replace("](index.md)", "](../index.md)").replace("### What it cost", "### Costs")
    page.write_text(text, encoding="utf-8")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-3-b.md:" in m and "Debrief" in m for m in messages), messages
    assert any(f"{CASE}/decision-3-b.md:" in m and "'What it cost'" in m for m in messages), messages
    assert any(f"{CASE}/decision-3-b.md:" in m and "play again" in m for m in messages), messages


def test_a_loop_with_no_ending_fails(tmp_path):
    copy = _plant(tmp_path, "decision-1-c.md", "(decision-2.md)", "(decision-1.md)")
    messages = _messages(copy)
    assert any("a loop with no way out" in m and "decision-1-c.md -> decision-1.md" in m for m in messages), messages


def test_a_choice_page_in_the_nav_and_a_second_name_for_a_case_fail(tmp_path):
    copy = project_copy(tmp_path)
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.endswith(f"capstone/{CASE}/index.md"))
    text = text.replace(line, f'      - "Case 1: blackmail (England)": capstone/{CASE}/index.md\n'
                              f'      - "Ending": capstone/{CASE}/decision-3-b.md')
    config.write_text(text, encoding="utf-8")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-3-b.md:1:" in m and "is in the mkdocs.yml nav" in m for m in messages), messages
    assert any(f"{CASE}/index.md:1:" in m and "one name per case" in m and "blackmail (England)" in m for m in messages), messages


# (page, front matter planted in place of what it says, what the graph check must then say).
# The first is the issue's own example: a harmful choice early, and still "Outcome: good" at the end.
ENDINGS_THAT_DO_NOT_FOLLOW = [
    ("decision-1-b.md", "outcome: harmful", "outcome: good", ("outcome: good, but the worst choice", "is harmful")),
    ("decision-3-b.md", "outcome: good", "outcome: recoverable", ("outcome: recoverable, but the worst choice", "is good")),
]


@pytest.mark.parametrize("page, old, new, said", ENDINGS_THAT_DO_NOT_FOLLOW,
                         ids=["harmful path ends well", "good path ends badly"])
def test_an_ending_that_does_not_follow_from_its_path_fails(tmp_path, page, old, new, said):
    messages = _messages(_plant(tmp_path, page, old, new))
    assert any(f"{CASE}/{page}:" in m and all(words in m for words in said) for m in messages), messages


def test_a_slip_that_does_not_carry_forward_fails(tmp_path):
    """A recoverable choice at decision 1 that leads on to the same decision 2 as the good one."""
    copy = _plant(tmp_path, "decision-1-a.md", "(decision-2-after-1a.md)", "(decision-2.md)")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-3-b.md:" in m and "outcome: good, but the worst choice" in m and "recoverable" in m
               for m in messages), messages
    assert any(f"{CASE}/decision-3-b.md:" in m and "paths with different mistakes" in m for m in messages), messages


def test_a_choice_with_no_choice_front_matter_fails(tmp_path):
    copy = _plant(tmp_path, "decision-1-c.md", "choice: good\n", "")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-1.md:" in m and "decision-1-c.md, which needs front matter" in m for m in messages), messages


def test_a_choice_that_justifies_itself_and_one_far_longer_fail(tmp_path):
    copy = _plant(tmp_path, "decision-2.md", "and keep Jordan's phone\n  for the police.",
                  "so that it stops spreading today, and keep Jordan's phone for the police\n"
                  "  until the end of the day.")
    messages = _messages(copy)
    assert any(f"{CASE}/decision-2.md:" in m and "justifies itself ('so that')" in m for m in messages), messages
    assert any(f"{CASE}/decision-2.md:" in m and "keep every choice within" in m for m in messages), messages


def test_the_same_number_of_choices_at_every_decision_and_a_copied_debrief_fail(tmp_path):
    """Decision 2 after choice 1A gets a third choice, whose ending copies another's debrief."""
    copy = _plant(tmp_path, "decision-2-after-1a.md", "](decision-2-after-1a-b.md)",
                  "](decision-2-after-1a-b.md)\n- [**C.** Ask his tutor to sit with Kai, then phone his mum and "
                  "the police from your office.](decision-2-after-1a-c.md)")
    folder = copy / "docs" / "capstone" / CASE
    (folder / "decision-2-after-1a-c.md").write_text(
        (folder / "decision-2-after-1a-b.md").read_text(encoding="utf-8"), encoding="utf-8")
    messages = _messages(copy)
    assert any(f"{CASE}/index.md:1:" in m and "offers 3 choices: vary the number" in m for m in messages), messages
    assert any("decision-2-after-1a-c.md:" in m and "the same debrief as decision-2-after-1a-b.md" in m
               for m in messages), messages


def test_a_missing_nation_setting_or_age_fails(tmp_path):
    copy = project_copy(tmp_path)
    for start in (copy / "docs" / "capstone").glob("*/index.md"):
        text = start.read_text(encoding="utf-8")
        text = re.sub(r"^nation: Scotland\n", "", text, flags=re.M)
        text = re.sub(r"^setting: primary\n", "setting: secondary\n", text, flags=re.M)
        start.write_text(text, encoding="utf-8")
    first = copy / "docs" / "capstone" / CASE / "index.md"
    first.write_text(re.sub(r"^age: .*\n", "", first.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    messages = _messages(copy)
    assert any("no capstone case is set in Scotland" in m for m in messages), messages
    assert any("no capstone case is set in a primary school" in m for m in messages), messages
    assert any(f"{CASE}/index.md:" in m and "needs age" in m for m in messages), messages


def test_a_case_that_draws_on_one_module_fails(tmp_path):
    copy = project_copy(tmp_path)
    for page in (copy / "docs" / "capstone" / CASE).glob("*.md"):
        page.write_text(re.sub(r"\.\./\.\./modules/(normalisation|reporting)/", "../../modules/grooming/",
                               page.read_text(encoding="utf-8")), encoding="utf-8")
    messages = _messages(copy)
    assert any(f"{CASE}/index.md:1:" in m and "draws on ['grooming']" in m for m in messages), messages
