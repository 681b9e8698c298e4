"""A guide's question ids -> the short ids printed beside their numbers."""

from __future__ import annotations

from collections import Counter

from studyguide.render.short_ids import LETTERS, SHORTEST, code, short_ids


def test_a_short_id_depends_on_its_question_id_alone() -> None:
    alone = short_ids(["databases-q3"])
    among = short_ids(["basics-q1", "databases-q3", "databases-q4"])
    assert alone["databases-q3"] == among["databases-q3"] == code("databases-q3")[:SHORTEST]
    assert set(alone["databases-q3"]) <= set(LETTERS)
    assert not set("01ilo") & set(LETTERS)


def test_ids_that_would_share_a_short_id_get_longer_ones() -> None:
    ids = [f"section-{n}-q{m}" for n in range(200) for m in range(1, 101)]  # 20,000 questions
    made = short_ids(ids)
    assert len(set(made.values())) == len(ids)
    starts = Counter(code(question_id)[:SHORTEST] for question_id in ids)
    longer = {question_id for question_id, short in made.items() if len(short) > SHORTEST}
    assert longer  # with this many, some four-letter starts are shared
    assert longer == {q for q in ids if starts[code(q)[:SHORTEST]] > 1}
    assert all(made[q] == code(q)[: len(made[q])] for q in ids)
