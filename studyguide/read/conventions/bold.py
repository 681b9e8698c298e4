"""Paragraphs that are all bold, or that a bold number or label leads ('**Q1.** …')."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._choices import ANSWER_KEY
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import (
    ANY_BREAK,
    TEXT_BLOCKS,
    bold_lead,
    split_first_line,
)
from studyguide.read.conventions._wording import LABEL, NUMBER, author_number, without_number
from studyguide.read.pandoc import Node

ANSWER_MARKER = re.compile(r"^\s*<br\s*/?>\s*$", re.IGNORECASE)


def _unbolded_number(inlines: list[Node]) -> list[Node]:
    """'**1) Reverse.** Write …' as '1) **Reverse.** Write …': the number leads as text."""
    content: list[Node] = tree.strip_positions(inlines)
    first = content[0] if content else None
    if first is None or first["t"] != "Strong":
        return content
    bold = list(first["c"])
    match = NUMBER.match(tree.plain_text(bold[:1])) if bold and bold[0]["t"] == "Str" else None
    if match is None:
        return content
    rest = bold[0]["c"][match.end() :]
    bold = ([{"t": "Str", "c": rest}] if rest else []) + bold[1:]
    while bold and bold[0]["t"] in {"Space", "SoftBreak"}:
        bold = bold[1:]
    number = {"t": "Str", "c": match.group(0).strip()}
    return [number, {"t": "Space"}, {"t": "Strong", "c": bold}, *content[1:]]


def _is_bold_label(block: Node) -> bool:
    """Whether a paragraph is led by a bold number or label such as '**1)**' or '**Q3.**'."""
    if block["t"] not in TEXT_BLOCKS:
        return False
    lead = bold_lead(block)
    return lead is not None and lead[2] in {"label", "numbered"}


class _BoldReader(Reader):
    """A paragraph that is all bold, or that a bold number or label leads, is a question;
    the paragraphs after it, up to the next, its answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if block["t"] not in TEXT_BLOCKS:
            return
        lead = bold_lead(block)
        if lead is not None and self.forced and lead[2] in {"fact", "term"}:
            # named in the front matter: every paragraph a bold text leads is a question
            prompt, answer = split_first_line(block["c"], ANY_BREAK)
            inlines, number = without_number(prompt)
            yield QuestionDraft(
                inlines, tree.first_line([block]) or 0, answer, number=number, original=[block]
            )
            return
        if lead is None or lead[2] in {"fact", "term"}:
            return
        inlines, bold, kind = lead
        text = tree.plain_text(inlines)
        if not ANSWER_KEY.match(text) and (kind != "label" or text):
            yield _question(block, inlines, bold, kind)

    def ends_answer(self, block: Node) -> bool:
        return bool(block["t"] == "RawBlock" and ANSWER_MARKER.match(tree.raw_text(block)))


def _question(block: Node, inlines: list[Node], bold: list[Node], kind: str) -> QuestionDraft:
    """The question a paragraph led by bold text asks, by the kind of its lead (bold_lead)."""
    line = tree.first_line([block]) or 0
    if kind == "numbered":
        prompt, number = without_number(_unbolded_number(inlines))
        return QuestionDraft(prompt, line, number=number, labelled=True, original=[block])
    if kind == "label":
        label = tree.plain_text(bold)
        number = author_number(label) or author_number(label.lstrip("Qq").lstrip("uestion "))
        prompt, answer = split_first_line(inlines)
        return QuestionDraft(
            prompt,
            line,
            answer,
            number=number,
            labelled=True,
            named=bool(LABEL.match(label)),
            original=[block],
        )
    prompt, number = without_number(inlines)
    return QuestionDraft(prompt, line, number=number, original=[block])


CONVENTION = Convention(
    name="bold",
    describes="bold paragraphs or bold-numbered paragraphs",
    place=4,
    reader=_BoldReader,
    repeated_mark=_is_bold_label,
)
