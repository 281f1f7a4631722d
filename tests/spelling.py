"""UK English spelling for the course's prose, from Debian's British word list plus the
project's own word list (tests/words.txt: names, services and terms of art, one per line).

Only words a reader sees are checked: code, web addresses, HTML, Markdown link targets and
attribute lists are left out. Words in capitals (acronyms) are the glossary's business.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from course import coursedata

DICTIONARY = Path("/usr/share/dict/british-english-large")  # Debian package wbritish-large
PROJECT_WORDS = Path(__file__).resolve().parent / "words.txt"

STRIP = [
    re.compile(r"<!--.*?-->"),                       # comments and quiz tags
    re.compile(r"`[^`]*`"),                          # inline code
    re.compile(r"\]\([^)]*\)"),                      # link targets (the link text stays)
    re.compile(r"\{[^}]*\}"),                        # attribute lists and include directives
    re.compile(r"<[^>]+>"),                          # HTML tags
    re.compile(r"https?://\S+"),                     # bare addresses
    re.compile(r"\S+@\S+"),                          # email addresses
    re.compile(r"\b[\w-]+(\.[\w-]+)*\.(uk|org|com|scot|wales|net)\b", re.IGNORECASE),  # gov.uk and the like
    re.compile(r"^\s*(!!!|\?\?\?\+?)\s+\S+"),        # admonition types (key-points, facilitator)
    re.compile(r"^\s*=== "),
]
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’])*")  # letters of any alphabet, so "Pérez" stays whole


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    words = set(DICTIONARY.read_text(encoding="utf-8").split())
    for line in PROJECT_WORDS.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            words.add(line)
    return frozenset(words)


def is_known(word: str, words: frozenset[str]) -> bool:
    word = word.replace("’", "'")
    if word.endswith("'s") or word.endswith("s'"):
        word = word[:-2] if word.endswith("'s") else word[:-1]
    word = word.strip("'")
    if not word or word.isupper() or len(word) == 1 or (word.endswith("s") and word[:-1].isupper()):
        return True  # acronyms (and their plurals) and single letters
    # A capitalised word may be a sentence start ("Behaviour") or a name; a lower-case word must
    # match exactly, so "Center" in the word list never lets "center" through.
    candidates = (word, word.lower()) if word[0].isupper() else (word,)
    return any(w in words for w in candidates)


def unknown_words(text: str) -> list[tuple[int, str]]:
    words = known_words()
    found = []
    meta_end = coursedata.split_front_matter(text)[1] if text.startswith("---\n") else 1
    lines = text.splitlines()
    # Front matter: only the fields a reader sees.
    for number, line in enumerate(lines[: meta_end - 1], start=1):
        if not re.match(r"^\s*(title|description|content_note):|^\s{2,}\S", line):
            continue
        if re.match(r"^\s*[a-z_]+: \[[\w./, -]*\]$", line):
            continue  # a list of ids or paths, such as a session plan's pages and materials
        for word in WORD.findall(line.split(":", 1)[-1]):
            if not is_known(word, words):
                found.append((number, word))
    for number, line in coursedata.body_lines(text):
        for pattern in STRIP:
            line = pattern.sub(" ", line)
        for word in WORD.findall(line):
            if not is_known(word, words):
                found.append((number, word))
    return found
