"""'Q: …' paragraphs, each followed by its answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS
from studyguide.read.pandoc import Node


class _QAReader(Reader):
    """A paragraph that 'Q:' or 'Question 3.' opens is a question; what follows, its answer."""

    PREFIX = re.compile(r"^\s*(?:q(?:uestion)?\s*(\d{1,4})?\s*[:.)])\s*", re.IGNORECASE)

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] not in TEXT_BLOCKS or not block["c"]:
            return
        inlines: list[Node] = tree.strip_positions(block["c"])
        if not inlines or inlines[0]["t"] != "Str":
            return
        match = self.PREFIX.match(inlines[0]["c"])
        if match is None or not (len(inlines) > 1 or inlines[0]["c"][match.end() :]):
            return
        rest = inlines[0]["c"][match.end() :]
        prompt = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
        while prompt and prompt[0]["t"] == "Space":
            prompt = prompt[1:]
        number = int(match.group(1)) if match.group(1) else None
        yield QuestionDraft(
            prompt, tree.first_line([block]) or 0, number=number, labelled=True, original=[block]
        )


CONVENTION = Convention(
    name="qa",
    describes="'Q:' paragraphs",
    place=6,
    reader=_QAReader,
)
