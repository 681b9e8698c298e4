"""A path -> the guides and books in it, each read into its model with what was noticed.

A guide is one .md file; a book is a folder of numbered chapter files ('01-basics.md', ...)
published as one guide. Reading a guide normalizes and parses it, then fills in what its
front matter left out (config.with_defaults): every command reads guides through here.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.config import BuildConfig, with_defaults
from studyguide.errors import Finding, GuideError, attributed
from studyguide.limits import reading
from studyguide.model import Guide

if TYPE_CHECKING:
    from studyguide.normalize import NormalizedGuide

# normalize and parse (with ftfy, pandoc, lxml) are imported where they are used, so that a
# build with nothing to do answers in a blink.

CHAPTER = re.compile(r"^\d+[-_. ]")


@dataclass(frozen=True)
class Prepared:
    """A guide understood: its normalized Markdown, its model, and what was noticed."""

    source: Path
    markdown: str
    guide: Guide
    findings: tuple[Finding, ...]


def find_guides(source: Path) -> list[Path]:
    """What to build: a guide's file, a book's folder, or a folder's guides and books by name."""
    if not source.exists():
        raise GuideError(
            "no such file or folder",
            "give the path of a guide's .md file or a folder of them",
            source,
        )
    if source.is_file() or is_book(source):
        return [source]
    guides = sorted(
        path
        for path in source.iterdir()
        if (path.is_file() and path.suffix == ".md") or (path.is_dir() and is_book(path))
    )
    for path in guides:
        if not path.resolve().is_relative_to(source.resolve()):
            raise GuideError(
                "is a link to a file outside the guide folder, which the build does not read",
                "copy the guide into the folder instead of linking to it",
                path,
            )
    if not guides:
        raise GuideError(
            "the folder holds no .md files",
            "put your guide in it as a Markdown file ending in .md",
            source,
        )
    return guides


def is_book(folder: Path) -> bool:
    """Whether a folder is one guide written as numbered chapter files."""
    chapters = [path.name for path in folder.glob("*.md") if path.is_file()]
    return bool(chapters) and all(CHAPTER.match(name) for name in chapters)


def guide_name(source: Path) -> str:
    """The outputs' base name: the file's, or its folder's for a book, README.md or index.md."""
    if source.is_dir():
        return source.resolve().name
    if source.stem.lower() in {"readme", "index"} and source.resolve().parent.name:
        return source.resolve().parent.name  # also for a bare 'README.md' in the current folder
    return source.stem


def read(source: Path, config: BuildConfig) -> Prepared:
    """Normalize and parse one guide or book, decide its language, with what was noticed."""
    return attributed(source, functools.partial(_read_in_time, source, config))


def _read_in_time(source: Path, config: BuildConfig) -> Prepared:
    from studyguide.i18n import settle_language  # noqa: PLC0415

    with reading(config.read_timeout):
        prepared = _read(source, config)
        guide, language_findings = settle_language(prepared.guide, config.language)
    return Prepared(
        prepared.source,
        prepared.markdown,
        with_defaults(guide, config),
        (*language_findings, *prepared.findings),
    )


def _read(source: Path, config: BuildConfig) -> Prepared:
    from studyguide.parse import parse_book, parse_guide  # noqa: PLC0415

    limit = int(config.max_image_mb * 1_000_000)
    with _without_cycle_collection():
        if source.is_dir():
            chapters = [
                _normalize(path, config)
                for path in sorted(path for path in source.glob("*.md") if path.is_file())
            ]
            guide, findings = parse_book(
                chapters, source, guide_name(source), config.language, max_image_bytes=limit
            )
            markdown = "\n".join(chapter.markdown for chapter in chapters)
            return Prepared(source, markdown, guide, findings)
        normalized = _normalize(source, config)
        guide, parse_findings = parse_guide(
            normalized, guide_name(source), config.language, max_image_bytes=limit
        )
    findings = tuple(sorted((*normalized.findings, *parse_findings), key=lambda f: f.line))
    return Prepared(source, normalized.markdown, guide, findings)


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pandoc's JSON becomes hundreds of thousands of small dicts and lists, none in a cycle:
    Python's cycle collector, woken again and again while they are made, only slows that down
    (a guide of 2,000 questions read several times slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _normalize(source: Path, config: BuildConfig) -> NormalizedGuide:
    from studyguide.normalize import normalize_file  # noqa: PLC0415

    try:
        size = source.stat().st_size
        if size > config.max_guide_mb * 1_000_000:
            raise GuideError(
                f"the guide is {size / 1_000_000:.1f} MB, "
                f"more than the {config.max_guide_mb:g} MB allowed",
                "split it into smaller guides, or raise max_guide_mb in [tool.studyguide]",
                source,
            )
        return normalize_file(source)
    except OSError as error:
        raise GuideError(
            f"cannot be read ({error.strerror})",
            "check that the file exists and is readable",
            source,
        ) from error
