"""The build as a whole: reproducible bytes, and nothing written when any part fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.pipeline import build
from tests.conftest import Built, build_all


def test_same_input_and_epoch_give_the_same_bytes(seed: Built, tmp_path: Path) -> None:
    again = build_all(seed.source, tmp_path)
    for suffix in (".md", ".html", ".pdf", ".epub", "-cheatsheet.pdf"):
        assert again.path(suffix).read_bytes() == seed.path(suffix).read_bytes(), suffix


def crowded_guide(questions: int) -> str:
    """A guide whose answers cannot all fit on one page, however small the type."""
    lines = ["# Crowded", "", "## Everything", ""]
    for number in range(1, questions + 1):
        marker = f"{number}. "
        lines.append(f"{marker}What is the meaning of concept number {number} in this field?")
        for point in range(1, 7):
            lines.append(
                f"{' ' * len(marker)}- **Term {number}.{point}**: an explanation long "
                "enough to need a line of its own on any sheet, and then some more words"
            )
    return "\n".join(lines) + "\n"


def test_a_cheat_sheet_that_cannot_fit_fails_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "crowded.md"
    source.write_text(crowded_guide(150), encoding="utf-8")
    output = tmp_path / "out"
    with pytest.raises(GuideError) as caught:
        build(BuildConfig(source=source, output=output, formats=("html", "cheatsheet")))
    message = str(caught.value)
    assert message.startswith(f"{source}: the cheat sheet does not fit on one page: it needs ")
    assert "even at 6 pt (150 questions)" in message
    assert not output.exists() or list(output.iterdir()) == []
