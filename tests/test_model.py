"""The model: what a guide, its sections and its questions say about themselves."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from studyguide.model import IMAGE_TYPES
from tests.models import guide, question, section


def test_a_guide_counts_its_questions_across_sections() -> None:
    built = guide(
        section("One", question(1, "Why?", "<p>Because.</p>"), question(2, "How?")),
        section("Two", question(1, "When?", "<p>Now.</p>", section="two")),
    )
    assert [q.prompt for q in built.questions] == ["Why?", "How?", "When?"]
    assert (built.answered_count, built.unanswered_count) == (2, 1)
    assert not built.questions[1].answered


def test_the_model_is_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        question(1, "Why?").prompt = "Changed"  # type: ignore[misc]


def test_image_types_name_a_media_type_per_suffix_and_leave_out_svg() -> None:
    assert all(
        suffix.startswith(".") and kind.startswith("image/") for suffix, kind in IMAGE_TYPES.items()
    )
    assert ".svg" not in IMAGE_TYPES
