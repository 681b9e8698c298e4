"""A paragraph followed by its answer in a block quote."""

from __future__ import annotations

from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS
from studyguide.read.conventions._wording import without_number
from studyguide.read.pandoc import Node


class _QuoteReader(Reader):
    """A paragraph followed by a block quote is a question; the quote, its answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] in TEXT_BLOCKS and following is not None and following["t"] == "BlockQuote":
            inlines, number = without_number(block["c"])
            yield QuestionDraft(
                inlines, tree.first_line([block]) or 0, number=number, original=[block]
            )


CONVENTION = Convention(
    name="quote",
    describes="paragraphs answered in a block quote",
    place=8,
    reader=_QuoteReader,
)
