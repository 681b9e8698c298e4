"""Answer blocks -> the key points a cheat sheet and a flashcard print: whole thoughts, each a
lead term with the first sentence after it, a short item whole, or a prose answer's first
sentence, condensed in steps where a sheet or a card lacks the room for all of them.

A key point is never cut at a count of words: a thought cut mid-clause teaches nothing. A
sentence too long to print whole is cut only where a clause ends (at a ';'), and a label
with many sub-points keeps all of them. A bullet that is only a label ("**Strengths**:",
"Tips for choosing metrics:") says nothing by itself: its content is in its sub-points, so it
carries what they say ("Strengths — Excellent at recognizing patterns in grid-like data …;
Efficient in computation …"), and a label with no sub-points is left out. Where a label's
sub-points are printed beneath it as points of their own, it needs nothing after it; once the
sheet condenses them away, ``spelled_out`` puts what they say after the label instead. A
label whose sub-points are themselves only sub-headings ("CNNs" over "Strengths",
"Weaknesses") carries each sub-heading with its first point. Numbered items keep their numbers.

A formula in a point stays one word of its text, ``\\(TeX\\)`` with its spaces made word
joiners (U+2060), so that a point is never cut inside it; the layouts typeset it
(render/pages.py's ``formulas`` filter).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from studyguide.model import Guide, KeyPoint
from studyguide.read import tree
from studyguide.read.tree import Node

ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "etc", "cf", "approx", "incl", "esp", "resp"})
LONG_SENTENCE = 40  # words: a first sentence longer than this is cut where its first clause ends
LONG_UNSPACED = 90  # the same in characters, for a language written without spaces
SHORTEST_CLAUSE = 5  # words (or characters times three): a clause shorter says too little alone
LABEL_WORDS = 6  # "Tips for choosing metrics:" is a label; a long sentence ending in ':' is not
BRIEF_WORDS = 16  # a one-word term's sentence this short comes with it when condensed
SNIPPET_LINES = 4  # a code answer's snippet is shown where it is no longer than this
SNIPPET_WIDTH = 60  # characters a line
# The steps of condensation, as a reader is told of them: each keeps less of every answer.
CONDENSED = ("all key points", "top-level points only", "lead terms only")
# Where a sentence ends: Latin marks before a space, the full-width ones of Chinese and
# Japanese anywhere. A clause ends at a semicolon.
SENTENCE_ENDS = ".!?"
UNSPACED_ENDS = "\u3002\uff01\uff1f"  # full stop, exclamation and question marks
CLAUSE_ENDS = ";\uff1b"  # and the full-width semicolon
COLONS = ":\uff1a"  # and the full-width colon
OPENING, CLOSING = "([{\uff08\u3010", ")]}\uff09\u3011"
UNSPACED_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


FORMULA_SPACE = "\u2060"  # WORD JOINER: not white space, so str.split() keeps a formula whole


def key_points(answer: list[Node]) -> tuple[KeyPoint, ...]:
    """What an answer says, point by point: the lead terms of its bullets (two levels deep),
    each with its first sentence, its plain bullets whole, and, for an answer in prose or one
    opening with a paragraph, that paragraph's first sentence, with a short code snippet."""
    answer = _formulas_as_words(answer)
    points: list[KeyPoint] = []
    blocks = _unquoted(answer)
    for block in blocks:
        if block["t"] in tree.LISTS:
            points.extend(_list_points(block))
        elif block["t"] in {"Para", "Plain"} and not any(p.level == 1 for p in points):
            # The paragraph before the lists, unless it only announces them ("Strengths:").
            opening = _opening(block)
            if opening:
                points.append(opening)
    snippet = _snippet(blocks)
    if snippet and not any(p.term for p in points):
        points.append(KeyPoint("", "", 1, code=snippet))
    return tuple(points)


def _formulas_as_words(value: Any) -> Any:
    """Blocks whose formulas are each one word of text, ``\\(TeX\\)``."""
    if isinstance(value, list):
        return [_formulas_as_words(item) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("t") == "Math":
        tex = FORMULA_SPACE.join(value["c"][1].split())
        return {"t": "Str", "c": f"\\({tex}\\)"}
    return {name: _formulas_as_words(item) for name, item in value.items()}


def spelled_out(point: KeyPoint) -> KeyPoint:
    """A label with what its sub-points say after it, for a sheet that leaves them out."""
    if not point.sub_terms:
        return point
    announced = point.gist if point.gist.endswith(tuple(COLONS)) else ""
    return replace(point, gist=f"{announced} {joined(point.sub_terms)}".strip())


def condense(guide: Guide, condensation: int) -> Guide:
    """The guide with its answers' key points cut to a condensation step."""
    if condensation == 0:
        return guide

    def keep(points: tuple[KeyPoint, ...]) -> tuple[KeyPoint, ...]:
        return condense_points(points, condensation)

    return replace(
        guide,
        sections=tuple(
            replace(
                s, questions=tuple(replace(q, key_points=keep(q.key_points)) for q in s.questions)
            )
            for s in guide.sections
        ),
    )


def condense_points(points: tuple[KeyPoint, ...], condensation: int) -> tuple[KeyPoint, ...]:
    """An answer's key points at a condensation step (an index into CONDENSED)."""
    if condensation == 0:
        return points
    # A label's sub-points go, so it carries what they say; at the last step a term's own
    # sentence goes too, while a point that is only a sentence (it has no term) keeps it.
    if condensation == 1:
        return tuple(spelled_out(point) for point in points if point.level == 1)
    return tuple(
        spelled_out(replace(point, sub_terms=point.sub_leads or point.sub_terms))
        if point.sub_terms or not point.term
        else replace(point, gist="")
        for point in points
        if point.level == 1
    )


def first_thought(text: str) -> str:
    """The first sentence of a text, whole; one too long to print is cut where its first
    clause ends, if it has a clause long enough to stand alone. Never cut between words."""
    sentence = _first_sentence(text)
    if _length(sentence) <= (LONG_UNSPACED if _unspaced(sentence) else LONG_SENTENCE):
        return sentence
    clause = _up_to(sentence, CLAUSE_ENDS).rstrip(CLAUSE_ENDS).strip()
    return (
        clause if _length(clause) >= SHORTEST_CLAUSE * (3 if _unspaced(clause) else 1) else sentence
    )


def joined(parts: tuple[str, ...]) -> str:
    """Sub-points one after another, each whole, with the separator the language uses."""
    separator = "\uff1b" if any(_unspaced(part) for part in parts) else "; "
    return separator.join(parts)


def _list_points(block: Node) -> list[KeyPoint]:
    points: list[KeyPoint] = []
    for number, item in _numbered(block):
        below = [
            point
            for sub_number, child in _sub_items(item)
            if (point := _key_point(child, 2, sub_number, shown_below=False))
        ]
        top = _key_point(item, 1, number, shown_below=bool(below))
        points.extend([top, *below] if top else below)
    return points


def _numbered(block: Node) -> list[tuple[str, list[Node]]]:
    """A list's items, each with the number it shows ("3.") or "" for a bullet."""
    items = tree.list_items(block)
    if block["t"] != "OrderedList":
        return [("", item) for item in items]
    start = block["c"][0][0]
    return [(f"{start + index}.", item) for index, item in enumerate(items)]


def _sub_items(item: list[Node]) -> list[tuple[str, list[Node]]]:
    return [
        numbered for child in item[1:] if child["t"] in tree.LISTS for numbered in _numbered(child)
    ]


def _key_point(item: list[Node], level: int, number: str, *, shown_below: bool) -> KeyPoint | None:
    """The point a bullet makes; ``shown_below``: its sub-points are points of their own."""
    lead = _lead(item)
    if lead is None:
        text = _item_text(item)
        return KeyPoint("", _with_number(number, first_thought(text)), level) if text else None
    term, rest, labelled = lead
    term = _with_number(number, term)
    subs = [sub_item for _, sub_item in _sub_items(item)]
    sub_points = tuple(filter(None, (_brief(sub_item) for sub_item in subs)))
    if rest and not (sub_points and rest.endswith(tuple(COLONS))):
        return KeyPoint(term, first_thought(rest), level)
    leads = _leads(subs)
    if rest:  # "**Choosing a framework**: consider these factors:" and the factors under it
        gist = rest if shown_below else f"{rest} {joined(sub_points)}"
        return KeyPoint(term, gist, level, sub_points, leads)
    if not sub_points:
        # A bold term standing alone is a term; a label announcing nothing says nothing.
        return None if labelled else KeyPoint(term, "", level)
    return KeyPoint(term, "" if shown_below else joined(sub_points), level, sub_points, leads)


def _leads(subs: list[list[Node]]) -> tuple[str, ...]:
    """A label's sub-points as the tersest sheet keeps them: by their terms, and of those
    that are sentences without a term, the first."""
    sentences = [sub for sub in subs if _lead(sub) is None][1:]
    kept = (_brief(sub, leads_only=True) for sub in subs if sub not in sentences)
    return tuple(filter(None, kept))


def _lead(item: list[Node]) -> tuple[str, str, bool] | None:
    """A bullet's lead term, the text after it, and whether it ends in a colon, if it has one."""
    if not item or item[0]["t"] not in {"Para", "Plain"}:
        return None
    inlines = list(item[0]["c"])
    while inlines and inlines[0]["t"] == "Space":
        inlines.pop(0)
    if inlines and inlines[0]["t"] == "Strong":
        return _bold_lead(inlines, item[1:2])
    text = tree.plain_text(inlines).strip()
    if text.endswith(tuple(COLONS)) and len(text.split()) <= LABEL_WORDS and len(text) <= 40:
        return text.rstrip(COLONS).strip(), "", True
    return None


def _bold_lead(inlines: list[Node], next_blocks: list[Node]) -> tuple[str, str, bool] | None:
    """A bold lead term, the text after it, and whether it ends in a colon."""
    bold = tree.plain_text(inlines[0]["c"]).strip()
    rest = tree.plain_text(inlines[1:]).strip()
    if rest[:1].islower():  # "**Regularization** is a set of techniques": a sentence
        return None
    term = bold.rstrip(COLONS).strip()
    labelled = bold.endswith(tuple(COLONS)) or rest.startswith(tuple(COLONS))
    rest = rest.lstrip(":\uff1a-\u2013\u2014 ").strip()
    # "**Definition**:" with its explanation in a paragraph of its own below it
    below = [block for block in next_blocks if block["t"] in {"Para", "Plain"}]
    rest = rest or (tree.plain_text(below[0]["c"]).strip() if below else "")
    return (term, rest, labelled) if term else None


def _brief(item: list[Node], *, leads_only: bool = False) -> str:
    """What a sub-point says, whole and short: its bold term (with what a sub-heading's first
    point says, when it is only a sub-heading), or its first sentence. ``leads_only``: a
    term without the sentence a one-word term otherwise takes along."""
    lead = _lead(item)
    if lead is None:
        return first_thought(_item_text(item))
    term, rest, _ = lead
    if rest:
        # A one-word term ("Concept", "Control") names a heading more than a thing: what
        # it says comes with it where that is short.
        thought = first_thought(rest)
        one_word = len(term.split()) == 1 and not _unspaced(term) and not leads_only
        return f"{term}: {thought}" if one_word and _length(thought) <= BRIEF_WORDS else term
    if not (subs := _sub_items(item)):
        return term
    first = _brief(subs[0][1], leads_only=leads_only)
    return f"{term}: {first}" if first else term


def _item_text(item: list[Node]) -> str:
    """The text of a bullet's first paragraph; a bullet that opens with a list (a numbered
    point written as '- 1. …') gives that list's first item's."""
    if not item:
        return ""
    if item[0]["t"] in {"Para", "Plain"}:
        return tree.plain_text(item[0]["c"]).strip()
    if item[0]["t"] in tree.LISTS:
        ((number, first), *_) = _numbered(item[0]) or [("", [])]
        return _with_number(number, _item_text(first))
    return ""


def _unquoted(answer: list[Node]) -> list[Node]:
    """An answer's blocks, with those of a quotation or a container it is written in."""
    blocks: list[Node] = []
    for block in answer:
        if block["t"] == "BlockQuote":
            blocks.extend(_unquoted(block["c"]))
        elif block["t"] == "Div":
            blocks.extend(_unquoted(block["c"][1]))
        else:
            blocks.append(block)
    return blocks


def _opening(block: Node) -> KeyPoint | None:
    """A paragraph's first sentence, unless the paragraph only announces what follows: a
    bold sub-heading ("**Main features**") or a label ending in a colon. A one-word bold
    label before it ("**Answer:**") goes; a longer bold term stays its term."""
    inlines = [node for node in block["c"] if node["t"] not in {"Space", "SoftBreak", "LineBreak"}]
    if len(inlines) == 1 and inlines[0]["t"] in {"Strong", "Emph"}:
        return None
    written = block["c"][block["c"].index(inlines[0]) :] if inlines else []
    lead = _bold_lead(written, []) if inlines and inlines[0]["t"] == "Strong" else None
    if lead and lead[1] and lead[2]:
        term, rest, _ = lead
        said = first_thought(rest)
        return KeyPoint("" if len(term.split()) == 1 else term, said, 1)
    text = tree.plain_text(block["c"]).strip()
    if not text or (text.endswith(tuple(COLONS)) and len(text.split()) <= LABEL_WORDS):
        return None
    return KeyPoint("", first_thought(text), 1)


def _snippet(answer: list[Node]) -> str:
    """The answer's first code block, where it is short enough to print on a sheet."""
    for block in answer:
        if block["t"] == "CodeBlock":
            lines = block["c"][1].strip("\n").splitlines()
            short = len(lines) <= SNIPPET_LINES and all(
                len(line) <= SNIPPET_WIDTH for line in lines
            )
            return "\n".join(lines) if short and lines else ""
    return ""


def _with_number(number: str, text: str) -> str:
    return f"{number} {text}" if number and text else text


def _first_sentence(text: str) -> str:
    """The text up to the end of its first sentence, without the full stop."""
    sentence = _up_to(text, SENTENCE_ENDS + UNSPACED_ENDS)
    # A full stop, or a semicolon or comma where the author ran one point into the next.
    return sentence.rstrip(" .\u3002;\uff1b,\uff0c")


def _up_to(text: str, ends: str) -> str:
    """The text up to and with the first of ``ends`` outside brackets that ends a sentence or
    clause there (a Latin mark before a space, not in an abbreviation or a number)."""
    depth = 0
    for index, character in enumerate(text):
        if character in OPENING:
            depth += 1
        elif character in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and character in ends and _ends_here(text, index):
            return text[: index + 1].strip()
    return text.strip()


def _ends_here(text: str, index: int) -> bool:
    character = text[index]
    if character in UNSPACED_ENDS or character == "\uff1b":
        return True
    if text[index + 1 : index + 2] not in {" ", ""}:
        return False
    if character == ".":
        before = text[:index].split()
        word = before[-1].lower() if before else ""
        # "1. The first step" and "(2). Slices" number a point, they end no sentence.
        numbering = len(before) == 1 and word.strip("()").isdigit()
        return (
            word not in ABBREVIATIONS and not (len(word) == 1 and word.isalpha()) and not numbering
        )
    return True


def _unspaced(text: str) -> bool:
    return bool(UNSPACED_TEXT.search(text)) and len(text.split()) * 8 < len(text)


def _length(text: str) -> int:
    """A text's length in words, or in characters for a language written without spaces."""
    return len(text) if _unspaced(text) else len(text.split())
