"""Two-column question | answer tables: each row a question."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS
from studyguide.read.conventions._wording import asks, without_number
from studyguide.read.pandoc import Node


class _TableReader(Reader):
    """Each row of a two-column table whose head names questions, or whose first cells mostly
    ask, is a question; its second cell, the answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] != "Table":
            return
        if tree.table_columns(block) != 2:
            return
        rows = tree.table_rows(block)
        header = " ".join(tree.plain_text(cell) for cell in tree.table_head(block))
        prompts = [tree.plain_text(row[0]) for row in rows if len(row) == 2]
        if not prompts or not (
            re.search(r"question|q\b|вопрос|pregunta|问题", header, re.I)
            or sum(map(asks, prompts)) * 2 > len(prompts)
        ):
            return
        line = tree.first_line([block]) or 0
        for row in rows:
            question, answer = row[0], row[1]
            text = [n for b in question for n in (b["c"] if b["t"] in TEXT_BLOCKS else [])]
            inlines, number = without_number(text)
            yield QuestionDraft(inlines, line, list(answer), number=number, original=[])


CONVENTION = Convention(
    name="table",
    describes="two-column question | answer tables",
    place=9,
    reader=_TableReader,
)
