"""A guide's question ids -> the short ids printed beside the questions' numbers.

A question's id ("databases-q3") is stable across edits (the Anki note's GUID is made from
it) but long; its short id ("k7mq") is four letters and digits from a hash of it, easy to
copy from paper into the quiz page's "Go to question" box. The letters leave out 0, 1, i, l
and o, which read as one another. Ids whose four letters would be the same get more of them,
so that every short id of a guide names one question.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from studyguide.model import Guide

LETTERS = "23456789abcdefghjkmnpqrstuvwxyz"
SHORTEST = 4


def code(question_id: str, length: int = 12) -> str:
    """The question id's hash, written in LETTERS."""
    number = int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:12], "big")
    written = []
    for _ in range(length):
        number, digit = divmod(number, len(LETTERS))
        written.append(LETTERS[digit])
    return "".join(written)


def short_ids(question_ids: Iterable[str]) -> dict[str, str]:
    """Each id -> its short id: the shortest start of its code that no other id shares."""
    codes = {question_id: code(question_id) for question_id in question_ids}
    length = dict.fromkeys(codes, SHORTEST)
    while True:
        starts = Counter(codes[q][: length[q]] for q in codes)
        shared = [q for q in codes if starts[codes[q][: length[q]]] > 1 and length[q] < 12]
        if not shared:
            return {q: codes[q][: length[q]] for q in codes}
        for question_id in shared:
            length[question_id] += 1


def of_guide(guide: Guide) -> dict[str, str]:
    """Each question of a guide, by id -> its short id."""
    return short_ids(question.id for question in guide.questions)
