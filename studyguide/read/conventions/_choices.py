"""Lists and lines -> a multiple-choice question's options, its sub-parts, and answer keys."""

from __future__ import annotations

import re

from studyguide.read import tree
from studyguide.read.conventions._draft import SectionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS
from studyguide.read.conventions._wording import asks
from studyguide.read.pandoc import Node

ANSWER_KEY = re.compile(
    r"^\s*(?:q(?:uestion)?\s*)?(?P<number>\d{1,4})\s*[:.)\-\u2013\u2014]\s*"
    r"(?:\(?(?P<letter>[A-Ha-h])\)|(?P<dotted>[A-Ha-h])[.:)]\s)",
    re.IGNORECASE,
)
CHOICE_LABEL = re.compile(r"^\s*\(?(?P<label>[A-Ha-h])\s*[.):]\s+\S")
TASK_BOX = re.compile(r"^\s*(?:\[([ xX]?)\]|([\u2610\u2611\u2612]))\s*")


def is_sub_parts(block: Node) -> bool:
    """Whether a list holds a question's own sub-parts: numbered or lettered items that ask
    or set tasks ('a. Show that …', '1. Explain …'), not options and not answer steps."""
    if block["t"] != "OrderedList":
        return False
    texts = [tree.plain_text(list(tree.unwrap(item))[:1]) for item in tree.list_items(block)]
    return _sub_parts(texts, lettered=tree.lettered(block))


def _sub_parts(texts: list[str], *, lettered: bool) -> bool:
    if len(texts) < 2 or any(TASK_BOX.match(text) for text in texts):
        return False
    asking = sum(asks(text) for text in texts) * 2 > len(texts)
    sentences = sum(len(text) for text in texts) / len(texts) > 60
    return asking or (lettered and sentences)


def is_choice_list(block: Node) -> bool:
    """Whether a list holds a multiple-choice question's options: lettered items or boxes,
    or bullets that each start with a letter ('- A) this'), unless those ask or set tasks."""
    if tree.lettered(block) and not is_sub_parts(block):
        return True
    items = tree.list_items(block)
    options = [choice_of(item) for item in items]
    if len(items) < 2 or any(option is None for option in options):
        return False
    lettered = [list(tree.unwrap(item)) for item in items]
    if all(len(blocks) == 1 and tree.lettered(blocks[0]) for blocks in lettered):
        texts = [tree.plain_text(option[2]) for option in options if option is not None]
        return not _sub_parts(texts, lettered=True)
    return True


def choice_of(item: list[Node]) -> tuple[str, bool | None, list[Node]] | None:
    """(label, checked or None, the option's inlines) of a list item that is an option."""
    blocks = list(tree.unwrap(item))
    if len(blocks) == 1 and tree.lettered(blocks[0]):
        return _lettered_bullet(blocks[0])
    if not blocks or blocks[0]["t"] not in TEXT_BLOCKS:
        return None
    inlines: list[Node] = tree.strip_positions(blocks[0]["c"])
    checked: bool | None = None
    box = TASK_BOX.match(tree.plain_text(inlines))
    if box is not None:
        mark = box.group(1) if box.group(1) is not None else box.group(2)
        checked = mark in {"x", "X", "\u2611", "\u2612"}
        inlines = _drop_text(inlines, box.end())
    text = tree.plain_text(inlines)
    match = CHOICE_LABEL.match(text)
    if match is None:
        return ("", checked, inlines) if checked is not None else None
    label = match.group("label")
    first = inlines[0]["c"] if inlines and inlines[0]["t"] == "Str" else ""
    cut = re.match(r"^\(?[A-Ha-h]\s*[.):]", first)
    if cut:
        rest = first[cut.end() :]
        inlines = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
        while inlines and inlines[0]["t"] == "Space":
            inlines = inlines[1:]
    return label, checked, inlines


def _lettered_bullet(block: Node) -> tuple[str, bool | None, list[Node]] | None:
    """'- A) this': a bullet whose text starts with a letter, which pandoc reads as a list of
    one lettered item inside it; its label is the letter the item is numbered with."""
    items = tree.list_items(block)
    inner = list(tree.unwrap(items[0])) if len(items) == 1 else []
    if not inner or inner[0]["t"] not in TEXT_BLOCKS or not 1 <= tree.list_start(block) <= 8:
        return None
    letter = "ABCDEFGH"[tree.list_start(block) - 1]
    label = letter if tree.list_style(block) == "UpperAlpha" else letter.lower()
    return label, None, tree.strip_positions(inner[0]["c"])


def _drop_text(inlines: list[Node], characters: int) -> list[Node]:
    """Inlines without their first characters of text (a task box, a label)."""
    rest = list(inlines)
    while rest and characters > 0:
        node = rest.pop(0)
        text = tree.plain_text([node]) if node["t"] != "Space" else " "
        if node["t"] == "Str" and len(node["c"]) > characters:
            rest.insert(0, {"t": "Str", "c": node["c"][characters:]})
            break
        characters -= len(text)
    while rest and rest[0]["t"] in {"Space", "SoftBreak"}:
        rest.pop(0)
    return rest


def answer_key(sections: list[SectionDraft]) -> dict[int, str]:
    """Question number -> correct letter, from answer-key lines ("**Q1: B) …**") in sections
    that hold no questions."""
    key: dict[int, str] = {}
    for section in sections:
        if section.questions:
            continue
        for block in [*section.blocks, *section.after]:
            if block["t"] in TEXT_BLOCKS and (match := ANSWER_KEY.match(tree.plain_text([block]))):
                letter = match.group("letter") or match.group("dotted")
                key.setdefault(int(match.group("number")), letter.upper())
    return key
