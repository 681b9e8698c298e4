"""Numbered list items, or bullet lists of questions: each top-level item a question."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from studyguide.read import containers, tree
from studyguide.read.conventions._choices import is_choice_list
from studyguide.read.conventions._convention import Convention, Naming, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS, bold_lead, is_link_item
from studyguide.read.conventions._wording import ASKING_ANYWHERE, asks, without_number
from studyguide.read.pandoc import Node


class _ListReader(Reader):
    """Each top-level item of a numbered list, or of a bullet list whose items mostly ask, is a
    question; what the item holds under its first paragraph, its answer."""

    answer_follows = False

    def __init__(self, naming: Naming) -> None:
        super().__init__(naming)
        self.announced: set[int] = set()  # lists after a 'Questions:' or 'Tasks:' line

    def begin(self, blocks: list[Node]) -> None:
        for block, following in itertools.pairwise(blocks):
            if following["t"] in tree.LISTS and _announces_questions(block):
                self.announced.add(id(following))

    def extends_answer(self, block: Node) -> bool:
        # A list right after a question's item but not indented under it: its answer, misplaced.
        return bool(block["t"] in tree.LISTS) and not is_choice_list(block)

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] not in tree.LISTS or is_choice_list(block):
            return
        items = tree.list_items(block)
        announced = id(block) in self.announced
        questions = self.forced or announced or block["t"] != "BulletList"
        if not questions and not _mostly_questions(items):
            return
        for unit in self._items(block, items):
            if isinstance(unit, QuestionDraft) and announced:
                unit.named = True  # the line before the list says what its items are
            yield unit

    def _items(self, block: Node, items: list[list[Node]]) -> Iterator[QuestionDraft | Node]:
        start = tree.list_start(block) if block["t"] == "OrderedList" else None
        for index, item in enumerate(items):
            blocks = list(tree.unwrap(item))
            line = tree.first_line(item) or 0
            single = [tree.list_with(block, [item])]
            number = start + index if start is not None else None
            if blocks and blocks[0]["t"] == "Header":
                inlines, written = without_number(tree.heading_inlines(blocks[0]))
                yield QuestionDraft(
                    inlines, line, blocks[1:], number=written or number, original=single
                )
            elif blocks and blocks[0]["t"] in TEXT_BLOCKS:
                yield from _paragraph_item(blocks, line, number, single)
            else:
                yield QuestionDraft([], line, blocks, number=number, original=single)


def _paragraph_item(
    blocks: list[Node], line: int, number: int | None, single: list[Node]
) -> Iterator[QuestionDraft | Node]:
    """An item that opens with a paragraph: its question, or the item kept as text if a bold
    key and its value lead it ('**Total:** 50')."""
    lead = bold_lead(blocks[0])
    if lead is not None and lead[2] == "fact":
        yield from single
        return
    answer = blocks[1:]
    if lead is not None and lead[2] == "term":
        # "**What is X?** - [Learn from here](…)": the bold text asks, the rest answers
        rest = _after_bold(blocks[0], lead[1])
        answer = ([{"t": "Para", "c": rest}] if rest else []) + answer
    inlines = lead[0] if lead is not None and lead[2] != "whole" else blocks[0]["c"]
    inlines, written = without_number(inlines)
    yield QuestionDraft(
        inlines,
        line,
        answer,
        number=written or number,
        labelled=lead is not None,
        original=single,
    )


def _announces_questions(block: Node) -> bool:
    """A line that only names what follows as questions: 'Questions:', 'Tasks', 'Übungen:'."""
    if block["t"] not in TEXT_BLOCKS:
        return False
    text = tree.plain_text([block]).strip().rstrip(":\uff1a").strip()
    return 0 < len(text.split()) <= 2 and containers.role_of_words(text) == "question"


def _mostly_questions(items: list[list[Node]]) -> bool:
    """Whether most items of a bullet list ask (a link's text only by a question mark)."""
    asking = 0
    for item in items:
        blocks = list(tree.unwrap(item))
        first = blocks[:1]
        lead = bold_lead(first[0]) if first and first[0]["t"] in TEXT_BLOCKS else None
        if lead is not None:
            asking += lead[2] != "fact"
        elif first and first[0]["t"] == "Header":
            asking += 1
        elif is_link_item(item):
            # A link's text is a title, and titles open with "How to …" or "What I learned …"
            # without asking: only a question mark (in any script) makes it a question.
            asking += bool(ASKING_ANYWHERE.search(tree.plain_text(first)))
        else:
            asking += asks(tree.plain_text(first))
    return asking * 2 > len(items)


def _after_bold(block: Node, bold: list[Node]) -> list[Node]:
    """What follows a paragraph's leading bold text, without the dash or colon after it."""
    inlines = list(tree.unwrap(block["c"]))
    index = next(i for i, n in enumerate(inlines) if n["t"] == "Strong" and n["c"] is bold)
    rest: list[Node] = tree.strip_positions(inlines[index + 1 :])
    while rest and (
        rest[0]["t"] in {"Space", "SoftBreak"}
        or (rest[0]["t"] == "Str" and rest[0]["c"].strip(":-\u2013\u2014 ") == "")
    ):
        rest = rest[1:]
    if rest and rest[0]["t"] == "Str" and rest[0]["c"][:1] in ":-\u2013\u2014":
        rest = [{"t": "Str", "c": rest[0]["c"].lstrip(":-\u2013\u2014 ")}, *rest[1:]]
    return rest


CONVENTION = Convention(
    name="list",
    describes="numbered list items or bullet lists of questions",
    place=3,
    reader=_ListReader,
)
