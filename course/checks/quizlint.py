"""Answer-key linter for the quiz banks in quizzes/.

mkdocs-quiz builds some broken quizzes without a word, even with --strict: an unclosed or
mistyped </quiz> prints the answer key as text, a duplicate option is marked correct twice, an
empty [[ ]] can never be answered (../shared/research/tech-spike.md, section 3.3). This linter
reads each bank with the plugin's own parsers and reports every problem with its file and line.

It calls two private parts of mkdocs-quiz, which is why requirements.txt pins it exactly:
  MkDocsQuizPlugin._parse_quiz_question_and_answers  the parser the site build uses
  mkdocs_quiz.qti.extractor._parse_quiz_content        the parser the QTI export uses
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

from mkdocs_quiz.parsing import FILL_BLANK_REGEX, QUIZ_END_TAG, QUIZ_START_TAG
from mkdocs_quiz.plugin import MkDocsQuizPlugin
from mkdocs_quiz.qti.extractor import _parse_quiz_content

from course.coursedata import FENCE_RE, Problem

MIN_OPTIONS = 3
# Anything that looks like a quiz tag; only the exact <quiz> and </quiz> are real ones.
TAG_LIKE = re.compile(r"<\s*/?\s*quiz\b[^>]*>", re.IGNORECASE)
EMPTY_BLANK = re.compile(r"\[\[\s*\]\]")
# A module bank tags each question, on the line before its <quiz>, with the objective it tests
# and whether it is a scenario that asks the reader to decide:  <!-- objective: 2; scenario -->
# (or "; recall"). A question that puts the reader in the DSL's seat (a grey area the DSL
# decides, settled by the guidance) adds "; dsl":  <!-- objective: 3; scenario; dsl -->
# The tag is an HTML comment, so readers and the QTI export never see it. A dsl question is a
# decision, so it is always a scenario: "recall; dsl" is refused, or a recall question would
# count towards the eight. A comment that starts like a tag but does not match is refused too,
# rather than silently leaving its question untagged.
TAG_RE = re.compile(r"^\s*<!--\s*objective:\s*(\d+)\s*;\s*(scenario|recall)\s*(;\s*dsl\s*)?-->\s*$")
TAG_START = re.compile(r"^\s*<!--\s*objective\b", re.IGNORECASE)
# Option feedback never starts with a verdict: the site labels each one "Correct:" or "Not
# quite:" (docs/assets/stylesheets/course.css) and the exports mark it too, so "Right. ..."
# would read "Correct: Right. ...".
VERDICT_RE = re.compile(r"^\W*(right|correct|incorrect|wrong|not so|not quite|no|yes|exactly|true|false)\b\s*[.,:;!]",
                        re.IGNORECASE)


@dataclass
class ItemMeta:
    """The comment between an item's tag and its <quiz>: what the key is (act, hold or fact), who
    is quoted and whether following them is the key, and the misconception behind each wrong
    option (by its 1-based position) with where that misconception comes from."""

    line: int
    key: str | None = None
    speaker: str | None = None
    speaker_right: bool | None = None
    wrong: dict[int, str] = field(default_factory=dict)
    blank: str | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)


META_START = re.compile(r"^\s*<!--\s*misconceptions\b", re.IGNORECASE)
META_KEYS = ("act", "hold", "fact")
META_LINE = re.compile(r"^\s*(key|speaker|blank|\d+)\s*:\s*(.*?)\s*$", re.IGNORECASE)
SOURCE_RE = re.compile(r"\bSource:\s*\S", re.IGNORECASE)


def parse_meta(lines: list[tuple[int, str]]) -> ItemMeta:
    """Read a misconceptions comment, given as (line number, text) pairs, markers included."""
    meta = ItemMeta(lines[0][0])
    for number, raw in lines:
        text = META_START.sub("", raw).replace("-->", "").strip()
        if not text:
            continue
        found = META_LINE.match(text)
        if not found:
            meta.problems.append((number, f"unreadable line in the misconceptions comment: {text[:40]!r}; write "
                                          "'key: act|hold|fact', 'speaker: ROLE, right|wrong', 'N: misconception. "
                                          "Source: ...' or 'blank: ... Source: ...'"))
            continue
        name, value = found.group(1).lower(), found.group(2)
        if name == "key":
            if value.lower() not in META_KEYS:
                meta.problems.append((number, f"key: {value!r} should be act, hold or fact"))
            meta.key = value.lower()
        elif name == "speaker":
            role, _, verdict = value.rpartition(",")
            if not role.strip() or verdict.strip().lower() not in ("right", "wrong"):
                meta.problems.append((number, f"speaker: {value!r} should be 'ROLE, right' or 'ROLE, wrong'"))
            else:
                meta.speaker, meta.speaker_right = role.strip().lower(), verdict.strip().lower() == "right"
        elif name == "blank":
            meta.blank = value
            if not SOURCE_RE.search(value):
                meta.problems.append((number, "the blank's misconception names no 'Source:'"))
        else:
            position = int(name)
            if position in meta.wrong:
                meta.problems.append((number, f"option {position} is named twice"))
            meta.wrong[position] = value
            if not SOURCE_RE.search(value):
                meta.problems.append((number, f"the misconception behind option {position} names no 'Source:': "
                                              "say where new DSLs get it (a review, an inspection, the guidance's own warning)"))
    return meta


@dataclass
class Question:
    """One well-formed <quiz> block: where it is and what the site's parser read."""

    line: int
    body: str
    objective: int | None = None
    scenario: bool | None = None
    dsl: bool = False
    options: list[str] = field(default_factory=list)
    correct: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    explanation: str = ""
    blanks: list[str] = field(default_factory=list)
    meta: ItemMeta | None = None  # the <!-- misconceptions ... --> comment before the <quiz>

    @property
    def kind(self) -> str:
        if self.blanks:
            return "fill-in"
        return "multiple" if len(self.correct) > 1 else "single"


def stem(q: Question) -> str:
    """The question without its options: the text before the first option (a fill-in's whole
    question, its blanks hidden)."""
    if q.blanks:
        return re.sub(FILL_BLANK_REGEX, "_____", q.body.split("\n---")[0]).strip()
    return q.body.strip().split("\n- [")[0].strip()


def split_bank(text: str, path: Path) -> tuple[list[Question], list[Problem]]:
    """The bank's <quiz> blocks, and any problem with its tags."""
    questions: list[Question] = []
    problems: list[Problem] = []
    open_line = None
    body: list[str] = []
    in_fence = False
    opened_tag = None
    opened_meta = None
    tag = None  # the objective tag on the line before the next <quiz>, if any
    meta_lines: list[tuple[int, str]] | None = None  # a misconceptions comment being read
    meta = None  # the misconceptions comment for the next <quiz>, if any
    for number, line in enumerate(text.splitlines(), start=1):
        if meta_lines is None and open_line is None and META_START.match(line):
            meta_lines = []
        if meta_lines is not None:
            meta_lines.append((number, line))
            if "-->" in line:
                meta, meta_lines = parse_meta(meta_lines), None
            continue
        tagged = TAG_RE.match(line)
        if tagged and open_line is None:
            tag = (int(tagged.group(1)), tagged.group(2) == "scenario", bool(tagged.group(3)))
            if tagged.group(2) == "recall" and tagged.group(3):
                problems.append(Problem(path, number, "a recall question cannot be tagged dsl: a dsl question puts the "
                                                      "reader in the DSL's seat, so write it as a scenario or drop '; dsl'"))
            continue
        if TAG_START.match(line) and open_line is None:
            problems.append(Problem(path, number, "malformed objective tag: write <!-- objective: N; scenario --> or "
                                                  "<!-- objective: N; recall -->, adding '; dsl' after scenario"))
            continue
        if FENCE_RE.match(line) or in_fence:
            if FENCE_RE.match(line):
                in_fence = not in_fence
            if open_line is not None:
                body.append(line)
            continue
        pos = 0  # where the current quiz's text starts on this line
        for tag_match in TAG_LIKE.finditer(line):
            token = tag_match.group(0)
            if token not in (QUIZ_START_TAG, QUIZ_END_TAG):
                problems.append(Problem(path, number, f"malformed quiz tag {token!r}: write exactly <quiz> or </quiz>"))
            elif token == QUIZ_START_TAG:
                if open_line is not None:
                    problems.append(Problem(path, number, f"<quiz> opened inside the quiz opened on line {open_line}: close that one first"))
                open_line, body, pos = number, [], tag_match.end()
                opened_tag, tag = tag, None
                opened_meta, meta = meta, None
            elif open_line is None:
                problems.append(Problem(path, number, "</quiz> without an opening <quiz>"))
            else:
                body.append(line[pos: tag_match.start()])
                objective, scenario, dsl = opened_tag or (None, None, False)
                questions.append(Question(open_line, "\n".join(body), objective, scenario, dsl, meta=opened_meta))
                open_line, body, pos = None, [], tag_match.end()
        if open_line is not None:
            body.append(line[pos:])
    if open_line is not None:
        problems.append(Problem(path, open_line, "<quiz> is never closed: the page would show the answer key as text"))
    if meta_lines is not None:
        problems.append(Problem(path, meta_lines[0][0], "a misconceptions comment is never closed with -->"))
    if in_fence:
        problems.append(Problem(path, len(text.splitlines()), "a fenced code block is never closed"))
    return questions, problems


def check_question(q: Question, path: Path) -> list[Problem]:
    """Parse one question with both of the plugin's parsers and apply the course's rules."""
    problems = []

    def problem(message: str) -> None:
        problems.append(Problem(path, q.line, message))

    if EMPTY_BLANK.search(q.body):
        problem("empty fill-in blank [[ ]]: nobody could answer it")
    qti = _parse_quiz_content(q.body)

    if re.search(FILL_BLANK_REGEX, q.body):
        q.blanks = [b.strip() for b in re.findall(FILL_BLANK_REGEX, q.body)]
        if any(not b for b in q.blanks):
            problem("empty fill-in blank: nobody could answer it")
        q.explanation = (qti.content or "").strip() if qti else ""
        if not q.explanation:
            problem("no explanation: add '---' then the text shown after answering")
        if qti is None or len(qti.blanks) != len(q.blanks):
            problem("the site and the QTI export read this question's blanks differently")
        return problems

    lines = dedent(q.body).splitlines()
    while lines and lines[0] == "":
        lines = lines[1:]
    while lines and lines[-1] == "":
        lines = lines[:-1]
    try:
        question, options, correct, feedback, content_start = MkDocsQuizPlugin()._parse_quiz_question_and_answers(lines)
    except ValueError as error:
        problem(f"the quiz plugin rejects this question: {error}")
        return problems
    q.options, q.correct, q.feedback = options, correct, feedback
    q.explanation = "\n".join(lines[content_start:]).strip()

    if not question.strip():
        problem("no question text before the first option")
    if len(options) < MIN_OPTIONS:
        problem(f"{len(options)} option(s): a question needs at least {MIN_OPTIONS}")
    if not correct:
        problem("no correct option: mark one with - [x]")
    if len(correct) == len(options):
        problem("every option is correct: add at least one incorrect option")
    seen = set()
    for text in options:
        key = text.strip().lower()
        if key in seen:
            problem(f"duplicate option {text.strip()!r}: the plugin would mark both the same way")
        seen.add(key)
    for text, note in zip(options, feedback):
        if not note.strip():
            problem(f"option {text.strip()!r} has no '>' feedback line under it")
        elif VERDICT_RE.match(note.strip()):
            problem(f"the feedback on option {text.strip()!r} starts with a verdict ({note.strip()[:20]!r}): the site "
                    "and the exports already say right or wrong, so start with the reason")
    if not q.explanation:
        problem("no explanation after the options: add a blank line, then the explanation")

    if qti is None:
        problem("the QTI export cannot read this question")
    elif (len(qti.answers), len(qti.correct_answers)) != (len(options), len(correct)):
        problem(
            f"the site reads {len(options)} options ({len(correct)} correct) but the QTI export reads "
            f"{len(qti.answers)} ({len(qti.correct_answers)} correct): check the '- [x] ' spacing"
        )
    return problems


def lint_text(text: str, path: Path) -> tuple[list[Question], list[Problem]]:
    questions, problems = split_bank(text, path)
    for q in questions:
        problems.extend(check_question(q, path))
    if not questions and not problems:
        problems.append(Problem(path, 1, "no <quiz> blocks in this bank"))
    return questions, problems


def lint_bank(path: Path) -> tuple[list[Question], list[Problem]]:
    return lint_text(path.read_text(encoding="utf-8"), path)


# How an item is written ------------------------------------------------------------------------
# Rules from the NBME item-writing guide's "testwiseness" flaws and Haladyna, Downing and
# Rodriguez's guidelines (2002), as docs/contribute/write-a-quiz-question.md explains. These
# are per item; the habits of a whole bank are the guessers further down.
# An option that carries its own reason ("..., since nothing was sent") reads as an argument,
# and a pilot reader learned to skip such options: reasons go in all of an item's options or none.
JUSTIFY_RE = re.compile(r"(\b(since|because|so that|so as to|in order to|to make sure|to ensure|which means|"
                        r"otherwise|given that)\b|,\s*as\s)", re.IGNORECASE)


def writing_problems(questions: list[Question], path: Path) -> list[Problem]:
    """Every item names the misconception behind each wrong option, with its source, says what
    kind of key it has, and gives reasons in all of its options or none."""
    problems = []
    for q in questions:
        def problem(message: str, line: int = q.line) -> None:
            problems.append(Problem(path, line, message))

        meta = q.meta
        if meta is None:
            problem("no <!-- misconceptions ... --> comment before this <quiz>: name the misconception behind each "
                    "wrong option and where it comes from (docs/contribute/write-a-quiz-question.md)")
        else:
            for line, message in meta.problems:
                problem(message, line)
            if meta.key is None:
                problem("the misconceptions comment has no 'key: act|hold|fact' line", meta.line)
            if q.blanks:
                if meta.blank is None:
                    problem("a fill-in item needs a 'blank: <the common wrong answer>. Source: ...' line", meta.line)
            else:
                wrong = {i + 1 for i, o in enumerate(q.options) if o not in q.correct}
                for position in sorted(wrong - set(meta.wrong)):
                    problem(f"wrong option {position} ({visible(q.options[position - 1])[:40]!r}) has no misconception "
                            "line in the comment", meta.line)
                for position in sorted(set(meta.wrong) - wrong):
                    what = "a right option" if position <= len(q.options) else "not an option"
                    problem(f"the comment names a misconception for option {position}, which is {what}", meta.line)
        if q.options and not q.blanks:
            reasoned = [visible(o) for o in q.options if JUSTIFY_RE.search(visible(o))]
            if reasoned and len(reasoned) < len(q.options):
                problem(f"{len(reasoned)} of {len(q.options)} options carry their own reason ({reasoned[0][:50]!r}): "
                        "give every option a reason or none")
    return problems


# Cues a test-wise guesser uses -------------------------------------------------------------
# A self-check that a careful guesser passes without the course tells a DSL they know what they
# do not. cue_report() plays six guessers against a bank and compares each with blind chance
# (the mean of 1/number of options). Margins: 15 percentage points for length, absolute words
# and tone; 20 for position, because even a bank spread evenly over three or four positions has
# a most-common position a little above chance by luck (7 of 18 is 39% against 33%).
# Tone: a safeguarding bank drifts into "the cautious option is always wrong, the urgent one
# always right", so a guesser who never picks an option starting with a deferring verb (Agree,
# Accept, Wait, Leave, Ignore, Monitor, Log), or who picks among options that say refer,
# report, today, now or police, would pass without the course. Real decisions include agreeing
# with a colleague who is right and choosing a proportionate step over a referral.
LENGTH_MARGIN = 0.15
POSITION_MARGIN = 0.20
ABSOLUTE_MARGIN = 0.15
DEFER_MARGIN = 0.15
URGENT_MARGIN = 0.15
# Multiple-answer questions: ticking every option without an absolute word (or without a
# deferring verb, or with an urgent word) must not be exactly right in more than a third of
# them, and "all but one right" must not be the habit.
ABSOLUTE_MULTI_LIMIT = 1 / 3
TONE_MULTI_LIMIT = 1 / 3
ALL_BUT_ONE_LIMIT = 0.5
MIN_FOR_CUES = 3  # fewer questions of a kind than this says nothing about habits
# Word cues (NBME: the key repeats the stem's words, the key is the one the others converge on,
# the key is the most specific): the same 15-point margin as length.
STEM_MARGIN = 0.15
CONVERGENCE_MARGIN = 0.15
SPECIFIC_MARGIN = 0.15
# Who is quoted, and whether acting or holding back is the key, read from each item's comment.
# A pilot reader found a deputy or head right 6 times in 7 and "a colleague" or a governor wrong
# 7 times in 7. With four or more quoted proposals, following rank must not be right more than
# 70% of the time, and agreeing with whoever speaks must be right between 30% and 70%. With five
# or more act-or-hold keys, holding back is the key in a fifth to four fifths of them.
MIN_FOR_ROLES = 4
ROLE_LIMIT = 0.70
SPEAKER_RIGHT = (0.30, 0.70)
MIN_FOR_OUTCOMES = 5
HOLD_SHARE = (0.20, 0.80)
SENIOR_ROLE = re.compile(r"\b(head|headteacher|principal|deputy|senior|head of year|dsl|designated)\b", re.IGNORECASE)
STOP_WORDS = set("""a an and are as at be by for from has have her his if in into is it its of on or our she
so than that the their them then they this to was were what when which who will with you your he him not do does
did can could would should may might any all some one""".split())
WORD_RE = re.compile(r"[a-z0-9']+")
HEDGE_RE = re.compile(r"\b(may|might|can|could|usually|often|generally|normally|typically|some|most|likely|unless|"
                      r"where|if|depending|possibly|perhaps|in most|in some)\b", re.IGNORECASE)
SPECIFIC_RE = re.compile(r"\b(\d[\d,.:]*|[A-Z]{2,}s?)\b|(?<=[a-z,;] )[A-Z][a-z]+")
ABSOLUTE_WORDS = re.compile(
    r"\b(only|always|never|nothing|none|no one|nobody|every|everyone|everything|all|cannot|can't|must|"
    r"guaranteed|definitely|certainly|completely|entirely)\b", re.IGNORECASE)
DEFERRING_START = re.compile(
    r"^\W*(agree|agreed|agreeing|accept|accepting|wait|waiting|leave|leaving|ignore|ignoring|monitor|monitoring|"
    r"log|logging)\b", re.IGNORECASE)
URGENT_WORDS = re.compile(r"\b(refer|referral|referrals|referred|referring|report|reports|reported|reporting|today|now|"
                          r"police)\b", re.IGNORECASE)
_MARKUP = [(re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"), (re.compile(r"[*_`]"), "")]


def visible(option: str) -> str:
    """An option as the reader sees it: link text without the address, no emphasis marks."""
    for pattern, repl in _MARKUP:
        option = pattern.sub(repl, option)
    return " ".join(option.split())


@dataclass
class CueReport:
    singles: int
    multiples: int
    chance: float          # blind guessing on the single-answer questions
    longest: float         # always choose the longest option
    shortest: float        # always choose the shortest option
    position: float        # always choose the position that is most often right
    position_name: str
    no_absolute: float     # never choose an option with an absolute word
    no_defer: float        # never choose an option that starts with a deferring verb
    urgent: float          # choose among options saying refer, report, today, now or police
    absolute_multi: float  # multiple answer: tick exactly the options without an absolute word
    defer_multi: float     # multiple answer: tick exactly the options not starting with a deferring verb
    urgent_multi: float    # multiple answer: tick exactly the options with an urgent word
    all_but_one: float     # multiple answer: share with every option but one right
    stem_words: float = 0.0     # choose the option sharing most words with the question
    convergent: float = 0.0     # choose the option sharing most words with the other options
    specific: float = 0.0       # choose the option with most numbers, names and abbreviations
    hedged: float = 0.0         # choose the option with most hedging words (may, usually, unless...)
    speakers: int = 0           # items whose question quotes someone's proposal
    follow_senior: float = 0.0  # follow a head, deputy or head of year; reject anyone else
    speaker_right: float = 0.0  # share of quoted proposals that are the key
    act_hold: int = 0           # items whose key is to act now or to hold back
    hold_share: float = 0.0     # share of those whose key is to hold back

    def problems(self, path: Path) -> list[Problem]:
        found = []

        def over(name: str, score: float, limit: float, advice: str) -> None:
            if score > limit + 1e-9:
                found.append(Problem(path, 1, f"a guesser who {name} scores {score:.0%} on the {self.singles} "
                                              f"single-answer questions, against {self.chance:.0%} by chance "
                                              f"(limit {limit:.0%}): {advice}"))

        if self.singles >= MIN_FOR_CUES:
            over("always picks the longest option", self.longest, self.chance + LENGTH_MARGIN,
                 "make the right option no longer than the others")
            over("always picks the shortest option", self.shortest, self.chance + LENGTH_MARGIN,
                 "make the right option no shorter than the others")
            over(f"always picks the {self.position_name} option", self.position, self.chance + POSITION_MARGIN,
                 "vary the right option's position")
            over("rules out options saying only, always, never and the like", self.no_absolute,
                 self.chance + ABSOLUTE_MARGIN, "put absolute words in right options too, or in none")
            over("rules out options starting Agree, Accept, Wait, Leave, Ignore, Monitor or Log", self.no_defer,
                 self.chance + DEFER_MARGIN, "make agreeing, waiting or monitoring the right decision where the "
                 "guidance says so, or start options another way")
            over("picks options saying refer, report, today, now or police", self.urgent,
                 self.chance + URGENT_MARGIN, "make a proportionate step right where the guidance says so, and "
                 "put urgent words in wrong options too")
            over("picks the option that repeats most of the question's words", self.stem_words,
                 self.chance + STEM_MARGIN, "do not echo the question in the right option, or echo it in the others too")
            over("picks the option that shares most words with the other options", self.convergent,
                 self.chance + CONVERGENCE_MARGIN, "do not build the wrong options as variations of the right one")
            over("picks the option with the most numbers, names and abbreviations", self.specific,
                 self.chance + SPECIFIC_MARGIN, "make wrong options as specific as the right one")
            over("picks the option with the most hedging words (may, usually, unless, where...)", self.hedged,
                 self.chance + SPECIFIC_MARGIN, "hedge wrong options as carefully as the right one, or none")
        if self.speakers >= MIN_FOR_ROLES:
            if self.follow_senior > ROLE_LIMIT + 1e-9:
                found.append(Problem(path, 1, f"a guesser who follows a head, deputy or head of year and rejects anyone "
                                              f"else is right on {self.follow_senior:.0%} of the {self.speakers} items that "
                                              f"quote a proposal (limit {ROLE_LIMIT:.0%}): let the role not predict the key"))
            if not SPEAKER_RIGHT[0] - 1e-9 <= self.speaker_right <= SPEAKER_RIGHT[1] + 1e-9:
                found.append(Problem(path, 1, f"the quoted proposal is the key in {self.speaker_right:.0%} of the "
                                              f"{self.speakers} items that quote one (allowed {SPEAKER_RIGHT[0]:.0%} to "
                                              f"{SPEAKER_RIGHT[1]:.0%}): agreeing must not be always right or always wrong"))
        if self.act_hold >= MIN_FOR_OUTCOMES and not HOLD_SHARE[0] - 1e-9 <= self.hold_share <= HOLD_SHARE[1] + 1e-9:
            found.append(Problem(path, 1, f"holding back is the key in {self.hold_share:.0%} of the {self.act_hold} items "
                                          f"whose key is to act or to hold back (allowed {HOLD_SHARE[0]:.0%} to "
                                          f"{HOLD_SHARE[1]:.0%}): neither acting now nor holding back may always be right"))
        if self.multiples >= MIN_FOR_CUES:
            if self.absolute_multi > ABSOLUTE_MULTI_LIMIT + 1e-9:
                found.append(Problem(path, 1, f"ticking every option without an absolute word is exactly right in "
                                              f"{self.absolute_multi:.0%} of the {self.multiples} multiple-answer questions "
                                              f"(limit {ABSOLUTE_MULTI_LIMIT:.0%}): the wrong option must not be the absolute one"))
            for habit, score in (("without a deferring verb (Agree, Wait, Leave, ...) at the start", self.defer_multi),
                                 ("saying refer, report, today, now or police", self.urgent_multi)):
                if score > TONE_MULTI_LIMIT + 1e-9:
                    found.append(Problem(path, 1, f"ticking every option {habit} is exactly right in {score:.0%} of the "
                                                  f"{self.multiples} multiple-answer questions (limit {TONE_MULTI_LIMIT:.0%}): "
                                                  f"the tone of an option must not give its answer away"))
            if self.all_but_one > ALL_BUT_ONE_LIMIT + 1e-9:
                found.append(Problem(path, 1, f"{self.all_but_one:.0%} of the {self.multiples} multiple-answer questions have "
                                              f"every option but one right (limit {ALL_BUT_ONE_LIMIT:.0%}): vary how many are right"))
        return found


def _pick_score(options: list[str], correct: set[int], chosen: list[int]) -> float:
    """Expected score of choosing uniformly among `chosen` (or all options if none)."""
    chosen = chosen or list(range(len(options)))
    return sum(i in correct for i in chosen) / len(chosen)


def cue_report(questions: list[Question]) -> CueReport:
    choice = [q for q in questions if q.options and not q.blanks]
    singles = [q for q in choice if len(q.correct) == 1]
    multiples = [q for q in choice if len(q.correct) > 1]

    def right(q: Question) -> set[int]:
        wanted = [c.strip() for c in q.correct]
        return {i for i, o in enumerate(q.options) if o.strip() in wanted}

    def mean(values) -> float:
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    def by_length(q: Question, pick) -> float:
        lengths = [len(visible(o)) for o in q.options]
        best = pick(lengths)
        return _pick_score(q.options, right(q), [i for i, n in enumerate(lengths) if n == best])

    positions = {"first": lambda q: 0, "second": lambda q: 1, "third": lambda q: 2, "last": lambda q: len(q.options) - 1}
    position_scores = {name: mean(float(where(q) in right(q)) for q in singles) for name, where in positions.items()}
    position_name = max(position_scores, key=position_scores.get) if singles else "first"

    def plain(q: Question) -> set[int]:
        return {i for i, o in enumerate(q.options) if not ABSOLUTE_WORDS.search(visible(o))}

    def undeferred(q: Question) -> set[int]:
        return {i for i, o in enumerate(q.options) if not DEFERRING_START.search(visible(o))}

    def urgent(q: Question) -> set[int]:
        return {i for i, o in enumerate(q.options) if URGENT_WORDS.search(visible(o))}

    def words(text: str) -> set[str]:
        return {w for w in WORD_RE.findall(visible(text).lower()) if len(w) > 2 and w not in STOP_WORDS}

    def most(q: Question, score) -> float:
        scores = [score(q, i) for i in range(len(q.options))]
        best = max(scores)
        return _pick_score(q.options, right(q), [i for i, n in enumerate(scores) if n == best])

    def stem_score(q: Question, i: int) -> int:
        return len(words(q.options[i]) & words(q.body.split("\n- [")[0]))

    def convergence_score(q: Question, i: int) -> int:
        return sum(len(words(q.options[i]) & words(o)) for j, o in enumerate(q.options) if j != i)

    def specific_score(q: Question, i: int) -> int:
        return len(SPECIFIC_RE.findall(visible(q.options[i])))

    quoted = [q for q in questions if q.meta and q.meta.speaker_right is not None]
    act_hold = [q for q in questions if q.meta and q.meta.key in ("act", "hold")]

    return CueReport(
        stem_words=mean(most(q, stem_score) for q in singles),
        convergent=mean(most(q, convergence_score) for q in singles),
        specific=mean(most(q, specific_score) for q in singles),
        hedged=mean(most(q, lambda q, i: len(HEDGE_RE.findall(visible(q.options[i])))) for q in singles),
        speakers=len(quoted),
        follow_senior=mean(float(bool(SENIOR_ROLE.search(q.meta.speaker)) == q.meta.speaker_right) for q in quoted),
        speaker_right=mean(float(q.meta.speaker_right) for q in quoted),
        act_hold=len(act_hold),
        hold_share=mean(float(q.meta.key == "hold") for q in act_hold),
        singles=len(singles),
        multiples=len(multiples),
        chance=mean(1 / len(q.options) for q in singles),
        longest=mean(by_length(q, max) for q in singles),
        shortest=mean(by_length(q, min) for q in singles),
        position=position_scores.get(position_name, 0.0),
        position_name=position_name,
        no_absolute=mean(_pick_score(q.options, right(q), sorted(plain(q))) for q in singles),
        no_defer=mean(_pick_score(q.options, right(q), sorted(undeferred(q))) for q in singles),
        urgent=mean(_pick_score(q.options, right(q), sorted(urgent(q))) for q in singles),
        absolute_multi=mean(float(plain(q) == right(q)) for q in multiples),
        defer_multi=mean(float(undeferred(q) == right(q)) for q in multiples),
        urgent_multi=mean(float(urgent(q) == right(q)) for q in multiples),
        all_but_one=mean(float(len(right(q)) == len(q.options) - 1) for q in multiples),
    )


def cue_problems(path: Path) -> list[Problem]:
    questions, problems = lint_bank(path)
    return [] if problems else cue_report(questions).problems(path)


def bank_problems(path: Path) -> list[Problem]:
    """Everything the linter checks in one bank: its form, how each item is written, its cues."""
    questions, problems = lint_bank(path)
    if problems:
        return problems
    return writing_problems(questions, path) + cue_report(questions).problems(path)


# Transfer, not recall --------------------------------------------------------------------------
# Two items are near-duplicates when most of the content words of their stems and options are the
# same (Jaccard index, stop words and words under three letters left out). An item replays a
# page's worked example when a good share of its stem's four-word runs come from that example's
# text. Limits: the course's highest scores on 6 December 2026 were 0.37 between items and 0.16
# from an example; an item copied with a few words changed, or a stem cut from an example, scores
# far above the limits (planted self-tests in tests/test_quizlint_selftest.py).
DUPLICATE_LIMIT = 0.5
REPLAY_LIMIT = 0.3
RUN_LENGTH = 4
SCENARIO_PROMPT = "What do you notice? What would you do?"  # how every module page ends an example


def _words(text: str) -> list[str]:
    return WORD_RE.findall(visible(text).lower())


def _content_words(text: str) -> set[str]:
    return {w for w in _words(text) if w not in STOP_WORDS and len(w) > 2}


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + RUN_LENGTH]) for i in range(len(words) - RUN_LENGTH + 1)}


def worked_examples(page: Path) -> list[tuple[int, str]]:
    """(line, text) of each worked example on a page: from the heading above each
    SCENARIO_PROMPT down to it."""
    text = page.read_text(encoding="utf-8")
    found, start = [], 0
    while (at := text.find(SCENARIO_PROMPT, start)) >= 0:
        head = text.rfind("\n#", 0, at)
        found.append((text.count("\n", 0, head + 1) + 1, text[head + 1:at]))
        start = at + len(SCENARIO_PROMPT)
    return found


def transfer_problems(banks: dict[Path, list[Question]], pages: list[Path]) -> list[Problem]:
    """Near-duplicate items, within a bank or across banks, and items that replay a worked
    example on a page, each reported at the item's line."""
    items = [(path, q, _content_words(stem(q) + " " + " ".join(q.options))) for path, qs in banks.items() for q in qs]
    problems = []
    for i, (path_a, a, words_a) in enumerate(items):
        for path_b, b, words_b in items[i + 1:]:
            shared = len(words_a & words_b) / max(1, len(words_a | words_b))
            if shared > DUPLICATE_LIMIT:
                problems.append(Problem(path_b, b.line, f"near-duplicate of {path_a.name}:{a.line} ({shared:.0%} of their "
                                        f"words shared, limit {DUPLICATE_LIMIT:.0%}): test another point, or the same point another way"))
    examples = [(page, line, _runs(text)) for page in pages for line, text in worked_examples(page)]
    for path, q, _ in items:
        runs = _runs(stem(q))
        for page, line, example in examples:
            taken = len(runs & example) / max(1, len(runs))
            if taken > REPLAY_LIMIT:
                problems.append(Problem(path, q.line, f"replays the worked example at {page.name}:{line} ({taken:.0%} of "
                                        f"its four-word runs, limit {REPLAY_LIMIT:.0%}): use a new situation"))
    return problems


if __name__ == "__main__":
    # python -m course.checks.quizlint quizzes/*.md : the same check as the tests, for authors, with
    # what each guesser would score.
    found = []
    for arg in sys.argv[1:]:
        questions, problems = lint_bank(Path(arg))
        found += problems
        if not problems:
            r = cue_report(questions)
            print(f"{arg}: {r.singles} single, {r.multiples} multiple; chance {r.chance:.0%}, longest {r.longest:.0%}, "
                  f"shortest {r.shortest:.0%}, {r.position_name} {r.position:.0%}, no-absolute {r.no_absolute:.0%}, "
                  f"no-defer {r.no_defer:.0%}, urgent {r.urgent:.0%}; multiple: no-absolute exact {r.absolute_multi:.0%}, "
                  f"no-defer exact {r.defer_multi:.0%}, urgent exact {r.urgent_multi:.0%}, all-but-one {r.all_but_one:.0%}; "
                  f"stem words {r.stem_words:.0%}, convergent {r.convergent:.0%}, specific {r.specific:.0%}, hedged {r.hedged:.0%}; "
                  f"{r.speakers} quoted (senior rule {r.follow_senior:.0%}, agree {r.speaker_right:.0%}); "
                  f"{r.act_hold} act-or-hold (hold {r.hold_share:.0%})")
            found += writing_problems(questions, Path(arg)) + r.problems(Path(arg))
    print("\n".join(map(str, found)) or "No problems found.")
    sys.exit(1 if found else 0)
