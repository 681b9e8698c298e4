"""The front matter's line pattern: each paragraph, list item or heading whose first line it
finds opens a question."""

from __future__ import annotations

from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Naming, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import ANY_BREAK, TEXT_BLOCKS, split_first_line
from studyguide.read.conventions._wording import without_number
from studyguide.read.pandoc import Node


class _PatternReader(Reader):
    """The front matter's line pattern: a paragraph, a list item or a heading whose first
    line it finds is a question, whatever it says; what follows is its answer."""

    def __init__(self, naming: Naming) -> None:
        super().__init__(naming)
        if naming.pattern is None:
            raise TypeError("the pattern convention reads only by the front matter's pattern")
        self.pattern = naming.pattern

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        line = tree.first_line([block]) or 0
        if block["t"] == "Header" and self.pattern.search(
            tree.plain_text(tree.heading_inlines(block))
        ):
            inlines, number = without_number(tree.heading_inlines(block))
            yield QuestionDraft(inlines, line, number=number, named=True, original=[block])
        elif block["t"] in TEXT_BLOCKS and self._opens(block["c"]):
            prompt, answer = split_first_line(block["c"], ANY_BREAK)
            inlines, number = without_number(prompt)
            yield QuestionDraft(inlines, line, answer, number=number, named=True, original=[block])
        elif block["t"] in tree.LISTS:
            yield from self._items(block, line)

    def _items(self, block: Node, line: int) -> Iterator[QuestionDraft | Node]:
        """A list's items, those the pattern opens as questions, the others as lists of one
        item; nothing if the pattern opens none."""
        items = tree.list_items(block)
        if not any(self._opens_item(item) for item in items):
            return
        for item in items:
            blocks = list(tree.unwrap(item))
            if self._opens_item(item):
                inlines, number = without_number(blocks[0]["c"])
                yield QuestionDraft(
                    inlines,
                    tree.first_line(item) or line,
                    blocks[1:],
                    number=number,
                    named=True,
                    original=[tree.list_with(block, [item])],
                )
            else:
                yield tree.list_with(block, [item])

    def _opens_item(self, item: list[Node]) -> bool:
        first = list(tree.unwrap(item))[:1]
        return bool(first) and first[0]["t"] in TEXT_BLOCKS and self._opens(first[0]["c"])

    def _opens(self, inlines: list[Node]) -> bool:
        first = split_first_line(inlines, ANY_BREAK)[0]
        return bool(self.pattern.search(tree.plain_text(first)))


CONVENTION = Convention(
    name="pattern",
    describes="units whose first line the front matter's pattern finds",
    place=11,
    reader=_PatternReader,
    by_pattern_only=True,
)
