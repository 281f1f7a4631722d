"""Pilot a quiz bank on readers who have not studied the course (docs/contribute/write-a-quiz-question.md).

    python -m course.checks.pilot sheets OUT_DIR quizzes/a.md [quizzes/b.md ...]
        writes OUT_DIR/options-only.md (each item's options, without its question) and
        OUT_DIR/full.md (question and options), keys hidden from both, and OUT_DIR/key.json
    python -m course.checks.pilot score OUT_DIR/key.json ANSWERS.json
        ANSWERS.json maps each item's id to the reader's choice: [2] or [1, 3] (option numbers as
        shown), or a typed word for a fill-in; prints the score by bank and item kind

A reader shown only the options should do little better than chance (at most 40% of the
single-answer items, where chance is about 29%); a reader shown the questions too should score
at most 60% over all items. An item either reader gets right for a reason they can name from the
wording (not from the course) is rewritten.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from course.checks import quizlint


def sheets(out: Path, banks: list[Path]) -> dict:
    key, options_only, full = {}, ["# Options only\n\nFor each item, choose the option(s) you think are right. "
                                   "Multi-answer items say so.\n"], ["# Questions\n\nAnswer each item.\n"]
    for bank in banks:
        questions, problems = quizlint.lint_bank(bank)
        if problems:
            sys.exit("\n".join(map(str, problems)))
        for q in questions:
            item = f"{bank.stem}:{q.line}"
            if q.blanks:
                key[item] = {"kind": "fill-in", "answer": [b.lower() for b in q.blanks]}
                full.append(f"\n## {item} (type a word or number)\n\n{quizlint.stem(q)}\n")
                continue
            right = [i + 1 for i, o in enumerate(q.options) if o in q.correct]
            kind = "multiple" if len(right) > 1 else "single"
            key[item] = {"kind": kind, "answer": right, "options": len(q.options)}
            listed = "\n".join(f"{i + 1}. {quizlint.visible(o)}" for i, o in enumerate(q.options))
            how = " (choose all that apply)" if kind == "multiple" else " (choose one)"
            options_only.append(f"\n## {item}{how}\n\n{listed}\n")
            full.append(f"\n## {item}{how}\n\n{quizlint.stem(q)}\n\n{listed}\n")
    out.mkdir(parents=True, exist_ok=True)
    (out / "options-only.md").write_text("".join(options_only), encoding="utf-8")
    (out / "full.md").write_text("".join(full), encoding="utf-8")
    (out / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
    return key


def score(key: dict, answers: dict) -> dict:
    """Right answers by bank and kind. A multi-answer item is right only when exactly right."""
    totals: dict = {}
    for item, want in key.items():
        bank = item.split(":")[0]
        got = answers.get(item)
        if want["kind"] == "fill-in":
            right = isinstance(got, str) and got.strip().lower() in want["answer"]
        else:
            right = sorted(got or []) == want["answer"] if isinstance(got, list) else got == want["answer"][0]
        for group in (bank, "all"):
            for kind in (want["kind"], "every"):
                seen, ok = totals.get((group, kind), (0, 0))
                totals[(group, kind)] = (seen + (got is not None), ok + bool(right))
    return totals


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "sheets":
        made = sheets(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
        print(f"{len(made)} items written to {sys.argv[2]}")
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        result = score(json.loads(Path(sys.argv[2]).read_text()), json.loads(Path(sys.argv[3]).read_text()))
        for (group, kind), (seen, ok) in sorted(result.items()):
            print(f"{group:16} {kind:9} {ok:3} of {seen:3} answered right ({ok / seen:.0%})" if seen else f"{group} {kind}: none")
    else:
        sys.exit(__doc__)
