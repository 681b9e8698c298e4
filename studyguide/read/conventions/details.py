"""``<details><summary>Question</summary> answer </details>`` blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Naming, Reader
from studyguide.read.conventions._details import (
    ANSWER_SUMMARY,
    DETAILS_CLOSE,
    DETAILS_START,
    details_summary,
    opened,
)
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._wording import without_number
from studyguide.read.pandoc import Node


class _DetailsReader(Reader):
    """A ``<details>`` block whose summary asks is a question, its body up to ``</details>`` the
    answer; a summary that names an answer ('Show answer') is no question."""

    reads_inside_details = True  # it counts them itself: one in an answer is a follow-up

    def __init__(self, naming: Naming) -> None:
        super().__init__(naming)
        self.summaries: set[int] = set()  # summaries read with the <details> line before them
        self.depth = 0  # <details> open inside the current question's: its follow-ups

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        opening = opened(block)
        if self.depth > 0 or id(block) in self.summaries:
            # a <details> inside an answer (a follow-up question) is part of that answer
            self.depth = max(0, self.depth + opening)
            return
        summary = details_summary(block)
        if summary is None and following is not None and _bare_details(block):
            # '<details>' alone, a blank line, then '<summary>…</summary>': one opening
            summary = details_summary(following)
            if summary is not None and not _opens_details(following):
                self.summaries.add(id(following))
            else:
                summary = None
        elif summary is not None and not _opens_details(block):
            return  # a summary without its <details>: not a question of this kind
        if summary is None or ANSWER_SUMMARY.match(summary):
            return
        inlines, number = without_number([{"t": "Str", "c": summary}])
        self.depth = max(0, opening)
        yield QuestionDraft(inlines, tree.line_of(block) or 0, number=number, original=[block])

    def consumes(self, block: Node) -> bool:
        return id(block) in self.summaries

    def ends_answer(self, block: Node) -> bool:
        return (
            self.depth == 0
            and block["t"] == "RawBlock"
            and bool(DETAILS_CLOSE.match(tree.raw_text(block)))
        )


def _bare_details(block: Node) -> bool:
    """Whether a block is a '<details>' line alone, its summary in the next block."""
    return block["t"] == "RawBlock" and bool(
        re.fullmatch(r"\s*<details\b[^>]*>\s*", tree.raw_text(block), re.IGNORECASE)
    )


def _opens_details(block: Node) -> bool:
    """Whether a raw block opens with '<details>'."""
    return block["t"] == "RawBlock" and bool(DETAILS_START.match(tree.raw_text(block).lstrip()))


CONVENTION = Convention(
    name="details",
    describes="<details><summary> blocks",
    place=5,
    reader=_DetailsReader,
)
