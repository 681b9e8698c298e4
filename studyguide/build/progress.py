"""A build's stages -> their times (for --verbose) and a progress bar in the terminal.

The bar is drawn only when a person is watching: standard error is a terminal, the build is
not quiet, and CI is not set. Pipes, log files and CI machines get the plain report.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

T = TypeVar("T")


class Progress(Protocol):
    """Told how many stages a build will run, then of each as it finishes."""

    def planned(self, stages: int) -> None: ...

    def done(self, stage: str, seconds: float) -> None: ...


class Quiet:
    """The progress of a build nobody watches."""

    def planned(self, stages: int) -> None:
        pass

    def done(self, stage: str, seconds: float) -> None:
        pass


def timed(step: Callable[[], T]) -> tuple[T, float]:
    """What a step returns, and how many seconds it took (measured where it runs)."""
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


class Timings:
    """Each stage's time, kept for --verbose and passed on to whoever watches the build."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.progress: Progress = progress or Quiet()
        self.stages: list[tuple[str, float]] = []

    def planned(self, stages: int) -> None:
        self.progress.planned(stages)

    def done(self, stage: str, seconds: float) -> None:
        self.stages.append((stage, seconds))
        self.progress.done(stage, seconds)

    def time(self, stage: str, step: Callable[[], T]) -> T:
        """Run a stage here, and note its time."""
        result, seconds = timed(step)
        self.done(stage, seconds)
        return result


def watched(quiet: bool) -> bool:
    """Whether someone is watching this build in a terminal."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


class TerminalProgress:
    """A bar that counts a build's stages (reading each guide, each of its formats)."""

    def __init__(self) -> None:
        from rich import console, progress  # noqa: PLC0415 - see studyguide/__init__.py

        self.bar: RichProgress = progress.Progress(
            progress.TextColumn("[bold]studyguide[/bold] {task.description}"),
            progress.BarColumn(),
            progress.MofNCompleteColumn(),
            progress.TimeElapsedColumn(),
            console=console.Console(stderr=True),
            transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> TerminalProgress:
        self.bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.bar.stop()

    def planned(self, stages: int) -> None:
        self.task = self.bar.add_task("building", total=stages)

    def done(self, stage: str, seconds: float) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=f"{stage} ({seconds:.1f} s)")
