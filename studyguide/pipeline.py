"""Guide sources -> every output file, gathered in memory first, then written at once.

The build reads like its table of contents: find the guides, normalize and parse each one,
render its page once, let each format package it, and only when every file of every guide
is ready, write them, each to a temporary file renamed into place.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from studyguide import cache
from studyguide.config import BuildConfig
from studyguide.errors import Finding, GuideError
from studyguide.formats import TYPESET, Output, Rendition, builder, file_name, markdown_name
from studyguide.model import Guide

if TYPE_CHECKING:
    from studyguide.normalize import NormalizedGuide
    from studyguide.paged import Typesetter
    from studyguide.workers import Job, Typesetters

# normalize, parse and render (with ftfy, pandoc, lxml and Jinja) are imported where they are
# used, so that a build with nothing to do answers in a blink.


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote, what it found up to date, and what it noticed."""

    written: tuple[tuple[Path, str], ...]  # path and summary of each file
    findings: tuple[Finding, ...]
    guides: tuple[Guide, ...]  # the guides that were built
    unchanged: tuple[Path, ...] = ()  # guides whose outputs were already up to date
    timings: tuple[tuple[str, float], ...] = ()  # each stage and its seconds, for --verbose


class Progress(Protocol):
    """Told how many stages a build will run, then of each as it finishes."""

    def planned(self, stages: int) -> None: ...

    def done(self, stage: str, seconds: float) -> None: ...


class Quiet:
    """The progress of a build nobody watches."""

    def planned(self, stages: int) -> None:
        pass

    def done(self, stage: str, seconds: float) -> None:
        pass


def build(
    config: BuildConfig,
    warn: Callable[[Finding], None] = lambda finding: None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every format of every guide; write nothing unless all of it succeeded."""
    # First gather: find the files that are out of date, and the guides they are made from.
    record = cache.read_record(config.output)
    prints = {
        source: cache.fingerprints(source, guide_name(source), config)
        for source in find_guides(config.source)
    }
    plans = {source: _plan(source, config, prints[source], record, force) for source in prints}
    stale = {source: plan for source, plan in plans.items() if plan.needed}
    watcher = Timings([], progress or Quiet())
    watcher.planned(sum(1 + len(plan.formats) for plan in stale.values()))
    jobs = sum(1 for plan in stale.values() for name in plan.formats if name in TYPESET)
    typesetters = None
    if jobs:  # workers start loading WeasyPrint now, while this process reads the guides
        from studyguide.workers import Typesetters  # noqa: PLC0415 - only a build with PDFs forks

        typesetters = Typesetters(config, jobs)
    failed = True
    try:
        prepared = []
        for source in stale:
            started = time.perf_counter()
            prepared.append(_within_limits(source, functools.partial(prepare, source, config)))
            watcher.done(f"read {source.name}", time.perf_counter() - started)
        for item in prepared:
            for finding in item.findings:
                warn(finding)
        outputs = _package(prepared, stale, config, typesetters, watcher)
        failed = False
    finally:
        if typesetters:
            typesetters.close(failed=failed)

    # Only now write, and remember what each file was made from.
    made_from = {file: print_ for item in prepared for file, print_ in prints[item.source].items()}
    built_from = {output.name: made_from[output.name] for output in outputs}
    written = write_outputs(outputs, config.output, built_from) if outputs else []
    return BuildReport(
        written=tuple(zip(written, (output.summary for output in outputs), strict=True)),
        findings=tuple(finding for item in prepared for finding in item.findings),
        guides=tuple(item.guide for item in prepared),
        unchanged=tuple(source for source in prints if source not in stale),
        timings=tuple(watcher.timings),
    )


@dataclass(frozen=True)
class Plan:
    """What a build will make of one guide: the formats out of date, and the Markdown."""

    formats: tuple[str, ...]
    markdown: bool

    @property
    def needed(self) -> bool:
        return bool(self.formats) or self.markdown


def _plan(
    source: Path, config: BuildConfig, prints: dict[str, str], record: dict[str, str], force: bool
) -> Plan:
    name = guide_name(source)

    def stale(file: str) -> bool:
        return force or not cache.up_to_date(config.output, file, prints[file], record)

    return Plan(
        formats=tuple(f for f in config.formats if stale(file_name(f, name))),
        markdown=stale(markdown_name(name)),
    )


def _package(
    prepared: list[Prepared],
    plans: dict[Path, Plan],
    config: BuildConfig,
    typesetters: Typesetters | None,
    watcher: Progress,
) -> list[Output]:
    """Render each guide's page once and hand it to every format; PDFs go to the workers."""
    from studyguide.render import render_page  # noqa: PLC0415
    from studyguide.workers import timed  # noqa: PLC0415

    jobs: list[tuple[Path, str, Job]] = []
    outputs: list[Output] = []
    for item in prepared:
        guide = with_defaults(item.guide, config)
        plan = plans[item.source]
        if plan.markdown:
            markdown = item.markdown.encode("utf-8")
            outputs.append(Output(markdown_name(guide.name), markdown, "normalized Markdown"))
        page_html = render_page(guide, config.paper)
        for name in plan.formats:
            if name in TYPESET and typesetters:
                job = typesetters.submit(name, guide, page_html)
            else:
                rendition = Rendition(guide, page_html, config, _no_typesetter)
                job = functools.partial(timed, functools.partial(builder(name), rendition))
            jobs.append((guide.source, f"{guide.name}: {name}", job))
    for source, label, job in jobs:  # in order, so that the files are listed in order
        files, seconds = _within_limits(source, job)
        outputs.extend(files)
        watcher.done(label, seconds)
    return outputs


def _no_typesetter() -> Typesetter:
    raise AssertionError("only the formats in TYPESET lay out pages")


@dataclass
class Timings:
    """Records each stage's time for --verbose, and passes it on to the progress display."""

    timings: list[tuple[str, float]]
    progress: Progress

    def planned(self, stages: int) -> None:
        self.progress.planned(stages)

    def done(self, stage: str, seconds: float) -> None:
        self.timings.append((stage, seconds))
        self.progress.done(stage, seconds)


def _within_limits(source: Path, step: Callable[[], T]) -> T:
    """Run one stage for one guide, turning runaway nesting into a message about it."""
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


def with_defaults(guide: Guide, config: BuildConfig) -> Guide:
    """What the front matter left out, from [tool.studyguide], and the build's date."""
    from studyguide.render import build_time  # noqa: PLC0415

    return replace(
        guide,
        author=guide.author or config.author,
        subtitle=guide.subtitle or config.subtitle,
        date=guide.date or build_time().date().isoformat(),
    )


def inspect(config: BuildConfig) -> list[tuple[Guide, tuple[Finding, ...]]]:
    """Normalize and parse every guide, without rendering or writing anything."""
    prepared = (prepare(source, config) for source in find_guides(config.source))
    return [(item.guide, item.findings) for item in prepared]


def lint(guide: Guide) -> list[Finding]:
    """What a careful reader would point out that the build itself does not mind."""
    problems = []
    seen: dict[str, int] = {}
    for section, question in ((s, q) for s in guide.sections for q in s.questions):
        # "What's the output?" is told apart by the code it shows before its answer.
        shows_code = question.answer_html.startswith(("<pre", '<div class="sourceCode"'))
        material = question.answer_html.split("</pre>")[0] if shows_code else ""
        key = f"{' '.join(question.prompt.lower().split())}\n{material}"
        if key in seen:
            problems.append(
                Finding(
                    section.source,
                    question.line,
                    f"the same question as on line {seen[key]}: '{question.prompt[:60]}'",
                )
            )
        else:
            seen[key] = question.line
    for section in guide.sections:
        if not section.questions:
            problems.append(
                Finding(section.source, section.line, f"section '{section.title}' has no questions")
            )
    return problems


T = TypeVar("T")
CHAPTER = re.compile(r"^\d+[-_. ]")


@dataclass(frozen=True)
class Prepared:
    """A guide understood: its normalized Markdown, its model, and what was noticed."""

    source: Path
    markdown: str
    guide: Guide
    findings: tuple[Finding, ...]


def find_guides(source: Path) -> list[Path]:
    """What to build: a guide's file, a book's folder, or a folder's guides and books by name.

    A book is a folder whose .md files are all numbered chapters ('01-basics.md', ...).
    """
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
    if source.stem.lower() in {"readme", "index"} and source.parent.name:
        return source.parent.resolve().name
    return source.stem


def prepare(source: Path, config: BuildConfig) -> Prepared:
    """Normalize and parse one guide or book, decide its language, with what was noticed."""
    from studyguide.i18n import settle_language  # noqa: PLC0415
    from studyguide.parse import parse_guide  # noqa: PLC0415

    with _without_cycle_collection():
        if source.is_dir():
            prepared = prepare_book(source, config)
        else:
            normalized = _normalize(source, config)
            guide, parse_findings = parse_guide(
                normalized,
                guide_name(source),
                config.language,
                max_image_bytes=_image_limit(config),
            )
            findings = tuple(
                sorted((*normalized.findings, *parse_findings), key=lambda finding: finding.line)
            )
            prepared = Prepared(source, normalized.markdown, guide, findings)
    guide, language_findings = settle_language(prepared.guide, config.language)
    return replace(prepared, guide=guide, findings=(*language_findings, *prepared.findings))


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


def prepare_book(folder: Path, config: BuildConfig) -> Prepared:
    """A book's chapters, each read as a guide of its own, bound into one Guide."""
    from studyguide.parse import parse_guide, title_from_file  # noqa: PLC0415

    chapters = sorted(path for path in folder.glob("*.md") if path.is_file())
    normalized = [_normalize(path, config) for path in chapters]
    parsed = [
        parse_guide(
            chapter,
            guide_name(folder),
            config.language,
            chapter=True,
            max_image_bytes=_image_limit(config),
        )
        for chapter in normalized
    ]
    title = str(normalized[0].front_matter.get("title") or title_from_file(folder / "index.md"))
    guide = bind_chapters(folder, title, [guide for guide, _ in parsed])
    findings = tuple(
        finding
        for chapter, (_, parse_findings) in zip(normalized, parsed, strict=True)
        for finding in sorted((*chapter.findings, *parse_findings), key=lambda f: f.line)
    )
    markdown = "\n".join(chapter.markdown for chapter in normalized)
    return Prepared(folder, markdown, guide, findings)


def bind_chapters(folder: Path, title: str, chapters: list[Guide]) -> Guide:
    """One Guide of several chapters' sections, with ids unique across the book."""
    from studyguide.parse import unique_ids  # noqa: PLC0415

    sections = [section for chapter in chapters for section in chapter.sections]
    ids = unique_ids(section.id for section in sections)
    bound = tuple(
        replace(
            section,
            id=section_id,
            questions=tuple(replace(q, id=f"{section_id}-q{q.number}") for q in section.questions),
        )
        for section, section_id in zip(sections, ids, strict=True)
    )
    images = {image.href: image for chapter in chapters for image in chapter.images}
    return replace(
        chapters[0],
        source=folder,
        title=title,
        sections=bound,
        images=tuple(images[href] for href in sorted(images)),
    )


def _image_limit(config: BuildConfig) -> int:
    return int(config.max_image_mb * 1_000_000)


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


TMP = ".studyguide-tmp"


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


def write_outputs(
    outputs: list[Output], folder: Path, built_from: dict[str, str] | None = None
) -> list[Path]:
    """Write each file atomically: to a temporary file beside it, then renamed into place."""
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
    names = [output.name for output in outputs]
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise GuideError(
            f"two guides would both write {duplicate}",
            "give the guide files different names",
            folder,
        )
    with _locked(folder):
        _remove_stale_temporaries(folder)
        record = {**cache.read_record(folder), **(built_from or {})}
        files = [
            *outputs,
            Output(cache.RECORD, json.dumps(record, indent=1, sort_keys=True).encode(), ""),
        ]
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
    return [folder / output.name for output in outputs]
