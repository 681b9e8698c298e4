"""Spaced-repetition cards: a question line, a line holding only '?', the answer (or one-line
and cloze cards)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS, card_split
from studyguide.read.pandoc import Node


class _CardReader(Reader):
    """A paragraph that is a card is a question: a '?' line, a one-line card's separator or a
    cloze deletion splits it into question and answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] not in TEXT_BLOCKS:
            return
        line = tree.first_line([block]) or 0
        split = card_split(block) or _one_line_card(block)
        if split is not None:
            prompt, answer = split
            yield QuestionDraft(prompt, line, answer, named=True, original=[block])
        elif CLOZE.search(tree.plain_text([block])):
            # '… {@{hidden}@} …': the sentence is the card, the blocks after it its answer
            yield QuestionDraft(
                _without_cloze_marks(block["c"]), line, named=True, original=[block]
            )


# Cloze deletions as spaced-repetition notes write them: '{@{text}@}', Anki's '{{c1::text}}'.
CLOZE = re.compile(r"\{@\{.+?\}@\}|\{\{c\d+::.+?\}\}")
CLOZE_MARK = re.compile(r"\{@\{|\}@\}|\{\{c\d+::|(?<=\S)\}\}")
# One-line cards: 'front ::@:: back', 'front :: back', 'front ;; back' (also reversed ':::').
ONE_LINE_CARD = re.compile(r"^(?P<front>\S.*?)\s+(?:::@::|:::|::|;;)\s+(?P<back>\S.*)$")


def _without_cloze_marks(inlines: list[Node]) -> list[Node]:
    """A cloze sentence with its deletions shown as plain text."""
    content: list[Node] = tree.strip_positions(inlines)
    return [
        {"t": "Str", "c": CLOZE_MARK.sub("", node["c"])} if node["t"] == "Str" else node
        for node in content
        if node["t"] != "Str" or CLOZE_MARK.sub("", node["c"])
    ]


def _one_line_card(block: Node) -> tuple[list[Node], list[Node]] | None:
    """A one-line card's front and back, split at its separator."""
    inlines: list[Node] = tree.strip_positions(block["c"])
    if any(node["t"] in {"SoftBreak", "LineBreak"} for node in inlines):
        return None
    for index, node in enumerate(inlines):
        if (
            node["t"] == "Str"
            and node["c"] in {"::@::", ":::", "::", ";;"}
            and 0 < index < len(inlines) - 2
            and inlines[index - 1]["t"] == "Space"
            and inlines[index + 1]["t"] == "Space"
        ):
            return inlines[: index - 1], [{"t": "Para", "c": inlines[index + 2 :]}]
    return None


CONVENTION = Convention(
    name="card",
    describes="cards with a '?' line between question and answer",
    place=7,
    reader=_CardReader,
)
