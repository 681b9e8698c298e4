"""A guide's saved text and its last reading -> the new reading, with only the sections that
changed read again: what the live preview does on each save.

A guide's text is cut at its '## ' headings (outside fenced code) into its head (front matter,
title, introduction) and its sections. When the head and every heading are as they were, each
section whose text changed is read on its own, as a guide of the head and that section alone,
with its lines where they are in the file, and its Section takes the old one's place; the
sections that did not change keep theirs, moved by the lines added or removed above them.
Anything else is read whole: a heading added, removed or renamed, the head changed, and
guides whose sections depend on each other (footnotes and link definitions, pictures,
multiple-choice answer keys, ':::' containers, headings that repeat) or whose sections are
not its '## ' headings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from studyguide.errors import Finding, GuideError
from studyguide.model import Guide, Section
from studyguide.read import normalize, parse

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
SECTION_HEADING = re.compile(r"^## ")
CODE_BLOCK = re.compile(r'\bid="cb(\d+)"')
CODE_BLOCK_ID = re.compile(r'\bid="cb(\d+)(?=["-])')
ANY_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
# What ties one section to another, or to the whole guide, so that it cannot be read alone.
TIED = re.compile(
    r"\[\^|^ {0,3}\[[^\]]+\]:|^ {0,3}:::|!\[|<img\b|\(@|^ {0,3}[^\s#].*\n {0,3}(?:=+|-+)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Parsed:
    """A guide's file as last read: its text, and what parsing made of it before the
    language was settled and the settings' defaults filled in."""

    text: str
    guide: Guide
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Outline:
    """A guide's text cut at its '## ' headings."""

    head: str  # everything before the first '## ' heading
    sections: tuple[tuple[int, str], ...]  # each section's first line (from 1) and its text

    def headings(self) -> list[str]:
        return [text.split("\n", 1)[0] for _, text in self.sections]


def outline(text: str) -> Outline:
    """The head and the sections of a guide's text; a '## ' inside fenced code is code."""
    lines = text.splitlines(keepends=True)
    starts = []
    fence = ""
    for number, line in enumerate(lines):
        fence, in_code = _fenced_line(fence, line)
        if not in_code and SECTION_HEADING.match(line):
            starts.append(number)
    ends = [*starts[1:], len(lines)] if starts else []
    head = "".join(lines[: starts[0]]) if starts else text
    return Outline(
        head,
        tuple(
            (start + 1, "".join(lines[start:end])) for start, end in zip(starts, ends, strict=True)
        ),
    )


def _fenced_line(fence: str, line: str) -> tuple[str, bool]:
    """The fence open after a line (its backticks or tildes, "" for none), and whether the
    line is part of fenced code."""
    opening = FENCE.match(line)
    if fence:
        closes = opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence)
        return ("" if closes else fence), True
    if opening:
        return opening.group(1), True
    return "", False


def code_blocks(text: str) -> int:
    """How many fenced code blocks a text holds."""
    count, fence = 0, ""
    for line in text.splitlines():
        was = fence
        fence, _ = _fenced_line(fence, line)
        count += bool(fence and not was)
    return count


def independent(text: str) -> bool:
    """Whether each section of a guide's text can be read without the others."""
    text = normalize.FRONT_MATTER.sub("", text, count=1)
    if TIED.search(text):
        return False
    # pandoc makes each heading's anchor from its letters and numbers, and numbers the anchors
    # that repeat in the order they come: headings alike in those are read whole.
    headings = [
        re.sub(r"[\W_]+", "", found.group(2).lower())
        for line in text.splitlines()
        if (found := ANY_HEADING.match(line))
    ]
    return len(headings) == len(set(headings))


def patched(previous: Parsed, text: str, language: str, *, max_image_bytes: int) -> Parsed | None:
    """The reading of ``text`` from ``previous`` with only the changed sections read again, or
    None when the guide must be read whole."""
    before, after = outline(previous.text), outline(text)
    old_sections = previous.guide.sections
    if not _same_outline(previous, before, after) or not independent(text):
        return None
    sections: list[Section] = []
    findings = [
        moved
        for finding in previous.findings
        if (moved := _moved_finding(finding, before, after)) is not None
    ]
    # pandoc numbers code blocks through the document ('cb1', 'cb2'...), and shows the number
    # of those it highlights: each section's are numbered on from the sections before it, which
    # can be counted only where every code block shows its number.
    opening = len(_numbers([previous.guide.intro_html]))
    if not _every_block_numbered(previous.guide, before):
        return None
    old_blocks = new_blocks = 0
    for old, (old_start, old_text), (start, new_text) in zip(
        old_sections, before.sections, after.sections, strict=True
    ):
        if old_text == new_text:
            section = _renumbered(_moved(old, start - old_start), new_blocks - old_blocks)
        else:
            read = _read_section(
                previous.guide, after.head, start, new_text, language,
                max_image_bytes=max_image_bytes,
            )  # fmt: skip
            if read is None or _numbers(_html_of(read[0])) != list(
                range(opening + 1, opening + 1 + code_blocks(new_text))
            ):
                return None
            section = _renumbered(_renamed(read[0], old.id), new_blocks)
            findings += read[1]
        old_blocks += _code_blocks(old)
        new_blocks += _code_blocks(section)
        sections.append(section)
    guide = replace(previous.guide, sections=tuple(sections), convention=_convention(sections))
    if any(question.choices for question in guide.questions):
        return None  # an answer key elsewhere may name its choices
    return Parsed(text, guide, tuple(sorted(findings, key=lambda finding: finding.line)))


def _same_outline(previous: Parsed, before: Outline, after: Outline) -> bool:
    """Whether the head and headings are as they were, and the last reading's sections are
    the '## ' sections of its text, independent of each other."""
    return (
        before.head == after.head
        and before.headings() == after.headings()
        and [section.line for section in previous.guide.sections]
        == [line for line, _ in before.sections]
        and independent(previous.text)
        and not any(question.choices for question in previous.guide.questions)
    )


def _read_section(
    guide: Guide, head: str, start: int, text: str, language: str, *, max_image_bytes: int
) -> tuple[Section, list[Finding]] | None:
    """One section read as a guide of the head and that section alone, its lines where they
    are in the file; None when it does not read as one section there."""
    padding = "\n" * (start - 1 - head.count("\n"))
    try:
        normalized = normalize.normalize_text(head + padding + text, guide.source)
        small, found = parse.parse_guide(
            normalized, guide.name, language, max_image_bytes=max_image_bytes
        )
    except GuideError:
        return None  # a section without questions, say: the whole guide's reading tells
    if len(small.sections) != 1 or small.sections[0].line != start:
        return None
    end = start + text.count("\n")
    inside = [
        finding
        for finding in (*normalized.findings, *found)
        if start <= finding.line < end and finding.path == guide.source
    ]
    return small.sections[0], inside


def _renamed(section: Section, section_id: str) -> Section:
    """A section under the id it has in the whole guide, where ids are unique across it."""
    questions = tuple(
        replace(question, id=parse.question_id(section_id, place))
        for place, question in enumerate(section.questions, start=1)
    )
    return replace(section, id=section_id, questions=questions)


def _html_of(section: Section) -> list[str]:
    parts = [section.title_html, section.intro_html, section.outro_html]
    for question in section.questions:
        parts += [question.prompt_html, question.stem_html, question.answer_html]
        parts += [choice.text_html for choice in question.choices]
    return parts


def _code_blocks(section: Section) -> int:
    return len(_numbers(_html_of(section)))


def _numbers(html: list[str]) -> list[int]:
    """The numbers pandoc gave the code blocks in some HTML, in order."""
    return [int(number) for part in html for number in CODE_BLOCK.findall(part)]


def _every_block_numbered(guide: Guide, before: Outline) -> bool:
    """Whether every fenced code block of the last reading shows its number, 1, 2, 3... in
    order: none that pandoc counted went unseen (a language it does not highlight, a block
    left out of the model)."""
    numbers = _numbers([guide.intro_html])
    if len(numbers) != code_blocks(before.head):
        return False
    for section, (_, text) in zip(guide.sections, before.sections, strict=True):
        found = _numbers(_html_of(section))
        if len(found) != code_blocks(text):
            return False
        numbers += found
    return numbers == list(range(1, len(numbers) + 1))


def _renumbered(section: Section, more: int) -> Section:
    """A section with its code blocks' numbers (pandoc's 'cb3', 'cb3-1'...) raised by ``more``."""
    if not more:
        return section

    def raised(html: str) -> str:
        return CODE_BLOCK_ID.sub(lambda found: f'id="cb{int(found.group(1)) + more}', html)

    questions = tuple(
        replace(
            question,
            prompt_html=raised(question.prompt_html),
            stem_html=raised(question.stem_html),
            answer_html=raised(question.answer_html),
        )
        for question in section.questions
    )
    return replace(
        section,
        title_html=raised(section.title_html),
        intro_html=raised(section.intro_html),
        outro_html=raised(section.outro_html),
        questions=questions,
    )


def _moved(section: Section, lines: int) -> Section:
    if not lines:
        return section
    questions = tuple(replace(q, line=q.line + lines) for q in section.questions)
    return replace(section, line=section.line + lines, questions=questions)


def _moved_finding(finding: Finding, before: Outline, after: Outline) -> Finding | None:
    """A finding of the last reading where it is now; None if it was in a changed section."""
    for (old_start, old_text), (start, new_text) in zip(
        before.sections, after.sections, strict=True
    ):
        if old_start <= finding.line < old_start + old_text.count("\n"):
            if old_text != new_text:
                return None
            return replace(finding, line=finding.line + start - old_start)
    return finding


def _convention(sections: list[Section]) -> str:
    """How most sections write their questions, as parsing decides it for the whole guide."""
    used = Counter(
        section.reading.convention
        for section in sections
        if section.reading is not None and section.questions
    )
    return used.most_common(1)[0][0] if used else "list"
