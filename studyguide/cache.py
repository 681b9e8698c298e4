"""A guide's inputs -> a fingerprint per output file; the record of what each file was built from.

A file is rebuilt only when something that could change its bytes changed: the guide and the
images beside it, the layouts and styles its format uses, the settings it reads, the date
stamped into it, the code of studyguide and the versions of the libraries that make it.
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

if TYPE_CHECKING:
    from hashlib import _Hash

from studyguide.formats import FILE_NAMES, INPUTS, SETTINGS, file_name, markdown_name

RECORD = ".studyguide-cache.json"
PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent
LIBRARIES = (
    "pypandoc-binary", "weasyprint", "pydyf", "ebooklib", "jinja2", "ftfy", "nh3", "lxml",
    "pyyaml", "font-source-serif-pro", "font-source-sans-pro", "babel", "py3langid",
)  # fmt: skip
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


def fingerprints(source: Path, name: str, config: BuildConfig) -> dict[str, str]:
    """Each file a guide's build may write -> a hash of everything that file is made from.

    The guide, its images, studyguide's code, the libraries and the date go into every file;
    each format adds its own layouts, styles and settings (formats.INPUTS and SETTINGS).
    """
    common = hashlib.sha256()
    folder = source if source.is_dir() else source.parent
    guide_files = [source] if source.is_file() else []
    guide_files += [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (source.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES)
    ]
    for path in [*guide_files, *_files(PACKAGE)]:
        _add(common, path)
    settings = {
        key: str(value)
        for key, value in dataclasses.asdict(config).items()
        if key not in {"source", "output", "formats", *SETTINGS}
    }
    common.update(json.dumps(settings, sort_keys=True).encode())
    common.update(json.dumps([_version(library) for library in LIBRARIES]).encode())
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or datetime.now(tz=UTC).date().isoformat()
    common.update(epoch.encode())

    prints = {markdown_name(name): common.hexdigest()}
    for format_name in FILE_NAMES:
        digest = common.copy()
        for relative in INPUTS[format_name]:
            _add(digest, PROJECT / relative)
        own = {
            key: str(getattr(config, key))
            for key, users in SETTINGS.items()
            if format_name in users
        }
        digest.update(json.dumps(own, sort_keys=True).encode())
        prints[file_name(format_name, name)] = digest.hexdigest()
    return prints


def _add(digest: _Hash, path: Path) -> None:
    digest.update(str(path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path).encode())
    digest.update(b"\0" + path.read_bytes() + b"\0")


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
