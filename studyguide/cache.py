"""A guide's inputs -> a fingerprint; the output folder's record of what each file was built from.

A file is rebuilt only when something that could change its bytes changed: the guide and the
images beside it, the layouts and styles, the settings, the date stamped into it, the code
of studyguide and the versions of the libraries that lay it out. ``--force`` ignores the record.
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

from studyguide.config import BuildConfig

RECORD = ".studyguide-cache.json"
PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent
LIBRARIES = (
    "pypandoc-binary", "weasyprint", "pydyf", "ebooklib", "jinja2", "ftfy", "nh3", "lxml",
    "pyyaml", "font-source-serif-pro", "font-source-sans-pro",
)  # fmt: skip
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


def fingerprint(source: Path, config: BuildConfig) -> str:
    """A hash of everything a guide's outputs are made from."""
    digest = hashlib.sha256()
    folder = source if source.is_dir() else source.parent
    guide_files = [source] if source.is_file() else []
    guide_files += [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (source.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES)
    ]
    for path in [
        *guide_files,
        *_files(PROJECT / "layouts"),
        *_files(PROJECT / "styles"),
        *_files(PACKAGE),
    ]:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    settings = {
        key: str(value)
        for key, value in dataclasses.asdict(config).items()
        if key not in {"source", "output", "formats"}
    }
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(json.dumps([_version(name) for name in LIBRARIES]).encode())
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or datetime.now(tz=UTC).date().isoformat()
    digest.update(epoch.encode())
    return digest.hexdigest()


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


def up_to_date(folder: Path, names: Iterable[str], print_: str, record: dict[str, str]) -> bool:
    """Whether every one of these outputs exists and was built from this fingerprint."""
    return all(record.get(name) == print_ and (folder / name).is_file() for name in names)
