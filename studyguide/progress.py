"""A build's stages -> a progress bar in the terminal, and nothing anywhere else.

The bar is drawn only when a person is watching: standard error is a terminal, the build is
not quiet, and CI is not set. Pipes, log files and CI machines get the plain report.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def watched(quiet: bool) -> bool:
    """Whether someone is watching this build in a terminal."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


class TerminalProgress:
    """A bar that counts a build's stages (reading each guide, each of its formats)."""

    def __init__(self) -> None:
        from rich.console import Console  # noqa: PLC0415 - loaded only for a terminal
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar: Progress = Progress(
            TextColumn("[bold]studyguide[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
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
