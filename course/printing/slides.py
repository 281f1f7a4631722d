"""make slides (and make pdf): the session plans' slide decks, from the decks written in Markdown
beside the plans (docs/trainer/plans/decks/<plan>.md), in three forms:

  build/pdf/slides/<plan>.pdf     16:9, for projecting and printing (Marp CLI, Debian's chromium)
  build/pdf/slides/<plan>.html    one self-contained file that runs offline from the USB pack;
                                  press P for the presenter view with the speaker notes (Marp CLI)
  build/pdf/slides/<plan>.pptx    an editable PowerPoint file: a title and a text box of real text
                                  on each slide, the speaker notes in the notes pane (python-pptx)

A deck is Marp Markdown: slides separated by a line `---`, a `# heading` and a few short lines
on each, and the trainer's words in HTML comments, which Marp and this module make speaker
notes. `<!-- _class: activity -->` marks the slide that introduces an activity of the plan,
`<!-- _class: title -->` the opening slide. Facts and contacts come through the same markers as
pages ({{ route:ID:FIELD }}, {{ guidance:ID:FIELD }}, expanded by coursedata.expand_refs), and
<!-- course:local-contacts --> lists a school's own contacts from its config file
(make slides CONFIG=local.yml), so a local copy's contacts reach its slides.

Marp's own PPTX export is a picture of each slide, which nobody can edit; that is why the PPTX
is written here with python-pptx.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course import coursedata
from course.browser import CHROMIUM

ROOT = coursedata.ROOT
PLANS = ROOT / "docs" / "trainer" / "plans"
DECKS = PLANS / "decks"
HERE = Path(__file__).parent
MARP_DIR = HERE / "marp"                      # package.json and package-lock.json: npm ci
MARP = MARP_DIR / "node_modules" / ".bin" / "marp"
THEME = HERE / "deck-theme.css"
LOCAL_CONTACTS = "<!-- course:local-contacts -->"

# Comments that are Marp directives, not speaker notes.
DIRECTIVE = re.compile(r"^\s*_?(class|paginate|header|footer|backgroundColor|backgroundImage|color|style)\s*:", re.S)
COMMENT = re.compile(r"<!--(.*?)-->", re.S)


# Reading a deck ----------------------------------------------------------------------------------

@dataclass
class Block:
    kind: str          # "p", "bullet", "number", "quote" or "sub" (a second heading)
    text: str          # inline Markdown
    level: int = 0
    number: int = 0


@dataclass
class Slide:
    number: int
    line: int          # where the slide starts in the deck's file
    kind: str          # "title", "activity" or "content"
    heading: str
    blocks: list[Block] = field(default_factory=list)
    notes: str = ""
    markdown: str = ""  # the slide as written, comments and all


@dataclass
class Deck:
    path: Path
    meta: dict
    slides: list[Slide]
    markdown: str      # the whole deck, markers expanded: what Marp renders
    unknown: list[str]  # markers that named nothing


def _escape(value: str) -> str:
    """A local contact's value as plain text in Markdown: nothing in it becomes markup."""
    return re.sub(r"([\\`*_\[\]{}<>#|!&])", r"\\\1", str(value))


def local_contacts_markdown(local: dict | None) -> str:
    """A school's own contacts as bullets, or, in a copy with none, lines for the trainer to fill
    in (the PPTX is editable; the page "reporting routes" says where to find them)."""
    if not local or not local.get("contacts"):
        return "\n".join(f"- {role}: ______" for role in (
            "Our designated safeguarding lead", "Our deputy", "Children's social care (front door or MASH)",
            "LADO or its equivalent"))
    lines = []
    for contact in local["contacts"]:
        parts = [contact.get(key) for key in ("name", "phone", "email", "url") if contact.get(key)]
        lines.append(f"- {_escape(contact['role'])}: {_escape(', '.join(str(p) for p in parts)) or '______'}")
    return "\n".join(lines)


def expand(text: str, local: dict | None = None, data_dir: Path = coursedata.DATA) -> tuple[str, list[str]]:
    text, unknown = coursedata.expand_refs(text, data_dir=data_dir)
    return text.replace(LOCAL_CONTACTS, local_contacts_markdown(local)), unknown


def split_slides(text: str) -> list[tuple[int, str]]:
    """(first line number, Markdown) of each slide, after the front matter."""
    _, start = coursedata.split_front_matter(text)
    slides, current, first = [], [], start
    for number, line in enumerate(text.splitlines()[start - 1:], start=start):
        if line.strip() == "---":
            slides.append((first, "\n".join(current)))
            current, first = [], number + 1
        else:
            current.append(line)
    slides.append((first, "\n".join(current)))
    out = []
    for line, body in slides:
        if body.strip():  # the slide's line is its first line with something on it
            lead = len(body) - len(body.lstrip("\n"))
            out.append((line + body[:lead].count("\n"), body))
    return out


def parse_slide(number: int, line: int, markdown: str) -> Slide:
    notes, kind = [], "content"
    for comment in COMMENT.findall(markdown):
        if DIRECTIVE.match(comment):
            found = re.search(r"_?class\s*:\s*(\w+)", comment)
            if found and found.group(1) in ("title", "activity"):
                kind = found.group(1)
        else:
            notes.append(" ".join(comment.split()))
    body = COMMENT.sub("", markdown)
    slide = Slide(number, line, kind, "", notes="\n".join(notes), markdown=markdown)
    paragraph: list[str] = []

    def flush():
        if paragraph:
            slide.blocks.append(Block("p", " ".join(paragraph)))
            paragraph.clear()

    counter = 0
    for raw in body.splitlines():
        text = raw.rstrip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", text)
        bullet = re.match(r"^(\s*)[-*]\s+(.*)$", text)
        numbered = re.match(r"^(\s*)(\d+)\.\s+(.*)$", text)
        quote = re.match(r"^>\s?(.*)$", text)
        if not text.strip():
            flush()
        elif heading:
            flush()
            if not slide.heading:
                slide.heading = heading.group(2).strip()
            else:
                slide.blocks.append(Block("sub", heading.group(2).strip()))
        elif bullet:
            flush()
            slide.blocks.append(Block("bullet", bullet.group(2).strip(), level=len(bullet.group(1)) // 2))
        elif numbered:
            flush()
            counter += 1
            slide.blocks.append(Block("number", numbered.group(3).strip(), level=len(numbered.group(1)) // 2,
                                      number=int(numbered.group(2))))
        elif quote:
            if slide.blocks and slide.blocks[-1].kind == "quote" and paragraph == [] and quote.group(1).strip():
                slide.blocks[-1].text += " " + quote.group(1).strip()
            elif quote.group(1).strip():
                slide.blocks.append(Block("quote", quote.group(1).strip()))
        elif slide.blocks and slide.blocks[-1].kind in ("bullet", "number") and raw.startswith("  ") and not paragraph:
            slide.blocks[-1].text += " " + text.strip()   # a list item's continued line
        else:
            paragraph.append(text.strip())
    flush()
    return slide


def read_deck(path: Path, local: dict | None = None, data_dir: Path = coursedata.DATA) -> Deck:
    text = path.read_text(encoding="utf-8")
    meta, _ = coursedata.split_front_matter(text)
    expanded, unknown = expand(text, local, data_dir)
    slides = [parse_slide(number, line, body)
              for number, (line, body) in enumerate(split_slides(expanded), start=1)]
    return Deck(path, meta, slides, expanded, unknown)


# Inline Markdown -----------------------------------------------------------------------------------

INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<em>[^*\s][^*]*?)\*|`(?P<code>[^`]+)`"
                    r"|\[(?P<link>[^\]]+)\]\((?P<href>[^)\s]+)\)|\\(?P<esc>.)")


def runs(text: str) -> list[tuple[str, dict]]:
    """Inline Markdown as (text, {"bold", "italic", "href"}) runs. Every word of the text stays:
    formatting changes how a run looks, never whether it is there."""
    out: list[tuple[str, dict]] = []
    at = 0
    for match in INLINE.finditer(text):
        if match.start() > at:
            out.append((text[at:match.start()], {}))
        if match.group("bold") is not None:
            out += [(t, {**style, "bold": True}) for t, style in runs(match.group("bold"))]
        elif match.group("em") is not None:
            out += [(t, {**style, "italic": True}) for t, style in runs(match.group("em"))]
        elif match.group("code") is not None:
            out.append((match.group("code"), {}))
        elif match.group("link") is not None:
            out.append((match.group("link"), {"href": match.group("href")}))
        else:
            out.append((match.group("esc"), {}))
        at = match.end()
    if at < len(text):
        out.append((text[at:], {}))
    return out


def plain(text: str) -> str:
    return "".join(t for t, _ in runs(text))


def room_text(slide: Slide) -> str:
    """Every word the room sees on a slide, as plain text: the heading and the blocks."""
    lines = [plain(slide.heading)] + [plain(block.text) for block in slide.blocks]
    return "\n".join(line for line in lines if line)


# Checks the tests and the build share ---------------------------------------------------------------

# A phrase with a hole where a word was: "As , decide", "consult the .", "( )", "to the ."
EMPTY_PHRASE = re.compile(r"(?:^|\s)[,.;:)](?=\s|$)|\(\s*\)|\b(?:the|a|an|to|of|and|or|as|with|by)\s+[,.;:](?=\s|$)", re.I | re.M)
WORD = re.compile(r"[A-Za-z0-9£][A-Za-z0-9'’£.%-]*[A-Za-z0-9%]|[A-Za-z0-9]")


def empty_phrases(text: str) -> list[str]:
    """Where a word has gone missing from a line of text (the fault of the old splitter)."""
    found = []
    for line in text.splitlines():
        if EMPTY_PHRASE.search(line):
            found.append(line.strip())
    return found


def words(text: str) -> list[str]:
    return [w.lower().strip(".") for w in WORD.findall(text.replace("’", "'")) if w.strip(".")]


def missing_words(expected: str, got: str) -> list[str]:
    """Words of `expected` that `got` does not hold (each as often as expected holds it)."""
    have: dict[str, int] = {}
    squashed = re.sub(r"\s+", "", got.lower())
    for word in words(got):
        have[word] = have.get(word, 0) + 1
    missing = []
    for word in words(expected):
        if have.get(word, 0) > 0:
            have[word] -= 1
        elif word not in squashed:  # a long address the PDF broke over two lines
            missing.append(word)
    return missing


# Rendering -----------------------------------------------------------------------------------------

def marp(markdown_files: list[Path], out_dir: Path, kind: str) -> None:
    """Marp CLI over the expanded decks: kind "pdf" or "html". It runs Debian's chromium
    (CHROME_PATH) and never downloads a browser."""
    if not MARP.exists():
        sys.exit(f"{MARP} is missing: run  make slides  (it installs Marp CLI with npm ci in {MARP_DIR.relative_to(ROOT)})")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    for source in markdown_files:
        out = out_dir / f"{source.stem}.{kind}"
        command = [str(MARP), str(source), "--no-config-file", "--no-stdin", "--quiet", "--bespoke.transition=false",
                   *(["--pdf", "--allow-local-files"] if kind == "pdf" else []), "-o", str(out), "--theme-set", str(THEME)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0 or not out.exists():
            sys.exit(f"Marp CLI could not make {out.name} from {source.name}:\n{result.stdout}{result.stderr}")


def marp_markdown(deck: Deck) -> str:
    """The deck as Marp reads it: the course's theme and 16:9, whatever the file says."""
    _, start = coursedata.split_front_matter(deck.markdown)
    body = "\n".join(deck.markdown.splitlines()[start - 1:])
    title = str(deck.meta.get("title", deck.path.stem)).replace('"', "'")
    return (f'---\nmarp: true\ntheme: course\nsize: 16:9\npaginate: true\nlang: en-GB\ntitle: "{title}"\n'
            f'footer: "{title}"\n---\n{body}\n')


EMU_PER_INCH = 914400


def write_pptx(deck: Deck, out: Path) -> Path:
    """An editable PowerPoint file: on each slide a title placeholder and a body placeholder of
    real text (bold, italics and links kept as runs), and the trainer's words in the notes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = Emu(int(13.333 * EMU_PER_INCH)), Emu(int(7.5 * EMU_PER_INCH))
    scale = prs.slide_width / old_width
    for shapes in [prs.slide_master.shapes] + [layout.shapes for layout in prs.slide_layouts]:
        for shape in shapes:  # the default template is 4:3: widen its placeholders to 16:9
            shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    prs.core_properties.title = str(deck.meta.get("title", deck.path.stem))
    prs.core_properties.author = "Safeguarding course for DSLs (CC BY-SA 4.0)"
    indigo = RGBColor(0x39, 0x49, 0xAB)
    for slide in deck.slides:
        layout = prs.slide_layouts[0 if slide.kind == "title" else 2 if slide.kind == "activity" else 1]
        page = prs.slides.add_slide(layout)
        page.shapes.title.text_frame.text = ""
        paragraph = page.shapes.title.text_frame.paragraphs[0]
        _add_runs(paragraph, slide.heading, Pt(40 if slide.kind != "content" else 36))
        if slide.kind == "activity":
            for run in paragraph.runs:
                run.font.color.rgb = indigo
        body = next((shape for shape in page.placeholders if shape.placeholder_format.idx == 1), None)
        if body is not None:
            frame = body.text_frame
            frame.word_wrap = True
            first = True
            for block in slide.blocks:
                p = frame.paragraphs[0] if first else frame.add_paragraph()
                first = False
                text = f"{block.number}. {block.text}" if block.kind == "number" else block.text
                p.level = block.level + (1 if block.kind in ("bullet", "number") and slide.kind == "content" and
                                         any(b.kind == "p" for b in slide.blocks) else 0)
                _add_runs(p, text, Pt(24 if slide.kind == "content" else 26),
                          italic=block.kind == "quote", bold=block.kind == "sub")
            if first:  # nothing to put in the body: remove the empty placeholder
                body._element.getparent().remove(body._element)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    out.parent.mkdir(parents=True, exist_ok=True)
    prs.save(out)
    return out


def _add_runs(paragraph, text: str, size, italic: bool = False, bold: bool = False) -> None:
    for words_, style in runs(text):
        run = paragraph.add_run()
        run.text = words_
        run.font.size = size
        if style.get("bold") or bold:
            run.font.bold = True
        if style.get("italic") or italic:
            run.font.italic = True
        if style.get("href"):
            run.hyperlink.address = style["href"]


def pptx_slides(path: Path) -> list[tuple[str, str]]:
    """(the slide's own text, its notes) for each slide of a PPTX, read back with python-pptx."""
    from pptx import Presentation

    out = []
    for page in Presentation(str(path)).slides:
        text = "\n".join(paragraph.text for shape in page.shapes if shape.has_text_frame
                         for paragraph in shape.text_frame.paragraphs)
        notes = page.notes_slide.notes_text_frame.text if page.has_notes_slide else ""
        out.append((text, notes))
    return out


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# Words of the trainer's own that the room must never see on a slide: they belong in the notes.
NOT_FOR_THE_ROOM = re.compile(r"\b(?:Facilitator|Trainer view|Read the content note aloud|Model answer|On a video call|"
                              r"If you are behind|Timing risks?)\b|\b(?:Say|Ask|Purpose):|<!--|-->")


def trainer_text(text: str) -> list[str]:
    return [match.group(0) for match in NOT_FOR_THE_ROOM.finditer(text)]


def source_problems(deck: Deck) -> list[str]:
    """What is wrong with a deck as written: each problem names the file and the slide's line."""
    where = deck.path.relative_to(ROOT) if deck.path.is_relative_to(ROOT) else deck.path
    problems = [f"{where}:1: markers that name nothing: {deck.unknown}"] if deck.unknown else []
    for slide in deck.slides:
        at = f"{where}:{slide.line}: slide {slide.number}"
        if not slide.heading:
            problems.append(f"{at} has no heading")
        if not slide.blocks:
            problems.append(f"{at} ({slide.heading!r}) is a heading alone: give it a line for the room")
        body = COMMENT.sub("", slide.markdown)
        if re.search(r"<[A-Za-z/][^>]*>", body):
            problems.append(f"{at} holds raw HTML ({re.search(r'<[A-Za-z/][^>]*>', body).group(0)}): "
                            "write plain Markdown, so every word reaches the PDF, the HTML and the PPTX")
        if found := trainer_text(room_text(slide)):
            problems.append(f"{at} shows the trainer's own words to the room: {found}; put them in a <!-- note -->")
        if found := empty_phrases(room_text(slide)):
            problems.append(f"{at} has a phrase with a word missing: {found}")
    return problems


def output_problems(deck: Deck, pdf: Path, pptx: Path) -> list[str]:
    """The made files against the deck: one page and one PPTX slide per slide, every word of
    each slide on its page and its PPTX slide, no phrase with a hole in it, no trainer text, and
    the speaker notes in the PPTX."""
    where = deck.path.relative_to(ROOT) if deck.path.is_relative_to(ROOT) else deck.path
    pages, shown = pdf_pages(pdf), pptx_slides(pptx)
    problems = []
    for name, got in (("PDF", pages), ("PPTX", [text for text, _ in shown])):
        if len(got) != len(deck.slides):
            problems.append(f"{where}: the {name} has {len(got)} slides, the deck {len(deck.slides)}")
    for slide, page, (text, notes) in zip(deck.slides, pages, shown):
        at = f"{where}:{slide.line}: slide {slide.number}"
        for name, got in (("PDF", page), ("PPTX", text)):
            if lost := missing_words(room_text(slide), got):
                problems.append(f"{at}: the {name} lost {lost}")
            if holes := empty_phrases(got):
                problems.append(f"{at}: the {name} has a phrase with a word missing: {holes}")
            if found := trainer_text(got):
                problems.append(f"{at}: the {name} shows the trainer's own words: {found}")
        if " ".join(notes.split()) != " ".join(slide.notes.split()):
            problems.append(f"{at}: the PPTX's speaker notes are not the deck's")
    return problems


def decks() -> list[Path]:
    return sorted(DECKS.glob("*.md"))


def build(out_dir: Path, local: dict | None = None, only: list[Path] | None = None) -> list[Path]:
    """Every deck (or `only` these) as PDF, HTML and PPTX in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="course-decks-"))
    made, sources = [], []
    try:
        for path in only or decks():
            deck = read_deck(path, local)
            if deck.unknown:
                sys.exit(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: markers that name nothing: {deck.unknown}")
            source = work / f"{path.stem}.md"
            source.write_text(marp_markdown(deck), encoding="utf-8")
            sources.append(source)
            made.append(write_pptx(deck, out_dir / f"{path.stem}.pptx"))
        for kind in ("pdf", "html"):
            marp(sources, out_dir, kind)
            made += [out_dir / f"{s.stem}.{kind}" for s in sources]
        problems = []
        for path in only or decks():
            deck = read_deck(path, local)
            problems += source_problems(deck) + output_problems(deck, out_dir / f"{path.stem}.pdf", out_dir / f"{path.stem}.pptx")
        if problems:
            sys.exit("make slides: the decks have problems:\n  " + "\n  ".join(problems))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return made


def main() -> int:
    """python -m course.printing.slides [OUT_DIR [CONFIG]]"""
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "pdf" / "slides").resolve()
    config_file = sys.argv[2] if len(sys.argv) > 2 else "mkdocs.yml"
    from course.printing.pdf import load_config

    local = ((load_config(ROOT / config_file).get("extra") or {}).get("local_contacts"))
    made = build(out_dir, local)
    for path in decks():
        deck = read_deck(path, local)
        print(f"{out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}/{path.stem}"
              f".pdf, .html, .pptx: {len(deck.slides)} slides")
    return 0 if made else 1


if __name__ == "__main__":
    sys.exit(main())
