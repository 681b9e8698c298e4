"""A normalized guide's pandoc AST -> model.Guide.

Noise (copied tables of contents, badges, MDX lines...) is taken away first; the guide's
convention (see conventions/) then cuts it into sections and questions. All the HTML
of a guide is made by one pandoc call.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studyguide.errors import Finding, GuideError
from studyguide.model import Choice, Guide, Image, Question, Reading, Section
from studyguide.read import containers, conventions, footnotes, tree
from studyguide.read.conventions import CONVENTIONS, DESCRIPTIONS, QuestionDraft, SectionDraft
from studyguide.read.gist import key_points
from studyguide.read.noise import without_noise
from studyguide.read.normalize import NormalizedGuide
from studyguide.read.pandoc import Node
from studyguide.read.sanitize import sanitize

HOW_TO_WRITE = "write '## Section' headings with numbered questions ('1. …') under them"
PLACEHOLDER = re.compile(r"^(answer here|todo|tbd|to do|coming soon|fixme|\.\.\.|…)[.!]?$", re.I)
RAW_H1_START = re.compile(r"<h1\b", re.I)
RAW_H1_END = re.compile(r"</h1>", re.I)
# An HTML tag, cut at the next '<' too: "<<<…" is then not scanned to its end once per '<'.
TAG = re.compile(r"<[^<>]+>")


def parse_guide(
    normalized: NormalizedGuide,
    name: str,
    language: str,
    *,
    chapter: bool = False,
    max_image_bytes: int = 10_000_000,
) -> tuple[Guide, tuple[Finding, ...]]:
    """Build the Guide from a normalized document; raise GuideError if it holds no questions.

    A ``chapter`` of a book needs no title: its '#' heading, or else its file name, is the
    title of its section, unless it has '##' sections of its own.
    """
    source, meta = normalized.source, normalized.front_matter
    findings: list[Finding] = []
    blocks = containers.resolve(without_noise(tree.unwrap(normalized.document["blocks"])))
    if chapter:
        blocks = _chapter_sections(blocks, source)

    title = _guide_title(blocks, meta, source, chapter=chapter, findings=findings)
    segmented = conventions.read(blocks, _forced_conventions(meta, source, findings))
    for section in segmented.sections:
        _keep_bad_prompts_as_text(section, source, findings)
        findings.extend(_misplaced_lists(section, source))
    if not any(section.questions for section in segmented.sections):
        raise GuideError(
            f"no questions found (looked for {'; '.join(DESCRIPTIONS.values())})",
            f"run 'studyguide questions --explain {source}' to see how each section was read",
            source,
            tree.first_line(blocks) or 1,
        )
    used = Counter(
        section.reading.convention
        for section in segmented.sections
        if section.reading is not None and section.questions
    )
    convention = used.most_common(1)[0][0] if used else "list"
    guide = _render(
        normalized,
        name=name,
        title=title,
        meta=meta,
        language=language,
        intro=segmented.intro,
        sections=segmented.sections,
        convention=convention,
        findings=findings,
        max_image_bytes=max_image_bytes,
    )
    return guide, tuple(findings)


def explain_guide(normalized: NormalizedGuide) -> list[tuple[str, Reading]]:
    """How each section of a guide is read: its title and the reading chosen for it."""
    findings: list[Finding] = []
    blocks = containers.resolve(without_noise(tree.unwrap(normalized.document["blocks"])))
    _title_heading(blocks)
    forced = _forced_conventions(normalized.front_matter, normalized.source, findings)
    segmented = conventions.read(blocks, forced)
    return [
        (tree.plain_text(section.heading), section.reading)
        for section in segmented.sections
        if section.reading is not None
    ]


def _guide_title(
    blocks: list[Node],
    meta: dict[str, Any],
    source: Path,
    *,
    chapter: bool,
    findings: list[Finding],
) -> str:
    """The guide's title: its front matter's, its '#' heading's (taken out of the blocks),
    a raw HTML <h1>'s, or its file name's, told as a finding unless it is a chapter's."""
    heading = _title_heading(blocks)
    title = str(meta.get("title") or "")
    title = title or (tree.plain_text(tree.heading_inlines(heading)) if heading else "")
    title = title or _title_from_raw_html(blocks)
    if title:
        return title
    title = title_from_file(source)
    if not chapter:  # a chapter's title is its section's; only a whole guide needs one
        findings.append(
            Finding(
                source, 1, f"the guide has no title; calling it '{title}' (add a '# Title' line)"
            )
        )
    return title


def _title_heading(blocks: list[Node]) -> Node | None:
    """The first block, taken out, if it is a '#' heading that titles the guide."""
    first_is_h1 = bool(blocks) and blocks[0]["t"] == "Header" and tree.heading_level(blocks[0]) == 1
    return blocks.pop(0) if first_is_h1 and not _asks_among_h1(blocks) else None


def _misplaced_lists(section: SectionDraft, source: Path) -> list[Finding]:
    """A finding for each question whose answer list was not indented under it."""
    return [
        Finding(
            source,
            tree.first_line(question.misplaced) or question.line,
            f"a list after question {number} is not indented under it; "
            "read as its answer (indent it to say so)",
        )
        for number, question in enumerate(section.questions, start=1)
        if question.misplaced
    ]


def _asks_among_h1(blocks: list[Node]) -> bool:
    """Whether the first '#' heading is a question among others, not the guide's title:
    it asks, and so do other '#' headings, or the next heading continues its numbering."""
    text = tree.plain_text(tree.heading_inlines(blocks[0]))
    if not conventions.asks(text):
        return False
    headings = [tree.plain_text(tree.heading_inlines(b)) for b in blocks[1:] if b["t"] == "Header"]
    others = [b for b in blocks[1:] if b["t"] == "Header" and tree.heading_level(b) == 1]
    number = conventions.author_number(text)
    continued = (
        number is not None
        and bool(headings)
        and conventions.author_number(headings[0]) == number + 1
    )
    return continued or any(
        conventions.asks(tree.plain_text(tree.heading_inlines(b))) for b in others
    )


def _forced_conventions(
    meta: dict[str, Any], source: Path, findings: list[Finding]
) -> conventions.Forced:
    """The conventions the front matter names, under 'studyguide:' or as the flat shorthand.

    A value of another kind was written for another tool (a quiz's "questions: 10" counts its
    own questions): it is reported and otherwise ignored."""
    own = meta.get("studyguide")
    named = own.get("questions") if isinstance(own, dict) else meta.get("questions")
    if named is None:
        return conventions.Forced()
    if isinstance(named, str) and named in CONVENTIONS:
        return conventions.Forced(default=named)
    if isinstance(named, dict) and set(named) == {"pattern"}:
        return conventions.Forced(pattern=_line_pattern(named["pattern"], source))
    if isinstance(named, dict) and all(
        isinstance(value, str) and value in CONVENTIONS for value in named.values()
    ):
        per_section = tuple(
            (str(key), str(value)) for key, value in named.items() if key != "default"
        )
        default = named.get("default")
        return conventions.Forced(str(default) if default else None, per_section)
    findings.append(
        Finding(
            source,
            1,
            f"front matter 'questions: {named}' is not a question convention, so another "
            "tool's setting; ignored (studyguide reads 'studyguide: {questions: …}' with one of "
            f"{', '.join(CONVENTIONS)})",
        )
    )
    return conventions.Forced()


def _line_pattern(pattern: object, source: Path) -> re.Pattern[str]:
    """The front matter's 'pattern:' as a regular expression, or one line saying why not."""
    try:
        if not isinstance(pattern, str) or not pattern:
            raise re.error("give it as a quoted string")
        return re.compile(pattern, re.MULTILINE)
    except re.error as error:
        raise GuideError(
            f"the front matter's question pattern {str(pattern)[:60]!r} is not a regular "
            f"expression ({error})",
            "write it as in Python, for example pattern: '^Task \\d+'",
            source,
            1,
        ) from error


def _keep_bad_prompts_as_text(section: SectionDraft, source: Path, findings: list[Finding]) -> None:
    """A unit that cannot be a question (no words in it) stays as text where it stands."""
    kept: list[QuestionDraft] = []
    for question in section.questions:
        if any(character.isalnum() for character in tree.plain_text(question.heading)):
            kept.append(question)
            continue
        findings.append(
            Finding(
                source,
                question.line,
                "this item has no words, only punctuation or nothing; kept as text, "
                "not as a question (write the question's text, or remove the item)",
            )
        )
        nested = bool(question.original) and question.original[0]["t"] in tree.LISTS
        text = question.original + (question.misplaced if nested else question.blocks)
        (kept[-1].blocks if kept else section.blocks).extend(text)
    section.questions = kept


def _chapter_sections(blocks: list[Node], source: Path) -> list[Node]:
    """A chapter's blocks with a '##' section heading where the chapter has none of its own."""
    has_sections = any(b["t"] == "Header" and tree.heading_level(b) == 2 for b in blocks)
    if has_sections:
        return blocks
    heading: list[Node] = [{"t": "Str", "c": title_from_file(source)}]
    line = 1
    if blocks and blocks[0]["t"] == "Header" and tree.heading_level(blocks[0]) == 1:
        first = blocks.pop(0)
        heading, line = tree.heading_inlines(first), tree.line_of(first) or 1
    section = {"t": "Header", "c": [2, ["", [], [["data-pos", f"{line}:1-{line}:1"]]], heading]}
    return [section, *blocks]


def _title_from_raw_html(blocks: list[Node]) -> str:
    for block in blocks:
        if block["t"] == "Header":
            return ""
        if block["t"] == "RawBlock" and (heading := _raw_h1(tree.raw_text(block))) is not None:
            return " ".join(TAG.sub("", heading).split())
    return ""


def _raw_h1(html: str) -> str | None:
    """The inside of the first '<h1 …>…</h1>' in raw HTML, found in one pass.

    The same as searching for r"<h1\b[^>]*>(.*?)</h1>", which took quadratic time: with no
    '</h1>' after it, each '<h1' was scanned to the end again. Only the first '<h1' needs
    trying: a later one's tag ends no earlier, so no '</h1>' can follow it either.
    """
    start = RAW_H1_START.search(html)
    if start is None:
        return None
    tag_end = html.find(">", start.end())
    end = RAW_H1_END.search(html, tag_end + 1) if tag_end >= 0 else None
    return html[tag_end + 1 : end.start()] if end is not None else None


def title_from_file(source: Path) -> str:
    """'02-system-design.md' -> 'System design'; a README.md or index.md takes its folder's name."""
    stem = source.parent.name if source.stem.lower() in {"readme", "index"} else source.stem
    words = " ".join(re.sub(r"[-_]+", " ", re.sub(r"^\d+[-_. ]+", "", stem)).split())
    return words[:1].upper() + words[1:] if words else "Study guide"


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value or "")


Key = tuple[str, ...]


@dataclass
class _Fragments:
    """Every piece of a guide to turn into HTML, by the key of the place it goes, with the
    source line its findings point at. One pandoc call turns them all; each piece is then
    looked up by its key, so the order of the call does not matter to the assembly. Each
    piece carries its own footnotes (read/footnotes.py), numbered in the order pieces are
    added: the order a reader meets them."""

    blocks: dict[Key, list[Node]] = field(default_factory=dict)
    lines: dict[Key, int] = field(default_factory=dict)
    notes: footnotes.Numbering = field(default_factory=footnotes.Numbering)

    def add(self, key: Key, blocks: list[Node], line: int) -> None:
        self.blocks[key] = blocks
        self.lines[key] = line

    def add_blocks(self, key: Key, blocks: list[Node], line: int) -> None:
        """Blocks with their footnotes listed beneath them."""
        marked, notes = self.notes.taken(blocks)
        self.add(key, footnotes.with_notes(marked, notes), line)

    def add_section(self, section_id: str, section: SectionDraft) -> None:
        """A section's title, and its introduction with the title's footnotes beneath it."""
        title, above = self.notes.taken([_plain(section.heading)])
        intro, own = self.notes.taken(_clean(section.blocks))
        self.add((section_id, "title"), title, section.line)
        self.add((section_id, "intro"), footnotes.with_notes(intro, [*above, *own]), section.line)

    def add_question(self, question_id: str, draft: QuestionDraft, part: _Parts) -> None:
        """A question's prompt and choices, whose footnotes are listed beneath its stem, its
        stem and its answer."""
        prompt, above = self.notes.taken([_plain(draft.heading)])
        stem, own = self.notes.taken(_clean(part.stem))
        choices = [self.notes.taken([_plain(inlines)]) for _, _, inlines in part.choices]
        answer, below = self.notes.taken(part.answer)
        stem_notes = [*above, *own, *(note for _, notes in choices for note in notes)]
        self.add((question_id, "prompt"), prompt, draft.line)
        self.add((question_id, "stem"), footnotes.with_notes(stem, stem_notes), draft.line)
        self.add((question_id, "answer"), footnotes.with_notes(answer, below), draft.line)
        for place, (choice, _) in enumerate(choices):
            self.add((question_id, "choice", str(place)), choice, draft.line)

    def rendered(
        self, normalized: NormalizedGuide, max_image_bytes: int, findings: list[Finding]
    ) -> tuple[dict[Key, str], dict[str, Image]]:
        """Each piece's safe XHTML by its key, and the images they show, by address."""
        keys = list(self.blocks)
        raw_html = normalized.html_of([self.blocks[key] for key in keys])
        folder = normalized.source.parent
        html: dict[Key, str] = {}
        images: dict[str, Image] = {}
        for key, fragment in zip(keys, raw_html, strict=True):
            clean = sanitize(fragment, folder, normalized.source, self.lines[key], max_image_bytes)
            findings.extend(clean.findings)
            images.update((image.href, image) for image in clean.images)
            html[key] = clean.xhtml
        return html, images


@dataclass(frozen=True)
class _Planned:
    """A question with the id it will have and its blocks sorted into their parts."""

    draft: QuestionDraft
    id: str
    place: int
    parts: _Parts


@dataclass(frozen=True)
class _Assembly:
    """What assembling each question reads: the HTML of every piece by its key, the answer
    key's letters by question number, and the file findings point into."""

    html: dict[Key, str]
    key: dict[int, str]
    source: Path
    findings: list[Finding]


def _render(
    normalized: NormalizedGuide,
    *,
    name: str,
    title: str,
    meta: dict[str, Any],
    language: str,
    intro: list[Node],
    sections: list[SectionDraft],
    convention: str,
    findings: list[Finding],
    max_image_bytes: int,
) -> Guide:
    """Turn every fragment into HTML in one pandoc call (which also writes the guide's
    Markdown) and assemble the Guide."""
    section_ids = unique_ids(
        slug(tree.plain_text(section.heading)) or "section" for section in sections
    )
    plan = [
        [
            _Planned(draft, question_id(section_id, place), place, _question_parts(draft))
            for place, draft in enumerate(section.questions, start=1)
        ]
        for section, section_id in zip(sections, section_ids, strict=True)
    ]
    fragments = _Fragments()
    fragments.add_blocks(("intro",), _clean(intro), tree.first_line(intro) or 1)
    for section, section_id, planned in zip(sections, section_ids, plan, strict=True):
        fragments.add_section(section_id, section)
        for question in planned:
            fragments.add_question(question.id, question.draft, question.parts)
        fragments.add_blocks((section_id, "after"), _clean(section.after), section.line)
    html, images = fragments.rendered(normalized, max_image_bytes, findings)

    assembly = _Assembly(html, _answer_key(sections), normalized.source, findings)
    built = tuple(
        _section(section, section_id, planned, assembly)
        for section, section_id, planned in zip(sections, section_ids, plan, strict=True)
    )
    return Guide(
        name=name,
        source=normalized.source,
        title=title,
        subtitle=str(meta.get("subtitle") or ""),
        author=_text(meta.get("author")),
        date=str(meta.get("date") or ""),
        language=str(meta.get("lang") or meta.get("language") or language),
        description=str(meta.get("description") or ""),
        intro_html=html["intro",],
        sections=built,
        convention=convention,
        images=tuple(images[href] for href in sorted(images)),
    )


def _section(
    section: SectionDraft,
    section_id: str,
    planned: list[_Planned],
    assembly: _Assembly,
) -> Section:
    """One section of the model, from its draft, its planned questions and their HTML."""
    return Section(
        id=section_id,
        title=tree.plain_text(section.heading),
        title_html=assembly.html[section_id, "title"],
        intro_html=assembly.html[section_id, "intro"],
        outro_html=assembly.html[section_id, "after"],
        questions=tuple(_question(question, assembly) for question in planned),
        line=section.line,
        source=assembly.source,
        reading=section.reading,
        named_by_author=section.named_by_author,
    )


def _answer_key(sections: list[SectionDraft]) -> dict[int, str]:
    """The letters an answer key at the guide's end gives, by question number, only where
    the number names one question."""
    numbers = Counter(q.number for section in sections for q in section.questions)
    return {
        number: letter
        for number, letter in conventions.answer_key(sections).items()
        if numbers[number] == 1
    }


def _question(planned: _Planned, assembly: _Assembly) -> Question:
    """One question of the model, from its draft, its parts and their HTML."""
    draft, answer, html, key = planned.draft, planned.parts.answer, assembly.html, assembly.key
    named = _named_answer(answer)
    if draft.number is not None and draft.number in key:
        named.add(key[draft.number])
    choices = tuple(
        Choice(
            label=label,
            text=tree.plain_text(inlines),
            text_html=html[planned.id, "choice", str(place)],
            correct=bool(checked) or (bool(label) and label.upper() in named),
        )
        for place, (label, checked, inlines) in enumerate(planned.parts.choices)
    )
    answer_text = tree.plain_text(answer).strip()
    placeholder = PLACEHOLDER.match(answer_text) is not None
    if placeholder:
        assembly.findings.append(
            Finding(
                assembly.source,
                draft.line,
                f"the answer is a placeholder ('{answer_text}'); the question counts as unanswered",
            )
        )
    return Question(
        id=planned.id,
        number=draft.number if draft.number is not None else planned.place,
        prompt=tree.plain_text(draft.heading),
        prompt_html=html[planned.id, "prompt"],
        stem_html=html[planned.id, "stem"],
        answer_html="" if placeholder else html[planned.id, "answer"],
        key_points=key_points(answer),
        line=draft.line,
        choices=choices,
    )


CORRECT = re.compile(
    r"\b(?:correct\s+)?answers?\s*(?:is)?\s*[:=-]\s*([A-H](?:\s*(?:,|and|&)\s*[A-H])*)\b",
    re.IGNORECASE,
)


Option = tuple[str, bool | None, list[Node]]


@dataclass(frozen=True)
class _Parts:
    """A question's own blocks (the code, data or sub-parts that pose it), its choices and
    its answer."""

    stem: list[Node]
    choices: list[Option]
    answer: list[Node]


def _question_parts(draft: QuestionDraft) -> _Parts:
    """Where a question's blocks belong: what comes before its choices, before an answer
    revealed in a <details> block, or a list of its sub-parts, is the question's own."""
    choices, before, after = _options([*draft.stem, *draft.blocks])
    if choices:
        return _Parts(before, choices, _answer_blocks(after))
    blocks = draft.blocks
    reveal = next((i for i, block in enumerate(blocks) if _reveals_answer(block)), None)
    if reveal is not None:
        return _Parts([*draft.stem, *blocks[:reveal]], [], _answer_blocks(blocks[reveal:]))
    own = 0
    while own < len(blocks) and conventions.is_sub_parts(blocks[own]):
        own += 1
    return _Parts([*draft.stem, *blocks[:own]], [], _answer_blocks(blocks[own:]))


def _reveals_answer(block: Node) -> bool:
    summary = conventions.details_summary(block)
    return summary is not None and bool(conventions.ANSWER_SUMMARY.match(summary))


def _options(blocks: list[Node]) -> tuple[list[Option], list[Node], list[Node]]:
    """A question's multiple-choice options (label, checked, inlines), and its other blocks
    before and after them.

    Options are the first list of lettered items or task boxes, or the first paragraph whose
    every line starts with a letter ('A) …', 'B. …')."""
    for index, block in enumerate(blocks):
        if block["t"] in tree.LISTS and conventions.is_choice_list(block):
            return _listed_choices(block), blocks[:index], blocks[index + 1 :]
        if block["t"] in {"Para", "Plain"}:
            lines = _lines(tree.strip_positions(block["c"]))
            parsed = [conventions.choice_of([{"t": "Plain", "c": line}]) for line in lines]
            if len(lines) >= 2 and all(choice and choice[0] for choice in parsed):
                return [c for c in parsed if c], blocks[:index], blocks[index + 1 :]
    return [], blocks, []


def _listed_choices(block: Node) -> list[Option]:
    """A list's items as options; an item without a letter of its own takes its place's."""
    ordered = block["t"] == "OrderedList"
    style = tree.list_style(block) if ordered else ""
    start = tree.list_start(block) if ordered else 1
    first_letter = ord("a" if style == "LowerAlpha" else "A") + start - 1
    found = []
    for offset, item in enumerate(tree.list_items(block)):
        choice = conventions.choice_of(item)
        if choice is None:
            first = list(tree.unwrap(item))[:1]
            inlines = tree.strip_positions(first[0]["c"]) if first else []
            choice = (chr(first_letter + offset), None, inlines)
        found.append(choice)
    return found


def _lines(inlines: list[Node]) -> list[list[Node]]:
    return [line for line in tree.lines(inlines) if line]


def _named_answer(answer: list[Node]) -> set[str]:
    """The letters an "Answer: B" or "Correct answer: D" line names."""
    text = tree.plain_text(answer)
    for block in answer:
        if block["t"] == "RawBlock":
            text += " " + TAG.sub(" ", tree.raw_text(block))
    return {
        letter.upper()
        for match in CORRECT.finditer(text)
        for letter in re.findall(r"[A-H]", match.group(1), re.IGNORECASE)
    }


def _answer_blocks(blocks: list[Node]) -> list[Node]:
    """An answer's blocks without the wrappers around it: answer-revealing <details>, rules."""
    kept = []
    for block in _clean(blocks):
        if block["t"] == "RawBlock":
            summary = conventions.details_summary(block)
            if summary is not None and conventions.ANSWER_SUMMARY.match(summary):
                continue
            if conventions.DETAILS_CLOSE.match(tree.raw_text(block)):
                continue
        kept.append(block)
    while kept and kept[-1]["t"] == "HorizontalRule":
        kept.pop()
    while kept and kept[0]["t"] == "HorizontalRule":
        kept.pop(0)
    return kept


def _clean(blocks: list[Node]) -> list[Node]:
    """Blocks without source positions, and headings without ids: the layouts give the ids,
    and ids made from heading text collide (a guide may have a hundred "Answer" headings)."""
    cleaned: list[Node] = tree.strip_positions(blocks)
    for node, _ in tree.walk(cleaned, blocks=True):
        if node["t"] == "Header":
            node["c"][1][0] = ""
    return cleaned


def _plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": tree.strip_positions(inlines)}


def slug(text: str) -> str:
    """A readable anchor from a heading: 'Data Science & AI' -> 'data-science-ai'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    joined = "-".join(words)[:60].strip("-")
    return f"s-{joined}" if joined[:1].isdigit() else joined


def unique_ids(candidates: Iterable[str]) -> list[str]:
    """Make ids unique in order of appearance: 'basics', 'basics-2', 'basics-3'..."""
    seen: dict[str, int] = {}
    ids = []
    for candidate in candidates:
        count = seen.get(candidate, 0) + 1
        seen[candidate] = count
        ids.append(candidate if count == 1 else f"{candidate}-{count}")
    return ids


def question_id(section_id: str, number: int) -> str:
    """A question's anchor: its section's id and its place there, 'databases-q3'."""
    return f"{section_id}-q{number}"


def parse_book(
    chapters: list[NormalizedGuide],
    folder: Path,
    name: str,
    language: str,
    *,
    max_image_bytes: int = 10_000_000,
) -> tuple[Guide, tuple[Finding, ...]]:
    """A book's chapters, each parsed as a guide of its own, bound into one Guide.

    The first chapter's front matter describes the book; each chapter's findings come in
    the order of its lines.
    """
    parsed = [
        parse_guide(chapter, name, language, chapter=True, max_image_bytes=max_image_bytes)
        for chapter in chapters
    ]
    title = str(chapters[0].front_matter.get("title") or title_from_file(folder / "index.md"))
    findings = tuple(
        finding
        for chapter, (_, parse_findings) in zip(chapters, parsed, strict=True)
        for finding in sorted((*chapter.findings, *parse_findings), key=lambda f: f.line)
    )
    return bind_chapters(folder, title, [guide for guide, _ in parsed]), findings


def bind_chapters(folder: Path, title: str, chapters: list[Guide]) -> Guide:
    """One Guide of several chapters' sections, with ids unique across the book."""
    sections = [section for chapter in chapters for section in chapter.sections]
    ids = unique_ids(section.id for section in sections)
    bound = tuple(
        replace(
            section,
            id=section_id,
            questions=tuple(
                replace(q, id=question_id(section_id, place))
                for place, q in enumerate(section.questions, start=1)
            ),
        )
        for section, section_id in zip(sections, ids, strict=True)
    )
    images = {image.href: image for chapter in chapters for image in chapter.images}
    return replace(
        chapters[0],
        source=folder,
        title=title,
        sections=bound,
        images=tuple(images[href] for href in sorted(images)),
    )
