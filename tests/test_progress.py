"""A build's stages -> their times and, only for someone watching, a progress bar."""

from __future__ import annotations

import sys

import pytest

from studyguide.build import progress


class Recording:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def planned(self, stages: int) -> None:
        self.events.append(("planned", stages))

    def done(self, stage: str, seconds: float) -> None:
        self.events.append(("done", stage))


def test_timings_keep_each_stage_and_pass_it_on() -> None:
    watcher = Recording()
    timings = progress.Timings(watcher)
    timings.planned(2)
    assert timings.time("read g.md", lambda: 42) == 42
    timings.done("g: pdf", 1.5)
    assert [stage for stage, _ in timings.stages] == ["read g.md", "g: pdf"]
    assert timings.stages[1][1] == 1.5
    assert watcher.events == [("planned", 2), ("done", "read g.md"), ("done", "g: pdf")]


def test_timed_measures_where_the_step_runs() -> None:
    result, seconds = progress.timed(lambda: "done")
    assert result == "done" and 0 <= seconds < 1


def test_nobody_watches_a_quiet_build_a_pipe_or_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert progress.watched(quiet=False)
    assert not progress.watched(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.watched(quiet=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not progress.watched(quiet=False)
