"""A guide's sections and questions while their blocks are gathered (they never leave parsing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from studyguide.model import Reading
from studyguide.read.pandoc import Node


@dataclass
class QuestionDraft:
    """A question while its blocks are gathered: the prompt, and what the author marked."""

    heading: list[Node]  # the prompt's inlines, without the author's number
    line: int
    blocks: list[Node] = field(default_factory=list)  # its answer (and own blocks, if any)
    misplaced: list[Node] = field(default_factory=list)  # answer lists not indented under it
    number: int | None = None  # the author's number
    labelled: bool = False  # the author marked it as a unit: "**Q3.**", "**1)**"
    named: bool = False  # the author's mark calls it a question: "**Q3.**", "Question 3:"
    original: list[Node] = field(default_factory=list)  # its own blocks, as written
    stem: list[Node] = field(default_factory=list)  # its own blocks apart: its task, code


@dataclass
class SectionDraft:
    """A section while its blocks are gathered: its title, text and questions."""

    heading: list[Node]  # the title's inlines, empty before the first heading
    line: int
    blocks: list[Node] = field(default_factory=list)  # its text before its questions
    questions: list[QuestionDraft] = field(default_factory=list)
    after: list[Node] = field(default_factory=list)  # its text after its questions
    reading: Reading | None = None  # how it was read, once it is
    named_by_author: bool = True  # False: the guide gives it no heading; studyguide names it


@dataclass
class Segmented:
    """A guide cut into what comes before the first section, and the sections."""

    intro: list[Node]
    sections: list[SectionDraft]
