"""The corrections an independent review made to the nations' routes stay made: each nation's
card names its own role and none of England's machinery, and Northern Ireland's card keeps the
Article 20 exception and names its overarching framework; Northern Ireland's offence is a
"relevant offence", never the old "arrestable offence"; Wales sends a child in immediate danger
to the police without waiting for the duty team."""

from __future__ import annotations

import re

from conftest import ROOT, project_copy
from course import coursedata

# Each nation's card: the role it must name, and England's terms it must not use.
CARDS = {
    "wales.md": "designated safeguarding person",
    "scotland.md": "child protection lead",
    "northern-ireland.md": "designated teacher",
}
ENGLAND_ONLY = re.compile(r"\b(LADO|MASH|DSL|KCSIE|Keeping children safe in education)\b")
# What each card must also say, and why: Northern Ireland's section 5 duty leaves out offences
# under Article 20 of the Sexual Offences (NI) Order 2008 (child sex offences by under-18s), so
# a card that summarised the duty without it would send consensual peer activity to the police.
CARD_MUST_SAY = {
    "northern-ireland.md": [("Article 20", "the section 5 duty without its Article 20 exception"),
                            ("guidance:ni-cooperating", "no Co-operating to Safeguard, the overarching framework")],
}
# Wrong everywhere but the pages that record what changed (and the yearly update's self-check).
RETIRED = [
    (re.compile(r"arrestable offence", re.I), "Northern Ireland's section 5 now speaks of a \"relevant offence\""),
    (re.compile(r"duty team cannot be reached", re.I), "Wales: a child in immediate danger goes to the police at once"),
]


def nation_problems(root):
    problems = []
    cards = root / "docs" / "cards"
    for name, role in CARDS.items():
        text = (cards / name).read_text(encoding="utf-8")
        if role not in text:
            problems.append(f"docs/cards/{name}:1: the card never names the {role}")
        for words, why in CARD_MUST_SAY.get(name, []):
            if words not in text:
                problems.append(f"docs/cards/{name}:1: {why}")
        for number, line in enumerate(text.splitlines(), start=1):
            for found in ENGLAND_ONLY.findall(line):
                problems.append(f"docs/cards/{name}:{number}: '{found}' is England's; this card is for another nation")
    # The pages that record what changed, and the yearly update's own self-check, which asks
    # which old term a policy should lose.
    history = {root / "docs" / page for page in coursedata.EDITION_HISTORY_PAGES} | {root / "quizzes" / "yearly-update.md"}
    for path in coursedata.pages_and_banks(root):
        if path in history:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern, why in RETIRED:
                if pattern.search(line):
                    problems.append(f"{path.relative_to(root)}:{number}: {pattern.pattern!r}: {why}")
    return problems


def test_each_nation_keeps_its_own_routes_and_words():
    problems = nation_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_a_returned_mistake_is_caught(tmp_path):
    copy = project_copy(tmp_path)
    card = copy / "docs" / "cards" / "wales.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nAsk the LADO.\n", encoding="utf-8")
    page = copy / "docs" / "start-here.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nIn Northern Ireland, report any arrestable offence.\n", encoding="utf-8")
    problems = nation_problems(copy)
    assert any(p.startswith("docs/cards/wales.md:") and "'LADO'" in p for p in problems), problems
    assert any(p.startswith("docs/start-here.md:") and "arrestable" in p for p in problems), problems


def test_the_northern_ireland_card_keeps_the_article_20_exception(tmp_path):
    copy = project_copy(tmp_path)
    card = copy / "docs" / "cards" / "northern-ireland.md"
    card.write_text(card.read_text(encoding="utf-8").replace("Article 20", "an article"), encoding="utf-8")
    problems = nation_problems(copy)
    assert any(p.startswith("docs/cards/northern-ireland.md:") and "Article 20" in p for p in problems), problems
