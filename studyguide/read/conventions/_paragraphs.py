"""Paragraphs -> their parts: a bold lead, the first line, a card's two sides, a lone link."""

from __future__ import annotations

import re

from studyguide.read import tree
from studyguide.read.conventions._wording import NUMBER, asks
from studyguide.read.pandoc import Node

BOLD_LABEL = re.compile(r"(?:q(?:uestion)?\s*)?\d{1,4}\s*[.:)]?|q(?:uestion)?\s*\d*\s*[.:)]?", re.I)
TEXT_BLOCKS = frozenset({"Para", "Plain"})
ANY_BREAK = frozenset({"SoftBreak", "LineBreak"})


def is_link_item(item: list[Node]) -> bool:
    """Whether a list item is a link: a link alone, or an address written out."""
    blocks = list(tree.unwrap(item))
    if not blocks or blocks[0]["t"] not in TEXT_BLOCKS:
        return False
    shown = [n for n in tree.unwrap(blocks[0]["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    if len(shown) == 1 and shown[0]["t"] == "Link":
        return True
    return bool(re.fullmatch(r"(https?://|www\.)\S+", tree.plain_text(blocks[0]["c"])))


def bold_lead(block: Node) -> tuple[list[Node], list[Node], str] | None:
    """A paragraph led by bold text: (the question's inlines, the bold inlines, kind).

    kind is "whole" (the paragraph is entirely bold), "label" (a bold number or label such
    as "1)", "Q1.", "Question 4:" leads plain text), "term" (a bold term leads text or a link)
    or "fact" (a bold key with a colon and its value: "**Total:** 50")."""
    content = [n for n in tree.unwrap(block["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    if not content or content[0]["t"] != "Strong":
        return None
    strong = content[0]
    bold_text = tree.plain_text(strong["c"]).strip()
    if not any(c.isalnum() for c in bold_text):
        return None
    if len(content) == 1:
        return strong["c"], strong["c"], "whole"
    inlines = list(tree.unwrap(block["c"]))
    rest = inlines[inlines.index(strong) + 1 :]
    rest_text = tree.plain_text(rest)
    if rest_text.startswith(":"):
        bold_text += ":"
        rest = after_colon(rest)
    if BOLD_LABEL.fullmatch(bold_text):
        kind = "label"
    elif NUMBER.match(bold_text) and NUMBER.sub("", bold_text, count=1).strip():
        # "**1) Reverse.** Write a function …": a numbered title leads the task
        return list(tree.unwrap(block["c"])), strong["c"], "numbered"
    elif re.match(r"^\s*\([^)]*\)\s*:", rest_text) or (
        bold_text.endswith(":") and not asks(bold_text)
    ):
        kind = "fact"  # "**Total:** 50", "**Term** (`3`): what it means"
    else:
        return strong["c"], strong["c"], "term"
    return rest, strong["c"], kind


def after_colon(inlines: list[Node]) -> list[Node]:
    """Inlines without the colon that opens them, nor the space after it."""
    rest: list[Node] = tree.strip_positions(inlines)
    if rest and rest[0]["t"] == "Str" and rest[0]["c"].startswith(":"):
        text = rest[0]["c"][1:]
        rest = ([{"t": "Str", "c": text}] if text else []) + rest[1:]
    while rest and rest[0]["t"] in {"Space", "SoftBreak"}:
        rest = rest[1:]
    return rest


def split_first_line(
    inlines: list[Node], breaks: frozenset[str] = frozenset({"LineBreak"})
) -> tuple[list[Node], list[Node]]:
    """A paragraph's first line, and the rest as a paragraph of its own: by default cut at a
    hard break (a label-led question, its option lines after it), or at any of ``breaks``."""
    content: list[Node] = tree.strip_positions(inlines)
    for index, node in enumerate(content):
        if node["t"] in breaks:
            rest = content[index + 1 :]
            return content[:index], [{"t": "Para", "c": rest}] if rest else []
    return content, []


def card_split(block: Node) -> tuple[list[Node], list[Node]] | None:
    """A card's question and answer, split at a line that holds only '?'."""
    inlines: list[Node] = tree.strip_positions(block["c"])
    breaks = {"SoftBreak", "LineBreak"}
    for index in range(1, len(inlines) - 1):
        node = inlines[index]
        if (
            node["t"] == "Str"
            and node["c"] == "?"
            and inlines[index - 1]["t"] in breaks
            and inlines[index + 1]["t"] in breaks
        ):
            prompt = inlines[: index - 1]
            rest = inlines[index + 2 :]
            return prompt, [{"t": "Para", "c": rest}] if rest else []
    return None
