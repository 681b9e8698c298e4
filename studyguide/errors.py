"""User-facing problems: one line with file, line, what is wrong and how to fix it.

The line is printed to a terminal, and names and text from a guide go into it: control
characters (escape sequences that recolour or retitle the terminal, line breaks that would
fake a second line) are shown as \\x1b rather than sent (for_terminal).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # all but the tab


def for_terminal(text: str) -> str:
    """Text safe to print as one line: each control character written out, as \\x1b."""
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _where(path: Path | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line else f"{path}: "


class GuideError(Exception):
    """A problem the user can fix; the build stops and says where and how."""

    def __init__(
        self, problem: str, fix: str, path: Path | None = None, line: int | None = None
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return for_terminal(f"{_where(self.path, self.line)}{self.problem} — {self.fix}")

    def __reduce__(self) -> tuple[type[GuideError], tuple[str, str, Path | None, int | None]]:
        # Whole, when a worker process sends it back to the build.
        return (GuideError, (self.problem, self.fix, self.path, self.line))


@dataclass(frozen=True)
class Finding:
    """A repair the normalizer made or a suspicious spot it saw; reported as a warning."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return for_terminal(f"{_where(self.path, self.line)}{self.message}")


def attributed(source: Path, step: Callable[[], T]) -> T:
    """Run one stage for one guide: its errors name the guide's file, and runaway nesting
    becomes a message about it."""
    try:
        return step()
    except GuideError as error:
        error.path = error.path or source  # a stage that cannot know the file, as in layout
        raise
    except RecursionError as error:
        raise GuideError(
            "the guide nests lists, quotes or HTML too deeply to lay out",
            "flatten its most deeply nested parts",
            source,
        ) from error
