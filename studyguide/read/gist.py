"""Answer blocks -> the key points a cheat sheet prints: lead terms and what follows them,
condensed in steps where a sheet or a flashcard lacks the room for all of them.

A bullet led by a bold term gives that term and the first clause after it. A bullet that is
only a label ("**Strengths**:", "Tips for choosing metrics:") says nothing by itself: its
content is in its sub-points, so it carries their lead terms ("Strengths — Excellent at
recognizing patterns…; Efficient in computation…"), and a label with no sub-points is left
out. Where a label's sub-points are printed beneath it as points of their own, it needs
nothing after it; once the cheat sheet condenses them away, ``spelled_out`` puts their lead
terms after the label instead.

A formula in a point stays one word of its text, ``\\(TeX\\)`` with its spaces made word
joiners (U+2060), so that a point is never cut inside it; the layouts typeset it
(render/pages.py's ``formulas`` filter).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from studyguide.model import Guide, KeyPoint
from studyguide.read import tree
from studyguide.read.tree import Node

ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "etc", "cf", "approx", "incl", "esp", "resp"})
GIST_WORDS = 14
SUB_TERM_WORDS = 5  # a sub-point without a bold term is summed up by its first words
MOST_SUB_TERMS = 5
LABEL_WORDS = 6  # "Tips for choosing metrics:" is a label; a long sentence ending in ':' is not
# The steps of condensation, as a reader is told of them: each keeps less of every answer.
CONDENSED = ("all key points", "top-level points only", "lead terms only")


FORMULA_SPACE = "\u2060"  # WORD JOINER: not white space, so str.split() keeps a formula whole


def key_points(answer: list[Node]) -> tuple[KeyPoint, ...]:
    """The lead terms of an answer's bullets (two levels deep), each with its first clause."""
    answer = _formulas_as_words(answer)
    points: list[KeyPoint] = []
    for block in answer:
        if block["t"] not in tree.LISTS:
            continue
        for item in tree.list_items(block):
            below = [
                point
                for child in _sub_items(item)
                if (point := _key_point(child, 2, shown_below=False))
            ]
            top = _key_point(item, 1, shown_below=bool(below))
            points.extend([top, *below] if top else below)
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
    """A label with its sub-points' lead terms after it, for a sheet that leaves them out."""
    if not point.sub_terms:
        return point
    return replace(point, gist=_joined(point.sub_terms))


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
    # A label's sub-points go, so it carries their lead terms; a point's own text is cut at
    # the last step, a label's sub-terms are kept: they are lead terms too.
    top = tuple(spelled_out(point) for point in points if point.level == 1)
    if condensation == 1:
        return top
    return tuple(point if point.sub_terms else replace(point, gist="") for point in top)


def _sub_items(item: list[Node]) -> list[list[Node]]:
    return [
        sub_item
        for child in item[1:]
        if child["t"] in tree.LISTS
        for sub_item in tree.list_items(child)
    ]


def _key_point(item: list[Node], level: int, *, shown_below: bool) -> KeyPoint | None:
    """The point a bullet makes; ``shown_below``: its sub-points are points of their own."""
    lead = _lead(item)
    if lead is None:
        return None
    term, rest, labelled = lead
    # "**Definition**:" with its explanation in a paragraph of its own below it
    paragraphs = [block for block in item[1:2] if block["t"] in {"Para", "Plain"}]
    rest = rest or (tree.plain_text(paragraphs[0]["c"]).strip() if paragraphs else "")
    if rest:
        return KeyPoint(term, first_clause(rest), level)
    sub_terms = tuple(filter(None, (_sub_term(sub_item) for sub_item in _sub_items(item))))
    if not sub_terms:
        # A bold term standing alone is a term; a label announcing nothing says nothing.
        return None if labelled else KeyPoint(term, "", level)
    return KeyPoint(term, "" if shown_below else _joined(sub_terms), level, sub_terms)


def _lead(item: list[Node]) -> tuple[str, str, bool] | None:
    """A bullet's lead term, the text after it, and whether it ends in a colon, if it has one."""
    if not item or item[0]["t"] not in {"Para", "Plain"}:
        return None
    inlines = list(item[0]["c"])
    while inlines and inlines[0]["t"] == "Space":
        inlines.pop(0)
    if inlines and inlines[0]["t"] == "Strong":
        bold = tree.plain_text(inlines[0]["c"]).strip()
        rest = tree.plain_text(inlines[1:]).strip()
        term = bold.rstrip(":").strip()
        labelled = bold.endswith(":") or rest.startswith(":")
        rest = rest.lstrip(":-\u2013\u2014 ").strip()
        return (term, rest, labelled) if term else None
    text = tree.plain_text(inlines).strip()
    if text.endswith(":") and len(text.split()) <= LABEL_WORDS:
        return text.rstrip(":").strip(), "", True
    return None


def _sub_term(item: list[Node]) -> str:
    """What a sub-point is about, in a few words: its bold term, or the start of its text."""
    lead = _lead(item)
    if lead is not None:
        return lead[0]
    if not item or item[0]["t"] not in {"Para", "Plain"}:
        return ""
    return first_clause(tree.plain_text(item[0]["c"]).strip(), SUB_TERM_WORDS)


def _joined(sub_terms: tuple[str, ...]) -> str:
    shown = "; ".join(sub_terms[:MOST_SUB_TERMS])
    return f"{shown}; \u2026" if len(sub_terms) > MOST_SUB_TERMS else shown


def first_clause(text: str, most_words: int = GIST_WORDS) -> str:
    """The start of an explanation up to its first clause break, cut at a word boundary."""
    depth = 0
    end = len(text)
    for index, character in enumerate(text):
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and character in ".,;:" and text[index + 1 : index + 2] in {" ", ""}:
            word = text[:index].rsplit(" ", 1)[-1].lower()
            if character == "." and word in ABBREVIATIONS:
                continue
            end = index
            break
    clause = text[:end].strip()
    words = clause.split()
    if len(words) > most_words:
        return " ".join(words[:most_words]).rstrip(",;:") + "\u2026"
    return clause
