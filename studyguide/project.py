"""The folder studyguide runs in -> its project: where the settings are, what it builds.

Like MkDocs or Quarto, studyguide treats the user's folder as the project. The settings are
the nearest ones from the current folder upwards, up to the repository's root: a
``studyguide.toml``, or the ``[tool.studyguide]`` table of a ``pyproject.toml``. The folder
that holds them is the project's folder, which relative paths in them start from; without
settings, the current folder is. What to build, unless said otherwise, is the project's
``guide/`` folder, else its ``README.md``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyguide.errors import GuideError

OWN_FILE = "studyguide.toml"  # settings at its top level
PYPROJECT = "pyproject.toml"  # settings in [tool.studyguide]
GUIDE_FOLDER = "guide"
README = "README.md"


@dataclass(frozen=True)
class Project:
    """A project's folder and its settings, as written (config.py checks and types them)."""

    folder: Path
    settings_file: Path | None  # None: no settings, every default applies
    settings: dict[str, Any]

    @property
    def settings_name(self) -> str:
        """How a message names the settings: '[tool.studyguide]' or 'studyguide.toml'."""
        if self.settings_file is None or self.settings_file.name == PYPROJECT:
            return "[tool.studyguide]"
        return self.settings_file.name

    def path(self, relative: str) -> Path:
        """A path in the settings, from the project's folder; shown from the current folder
        when it lies inside it, as 'output' rather than '/home/ada/course/output'."""
        path = self.folder / relative
        try:
            return path.relative_to(Path.cwd()) if path.is_absolute() else path
        except ValueError:
            return path

    def default_source(self) -> Path:
        """guide/ when the project has it, else its README.md."""
        readme = self.path(README)
        guide = self.path(GUIDE_FOLDER)
        # Without either, guide/ is what a build then says it cannot find.
        return readme if readme.exists() and not guide.exists() else guide


def find_project(start: Path) -> Project:
    """The project a command run in ``start`` belongs to: the nearest settings upwards."""
    start = start.resolve()
    for folder in (start, *start.parents):
        own = folder / OWN_FILE
        if own.is_file():
            return Project(folder, own, read_settings(own))
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and "studyguide" in _tool_table(pyproject):
            return Project(folder, pyproject, read_settings(pyproject))
        if (folder / ".git").exists():  # settings above a repository belong to something else
            break
    return Project(start, None, {})


def project_of(settings_file: Path) -> Project:
    """The project whose settings are in a file named on the command line."""
    # Named on the command line, its paths start where the command runs, as they always did.
    if not settings_file.is_file():
        return Project(Path.cwd(), None, {})
    return Project(Path.cwd(), settings_file, read_settings(settings_file))


def read_settings(path: Path) -> dict[str, Any]:
    """studyguide's settings in a file: all of a studyguide.toml, a pyproject's table."""
    if path.name == OWN_FILE:
        return _load(path)
    table = _tool_table(path).get("studyguide", {})
    if not isinstance(table, dict):
        raise GuideError(
            "[tool.studyguide] is not a table", "write it as a [tool.studyguide] section", path
        )
    return table


def _tool_table(path: Path) -> dict[str, Any]:
    tool = _load(path).get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise GuideError(
            f"invalid TOML ({error})", f"fix the syntax of {path.name}", path
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise GuideError(f"cannot be read ({error})", "check the file", path) from error
