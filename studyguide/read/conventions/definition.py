"""Definition lists: the term asks, the definition answers."""

from __future__ import annotations

from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._wording import without_number
from studyguide.read.pandoc import Node


class _DefinitionReader(Reader):
    """Each term of a definition list is a question, its definitions the answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] != "DefinitionList":
            return
        for term, definitions in block["c"]:
            inlines, number = without_number(term)
            answer = [b for definition in definitions for b in definition]
            line = tree.first_line([{"t": "Plain", "c": term}]) or tree.first_line([block]) or 0
            original = [{"t": "DefinitionList", "c": [[term, definitions]]}]
            yield QuestionDraft(inlines, line, answer, number=number, original=original)


CONVENTION = Convention(
    name="definition",
    describes="definition lists",
    place=10,
    reader=_DefinitionReader,
)
