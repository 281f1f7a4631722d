"""Each teaching module is complete: objectives, key points, scenarios with model answers,
facilitator notes, and a quiz bank that assesses every objective at least twice.

A module is a folder under docs/modules/. The numbers are the course's standard for a module
(README "Writing a module"); a module that misses one fails here, naming the file."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
import coursechecks
from course import coursedata
from course.checks import quizlint

MODULES_DIR = ROOT / "docs" / "modules"
MODULES = sorted(d for d in MODULES_DIR.iterdir() if d.is_dir()) if MODULES_DIR.exists() else []

MIN_QUESTIONS = 12
MIN_PER_OBJECTIVE = 2
MIN_SCENARIOS = 4
# Questions tagged "dsl": the DSL's own decisions, in grey areas the guidance settles.
MIN_DSL_QUESTIONS = 8
MIN_DSL_PER_OBJECTIVE = 2
# A module is 45 to 120 minutes of self-study. The DSL's layer took modules past an hour, and
# the DSL's work after the first day (after a referral, allegations to their outcome, records,
# assessing harmful sexual behaviour) past 90 minutes; the
# overview and the session plans say so rather than cutting depth.
MINUTES = range(45, 121)
SCENARIO_PROMPT = "What do you notice? What would you do?"


def objectives(index_text: str) -> list[str]:
    """The numbered items of the overview's objectives box."""
    block = re.search(r"^!!! objectives.*\n((?:(?:    .*)?\n)+)", index_text, re.MULTILINE)
    return re.findall(r"^    \d+\.\s+(.*)$", block.group(1), re.MULTILINE) if block else []


def module_bank(module):
    includes = coursechecks.bank_includes(ROOT / "docs")
    return [(bank, page, line) for bank, places in includes.items() for page, line in places
            if page.parent == module]


def test_modules_folder_holds_only_modules():
    if MODULES_DIR.exists():
        strays = [p.name for p in MODULES_DIR.iterdir() if p.is_file()]
        assert not strays, f"docs/modules/ should hold one folder per module, not {strays}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_module_pages(module):
    problems = []
    index = module / "index.md"
    if not index.exists():
        pytest.fail(f"{module.relative_to(ROOT)}: no index.md overview page")
    if len(objectives(index.read_text(encoding="utf-8"))) < 4:
        problems.append(f"{index.relative_to(ROOT)}:1: the overview needs an '!!! objectives' box with at least 4 numbered objectives")
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(module.glob("*.md"))}
    for page, text in texts.items():
        meta, _ = coursedata.split_front_matter(text)
        if meta.get("page_type") != "module" or not meta.get("content_note"):
            problems.append(f"{page.relative_to(ROOT)}:1: module pages need page_type: module and a content_note")
    total = sum(int(coursedata.split_front_matter(t)[0].get("minutes") or 0) for t in texts.values())
    if total not in MINUTES:
        problems.append(f"{module.relative_to(ROOT)}: its pages' minutes add up to {total}; a module is {MINUTES.start} to {MINUTES.stop - 1} minutes")
    everything = "\n".join(texts.values())
    if "!!! key-points" not in everything:
        problems.append(f"{module.relative_to(ROOT)}: no '!!! key-points' box")
    if "??? facilitator" not in everything:
        problems.append(f"{module.relative_to(ROOT)}: no collapsed '??? facilitator' notes")
    prompts = everything.count(SCENARIO_PROMPT)
    answers = len(re.findall(r'^\s*\?\?\? example "Model answer', everything, re.MULTILINE))
    if prompts < MIN_SCENARIOS:
        problems.append(f"{module.relative_to(ROOT)}: {prompts} scenarios ending '{SCENARIO_PROMPT}'; a module needs {MIN_SCENARIOS}")
    if answers < prompts:
        problems.append(f"{module.relative_to(ROOT)}: {prompts} scenarios but {answers} collapsed '??? example \"Model answer\"' blocks")
    banks = module_bank(module)
    if len(banks) != 1:
        problems.append(f"{module.relative_to(ROOT)}: includes {len(banks)} quiz banks; a module has exactly one")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_module_quiz_bank_assesses_every_objective(module):
    banks = module_bank(module)
    if len(banks) != 1:
        pytest.fail(f"{module.relative_to(ROOT)}: expected one quiz bank, found {len(banks)}")
    bank, _, _ = banks[0]
    questions, problems = quizlint.lint_bank(bank)
    assert not problems, "\n".join(map(str, problems))
    name = bank.relative_to(ROOT)
    found = []
    count = len(objectives((module / "index.md").read_text(encoding="utf-8")))
    untagged = [q.line for q in questions if q.objective is None]
    if untagged:
        found.append(f"{name}:{untagged[0]}: tag each question on the line before <quiz>, e.g. <!-- objective: 2; scenario --> ({len(untagged)} untagged)")
    if len(questions) < MIN_QUESTIONS:
        found.append(f"{name}:1: {len(questions)} questions; a module bank needs at least {MIN_QUESTIONS}")
    for number in range(1, count + 1):
        n = sum(q.objective == number for q in questions)
        if n < MIN_PER_OBJECTIVE:
            found.append(f"{name}:1: objective {number} has {n} question(s); it needs at least {MIN_PER_OBJECTIVE}")
    for q in questions:
        if q.objective is not None and not 1 <= q.objective <= count:
            found.append(f"{name}:{q.line}: objective {q.objective} does not exist (the overview lists {count})")
    scenarios = sum(bool(q.scenario) for q in questions)
    if scenarios * 2 < len(questions):
        found.append(f"{name}:1: {scenarios} of {len(questions)} questions are scenarios; at least half must be")
    dsl = sum(q.dsl for q in questions)
    if dsl < MIN_DSL_QUESTIONS:
        found.append(f"{name}:1: {dsl} questions tagged dsl (<!-- objective: N; scenario; dsl -->); a module bank needs at least {MIN_DSL_QUESTIONS}")
    # The objectives that are the DSL's own decisions are listed in the overview's front matter;
    # each is assessed by at least two items in the DSL's seat.
    index_text = (module / "index.md").read_text(encoding="utf-8")
    dsl_objectives = coursedata.split_front_matter(index_text)[0].get("dsl_objectives")
    where = f"{(module / 'index.md').relative_to(ROOT)}:{coursedata.front_matter_line(index_text, 'dsl_objectives') or 1}"
    if not isinstance(dsl_objectives, list) or not dsl_objectives:
        found.append(f"{where}: list the objectives that are the DSL's own decisions, e.g. 'dsl_objectives: [2, 4]'")
    else:
        for number in dsl_objectives:
            if not isinstance(number, int) or not 1 <= number <= count:
                found.append(f"{where}: dsl_objectives names {number!r}, which is not one of the {count} objectives")
                continue
            n = sum(q.dsl and q.objective == number for q in questions)
            if n < MIN_DSL_PER_OBJECTIVE:
                found.append(f"{name}:1: DSL objective {number} has {n} item(s) tagged dsl; it needs at least {MIN_DSL_PER_OBJECTIVE}")
    kinds = {q.kind for q in questions}
    if not {"single", "multiple"} <= kinds:
        found.append(f"{name}:1: the bank needs both single-answer and multiple-answer questions (has {sorted(kinds)})")
    assert not found, "\n".join(found)
