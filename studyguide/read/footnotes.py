"""A fragment's footnotes -> a numbered mark where each stood, and the notes beneath it.

pandoc writes a document's footnotes at its end. A guide is turned into HTML as many
fragments (a question's stem, its answer, a section's introduction), each of which may be shown
on its own (a flashcard, a quiz item, a page of the practice edition), so each carries its
own notes: a superscript number where a note stood, numbered through the guide, and the
notes' text in a list after the fragment's last block. A note in a line of text that cannot
hold a list (a question's prompt, a choice, a section's title) is listed with the text that
follows it (the question's stem, the section's introduction).

No fragment's HTML then depends on another's, which is what lets a build keep each fragment's
HTML from one build to the next (pandoc.py).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from studyguide.read.tree import Node


@dataclass(frozen=True)
class Note:
    """A footnote's number in the guide and its blocks."""

    number: int
    blocks: list[Node]


@dataclass
class Numbering:
    """The guide's footnotes, numbered in the order their fragments are taken."""

    count: int = 0

    def taken(self, nodes: list[Node]) -> tuple[list[Node], list[Note]]:
        """A copy of some blocks or inlines with a numbered mark where each note stood, and
        the notes taken out, in order. The nodes themselves are left as they are."""
        if not _holds_a_note(nodes):
            return nodes, []
        notes: list[Note] = []
        marked: list[Node] = self._marked(copy.deepcopy(nodes), notes)
        return marked, notes

    def _marked(self, value: Any, notes: list[Note]) -> Any:
        if isinstance(value, list):
            return [self._marked(item, notes) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("t") == "Note":
            self.count += 1
            # A note inside a note is marked too, numbered after the one that holds it.
            note = Note(self.count, [])
            notes.append(note)
            note.blocks.extend(self._marked(value["c"], notes))
            return mark(note.number)
        if "c" in value:
            value["c"] = self._marked(value["c"], notes)
        return value


def with_notes(blocks: list[Node], notes: list[Note]) -> list[Node]:
    """Blocks followed by the list of some notes, if there are any."""
    return [*blocks, listing(notes)] if notes else blocks


def _holds_a_note(value: Any) -> bool:
    if isinstance(value, list):
        return any(_holds_a_note(item) for item in value)
    if isinstance(value, dict):
        return value.get("t") == "Note" or _holds_a_note(value.get("c"))
    return False


def mark(number: int) -> Node:
    """The superscript number where a note stood."""
    text: Node = {"t": "Str", "c": str(number)}
    return {"t": "Span", "c": [["", ["footnote-ref"], []], [{"t": "Superscript", "c": [text]}]]}


def listing(notes: list[Note]) -> Node:
    """The notes of a fragment as a list numbered from the first one's number."""
    items = [note.blocks or [{"t": "Plain", "c": []}] for note in notes]
    style = [notes[0].number, {"t": "Decimal"}, {"t": "Period"}]
    numbered: Node = {"t": "OrderedList", "c": [style, items]}
    return {"t": "Div", "c": [["", ["footnotes"], []], [numbered]]}
