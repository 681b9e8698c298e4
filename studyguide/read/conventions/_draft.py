"""The sections and questions of a guide while their blocks are gathered (never leave parsing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from studyguide.model import Reading
from studyguide.read.pandoc import Node


@dataclass
class Draft:
    """A section or question while its blocks are gathered (it never leaves parsing)."""

    heading: list[Node]
    line: int
    blocks: list[Node] = field(default_factory=list)
    questions: list[Draft] = field(default_factory=list)
    after: list[Node] = field(default_factory=list)  # a section's blocks after its questions
    misplaced: list[Node] = field(default_factory=list)  # answer lists not indented under it
    number: int | None = None  # the author's number for a question
    labelled: bool = False  # the author marked it as a unit: "**Q3.**", "**1)**"
    named: bool = False  # the author's mark calls it a question: "**Q3.**", "Question 3:"
    original: list[Node] = field(default_factory=list)  # the unit's own blocks, as written
    stem: list[Node] = field(default_factory=list)  # a question's own blocks: its task, code
    reading: Reading | None = None  # how a section was read


@dataclass
class Segmented:
    """A guide cut into what comes before the first section, and the sections."""

    intro: list[Node]
    sections: list[Draft]
