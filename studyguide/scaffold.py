"""A folder -> a starter project in it: an example guide, settings, sessions and a CI recipe.

The files are studyguide/starter/, shipped with the package. A file that already exists is
left as it is: ``studyguide init`` in a repository that has a README, a pyproject.toml or a
noxfile adds what is missing and says which files it did not touch.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path

from studyguide.errors import GuideError

# Names a package cannot carry well (setuptools leaves out hidden files) -> names in a project.
HIDDEN = {"github": ".github", "gitignore": ".gitignore"}


def starter_files() -> list[tuple[str, Traversable]]:
    """Each starter file with the path it gets in a project, in a stable order."""
    files: list[tuple[str, Traversable]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda item: item.name):
            if item.name == "__pycache__":
                continue
            name = HIDDEN.get(item.name, item.name) if not prefix else item.name
            if item.is_dir():
                walk(item, f"{prefix}{name}/")
            else:
                files.append((f"{prefix}{name}", item))

    walk(importlib.resources.files("studyguide").joinpath("starter"), "")
    return files


def write_starter(folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the starter project into a folder: the files written, and those left alone."""
    written, kept = [], []
    try:
        for relative, source in starter_files():
            target = folder / relative
            if target.exists():
                kept.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as error:
        raise GuideError(
            f"cannot write the starter project ({error.strerror})",
            "choose a folder you can write to",
            Path(error.filename) if error.filename else folder,
        ) from error
    return written, kept
