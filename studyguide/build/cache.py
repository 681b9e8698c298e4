"""A guide's inputs -> a fingerprint per output file, the plan of what is out of date, and the
record of what each written file was built from, written with the files themselves.

A file is rebuilt only when something that could change its bytes changed: the guide and the
images it names, the layouts and styles its format uses (the project's own and the defaults
they replace or extend, see theme.py), the settings it reads, the date stamped into it, the
code of studyguide and the versions of the libraries that make it. An image is read again
only when its size or time changed, never past the size a build would use, and never through
a link out of the guide's folder; an output is up to date only while its bytes are those the
build wrote (the record keeps their hash). ``--force`` ignores the record, ``--clean`` removes
the files no guide makes any more.

Every file is written to a temporary file first (writer.py); the record then stops calling the
files about to be replaced up to date, they are renamed into place, and the record is written
anew, all under a lock on the output folder: a failed build leaves the old files, and a build
killed while renaming leaves none that the next build would take for up to date.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from studyguide.build import writer
from studyguide.clock import build_time, source_date_epoch
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.format import Output, markdown_name
from studyguide.formats import REGISTRY
from studyguide.model import IMAGE_TYPES
from studyguide.read.history import Focus
from studyguide.read.sources import chapters, guide_name
from studyguide.render.theme import Theme

if TYPE_CHECKING:
    from hashlib import _Hash
    from importlib.resources.abc import Traversable

RECORD = ".studyguide-cache.json"
RECORD_VERSION = 2  # a record of another version is read as empty: everything is rebuilt
CHUNK = 1 << 20  # files are hashed a megabyte at a time, never read whole
RECENT_NS = 2_000_000_000  # a file changed this recently may change again within its mtime
PACKAGE = Path(__file__).resolve().parent.parent
LIBRARIES = (
    "pypandoc-binary", "weasyprint", "pydyf", "ebooklib", "jinja2", "ftfy", "nh3", "lxml",
    "pyyaml", "font-source-serif-pro", "font-source-sans-pro", "babel", "py3langid",
    "latex2mathml", "ziamath", "ziafont",
)  # fmt: skip


@dataclass(frozen=True)
class Made:
    """What the record says of one output: what it was made from, and its bytes' hash."""

    made_from: str  # the fingerprint of its inputs
    sha256: str  # of the bytes the build wrote
    size: int


@dataclass(frozen=True)
class Seen:
    """An input file as it was last hashed: its size and time, which vouch for its hash."""

    size: int
    mtime_ns: int  # -1: changed too recently to vouch for anything
    sha256: str


@dataclass
class Record:
    """The record kept in the output folder: each output and each input file last hashed."""

    outputs: dict[str, Made] = field(default_factory=dict)
    inputs: dict[str, Seen] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "version": RECORD_VERSION,
                "outputs": {
                    name: [made.made_from, made.sha256, made.size]
                    for name, made in self.outputs.items()
                },
                "inputs": {
                    path: [seen.size, seen.mtime_ns, seen.sha256]
                    for path, seen in self.inputs.items()
                },
            },
            indent=1,
            sort_keys=True,
        ).encode()


class InputHashes:
    """Input files' hashes: the record's while a file's size and time are unchanged, else read
    a megabyte at a time; a file larger than the build would use counts by size and time."""

    def __init__(self, known: Mapping[str, Seen] | None = None) -> None:
        self.known: Mapping[str, Seen] = known or {}
        self.seen: dict[str, Seen] = {}

    def of(self, path: Path, limit: int) -> str:
        status = path.stat()
        key = str(path.resolve())
        was = self.known.get(key)
        if was is not None and (was.size, was.mtime_ns) == (status.st_size, status.st_mtime_ns):
            digest = was.sha256
        else:
            digest = _read_hash(path, status, limit)
        recent = time.time_ns() - status.st_mtime_ns < RECENT_NS
        self.seen[key] = Seen(status.st_size, -1 if recent else status.st_mtime_ns, digest)
        return digest


@dataclass(frozen=True)
class Plan:
    """What a build will make of one guide: the formats out of date, and the Markdown."""

    source: Path
    name: str  # the base name of its files
    fingerprints: Mapping[str, str]  # each file it may write -> what that file is made from
    formats: tuple[str, ...]
    markdown: bool
    inputs: Mapping[str, Seen] = field(default_factory=dict)  # the files hashed, for the record

    @property
    def needed(self) -> bool:
        return bool(self.formats) or self.markdown


def plan(
    guides: Iterable[Path], config: BuildConfig, *, force: bool = False, focus: Focus | None = None
) -> list[Plan]:
    """For each guide, what is out of date in the output folder (everything, with force).
    A focused build's files have names of their own, and no normalized Markdown."""
    record = read_record(config.output)
    plans = []
    for source in guides:
        name = guide_name(source) + (focus.suffix if focus else "")
        hashes = InputHashes(record.inputs)
        prints = fingerprints(source, name, config, hashes, focus)

        def stale(file: str, prints: dict[str, str] = prints) -> bool:
            return force or not up_to_date(config.output, file, prints[file], record)

        formats = tuple(f for f in config.formats if any(map(stale, REGISTRY[f].file_names(name))))
        markdown = stale(markdown_name(name)) and focus is None
        plans.append(Plan(source, name, prints, formats, markdown, hashes.seen))
    return plans


def fingerprints(
    source: Path,
    name: str,
    config: BuildConfig,
    hashes: InputHashes | None = None,
    focus: Focus | None = None,
) -> dict[str, str]:
    """Each file a guide's build may write -> a hash of everything that file is made from.

    The guide, the images it names, studyguide's code, the libraries and the date go into
    every file; each format adds the layouts, styles and settings its record declares. A
    project's theme files that replace no default file (partials, logos) go into every file.
    """
    theme = Theme(config.theme)
    common = _common(source, config, theme, hashes or InputHashes())
    if focus:  # the questions it chooses, which the history file and the time decide
        common.update(json.dumps(sorted(focus.question_ids)).encode())
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


def _common(source: Path, config: BuildConfig, theme: Theme, hashes: InputHashes) -> _Hash:
    """The hash of what every file of a guide is made from: its files, the images it names,
    studyguide's code, the theme's own files, the shared settings, the libraries, the date."""
    common = hashlib.sha256()
    folder = source if source.is_dir() else source.parent
    texts = []
    for path in chapters(source) if source.is_dir() else [source]:
        data = _guide_bytes(path, int(config.max_guide_mb * 1_000_000))
        _add_bytes(common, f"guide/{path.relative_to(folder).as_posix()}", data)
        texts.append(data.decode("utf-8", "replace"))
    image_limit = int(config.max_image_mb * 1_000_000)
    for path in named_images(folder, "\n".join(texts)):
        label = f"image/{path.relative_to(folder).as_posix()}"
        _add_bytes(common, label, hashes.of(path, image_limit).encode())
    for path in _files(PACKAGE):
        _add(common, f"studyguide/{path.relative_to(PACKAGE).as_posix()}", path)
    for label, own_file in theme.extras():
        _add(common, label, own_file)
    common.update(json.dumps(_shared_settings(config), sort_keys=True).encode())
    common.update(json.dumps([_version(library) for library in LIBRARIES]).encode())
    epoch = source_date_epoch()  # a build without it stamps the day into its files
    common.update((str(epoch) if epoch is not None else build_time().date().isoformat()).encode())
    return common


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
    _add_bytes(digest, name, file.read_bytes())


def _add_bytes(digest: _Hash, name: str, data: bytes) -> None:
    digest.update(name.encode())
    digest.update(b"\0" + data + b"\0")


def _guide_bytes(path: Path, limit: int) -> bytes:
    """A guide file's bytes; one larger than a build reads counts by its size and time (the
    build itself then says it is too large)."""
    try:
        status = path.stat()
        if status.st_size > limit:
            return f"larger than allowed: {status.st_size} {status.st_mtime_ns}".encode()
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise GuideError(
            f"cannot be read ({error.strerror})", "check that it is a readable file", path
        ) from error
    if len(data) > limit:  # a file that says it is smaller than it is, as under /proc
        return f"larger than allowed: {status.st_mtime_ns}".encode()
    return data


def named_images(folder: Path, text: str) -> list[Path]:
    """The pictures in a guide's folder whose file name its text mentions, and that are
    regular files inside the folder once links are followed: what the guide may show.

    Hidden folders are not walked: a README.md at the top of a repository should not walk
    .git/ or a virtualenv looking for its images.
    """
    root = folder.resolve()
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if Path(name).suffix.lower() not in IMAGE_TYPES:
                continue
            if name not in text and quote(name) not in text:
                continue
            path = Path(parent) / name
            if path.is_file() and path.resolve().is_relative_to(root):
                found.append(path)
    return sorted(found)


def _read_hash(path: Path, status: os.stat_result, limit: int) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time, or, past the limit, its size
    and time (a sparse file of gigabytes, a device behind a link are never read whole)."""
    by_status = f"size {status.st_size}, time {status.st_mtime_ns}"
    if status.st_size > limit or not stat.S_ISREG(status.st_mode):
        return by_status
    digest = hashlib.sha256()
    read = 0
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > limit:
                    return by_status
                digest.update(chunk)
    except OSError as error:
        raise GuideError(
            f"cannot be read ({error.strerror})", "check that it is a readable file", path
        ) from error
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


def read_record(folder: Path) -> Record:
    """What the output folder's record says: each output's fingerprint and hash, and each
    input's size, time and hash. A missing, broken or older record says nothing."""
    try:
        loaded = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        if not isinstance(loaded, dict) or loaded.get("version") != RECORD_VERSION:
            return Record()
        return Record(
            {name: Made(str(a), str(b), int(c)) for name, (a, b, c) in loaded["outputs"].items()},
            {path: Seen(int(a), int(b), str(c)) for path, (a, b, c) in loaded["inputs"].items()},
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return Record()


def up_to_date(folder: Path, name: str, print_: str, record: Record) -> bool:
    """Whether an output was built from this fingerprint and still holds the bytes the build
    wrote (an output edited, truncated or replaced by a link is out of date)."""
    made = record.outputs.get(name)
    if made is None or made.made_from != print_:
        return False
    return _holds(folder / name, made)


def _holds(path: Path, made: Made) -> bool:
    """Whether a file is a regular file with the bytes the record says were written to it."""
    try:
        status = path.lstat()
        if not stat.S_ISREG(status.st_mode) or status.st_size != made.size:
            return False
        return _read_hash(path, status, made.size) == made.sha256
    except (OSError, GuideError):
        return False


def write_outputs(outputs: list[Output], folder: Path, plans: Iterable[Plan] = ()) -> list[Path]:
    """Write each file atomically, and the record of what each was built from (the plans).

    Each goes to a temporary file beside it; the record stops calling the files about to be
    replaced up to date; they are renamed into place; the record is written anew. All of it
    under a lock on the folder.
    """
    writer.check_writable(folder)
    names = [output.name for output in outputs]
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise GuideError(
            f"two guides would both write {duplicate}",
            "give the guide files different names",
            folder,
        )
    plans = list(plans)
    made_from = {file: print_ for plan in plans for file, print_ in plan.fingerprints.items()}
    with writer.locked(folder):
        writer.remove_stale_temporaries(folder)
        staged = writer.stage(outputs, folder)
        try:
            record = read_record(folder)
            for name in names:
                record.outputs.pop(name, None)
            writer.rename(writer.stage([Output(RECORD, record.to_json(), "")], folder), folder)
            writer.rename(staged, folder)
        finally:
            writer.discard(staged)
        for output in outputs:
            if output.name in made_from:
                digest = hashlib.sha256(output.data).hexdigest()
                record.outputs[output.name] = Made(made_from[output.name], digest, len(output.data))
        for plan in plans:
            record.inputs.update(plan.inputs)
        writer.rename(writer.stage([Output(RECORD, record.to_json(), "")], folder), folder)
    return [folder / name for name in names]


def clean(folder: Path, made: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """Remove the outputs the record lists that are not among the files the guides make now
    (a renamed guide's, a removed one's): those removed, and those left because they changed
    since the build wrote them. The record forgets both."""
    wanted = set(made)
    if not (folder / RECORD).is_file():
        return [], []
    removed: list[Path] = []
    changed: list[Path] = []
    with writer.locked(folder):
        record = read_record(folder)
        gone = sorted(name for name in record.outputs if name not in wanted)
        if not gone:
            return [], []
        for name in gone:
            path = folder / name
            if _holds(path, record.outputs.pop(name)):
                path.unlink()
                removed.append(path)
            elif path.exists() or path.is_symlink():
                changed.append(path)
        writer.rename(writer.stage([Output(RECORD, record.to_json(), "")], folder), folder)
    return removed, changed
