"""Key points: a label on the cheat sheet always says what is under it, at every condensation,
and says it in whole thoughts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from studyguide.config import BuildConfig
from studyguide.model import Guide, KeyPoint
from studyguide.read.gist import CONDENSED, condense
from studyguide.read.normalize import normalize_text
from studyguide.read.parse import parse_guide
from studyguide.read.sources import inspect
from tests.conftest import SEED, Built, fold
from tests.test_corpus import GUIDES

LABELS = """# T

## S

1. Which networks suit images?
   - **Convolutional Neural Networks**:
     - **Strengths**:
       - Excellent at recognizing patterns in grid-like data.
       - Naturally capture spatial relationships.
     - **Ideal uses**: image classification, segmentation.
   - Tips for choosing:
     - Consider your task.
   - **Remember**:
   - **Dropout**
   - **Definition**:

     A paragraph that explains it, at length.
"""


def points_of(markdown: str) -> tuple[KeyPoint, ...]:
    guide, _ = parse_guide(normalize_text(markdown, Path("t.md")), "t", "en")
    return guide.questions[0].key_points


def bare_labels(guide: Guide) -> list[str]:
    """Labels the sheet would print with nothing after them and nothing under them."""
    bare = []
    for question in guide.questions:
        points = question.key_points
        for index, point in enumerate(points):
            shown_below = index + 1 < len(points) and points[index + 1].level > point.level
            if point.sub_terms and not point.gist and not shown_below:
                bare.append(f"{question.number}. {question.prompt[:40]}: {point.term}")
    return bare


def test_a_label_carries_what_its_sub_points_say() -> None:
    points = {point.term: point for point in points_of(LABELS)}
    assert points["Strengths"].gist == (
        "Excellent at recognizing patterns in grid-like data; "
        "Naturally capture spatial relationships"
    )
    tips = points["Tips for choosing"]  # its sub-point is printed beneath it
    assert (tips.gist, tips.sub_terms) == ("", ("Consider your task",))
    assert points["Ideal uses"].gist == "image classification, segmentation"
    # Its sub-points are printed beneath it; condensed away, what they say goes after it: a
    # sub-heading ("Strengths") with its first point, a term with its own text by its name.
    networks = points["Convolutional Neural Networks"]
    assert (networks.gist, networks.sub_terms) == (
        "",
        ("Strengths: Excellent at recognizing patterns in grid-like data", "Ideal uses"),
    )
    assert points["Definition"].gist == "A paragraph that explains it, at length"


def test_numbered_items_keep_their_numbers_and_prose_gives_its_first_sentence() -> None:
    markdown = (
        "# T\n\n## S\n\n1. Which metrics?\n\n   Three of them. They differ.\n\n"
        "   3. Mean Squared Error (MSE)\n   4. **Root Mean Squared Error**: its root.\n"
    )
    assert [(p.term, p.gist) for p in points_of(markdown)] == [
        ("", "Three of them"),
        ("", "3. Mean Squared Error (MSE)"),
        ("4. Root Mean Squared Error", "its root"),
    ]


def test_a_label_with_nothing_under_it_is_left_out_and_a_lone_term_kept() -> None:
    terms = [point.term for point in points_of(LABELS)]
    assert "Remember" not in terms
    assert "Dropout" in terms


@pytest.mark.parametrize("condensation", range(len(CONDENSED)))
def test_no_bare_label_at_any_condensation(condensation: int) -> None:
    guide, _ = parse_guide(normalize_text(LABELS, Path("t.md")), "t", "en")
    condensed = condense(guide, condensation)
    assert bare_labels(condensed) == []
    networks = next(p for p in condensed.questions[0].key_points if p.term.startswith("Conv"))
    assert (networks.gist == "") == (condensation == 0)


# Reading each real guide of ../shared/corpus takes seconds: those cases are the corpus tier's.
@pytest.mark.parametrize(
    "source",
    [SEED, *(pytest.param(guide.source, marks=pytest.mark.corpus) for guide in GUIDES)],
    ids=str,
)
def test_no_bare_label_on_the_seed_and_corpus_sheets(source: Path) -> None:
    ((guide, _),) = inspect(BuildConfig(source=source))
    for condensation in range(len(CONDENSED)):
        assert bare_labels(condense(guide, condensation)) == [], CONDENSED[condensation]


def test_the_seeds_sheet_prints_what_its_labels_hold(seed: Built) -> None:
    text = fold(PdfReader(seed.path("-cheatsheet.pdf")).pages[0].extract_text())
    assert (
        "Convolutional Neural Networks (CNNs) --- Strengths: Excellent at recognizing patterns in "
        "grid-like data like images and video due to their use of convolutional layers; "
        "Weaknesses: Struggle with sequential data"
    ) in text
    assert "Tips for choosing metrics --- Consider your specific task and goals; Use a" in text
    assert "Remember --- Addressing imbalanced data is an ongoing research area" in text
    assert "\u2026" not in text
