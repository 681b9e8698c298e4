"""User-facing problems: one line with file, line, what is wrong and what to do."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from studyguide.errors import Finding, GuideError, attributed


def test_an_error_reads_file_line_problem_and_fix() -> None:
    assert str(GuideError("bad", "fix it", Path("g.md"), 3)) == "g.md:3: bad — fix it"
    assert str(GuideError("bad", "fix it", Path("g.md"))) == "g.md: bad — fix it"
    assert str(GuideError("bad", "fix it")) == "bad — fix it"
    assert str(Finding(Path("g.md"), 7, "repaired")) == "g.md:7: repaired"


def test_an_error_crosses_from_a_worker_whole() -> None:
    again = pickle.loads(pickle.dumps(GuideError("bad", "fix it", Path("g.md"), 3)))
    assert (again.problem, again.fix, again.path, again.line) == ("bad", "fix it", Path("g.md"), 3)


def test_a_stage_s_errors_are_attributed_to_its_guide() -> None:
    def unplaced() -> None:
        raise GuideError("too slow", "split it")

    def placed() -> None:
        raise GuideError("bad", "fix", Path("chapter.md"), 2)

    def too_deep() -> None:
        raise RecursionError

    with pytest.raises(GuideError, match=r"^g\.md: too slow"):
        attributed(Path("g.md"), unplaced)
    with pytest.raises(GuideError, match=r"^chapter\.md:2: bad"):
        attributed(Path("g.md"), placed)
    with pytest.raises(GuideError, match=r"^g\.md: the guide nests .* too deeply"):
        attributed(Path("g.md"), too_deep)
    assert attributed(Path("g.md"), lambda: 7) == 7
