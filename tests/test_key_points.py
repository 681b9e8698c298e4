"""A measure of what the cheat sheet and the flashcards teach: for the seed and a dozen real
guides, the share of answered questions whose key points say something, the key points cut
mid-thought (there must be none), and the sheet's pages against the room its text needs."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from studyguide.config import BuildConfig
from studyguide.formats import cheatsheet
from studyguide.model import Guide, KeyPoint, Question
from studyguide.read.gist import CONDENSED, condense, first_thought
from studyguide.read.sources import inspect
from studyguide.render.paged import Typesetter
from tests.conftest import SEED
from tests.test_corpus import CORPUS

# A dozen real guides, in as many ways of writing answers and languages as the corpus offers.
DOZEN = (
    "ds-interviews-theory/theory.md",
    "lydia-js-questions/README.md",
    "go-grammar-zh/go-grammar.md",
    "iamtodor-ds-qa/README.md",
    "react-es/README.md",
    "faqguru-js-ru/javascript.md",
    "go-ptbr/pt-br.md",
    "aws-practice-exam/practice-exam-1.md",
    "numpy-100/100_Numpy_exercises_with_hints_with_solutions.md",
    "qa-security-analyst/security-analyst-questions.md",
    "ts-details-uk/README.md",
    "cpp-concurrency-ru/02_review_code.md",
)
# What a reader sees of a thought cut short: an ellipsis the source did not write, or a
# bracket left open.
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Measure:
    """What a guide's key points give a reader."""

    answered: int
    saying: int  # answered questions whose key points (or correct choice) say something
    cut: tuple[str, ...]  # key points cut mid-thought

    @property
    def share(self) -> float:
        return self.saying / self.answered if self.answered else 1.0


def says_something(question: Question) -> bool:
    return any(choice.correct for choice in question.choices) or any(
        point.gist or point.code or (point.term and point.level == 1)
        for point in question.key_points
    )


def cut_short(point: KeyPoint, question: Question) -> bool:
    """A key point whose text ends in an ellipsis the answer does not hold, or opens a
    bracket it does not close."""
    texts = (point.gist, *point.sub_terms)
    added = any(ELLIPSIS in text and ELLIPSIS not in question.answer_html for text in texts)
    opened = any(text.count("(") > text.count(")") for text in texts)
    return added or (opened and question.answer_html.count("(") <= question.answer_html.count(")"))


def measure(guide: Guide) -> Measure:
    answered = [q for q in guide.questions if q.answered]
    cut = tuple(
        f"{q.number}. {point.term} — {point.gist}"
        for step in range(len(CONDENSED))
        for q in condense(guide, step).questions
        if q.answered
        for point in q.key_points
        if cut_short(point, q)
    )
    return Measure(len(answered), sum(says_something(q) for q in answered), cut)


def guide_of(source: Path) -> Guide:
    ((guide, _),) = inspect(BuildConfig(source=source))
    return guide


def test_the_seeds_key_points_are_whole_and_every_answer_says_something() -> None:
    found = measure(guide_of(SEED))
    assert found.cut == ()
    assert found.share == 1.0, found


@pytest.mark.corpus
@pytest.mark.parametrize("path", DOZEN)
def test_real_guides_key_points_are_whole(path: str) -> None:
    source = CORPUS / path
    if not source.exists():
        pytest.skip(f"no corpus at {CORPUS}")
    found = measure(guide_of(source))
    assert found.cut == ()
    # An answer that is only a table, a picture or a long program has no sentence to give.
    assert found.share >= 0.9, found


def pages_for(guide: Guide) -> tuple[int, float]:
    """The cheat sheet's pages, and how many pages of text it holds at the size it is set."""
    parts, fits, _ = cheatsheet.lay_out(
        guide, BuildConfig(source=guide.source), Typesetter(guide.source.parent)
    )
    return sum(fit.sheet.count for fit in fits), sum(
        min(fit.overflow, fit.room) if fit.fits else fit.overflow for fit in fits
    ) if len(parts) else 0.0


def test_the_seeds_sheet_is_one_page() -> None:
    pages, held = pages_for(guide_of(SEED))
    assert pages == 1
    assert held > 0.6  # the size chosen fills the page


@pytest.mark.corpus
@pytest.mark.parametrize("path", ["ds-interviews-theory/theory.md", "lydia-js-questions/README.md"])
def test_a_long_guides_sheet_takes_the_pages_its_text_needs(path: str) -> None:
    source = CORPUS / path
    if not source.exists():
        pytest.skip(f"no corpus at {CORPUS}")
    pages, held = pages_for(guide_of(source))
    assert pages <= math.ceil(held) + 1, (pages, held)


@pytest.mark.parametrize(
    ("text", "thought"),
    [
        ("Learns from labeled data (pairs of input, output) to map. More.",
         "Learns from labeled data (pairs of input, output) to map"),
        ("Train a model e.g. a poem generator, then stop. Next.",
         "Train a model e.g. a poem generator, then stop"),
        ("What does it print? It prints 3.", "What does it print?"),
        ("切片是对数组的引用，具有动态大小。切片包含指针。", "切片是对数组的引用，具有动态大小"),
        (" ".join(["word"] * 30) + "; and then " + " ".join(["more"] * 30) + ".",
         " ".join(["word"] * 30)),
        (" ".join(["word"] * 50) + ".", " ".join(["word"] * 50)),
    ],
)  # fmt: skip
def test_a_first_thought_is_a_whole_sentence_or_clause(text: str, thought: str) -> None:
    assert first_thought(text) == thought
    assert ELLIPSIS not in first_thought(text)


def test_no_thought_is_cut_between_words() -> None:
    long = "A sentence " + "that goes on " * 20 + "to its end."
    assert re.sub(r"\s+", " ", first_thought(long)) == long.removesuffix(".")
