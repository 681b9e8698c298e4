"""A guide's inputs -> a fingerprint per output file; the record of what each file was built from.

A file is rebuilt only when something that could change its bytes changed: the guide and the
images beside it, the layouts and styles its format uses (the project's own and the defaults
they replace or extend, see studyguide/theme.py), the settings it reads, the date stamped into
it, the code of studyguide and the versions of the libraries that make it.
``--force`` ignores the record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.config import BuildConfig
from studyguide.theme import Theme

if TYPE_CHECKING:
    from hashlib import _Hash
    from importlib.resources.abc import Traversable

from studyguide.formats import FILE_NAMES, INPUTS, SETTINGS, file_name, markdown_name

RECORD = ".studyguide-cache.json"
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = (
    "pypandoc-binary", "weasyprint", "pydyf", "ebooklib", "jinja2", "ftfy", "nh3", "lxml",
    "pyyaml", "font-source-serif-pro", "font-source-sans-pro",
)  # fmt: skip
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


def fingerprints(source: Path, name: str, config: BuildConfig) -> dict[str, str]:
    """Each file a guide's build may write -> a hash of everything that file is made from.

    The guide, its images, studyguide's code, the libraries and the date go into every file;
    each format adds its own layouts, styles and settings (formats.INPUTS and SETTINGS). A
    project's theme files that replace no default file (partials, logos) go into every file.
    """
    common = hashlib.sha256()
    folder = source if source.is_dir() else source.parent
    guide_files = [source] if source.is_file() else []
    guide_files += [
        path
        for path in _visible_files(folder)
        if source.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES
    ]
    for path in guide_files:
        _add(common, f"guide/{path.relative_to(folder).as_posix()}", path)
    for path in _files(PACKAGE):
        _add(common, f"studyguide/{path.relative_to(PACKAGE).as_posix()}", path)
    theme = Theme(config.theme)
    for label, own_file in theme.extras():
        _add(common, label, own_file)
    settings = {
        key: str(value)
        for key, value in dataclasses.asdict(config).items()
        if key not in {"source", "output", "formats", "theme", *SETTINGS}
    }
    common.update(json.dumps(settings, sort_keys=True).encode())
    common.update(json.dumps([_version(library) for library in LIBRARIES]).encode())
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or datetime.now(tz=UTC).date().isoformat()
    common.update(epoch.encode())

    prints = {markdown_name(name): common.hexdigest()}
    for format_name in FILE_NAMES:
        digest = common.copy()
        for relative in INPUTS[format_name]:
            for label, file in theme.used(relative):
                _add(digest, label, file)
        own = {
            key: str(getattr(config, key))
            for key, users in SETTINGS.items()
            if format_name in users
        }
        digest.update(json.dumps(own, sort_keys=True).encode())
        prints[file_name(format_name, name)] = digest.hexdigest()
    return prints


def _add(digest: _Hash, name: str, file: Path | Traversable) -> None:
    digest.update(name.encode())
    digest.update(b"\0" + file.read_bytes() + b"\0")


def _visible_files(folder: Path) -> list[Path]:
    """The files under a guide's folder, but not in hidden folders: a README.md at the top of
    a repository should not walk .git/ or a virtualenv looking for its images."""
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(parent) / name for name in files]
    return sorted(path for path in found if path.is_file())


def _files(folder: Path) -> Iterable[Path]:
    return sorted(
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def read_record(folder: Path) -> dict[str, str]:
    """Output file name -> the fingerprint it was built from."""
    try:
        loaded = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def up_to_date(folder: Path, name: str, print_: str, record: dict[str, str]) -> bool:
    """Whether an output exists and was built from this fingerprint."""
    return record.get(name) == print_ and (folder / name).is_file()
