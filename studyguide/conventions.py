"""Top-level blocks of a guide -> its sections and questions, by the guide's convention.

Study guides mark their questions up in one of four ways, and each guide is read by one:

- ``list``: each top-level item of a numbered list (or of a bullet list of questions) under
  a section is a question; the blocks nested in the item are its answer.
- ``heading``: headings that are numbered (``1.``, ``1)``, ``Q1``, ``Q:``) or end with ``?``;
  the answer is everything up to the next question or section.
- ``bold``: paragraphs that are entirely bold; the answer runs to the next question, section
  or ``<br/>`` line.
- ``details``: ``<details><summary>Question</summary> answer </details>`` blocks.

The convention is detected per guide, or named in front matter (``questions: heading``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from studyguide import tree
from studyguide.pandoc import Node

CONVENTIONS = ("list", "heading", "bold", "details")
DESCRIPTIONS = {
    "list": "numbered list items under '##' sections",
    "heading": "numbered or '?'-ending headings",
    "bold": "paragraphs that are entirely bold",
    "details": "<details><summary> blocks",
}
NUMBERED = re.compile(r"^\s*(?:\d+\s*[.)]|Q\s*\d+\s*[.:)]?|Q\s*:)\s*\S", re.IGNORECASE)
QUESTION_WORDS = re.compile(
    r"^(what|why|how|when|where|which|who|whom|whose|tell|describe|explain|give|talk|share|"
    r"walk|imagine|name|list|compare|discuss|define|outline|present|can|could|do|does|did|"
    r"is|are|was|were|have|has|would|should|will|if|in what|suppose)\b",
    re.IGNORECASE,
)
DETAILS_OPEN = re.compile(
    r"^\s*<details\b[^>]*>\s*<summary\b[^>]*>(.*?)</summary>\s*(?:<p>\s*)?$",
    re.DOTALL | re.IGNORECASE,
)
DETAILS_CLOSE = re.compile(r"^\s*(?:</p>\s*)?</details>\s*$", re.IGNORECASE)
ANSWER_MARKER = re.compile(r"^\s*<br\s*/?>\s*$", re.IGNORECASE)
ANSWER_SUMMARY = re.compile(r"^(show |see |the )?(answer|solution|explanation)s?\b", re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")


@dataclass
class Draft:
    """A section or question while its blocks are gathered (it never leaves parsing)."""

    heading: list[Node]
    line: int
    blocks: list[Node] = field(default_factory=list)
    questions: list[Draft] = field(default_factory=list)
    after: list[Node] = field(default_factory=list)  # a section's blocks after its questions
    misplaced: list[Node] = field(default_factory=list)  # answer lists not indented under it


@dataclass
class Segmented:
    """A guide cut into what comes before the first section, and the sections."""

    intro: list[Node]
    sections: list[Draft]


def detect(blocks: list[Node]) -> tuple[str, Segmented]:
    """The convention a guide is written in, and the guide cut by it.

    The strongest signal wins, lists by default; each convention cuts the guide once.
    """
    cuts = {name: segment(blocks, name) for name in CONVENTIONS}
    counts = {name: sum(len(s.questions) for s in cut.sections) for name, cut in cuts.items()}
    for name in ("heading", "bold", "details"):
        if counts[name] >= 2 and counts[name] >= counts["list"] / 4:
            return name, cuts[name]
    return "list", cuts["list"]


def segment(blocks: list[Node], convention: str) -> Segmented:
    """Cut the blocks into sections of questions according to one convention."""
    reader = _READERS[convention](blocks)
    intro: list[Node] = []
    sections: list[Draft] = []
    open_question: Draft | None = None  # the question whose answer the next block may extend
    for block in blocks:
        if reader.is_section(block):
            sections.append(Draft(block["c"][2], tree.line_of(block) or 0))
            open_question = None
            continue
        found = reader.questions(block)
        if found:
            if not sections:
                sections.append(Draft([{"t": "Str", "c": "Questions"}], found[0].line))
            sections[-1].questions.extend(found)
            open_question = found[-1]
            continue
        if reader.ends_answer(block):
            open_question = None
            continue
        if open_question is not None and reader.extends_answer(block):
            open_question.blocks.append(block)
            if not reader.answer_follows:
                open_question.misplaced.append(block)
            continue
        open_question = None
        if sections:
            section = sections[-1]
            (section.after if section.questions else section.blocks).append(block)
        else:
            intro.append(block)
    return Segmented(intro, sections)


class _Reader:
    """How one convention recognises sections, questions and the end of an answer."""

    answer_follows = True  # False: the answer is nested in the question's own block

    def __init__(self, blocks: list[Node]) -> None:
        self.blocks = blocks

    def is_section(self, block: Node) -> bool:
        return bool(block["t"] == "Header" and block["c"][0] <= 2)

    def questions(self, block: Node) -> list[Draft]:
        raise NotImplementedError

    def ends_answer(self, block: Node) -> bool:
        return False

    def extends_answer(self, block: Node) -> bool:
        return True


class _ListReader(_Reader):
    answer_follows = False

    def extends_answer(self, block: Node) -> bool:
        # A list right after a question's item but not indented under it: its answer, misplaced.
        return bool(block["t"] in tree.LISTS)

    def questions(self, block: Node) -> list[Draft]:
        if block["t"] not in tree.LISTS:
            return []
        items = tree.list_items(block)
        if block["t"] == "BulletList" and not _mostly_questions(items):
            return []
        drafts = []
        for item in items:
            blocks = list(tree.unwrap(item))
            line = tree.first_line(item) or 0
            if blocks and blocks[0]["t"] in {"Para", "Plain"}:
                drafts.append(Draft(blocks[0]["c"], line, blocks[1:]))
            else:
                drafts.append(Draft([], line, blocks))
        return drafts


def _mostly_questions(items: list[list[Node]]) -> bool:
    texts = [tree.plain_text(list(tree.unwrap(item))[:1]) for item in items]
    questions = sum(text.endswith("?") or bool(QUESTION_WORDS.match(text)) for text in texts)
    return questions * 2 > len(texts)


class _HeadingReader(_Reader):
    def __init__(self, blocks: list[Node]) -> None:
        super().__init__(blocks)
        levels = Counter(
            block["c"][0]
            for block in blocks
            if block["t"] == "Header" and block["c"][0] >= 2 and _question_heading(block)
        )
        self.level = levels.most_common(1)[0][0] if levels else 0
        # Sections are the shallower headings that each hold a few questions; a level with as
        # many headings as there are questions ("#### Answer: D") is part of the answers.
        shallower = Counter(
            block["c"][0]
            for block in blocks
            if block["t"] == "Header" and block["c"][0] < self.level
        )
        questions = levels[self.level] if levels else 0
        fitting = [level for level, count in shallower.items() if count * 2 <= questions]
        self.section_level = min(fitting, default=0)

    def is_section(self, block: Node) -> bool:
        return bool(block["t"] == "Header" and block["c"][0] == self.section_level)

    def questions(self, block: Node) -> list[Draft]:
        if block["t"] == "Header" and block["c"][0] == self.level and _question_heading(block):
            return [Draft(_without_number(block["c"][2]), tree.line_of(block) or 0)]
        return []


def _question_heading(block: Node) -> bool:
    text = tree.plain_text(block["c"][2])
    return bool(NUMBERED.match(text)) or text.rstrip().endswith("?")


def _without_number(inlines: list[Node]) -> list[Node]:
    """A heading's inlines without its leading '12.', '3)', 'Q4:' or 'Q:'."""
    content: list[Node] = tree.strip_positions(inlines)
    if (
        content
        and content[0]["t"] == "Str"
        and re.fullmatch(r"(?:\d+[.)]|Q\d*[.:)]?|Q:)", content[0]["c"], re.I)
    ):
        content = content[1:]
        while content and content[0]["t"] == "Space":
            content = content[1:]
    return content


class _BoldReader(_Reader):
    def questions(self, block: Node) -> list[Draft]:
        if block["t"] in {"Para", "Plain"}:
            content = [
                node for node in tree.unwrap(block["c"]) if node["t"] not in {"Space", "SoftBreak"}
            ]
            if len(content) == 1 and content[0]["t"] == "Strong":
                return [Draft(content[0]["c"], tree.first_line([block]) or 0)]
        return []

    def ends_answer(self, block: Node) -> bool:
        return bool(block["t"] == "RawBlock" and ANSWER_MARKER.match(block["c"][1]))


class _DetailsReader(_Reader):
    def questions(self, block: Node) -> list[Draft]:
        summary = details_summary(block)
        if summary is None or ANSWER_SUMMARY.match(summary):
            return []
        return [Draft([{"t": "Str", "c": summary}], tree.line_of(block) or 0)]

    def ends_answer(self, block: Node) -> bool:
        return bool(block["t"] == "RawBlock" and DETAILS_CLOSE.match(block["c"][1]))


def details_summary(block: Node) -> str | None:
    """The text of a ``<details><summary>`` opening block, or None for any other block."""
    if block["t"] != "RawBlock" or block["c"][0] != "html":
        return None
    match = DETAILS_OPEN.match(block["c"][1])
    if match is None:
        return None
    return " ".join(TAGS.sub("", match.group(1)).split())


_READERS: dict[str, Callable[[list[Node]], _Reader]] = {
    "list": _ListReader,
    "heading": _HeadingReader,
    "bold": _BoldReader,
    "details": _DetailsReader,
}
