"""What a convention declares: its record, and the reader that finds its questions in a section.

Each module of this folder that is not private declares ``CONVENTION = Convention(...)``;
``__init__.py`` only collects them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from studyguide.read.conventions._draft import QuestionDraft, SectionDraft
from studyguide.read.conventions._outline import Part
from studyguide.read.pandoc import Node


@dataclass(frozen=True)
class Naming:
    """What the front matter says of the section a reader reads."""

    forced: bool = False  # it names this convention: every unit of its kind is a question
    pattern: re.Pattern[str] | None = None  # its line pattern: each unit that opens with it


class Reader:
    """How one convention recognises a question among a section's blocks and where its
    answer ends. ``units`` gives the questions a block starts, or blocks kept as text."""

    answer_follows = True  # False: the answer is nested in the question's own block
    # True: it also reads blocks inside an open <details> (others leave them to the answer)
    reads_inside_details = False

    def __init__(self, naming: Naming) -> None:
        self.forced = naming.forced  # the front matter names it: every unit of its kind counts

    def begin(self, blocks: list[Node]) -> None:
        """Look at the whole section before reading it block by block."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        """The questions a block starts, or blocks it gives back as text (none: not this kind)."""
        raise NotImplementedError

    def consumes(self, block: Node) -> bool:
        """Whether a block that gave no unit still belongs to the reading (an empty slot)."""
        return False

    def ends_answer(self, block: Node) -> bool:
        """Whether a block closes the open question's answer (a '</details>', a '<br>')."""
        return False

    def extends_answer(self, block: Node) -> bool:
        """Whether a block that starts nothing belongs to the open question's answer."""
        return True


@dataclass(frozen=True)
class Convention:
    """One way of writing questions: its name, what it looks like, and how it is read."""

    name: str  # what the front matter and --explain call it
    describes: str  # one line, for the error that lists what was looked for
    place: int  # where it stands when conventions are listed and tried, lowest first
    # Finds its questions among a section's blocks (all but 'heading' have one).
    reader: Callable[[Naming], Reader] | None = None
    # 'heading' only: a section of the part given, whose sub-headings are its questions;
    # the text says why it was read so, the flag that the front matter named it.
    heading_reader: Callable[[Part, str, bool], SectionDraft] | None = None
    # Whether the guide's blocks show the author marks every question this way: where one
    # does, only this convention's units are questions.
    marks_every_question: Callable[[list[Node]], bool] | None = None
    # Why a section was read so, for a convention that marks every question.
    explains: Callable[[list[QuestionDraft]], str] | None = None
    # A block that marks a unit of this convention wherever it stands: where the guide has
    # two, a unit alone in its section counts as marked too ('**1)**' … '**2)**').
    repeated_mark: Callable[[Node], bool] | None = None
    # Read only where the front matter gives a line pattern: never named, never tried.
    by_pattern_only: bool = False
