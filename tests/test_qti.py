"""`make qti`: both LMS packages are well formed, complete, correct, fit to import and stable.

Each check returns a list of problems naming the zip and file (or the bank and line), so the
self-tests at the end can plant a defect and show that the check catches it.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from lxml import etree

from conftest import ROOT
from course.checks import quizlint

from course.export import qti_export

BANKS = qti_export.learner_banks(ROOT / "quizzes")
NS = {"12": "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}", "21": "{http://www.imsglobal.org/xsd/imsqti_v2p1}"}
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
VERSIONS = {"12": "safeguarding-course-qti12.zip", "21": "safeguarding-course-qti21.zip"}


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Two independent runs of the real export: {version: (files of run 1, zip path of run 1, zip path of run 2)}."""
    first, second = tmp_path_factory.mktemp("qti-a"), tmp_path_factory.mktemp("qti-b")
    qti_export.export(ROOT / "quizzes", first)
    qti_export.export(ROOT / "quizzes", second)
    return {v: (read_zip(first / name), first / name, second / name) for v, name in VERSIONS.items()}


def text_of(element: ET.Element | None) -> str:
    """What a learner reads: tags stripped (including HTML inside CDATA), entities decoded."""
    if element is None:
        return ""
    raw = re.sub(r"</?(?:code|em|strong|a)\b[^>]*>", "", "".join(element.itertext()))  # inline: no gap
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def bank_text(markdown: str) -> str:
    # The export renders Markdown; the only markup the banks use in options is `code`.
    return " ".join(markdown.replace("`", "").split())


def note_text(markdown: str) -> str:
    """An option's feedback as a learner reads it once rendered: links, emphasis and code marks gone."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return bank_text(re.sub(r"(\*\*|__|(?<!\w)[*_]|[*_](?!\w))", "", plain))


# The checks -----------------------------------------------------------------------------------

def check_well_formed(label: str, files: dict[str, bytes]) -> list[str]:
    problems = []
    for name, data in sorted(files.items()):
        if name.endswith(".xml"):
            try:
                ET.fromstring(data)
            except ET.ParseError as error:
                problems.append(f"{label}:{name}: not well-formed XML: {error}")
    if "imsmanifest.xml" not in files:
        problems.append(f"{label}: no imsmanifest.xml")
    return problems


def check_hrefs(label: str, files: dict[str, bytes]) -> list[str]:
    manifest = ET.fromstring(files["imsmanifest.xml"])
    problems = [
        f"{label}:imsmanifest.xml: href {el.get('href')!r} is not in the zip"
        for el in manifest.iter() if el.get("href") is not None and el.get("href") not in files
    ]
    listed = {el.get("href") for el in manifest.iter(f"{CP}file")}
    problems += [f"{label}:{name}: in the zip but not in imsmanifest.xml" for name in sorted(files)
                 if name not in listed and name not in ("imsmanifest.xml", "assessment.xml")]
    return problems


def questions_of(bank: Path) -> list[quizlint.Question]:
    """The bank's questions as a learner reads them: markers filled in, as the export does."""
    return quizlint.lint_text(qti_export.expanded_text(bank), bank)[0]


def items_in_order(files: dict[str, bytes], version: str) -> list[tuple[str, ET.Element]]:
    """(identifier, item root) in the order the assessments list them."""
    manifest = ET.fromstring(files["imsmanifest.xml"])
    if version == "12":
        tests = [r.get("href") for r in manifest.iter(f"{CP}resource") if r.get("type") == "imsqti_xmlv1p2"]
        return [(item.get("ident"), item) for name in tests for item in ET.fromstring(files[name]).iter(f"{NS['12']}item")]
    hrefs = {r.get("identifier"): r.get("href") for r in manifest.iter(f"{CP}resource")}
    test = ET.fromstring(files["assessment.xml"])
    refs = [r.get("identifier") for r in test.iter(f"{NS['21']}assessmentItemRef")]
    return [(ref, ET.fromstring(files[hrefs[ref]])) for ref in refs]


def scoring_rule(item: ET.Element) -> ET.Element | None:
    """QTI 1.2: the respcondition that sets the score."""
    ns = NS["12"]
    return next((c for c in item.iter(f"{ns}respcondition") if c.find(f"{ns}setvar") is not None
                 and c.find(f"{ns}setvar").get("action") == "Set"), None)


def answers_of(item: ET.Element, version: str) -> tuple[list[str], list[str], list[str]]:
    """(option texts, correct option texts, fill-in answers) as the item scores them."""
    ns = NS[version]
    if version == "12":
        options = {lab.get("ident"): text_of(lab) for lab in item.iter(f"{ns}response_label")
                   if lab.find(f"{ns}material") is not None}
        correct, blanks = [], []
        rule = scoring_rule(item)
        if rule is not None:
            negated = {id(v) for n in rule.iter(f"{ns}not") for v in n.iter(f"{ns}varequal")}
            correct = [options.get(v.text, f"<unknown option {v.text}>") for v in rule.iter(f"{ns}varequal")
                       if id(v) not in negated]
        for cond in item.iter(f"{ns}respcondition"):
            setvar = cond.find(f"{ns}setvar")
            if setvar is not None and setvar.get("action") == "Add" and float(setvar.text) > 0:
                blanks += [v.text for v in cond.iter(f"{ns}varequal")]
        return list(options.values()), correct, blanks
    options = {c.get("identifier"): text_of(c) for c in item.iter(f"{ns}simpleChoice")}
    correct, blanks = [], []
    for decl in item.iter(f"{ns}responseDeclaration"):
        values = [v.text for v in decl.iter(f"{ns}value")]
        if decl.get("baseType") == "string":
            blanks += values
        else:
            correct += [options.get(v, f"<unknown option {v}>") for v in values]
    return list(options.values()), correct, blanks


def feedback_pairs(item: ET.Element, version: str) -> dict[str, str]:
    """{option text: the feedback the item shows for that option}. QTI 1.2: the option's
    itemfeedback. QTI 2.1: the "About each option" list folded into the modal feedback, each
    entry the option in <strong>, then its feedback."""
    ns = NS[version]
    if version == "12":
        notes = {fb.get("ident"): text_of(fb) for fb in item.iter(f"{ns}itemfeedback")}
        return {text_of(lab): notes.get(f"{lab.get('ident')}_fb", "") for lab in item.iter(f"{ns}response_label")
                if lab.find(f"{ns}material") is not None}
    pairs = {}
    for modal in item.iter(f"{ns}modalFeedback"):
        for entry in modal.iter(f"{ns}li"):
            if (strong := entry.find(f"{ns}strong")) is not None:
                option = text_of(strong)
                pairs[option] = text_of(entry)[len(option):].strip()
    return pairs


def check_feedback_pairs(where: str, option_feedback: dict[str, str], q: quizlint.Question) -> list[str]:
    """Each option carries its own feedback from the bank (as quizlint parses it), not another's."""
    problems = []
    for option, note in zip(q.options, q.feedback):
        got = option_feedback.get(bank_text(option))
        if got is None:
            problems.append(f"{where}: option {bank_text(option)[:40]!r} has no feedback of its own")
        elif got != note_text(note):
            problems.append(f"{where}: option {bank_text(option)[:40]!r} shows the feedback {got[:50]!r}…, "
                            f"the bank gives it {note_text(note)[:50]!r}…")
    return problems


def score_12(item: ET.Element, responses: dict[str, set[str]]) -> float:
    """What a QTI 1.2 player scores for these responses: each respcondition in order, Set and
    Add, stopping at a met condition with continue="No"."""
    ns = NS["12"]

    def met(node: ET.Element) -> bool:
        tag = node.tag.removeprefix(ns)
        if tag == "varequal":
            return node.text in responses.get(node.get("respident"), set())
        if tag == "other":
            return True
        if tag == "not":
            return not met(node[0])
        if tag == "or":
            return any(met(n) for n in node)
        return all(met(n) for n in node)  # and, conditionvar

    score = 0.0
    for cond in item.iter(f"{ns}respcondition"):
        if not met(cond.find(f"{ns}conditionvar")):
            continue
        for setvar in cond.iter(f"{ns}setvar"):
            score = float(setvar.text) if setvar.get("action") == "Set" else score + float(setvar.text)
        if cond.get("continue") == "No":
            break
    return score


def score_21(item: ET.Element, responses: dict[str, list[str]]) -> float:
    """What a QTI 2.1 player scores for these responses: the item's responseProcessing run as
    written (no template). An element this reader does not know raises ValueError, so a change
    in the exporter fails the check instead of passing it unscored."""
    ns = NS["21"]
    local = lambda node: node.tag.removeprefix(ns)  # noqa: E731
    decls = {d.get("identifier"): d for d in item.iter(f"{ns}responseDeclaration")}
    outcomes: dict[str, object] = {}
    for decl in item.iter(f"{ns}outcomeDeclaration"):
        default = decl.find(f"{ns}defaultValue/{ns}value")
        outcomes[decl.get("identifier")] = None if default is None else (
            float(default.text) if decl.get("baseType") in ("float", "integer") else default.text)

    def many(v) -> list:
        return [] if v is None else list(v) if isinstance(v, list) else [v]

    def value(node: ET.Element):
        tag = local(node)
        if tag == "variable":
            name = node.get("identifier")
            return responses.get(name, []) if name in decls else outcomes.get(name)
        if tag == "correct":
            return [v.text for v in decls[node.get("identifier")].iter(f"{ns}value")]
        if tag == "baseValue":
            return float(node.text) if node.get("baseType") in ("float", "integer") else node.text
        if tag == "match":
            a, b = (value(n) for n in node)
            return sorted(map(str, many(a))) == sorted(map(str, many(b)))
        if tag == "stringMatch":
            a, b = ([str(x) for x in many(value(n))] for n in node)
            if node.get("caseSensitive") == "false":
                a, b = [x.lower() for x in a], [x.lower() for x in b]
            return len(a) == len(b) == 1 and a == b
        if tag == "sum":
            return sum(float(value(n) or 0) for n in node)
        if tag in ("and", "or"):
            return (all if tag == "and" else any)(value(n) for n in node)
        if tag == "not":
            return not value(node[0])
        if tag == "isNull":
            return not many(value(node[0]))
        raise ValueError(f"cannot score <{tag}>")

    def run(nodes) -> None:
        for node in nodes:
            tag = local(node)
            if tag == "setOutcomeValue":
                outcomes[node.get("identifier")] = value(node[0])
            elif tag == "responseCondition":
                for branch in node:
                    if local(branch) == "responseElse":
                        run(list(branch))
                        break
                    if value(branch[0]):
                        run(list(branch)[1:])
                        break
            else:
                raise ValueError(f"cannot score <{tag}>")

    processing = item.find(f"{ns}responseProcessing")
    if processing is None or processing.get("template"):
        raise ValueError("no responseProcessing written out (a template is not scored by this check)")
    run(list(processing))
    return float(outcomes.get("SCORE") or 0)


def check_scores_21(label: str, files: dict[str, bytes]) -> list[str]:
    """QTI 2.1: a perfect response scores full marks (SCORE's normalMaximum, or 1 where none is
    declared, as the standard's match_correct template gives), and any other choice less."""
    ns = NS["21"]
    problems = []
    for ident, item in items_in_order(files, "21"):
        decl = next((d for d in item.iter(f"{ns}outcomeDeclaration") if d.get("identifier") == "SCORE"), None)
        full = float(decl.get("normalMaximum", 1)) if decl is not None else 1.0
        responses = {d.get("identifier"): [v.text for v in d.iter(f"{ns}value")] for d in item.iter(f"{ns}responseDeclaration")}
        interaction = next(item.iter(f"{ns}choiceInteraction"), None)
        right = set(responses.get("RESPONSE", []))
        try:
            perfect = score_21(item, responses)
            others = []
            for option in [c.get("identifier") for c in item.iter(f"{ns}simpleChoice")]:
                other = {option} if interaction.get("maxChoices") == "1" else right ^ {option}
                if other and other != right:
                    others.append((sorted(other), score_21(item, {"RESPONSE": sorted(other)})))
        except ValueError as error:
            problems.append(f"{label}: item {ident}: {error}")
            continue
        if round(perfect, 6) != full:
            problems.append(f"{label}: item {ident}: a perfect response scores {perfect:g}, not full marks ({full:g})")
        problems += [f"{label}: item {ident}: choosing {o} also scores full marks" for o, score in others if score >= full]
    return problems


def check_banks(label: str, files: dict[str, bytes], version: str, banks: list[Path]) -> list[str]:
    """Each bank's questions appear, in order, with the bank's options, answers and feedback."""
    problems = []
    items = items_in_order(files, version)
    for bank in banks:
        questions = questions_of(bank)
        where = bank.relative_to(ROOT) if bank.is_relative_to(ROOT) else bank
        ours = [(i, el) for i, el in items if re.fullmatch(rf"{re.escape(qti_export.bank_slug(bank))}_[0-9a-f]{{12}}", i)]
        if len(ours) != len(questions):
            problems.append(f"{label}: {where} has {len(questions)} questions but the package has {len(ours)} items for it")
            continue
        for q, (ident, item) in zip(questions, ours):
            options, correct, blanks = answers_of(item, version)
            got = (sorted(options), sorted(correct), blanks)
            want = (sorted(map(bank_text, q.options)), sorted(map(bank_text, q.correct)), q.blanks)
            if got != want:
                problems.append(f"{where}:{q.line}: item {ident} in {label} scores {got}, the bank says {want}")
            if q.options:
                problems += check_feedback_pairs(f"{where}:{q.line}: item {ident} in {label}", feedback_pairs(item, version), q)
    return problems


def check_fit_to_import(label: str, files: dict[str, bytes], version: str, banks: list[Path]) -> list[str]:
    """A section per module, titled as the course names it, in bank order; nothing that is not for
    learners; QTI 1.2 items inline; every option's feedback shown by a displayfeedback; a perfect
    answer scoring exactly 100 and any other choice less."""
    problems = []
    ns = NS[version]
    slugs = [qti_export.bank_slug(b) for b in banks]
    foreign = [i for i, _ in items_in_order(files, version) if not any(i.startswith(f"{s}_") for s in slugs)]
    problems += [f"{label}: item {i} is not from a learners' bank (left out: {', '.join(qti_export.NOT_FOR_LEARNERS)})"
                 for i in foreign]
    if version == "12":
        tests = [ET.fromstring(files[r.get("href")]) for r in ET.fromstring(files["imsmanifest.xml"]).iter(f"{CP}resource")]
        sections = [sec for t in tests for sec in t.iter(f"{ns}section")]
        problems += [f"{label}: an itemref ({r.get('linkrefid')}) where the importers expect the item inline"
                     for t in tests for r in t.iter(f"{ns}itemref")]
        problems += [f"{label}:{n}: a separate item file; QTI 1.2 items belong inline" for n in files if n.startswith("items/")]
    else:
        sections = list(ET.fromstring(files["assessment.xml"]).iter(f"{ns}assessmentSection"))
    want = [(f"{s}_section", qti_export.bank_title(b)) for s, b in zip(slugs, banks)]
    got = [(sec.get("ident") or sec.get("identifier"), sec.get("title")) for sec in sections]
    if got != want:
        problems.append(f"{label}: sections {got}, expected one per module: {want}")
    if version != "12":
        return problems + check_scores_21(label, files)
    for ident, item in items_in_order(files, version):
        feedback = {fb.get("ident") for fb in item.iter(f"{ns}itemfeedback")}
        shown = {d.get("linkrefid") for d in item.iter(f"{ns}displayfeedback")}
        problems += [f"{label}: item {ident}: itemfeedback {f} is never shown by a displayfeedback" for f in sorted(feedback - shown)]
        problems += [f"{label}: item {ident}: displayfeedback points at {f}, which does not exist" for f in sorted(shown - feedback)]
        labels = [lab.get("ident") for lab in item.iter(f"{ns}response_label") if lab.find(f"{ns}material") is not None]
        problems += [f"{label}: item {ident}: option {o} has no feedback" for o in labels if f"{o}_fb" not in feedback]
        if labels:
            rule = scoring_rule(item)
            negated = {id(v) for n in rule.iter(f"{ns}not") for v in n.iter(f"{ns}varequal")} if rule is not None else set()
            right = {v.text for v in (rule.iter(f"{ns}varequal") if rule is not None else []) if id(v) not in negated}
            perfect = score_12(item, {"response1": right})
            if perfect != 100:
                problems.append(f"{label}: item {ident}: a perfect answer scores {perfect}, not 100")
            single = next(item.iter(f"{ns}response_lid")).get("rcardinality") == "Single"
            for option in labels:
                other = {option} if single else right ^ {option}
                if other == right:
                    continue
                if other and score_12(item, {"response1": other}) >= 100:
                    problems.append(f"{label}: item {ident}: choosing {sorted(other)} also scores 100")
        else:
            blanks = {r.get("ident"): {v.text} for r in item.iter(f"{ns}response_str")
                      for c in item.iter(f"{ns}respcondition") for v in c.iter(f"{ns}varequal") if v.get("respident") == r.get("ident")}
            if (perfect := score_12(item, blanks)) != 100:
                problems.append(f"{label}: item {ident}: all blanks right scores {perfect}, not 100")
    return problems


def perfect_responses(item: ET.Element) -> dict[str, list[str]]:
    """QTI 2.1: each response variable's correct value, as a learner who gets it right gives it."""
    ns = NS["21"]
    return {d.get("identifier"): [v.text for v in d.iter(f"{ns}value")] for d in item.iter(f"{ns}responseDeclaration")}


def total_score_21(files: dict[str, bytes], responses: dict[str, dict[str, list[str]]]) -> tuple[float, float | None]:
    """What a QTI 2.1 player reports for the whole test: each item scored (score_21) with the
    responses given for it (none for an item left out), then the test's outcomeProcessing run
    as written. Returns (SCORE, SCORE's normalMaximum). An element this reader does not know
    raises ValueError, so a change fails the check instead of passing unscored."""
    ns = NS["21"]
    test = ET.fromstring(files["assessment.xml"])
    items = dict(items_in_order(files, "21"))
    scores = {ident: score_21(item, responses.get(ident, {})) for ident, item in items.items()}
    sections = {ref.get("identifier"): sec.get("identifier") for sec in test.iter(f"{ns}assessmentSection")
                for ref in sec.iter(f"{ns}assessmentItemRef")}
    outcomes: dict[str, float] = {}
    maximum = None
    for decl in test.iter(f"{ns}outcomeDeclaration"):
        default = decl.find(f"{ns}defaultValue/{ns}value")
        outcomes[decl.get("identifier")] = float(default.text) if default is not None else 0.0
        if decl.get("identifier") == "SCORE" and decl.get("normalMaximum"):
            maximum = float(decl.get("normalMaximum"))

    def value(node: ET.Element):
        tag = node.tag.removeprefix(ns)
        if tag == "testVariables":
            if node.get("variableIdentifier") != "SCORE" or node.get("weightIdentifier") or node.get("includeCategory"):
                raise ValueError(f"cannot total <testVariables {dict(node.attrib)}>")
            wanted = node.get("sectionIdentifier")
            return [scores[i] for i in scores if wanted in (None, sections.get(i))]
        if tag == "sum":
            return sum(sum(v) if isinstance(v, list) else float(v) for v in map(value, node))
        if tag == "baseValue":
            return float(node.text)
        if tag == "variable":
            return outcomes[node.get("identifier")]
        raise ValueError(f"cannot total <{tag}>")

    processing = test.find(f"{ns}outcomeProcessing")
    for rule in list(processing) if processing is not None else []:
        if rule.tag.removeprefix(ns) != "setOutcomeValue":
            raise ValueError(f"cannot total <{rule.tag.removeprefix(ns)}>")
        outcomes[rule.get("identifier")] = value(rule[0])
    return outcomes.get("SCORE", 0.0), maximum


def check_test_total_21(label: str, files: dict[str, bytes]) -> list[str]:
    """QTI 2.1: the test totals its items. A perfect attempt scores one per item, which is also
    SCORE's normalMaximum; the same attempt with the first item unanswered scores one less."""
    items = items_in_order(files, "21")
    perfect = {ident: perfect_responses(item) for ident, item in items}
    try:
        total, maximum = total_score_21(files, perfect)
        short, _ = total_score_21(files, dict(list(perfect.items())[1:]))
    except ValueError as error:
        return [f"{label}:assessment.xml: {error}"]
    problems = []
    if total != len(items):
        problems.append(f"{label}:assessment.xml: a perfect attempt totals {total:g}, not {len(items)} (one per item): "
                        "the test needs outcomeProcessing that sums the items' SCORE")
    if maximum != len(items):
        problems.append(f"{label}:assessment.xml: SCORE's normalMaximum is {maximum}, not {len(items)}")
    if short != len(items) - 1:
        problems.append(f"{label}:assessment.xml: with one item unanswered the test totals {short:g}, not {len(items) - 1}")
    return problems


def check_dependencies_21(label: str, files: dict[str, bytes]) -> list[str]:
    """QTI 2.1: the manifest's test resource depends on exactly the item resources the test
    uses (its assessmentItemRefs, matched by href), and every dependency names a resource."""
    manifest = etree.fromstring(files["imsmanifest.xml"])
    where = f"{label}:imsmanifest.xml"
    cp = CP.strip("{}")
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    by_href = {r.get("href"): ident for ident, r in resources.items()}
    tests = [r for r in resources.values() if r.get("type") == "imsqti_test_xmlv2p1"]
    if len(tests) != 1:
        return [f"{where}: {len(tests)} test resources (imsqti_test_xmlv2p1), expected one"]
    test = tests[0]
    deps = {d.get("identifierref"): d.sourceline for d in test.iterfind(f"{{{cp}}}dependency")}
    used = {by_href.get(ref.get("href"), f"<no resource for {ref.get('href')}>"): ref.get("href")
            for ref in ET.fromstring(files[test.get("href")]).iter(f"{NS['21']}assessmentItemRef")}
    problems = [f"{where}:{test.sourceline}: the test resource does not depend on {ident} ({href}), which the test uses"
                for ident, href in used.items() if ident not in deps]
    problems += [f"{where}:{line}: the test depends on {ident}, which no resource has" for ident, line in deps.items()
                 if ident not in resources]
    problems += [f"{where}:{line}: the test depends on {ident}, which the test does not use" for ident, line in deps.items()
                 if ident in resources and ident not in used]
    return problems


def check_schemas(label: str, files: dict[str, bytes], version: str) -> list[str]:
    """Every file against the IMS schemas in course/export/schemas/: QTI 2.1, the manifest (IMS CP 1.1),
    the test and every item (QTI 2.1); QTI 1.2, the manifest (no QTI 1.2 schema is vendored)."""
    if version == "21":
        return qti_export.schema_problems(label, files, qti_export.QTI21_SCHEMAS)
    return qti_export.schema_problems(label, {"imsmanifest.xml": files["imsmanifest.xml"]},
                                      {qti_export.CP: qti_export.QTI21_SCHEMAS[qti_export.CP]})


# The tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_every_xml_file_is_well_formed(exports, version):
    files, path, _ = exports[version]
    assert not (problems := check_well_formed(path.name, files)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_href_is_in_the_zip(exports, version):
    files, path, _ = exports[version]
    assert not (problems := check_hrefs(path.name, files)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_file_matches_its_schema(exports, version):
    files, path, _ = exports[version]
    assert not (problems := check_schemas(path.name, files, version)), "\n".join(problems)


def test_qti21_test_totals_its_items_scores(exports):
    files, path, _ = exports["21"]
    assert not (problems := check_test_total_21(path.name, files)), "\n".join(problems)


def test_qti21_manifest_lists_the_tests_dependencies_on_its_items(exports):
    files, path, _ = exports["21"]
    assert not (problems := check_dependencies_21(path.name, files)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_items_match_the_banks(exports, version):
    files, path, _ = exports[version]
    assert BANKS, "quizzes/ holds no learners' banks"
    total = sum(len(questions_of(b)) for b in BANKS)
    assert len(items_in_order(files, version)) == total, f"{path.name}: expected {total} items, one per question in the learners' banks"
    assert not (problems := check_banks(path.name, files, version, BANKS)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_fit_to_import(exports, version):
    """A section per module, no Start here or contributor questions, items inline in QTI 1.2,
    option feedback shown, and a perfect answer scoring exactly 100."""
    files, path, _ = exports[version]
    assert not (problems := check_fit_to_import(path.name, files, version, BANKS)), "\n".join(problems)


@pytest.mark.parametrize("version", VERSIONS)
def test_identifiers_are_ncnames_and_unique(exports, version):
    files, path, _ = exports[version]
    idents = []
    for name, data in files.items():
        for el in ET.fromstring(data).iter():
            idents += [f"{name}: {el.get(a)}" for a in ("identifier", "ident") if el.get(a) is not None]
    bad = [i for i in idents if not NCNAME.fullmatch(i.split(": ", 1)[1])]
    assert not bad, f"{path.name}: identifiers that are not XML NCNames:\n" + "\n".join(bad)
    items = [i for i, _ in items_in_order(files, version)]
    assert len(set(items)) == len(items), f"{path.name}: duplicate item identifiers"


@pytest.mark.parametrize("version", VERSIONS)
def test_two_exports_are_byte_identical(exports, version):
    _, first, second = exports[version]
    a, b = read_zip(first), read_zip(second)
    differ = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    assert not differ, f"{first.name}: these files differ between two exports: {differ}"
    assert first.read_bytes() == second.read_bytes(), f"{first.name}: same files but the zip bytes differ"


@pytest.mark.parametrize("version", VERSIONS)
def test_no_comment_objective_tag_or_marker_reaches_the_lms(exports, version):
    files, path, _ = exports[version]
    leaks = [name for name, data in files.items() if b"<!--" in data or b"objective:" in data or b"{{" in data]
    assert not leaks, f"{path.name}: HTML comments or {{{{ ... }}}} markers leak into {leaks}"


def test_markers_are_filled_in_as_the_site_fills_them(tmp_path):
    """A route or guidance marker in a question reads as the site shows it, in both packs."""
    src = tmp_path / "quizzes"
    src.mkdir()
    bank = BANKS[0].read_text(encoding="utf-8")
    planted = bank.replace("<quiz>\n", "<quiz>\nUnder {{ guidance:kcsie:name }}:\n", 1)
    (src / BANKS[0].name).write_text(planted, encoding="utf-8")
    name = qti_export.coursedata.load_guidance()["kcsie"]["name"]
    qti_export.export(src, tmp_path / "out")
    for zip_name in VERSIONS.values():
        files = read_zip(tmp_path / "out" / zip_name)
        assert not [n for n, d in files.items() if b"{{" in d], f"{zip_name}: the planted marker was not filled in"
        assert any(f"Under {name}:".encode() in d for d in files.values()), f"{zip_name}: lacks {name!r}"
    (src / BANKS[0].name).write_text(planted.replace("kcsie:name", "no-such-guidance:name"), encoding="utf-8")
    with pytest.raises(qti_export.ExportError, match=rf"{BANKS[0].name}: markers that name nothing"):
        qti_export.export(src, tmp_path / "out2")


def item_xml(item: ET.Element) -> bytes:
    item.tail = None  # the whitespace after an item depends on its place in the section
    return ET.tostring(item)


def test_reordering_a_bank_keeps_every_item(tmp_path):
    """Identity comes from the question's text, not its position: reversed banks, same items."""
    src = tmp_path / "quizzes"
    src.mkdir()
    for bank in BANKS:
        text = bank.read_text(encoding="utf-8")
        # Each block is a question with the objective tag above it; reverse their order.
        blocks = re.findall(r"(?:<!--[^\n]*-->\n)?<quiz>.*?</quiz>\n?", text, re.DOTALL)
        assert len(blocks) == len(quizlint.lint_bank(bank)[0]), f"{bank.name}: could not split the bank to reorder it"
        (src / bank.name).write_text("\n".join(b.strip() for b in reversed(blocks)) + "\n", encoding="utf-8")
    original, reordered = tmp_path / "a", tmp_path / "b"
    qti_export.export(ROOT / "quizzes", original)
    qti_export.export(src, reordered)
    for name, version in zip(VERSIONS.values(), VERSIONS):
        a, b = read_zip(original / name), read_zip(reordered / name)
        items_a = {i: item_xml(el) for i, el in items_in_order(a, version)}
        items_b = {i: item_xml(el) for i, el in items_in_order(b, version)}
        assert sorted(items_a) == sorted(items_b), f"{name}: reordering changed item identifiers"
        changed = [i for i in items_a if items_a[i] != items_b[i]]
        assert not changed, f"{name}: reordering changed the content of {changed}"


# Self-tests: each check catches a planted defect ----------------------------------------------

def test_self_test_a_broken_manifest_href_is_caught(exports):
    files, path, _ = exports["12"]
    target = next(n for n in sorted(files) if n.startswith("assessments/"))
    broken = dict(files)
    broken["imsmanifest.xml"] = files["imsmanifest.xml"].replace(f'<file href="{target}"'.encode(), b'<file href="assessments/missing.xml"')
    problems = check_hrefs(path.name, broken)
    assert any("assessments/missing.xml" in p and path.name in p for p in problems), problems
    assert any(target in p and "not in imsmanifest" in p for p in problems), "the orphaned file should be reported too"


def test_self_test_malformed_xml_is_caught(exports):
    files, path, _ = exports["21"]
    broken = dict(files, **{"assessment.xml": files["assessment.xml"].replace(b"</assessmentTest>", b"")})
    problems = check_well_formed(path.name, broken)
    assert problems and "assessment.xml" in problems[0], problems


def _first_single_choice(files: dict[str, bytes], version: str) -> tuple[str, str, str]:
    """(file name, its text, the item identifier) of the first single-choice item."""
    for ident, item in items_in_order(files, version):
        options, correct, _ = answers_of(item, version)
        if len(correct) == 1 and len(options) > 1:
            name = next(n for n, d in sorted(files.items()) if f'"{ident}"'.encode() in d and n != "imsmanifest.xml"
                        and n != "assessment.xml" or (version == "12" and f'ident="{ident}"'.encode() in d))
            return name, files[name].decode(), ident
    raise AssertionError("no single-choice item to tamper with")


@pytest.mark.parametrize("version", VERSIONS)
def test_self_test_a_changed_correct_answer_is_caught(exports, version):
    files, path, _ = exports[version]
    name, text, ident = _first_single_choice(files, version)
    key = re.compile(rf">({ident}_[0-9a-f]{{8}})</(?:varequal|value)>")
    right = next(m.group(1) for m in key.finditer(text)
                 if version == "21" or text.count(f">{m.group(1)}<") == 2)  # 1.2: feedback rule and scoring rule
    wrong = next(i for i in re.findall(rf'(?:ident|identifier)="({ident}_[0-9a-f]{{8}})"', text) if i != right)
    start = text.index(f'"{ident}"')
    body = text[start:text.index("</item>", start)] if version == "12" else text
    tampered_body = body.replace(f"<setvar", "<setvar", 1)
    if version == "12":
        rule_at = body.rindex('continue="No"')
        tampered_body = body[:rule_at] + body[rule_at:].replace(f">{right}<", f">{wrong}<", 1)
    else:
        tampered_body = body.replace(f"<value>{right}</value>", f"<value>{wrong}</value>")
    tampered = dict(files, **{name: text.replace(body, tampered_body).encode()})
    bank = next(b for b in BANKS if ident.startswith(qti_export.bank_slug(b) + "_"))
    problems = check_banks(path.name, tampered, version, [bank])
    assert any(p.startswith(f"quizzes/{bank.name}:") for p in problems), problems


def test_self_test_unfit_qti12_is_caught(exports):
    files, path, _ = exports["12"]
    name = next(n for n in sorted(files) if n.startswith("assessments/"))
    text = files[name].decode()
    # 99.99 for a perfect answer, an option's feedback never shown, and an item from Start here.
    planted = text.replace("<setvar action=\"Set\" varname=\"SCORE\">100</setvar>",
                           "<setvar action=\"Set\" varname=\"SCORE\">99.99</setvar>", 1)
    planted = planted.replace('<displayfeedback feedbacktype="Response" linkrefid="', '<displayfeedback feedbacktype="Response" linkrefid="x', 1)
    planted = re.sub(r'<item ident="[a-z-]+_', '<item ident="start-here_', planted, count=1)
    problems = check_fit_to_import(path.name, dict(files, **{name: planted.encode()}), "12", BANKS)
    assert any("scores 99.99, not 100" in p for p in problems), problems
    assert any("never shown by a displayfeedback" in p for p in problems), problems
    assert any("start-here_" in p and "not from a learners' bank" in p for p in problems), problems


def test_self_test_qti21_that_scores_short_or_cannot_be_scored_is_caught(exports):
    files, path, _ = exports["21"]
    name = next(n for n in sorted(files) if n.startswith("items/"))
    text = files[name].decode()
    short = text.replace('<baseValue baseType="float">1</baseValue>', '<baseValue baseType="float">0.9999</baseValue>', 1)
    assert short != text, "the QTI 2.1 exporter changed; update this self-test"
    problems = check_fit_to_import(path.name, dict(files, **{name: short.encode()}), "21", BANKS)
    assert any("scores 0.9999, not full marks (1)" in p for p in problems), problems
    always = text.replace("<match>", "<not><isNull><variable identifier=\"SCORE\"/></isNull></not><match>", 1)
    always = re.sub(r"<match>\s*<variable identifier=\"RESPONSE\"/>\s*<correct identifier=\"RESPONSE\"/>\s*</match>", "", always, count=1)
    problems = check_fit_to_import(path.name, dict(files, **{name: always.encode()}), "21", BANKS)
    assert any("also scores full marks" in p for p in problems), problems
    unknown = text.replace("<match>", "<gt>", 1).replace("</match>", "</gt>", 1)
    problems = check_fit_to_import(path.name, dict(files, **{name: unknown.encode()}), "21", BANKS)
    assert any("cannot score <gt>" in p for p in problems), problems


@pytest.mark.parametrize("version", VERSIONS)
def test_self_test_feedback_on_the_wrong_option_is_caught(exports, version):
    """Two options' feedback swapped: each note is still in the item, but on the wrong option."""
    files, path, _ = exports[version]
    ns = NS[version]
    for ident, item in items_in_order(files, version):
        if version == "12":
            notes = [fb for fb in item.iter(f"{ns}itemfeedback") if fb.get("ident") != "general_fb"]
        else:
            notes = [li for li in item.iter(f"{ns}li") if li.find(f"{ns}strong") is not None]
        if len(notes) >= 2:
            break
    if version == "12":
        a, b = notes[0].get("ident"), notes[1].get("ident")
        notes[0].set("ident", b)
        notes[1].set("ident", a)
    else:
        strong_a, strong_b = notes[0].find(f"{ns}strong"), notes[1].find(f"{ns}strong")
        strong_a.text, strong_b.text = strong_b.text, strong_a.text
    name = next(n for n in sorted(files) if n.endswith(".xml") and f'"{ident}"'.encode() in files[n] and n != "imsmanifest.xml"
                and (version == "12" or n.startswith("items/")))
    root = ET.fromstring(files[name])
    target = next(el for el in root.iter() if el.get("ident", el.get("identifier")) == ident)
    if target is not root:
        parent = next(p for p in root.iter() if target in list(p))
        parent[list(parent).index(target)] = item
    else:
        root = item
    bank = next(b for b in BANKS if ident.startswith(qti_export.bank_slug(b) + "_"))
    problems = check_banks(path.name, dict(files, **{name: ET.tostring(root)}), version, [bank])
    assert sum("shows the feedback" in p for p in problems) == 2 and all(p.startswith(f"quizzes/{bank.name}:") for p in problems), problems


def test_self_test_an_itemref_and_a_merged_section_are_caught(exports):
    files, path, _ = exports["12"]
    name = next(n for n in sorted(files) if n.startswith("assessments/"))
    text = files[name].decode()
    planted = text.replace("<item ident=", '<itemref linkrefid="x" /><item ident=', 1).replace('_section" title="', '_section" title="Main ', 1)
    problems = check_fit_to_import(path.name, dict(files, **{name: planted.encode()}), "12", BANKS)
    assert any("itemref" in p for p in problems), problems
    assert any("expected one per module" in p for p in problems), problems


def test_self_test_start_here_and_contributor_banks_are_left_out(tmp_path):
    src = tmp_path / "quizzes"
    src.mkdir()
    for name in (*qti_export.NOT_FOR_LEARNERS, BANKS[0].name):
        if (ROOT / "quizzes" / name).exists():
            shutil.copy(ROOT / "quizzes" / name, src)
    _, banks = qti_export.export(src, tmp_path / "out")
    assert [b.path.name for b in banks] == [BANKS[0].name]


def test_self_test_a_quiz_the_extractor_drops_stops_the_export(tmp_path):
    """mkdocs-quiz's extractor skips a <quiz> with no options; the export must refuse, naming the bank."""
    src = tmp_path / "quizzes"
    src.mkdir()
    shutil.copy(BANKS[0], src)
    (src / "broken.md").write_text("<quiz>\nA question with no options at all?\n</quiz>\n", encoding="utf-8")
    with pytest.raises(qti_export.ExportError, match=r"broken\.md: quizlint finds 1 question\(s\) but .* reads 0"):
        qti_export.export(src, tmp_path / "out")


def test_self_test_a_comment_inside_a_quiz_does_not_leak(tmp_path):
    src = tmp_path / "quizzes"
    src.mkdir()
    bank = BANKS[0].read_text(encoding="utf-8")
    (src / BANKS[0].name).write_text(bank.replace("<quiz>\n", "<quiz>\n<!-- objective: 9; recall -->\n", 1), encoding="utf-8")
    qti_export.export(src, tmp_path / "out")
    for name, version in zip(VERSIONS.values(), VERSIONS):
        files = read_zip(tmp_path / "out" / name)
        leaks = [n for n, data in files.items() if b"objective: 9" in data]
        assert not leaks, f"{name}: the planted comment leaks into {leaks}"
        assert not check_banks(name, files, version, [src / BANKS[0].name])


def test_self_test_a_test_that_does_not_total_is_caught(exports):
    """The plugin's own assessment test (a SCORE and no outcomeProcessing) totals 0; a player
    whose test weights the items, or totals another variable, is not scored by this reader."""
    files, path, _ = exports["21"]
    text = files["assessment.xml"].decode()
    bare = re.sub(r"\s*<outcomeProcessing>.*</outcomeProcessing>", "", text, flags=re.DOTALL)
    assert bare != text, "course/export/qti_export.py's test changed; update this self-test"
    problems = check_test_total_21(path.name, dict(files, **{"assessment.xml": bare.encode()}))
    assert any("a perfect attempt totals 0, not" in p and p.startswith(f"{path.name}:assessment.xml:") for p in problems), problems
    weighted = text.replace('<testVariables variableIdentifier="SCORE"/>', '<testVariables variableIdentifier="SCORE" weightIdentifier="W"/>')
    problems = check_test_total_21(path.name, dict(files, **{"assessment.xml": weighted.encode()}))
    assert any("cannot total <testVariables" in p for p in problems), problems


def test_self_test_missing_and_stray_dependencies_are_caught(exports):
    files, path, _ = exports["21"]
    text = files["imsmanifest.xml"].decode()
    first = re.search(r'<dependency identifierref="([^"]+)" />', text)
    assert first, "course/export/qti_export.py's manifest changed; update this self-test"
    planted = text.replace(first.group(0), '<dependency identifierref="no_such_item" />', 1)
    problems = check_dependencies_21(path.name, dict(files, **{"imsmanifest.xml": planted.encode()}))
    assert any(f"does not depend on {first.group(1)}" in p for p in problems), problems
    assert any(re.match(rf"{re.escape(path.name)}:imsmanifest.xml:\d+: the test depends on no_such_item, which no resource has", p)
               for p in problems), problems


@pytest.mark.parametrize("version", VERSIONS)
def test_self_test_a_file_its_schema_rejects_is_caught(exports, version):
    """An element a schema does not allow, in the manifest (both packs) and in an item (QTI 2.1):
    each is reported with the zip, the file and the line."""
    files, path, _ = exports[version]
    manifest = files["imsmanifest.xml"].decode().replace("<organizations />", "<organizations />\n  <course />", 1)
    planted = {"imsmanifest.xml": manifest.encode()}
    if version == "21":
        item = next(n for n in sorted(files) if n.startswith("items/"))
        planted[item] = files[item].replace(b"<itemBody>", b"<itemBody score=\"1\">", 1)
    problems = check_schemas(path.name, dict(files, **planted), version)
    line = manifest.splitlines().index("  <course />") + 1
    assert any(p.startswith(f"{path.name}:imsmanifest.xml:{line}:") for p in problems), problems
    if version == "21":
        assert any(p.startswith(f"{path.name}:{item}:") and "score" in p for p in problems), problems
