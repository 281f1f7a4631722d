"""make readability: sentence length and reading ease for every course page. A report for
writers, not a test: long sentences are flagged as warnings, never as failures.

GOV.UK advice is to keep sentences to about 25 words. The Flesch reading ease score runs from
0 (very hard) to 100 (very easy); specialist safeguarding prose sits lower than general text,
so read the numbers as a prompt to look, not a grade.
"""

from __future__ import annotations

import re
import sys

from course import coursedata

ROOT = coursedata.ROOT
LONG = 25
STRIP = [re.compile(p) for p in (r"<!--.*?-->", r"`[^`]*`", r"\]\([^)]*\)", r"\{[^}]*\}", r"<[^>]+>",
                                 r"https?://\S+", r"^\s*(!!!|\?\?\?\+?|===)\s.*$", r"^\s*\|?\s*-{3,}.*$", r"[*_#>\[\]|]")]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def prose(text: str) -> str:
    lines = []
    for _, line in coursedata.body_lines(text):
        item = re.match(r"^\s*(?:[-*]|\d+\.)\s+", line)
        if item:  # each list item is its own sentence
            lines.append("")
            line = line[item.end():]
        for pattern in STRIP:
            line = pattern.sub(" ", line)
        lines.append(line.strip())
    # Blank lines and list items end sentences too.
    return "\n".join(lines)


def sentences(text: str) -> list[str]:
    found = []
    for block in re.split(r"\n\s*\n", prose(text)):
        block = " ".join(block.split())
        found += [s for s in SENTENCE_END.split(block) if len(s.split()) >= 3]
    return found


def syllables(word: str) -> int:
    word = word.lower().strip(".,;:!?\"'()")
    if not word:
        return 0
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith(("le", "ee")) and len(groups) > 1 else 0)
    return max(1, count)


def measures(text: str) -> dict:
    found = sentences(text)
    words = [w for s in found for w in s.split()]
    if not found or not words:
        return {"sentences": 0, "mean": 0.0, "long": 0, "ease": 0.0}
    mean = len(words) / len(found)
    ease = 206.835 - 1.015 * mean - 84.6 * (sum(map(syllables, words)) / len(words))
    return {"sentences": len(found), "mean": mean, "long": sum(len(s.split()) > LONG for s in found), "ease": ease}


def main() -> int:
    print(f"| Page | Sentences | Mean words | Over {LONG} words | Reading ease |")
    print("| --- | --- | --- | --- | --- |")
    warnings = []
    for page in coursedata.pages_and_banks(ROOT):
        m = measures(page.read_text(encoding="utf-8"))
        name = page.relative_to(ROOT)
        print(f"| {name} | {m['sentences']} | {m['mean']:.1f} | {m['long']} | {m['ease']:.0f} |")
        if m["mean"] > 20 or (m["sentences"] and m["long"] / m["sentences"] > 0.15):
            warnings.append(f"warning: {name}: mean {m['mean']:.1f} words a sentence, {m['long']} over {LONG}")
    print("\n" + ("\n".join(warnings) or "No page over the thresholds (mean 20 words; 15% of sentences over 25)."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
