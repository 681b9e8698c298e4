"""User-facing problems: one line with file, line, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        return f"{_where(self.path, self.line)}{self.problem} — {self.fix}"

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
        return f"{_where(self.path, self.line)}{self.message}"
