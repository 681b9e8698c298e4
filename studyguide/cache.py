"""A guide's inputs -> a fingerprint per output file, the plan of what is out of date, and the
record of what each written file was built from, written with the files themselves.

A file is rebuilt only when something that could change its bytes changed: the guide and the
images beside it, the layouts and styles its format uses (the project's own and the defaults
they replace or extend, see theme.py), the settings it reads, the date stamped into it, the
code of studyguide and the versions of the libraries that make it.
``--force`` ignores the record. Every file is written to a temporary file and renamed into
place, under a lock on the output folder, so that a failed build leaves the old files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.clock import build_time, source_date_epoch
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.format import Output, markdown_name
from studyguide.formats import REGISTRY
from studyguide.model import IMAGE_TYPES
from studyguide.sources import guide_name
from studyguide.theme import Theme

if TYPE_CHECKING:
    from hashlib import _Hash
    from importlib.resources.abc import Traversable

RECORD = ".studyguide-cache.json"
TMP = ".studyguide-tmp"
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = (
    "pypandoc-binary", "weasyprint", "pydyf", "ebooklib", "jinja2", "ftfy", "nh3", "lxml",
    "pyyaml", "font-source-serif-pro", "font-source-sans-pro", "babel", "py3langid",
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """What a build will make of one guide: the formats out of date, and the Markdown."""

    source: Path
    name: str  # the base name of its files
    fingerprints: Mapping[str, str]  # each file it may write -> what that file is made from
    formats: tuple[str, ...]
    markdown: bool

    @property
    def needed(self) -> bool:
        return bool(self.formats) or self.markdown


def plan(guides: Iterable[Path], config: BuildConfig, *, force: bool = False) -> list[Plan]:
    """For each guide, what is out of date in the output folder (everything, with force)."""
    record = read_record(config.output)
    plans = []
    for source in guides:
        name = guide_name(source)
        prints = fingerprints(source, name, config)

        def stale(file: str, prints: dict[str, str] = prints) -> bool:
            return force or not up_to_date(config.output, file, prints[file], record)

        formats = tuple(f for f in config.formats if any(map(stale, REGISTRY[f].file_names(name))))
        plans.append(Plan(source, name, prints, formats, stale(markdown_name(name))))
    return plans


def fingerprints(source: Path, name: str, config: BuildConfig) -> dict[str, str]:
    """Each file a guide's build may write -> a hash of everything that file is made from.

    The guide, its images, studyguide's code, the libraries and the date go into every file;
    each format adds the layouts, styles and settings its record declares. A project's theme
    files that replace no default file (partials, logos) go into every file.
    """
    theme = Theme(config.theme)
    common = _common(source, config, theme)
    prints = {markdown_name(name): common.hexdigest()}
    for record in REGISTRY.values():
        digest = common.copy()
        for relative in record.inputs:
            for label, theme_file in theme.used(relative):
                _add(digest, label, theme_file)
        own = {key: str(getattr(config, key)) for key in record.settings}
        digest.update(json.dumps(own, sort_keys=True).encode())
        for file in record.file_names(name):
            prints[file] = digest.hexdigest()
    return prints


def _common(source: Path, config: BuildConfig, theme: Theme) -> _Hash:
    """The hash of what every file of a guide is made from."""
    common = hashlib.sha256()
    folder = source if source.is_dir() else source.parent
    for path in _guide_files(source):
        _add(common, f"guide/{path.relative_to(folder).as_posix()}", path)
    for path in _files(PACKAGE):
        _add(common, f"studyguide/{path.relative_to(PACKAGE).as_posix()}", path)
    for label, own_file in theme.extras():
        _add(common, label, own_file)
    common.update(json.dumps(_shared_settings(config), sort_keys=True).encode())
    common.update(json.dumps([_version(library) for library in LIBRARIES]).encode())
    epoch = source_date_epoch()  # a build without it stamps the day into its files
    common.update((str(epoch) if epoch is not None else build_time().date().isoformat()).encode())
    return common


def _guide_files(source: Path) -> list[Path]:
    """A guide's file and the images beside it, or every file of a book's folder."""
    folder = source if source.is_dir() else source.parent
    files = [source] if source.is_file() else []
    return files + [
        path
        for path in _visible_files(folder)
        if source.is_dir() or path.suffix.lower() in IMAGE_TYPES
    ]


def _shared_settings(config: BuildConfig) -> dict[str, str]:
    """The settings every format reads: all but the paths, the formats and those that some
    formats' records declare as their own."""
    own_settings = {key for record in REGISTRY.values() for key in record.settings}
    return {
        key: str(value)
        for key, value in dataclasses.asdict(config).items()
        if key not in {"source", "output", "formats", "theme", *own_settings}
    }


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


def write_outputs(outputs: list[Output], folder: Path, plans: Iterable[Plan] = ()) -> list[Path]:
    """Write each file atomically, and the record of what each was built from (the plans).

    Each goes to a temporary file beside it, then is renamed into place, all under a lock on
    the folder.
    """
    _check_writable(folder)
    names = [output.name for output in outputs]
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise GuideError(
            f"two guides would both write {duplicate}",
            "give the guide files different names",
            folder,
        )
    made_from = {file: print_ for plan in plans for file, print_ in plan.fingerprints.items()}
    with _locked(folder):
        _remove_stale_temporaries(folder)
        record = read_record(folder)
        record.update({name: made_from[name] for name in names if name in made_from})
        data = json.dumps(record, indent=1, sort_keys=True).encode()
        _replace_all([*outputs, Output(RECORD, data, "")], folder)
    return [folder / name for name in names]


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".studyguide-"):
            pass
    except OSError as error:
        raise GuideError(
            f"the output folder cannot be written ({error.strerror})",
            "choose another folder with -o, or fix its permissions",
            folder,
        ) from error


def _replace_all(files: list[Output], folder: Path) -> None:
    """Every file written to a temporary file first; then all renamed into place."""
    staged: list[tuple[str, Path]] = []
    try:
        for output in files:
            handle, name = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=TMP)
            temporary = Path(name)
            staged.append((output.name, temporary))
            with os.fdopen(handle, "wb") as stream:
                stream.write(output.data)
            temporary.chmod(0o644)
        for final, temporary in staged:
            temporary.replace(folder / final)
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so that builds write one at a time."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of a build that was killed while writing (we hold the lock)."""
    for path in folder.glob(f".*{TMP}"):
        path.unlink(missing_ok=True)
