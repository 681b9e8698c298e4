"""Guide sources -> every output file, gathered in memory first, then written at once.

The build reads like its table of contents: gather (find the guides and what of them is out
of date, and read those), build (render each guide's web page once, if a format packages
it, and let each format make its files), and only when every file of every guide is ready,
write them. Each step is a call into the module that owns it.
"""

from __future__ import annotations

import errno
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.build import cache
from studyguide.build.memo import Memo
from studyguide.build.progress import Progress, Timings
from studyguide.build.workers import Runner, layout_workers
from studyguide.config import BuildConfig
from studyguide.errors import Finding, GuideError, attributed
from studyguide.format import Format, Output, Rendition, markdown_name, no_typesetter
from studyguide.formats import REGISTRY
from studyguide.model import Guide
from studyguide.read import history, sources
from studyguide.read.sources import Prepared
from studyguide.render import pages
from studyguide.render.theme import Theme

if TYPE_CHECKING:
    from studyguide.read.patch import Parsed  # imported with the reading stack, when read


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote, and what it found up to date."""

    written: tuple[tuple[Path, str], ...]  # path and summary of each file
    guides: tuple[Guide, ...]  # the guides that were built
    unchanged: tuple[Path, ...] = ()  # guides whose outputs were already up to date
    removed: tuple[Path, ...] = ()  # with clean: outputs no guide makes any more
    left: tuple[Path, ...] = ()  # with clean: such outputs left alone, changed since written
    timings: tuple[tuple[str, float], ...] = ()  # each stage and its seconds, for --verbose
    parsed: tuple[Parsed, ...] = ()  # the guide files read, for the preview's next save


def build(
    config: BuildConfig,
    warn: Callable[[Finding], None] = lambda finding: None,
    *,
    force: bool = False,
    clean: bool = False,
    progress: Progress | None = None,
    focus: str = "",
) -> BuildReport:
    """Build every format of every guide; write nothing unless all of it succeeded. With
    ``clean``, then remove the outputs that no guide makes any more. With ``focus`` (a review
    history, read/history.py), only the questions it chooses, into files of their own."""
    # Gather: the guides, and what of each is out of date.
    guides = sources.find_guides(config.source)
    guides, config, chosen = history.focused(guides, config, focus)
    sources.check_output(config.output, config.source, guides)
    plans = cache.plan(guides, config, force=force, focus=chosen)
    stale = [plan for plan in plans if plan.needed]
    timings = Timings(progress)
    timings.planned(sum(1 + len(plan.formats) for plan in stale))
    # Build, in memory: read the out-of-date guides, then make their files.
    memo = Memo(config.output)
    prepared, outputs = (
        build_in_memory(stale, config, warn, timings, memo=memo, focus=chosen)
        if stale
        else ([], [])
    )
    # Write: only now, with the record of what each file was made from, and what to remember.
    written = write(outputs, config, stale) if outputs else []
    memo.keep()
    made = [file for plan in plans for file in plan.fingerprints]
    removed, left = cache.clean(config.output, made) if clean else ([], [])
    return BuildReport(
        written=tuple(zip(written, (output.summary for output in outputs), strict=True)),
        guides=tuple(item.guide for item in prepared),
        unchanged=tuple(plan.source for plan in plans if not plan.needed),
        removed=tuple(removed),
        left=tuple(left),
        timings=tuple(timings.stages),
        parsed=tuple(item.parsed for item in prepared if item.parsed is not None),
    )


def build_page_again(
    config: BuildConfig, previous: Parsed, warn: Callable[[Finding], None]
) -> BuildReport | None:
    """The web page of a guide file read before, after a save: only the sections that changed
    are read again (sources.reread), and the page is written with its record. None when the
    guide must be read whole, by `build`.

    Only the page is written: the guide's normalized Markdown keeps its old record, so the
    next build that makes it (the preview's own, in the background) writes it anew.
    """
    plan = cache.plan([previous.guide.source], config)[0]
    if "html" not in plan.formats:
        return BuildReport(written=(), guides=(), unchanged=(plan.source,), parsed=(previous,))
    memo = Memo(config.output)
    read = sources.reread(plan.source, config, previous, memo)
    if read is None:
        return None
    guide, findings, parsed = read
    for finding in findings:
        warn(finding)
    page_html = pages.render_page(guide, config.paper, theme=Theme(config.theme))
    rendition = Rendition(guide, page_html, config, no_typesetter, memo)
    outputs = list(attributed(guide.source, functools.partial(REGISTRY["html"].build, rendition)))
    written = write(outputs, config, [plan])
    memo.keep()
    return BuildReport(
        written=tuple(zip(written, (output.summary for output in outputs), strict=True)),
        guides=(guide,),
        parsed=(parsed,),
    )


def write(outputs: list[Output], config: BuildConfig, plans: list[cache.Plan]) -> list[Path]:
    """Write the outputs; a full disk, or one that refuses, is the user's to fix: one line."""
    try:
        return cache.write_outputs(outputs, config.output, plans)
    except OSError as error:
        full = error.errno in {errno.ENOSPC, errno.EDQUOT}
        raise GuideError(
            f"the outputs could not be written ({error.strerror or error})",
            "free some space on the disk, or choose another folder with -o"
            if full
            else "choose another folder with -o, or fix its permissions",
            config.output,
        ) from error


def build_in_memory(
    plans: list[cache.Plan],
    config: BuildConfig,
    warn: Callable[[Finding], None],
    timings: Timings,
    *,
    memo: Memo,
    focus: history.Focus | None = None,
) -> tuple[list[Prepared], list[Output]]:
    """Read each planned guide (narrowed to the questions a focus chooses), then make its
    files; the workers start first, so that they load WeasyPrint while the guides are read."""
    paged = sum(REGISTRY[name].paged for plan in plans for name in plan.formats)
    workers = layout_workers(plan.source for plan in plans)
    with Runner(config, paged, memo, workers) as runner:
        prepared = [
            timings.time(
                f"read {plan.source.name}",
                functools.partial(sources.read, plan.source, config, memo, markdown=plan.markdown),
            )
            for plan in plans
        ]
        if focus:
            prepared = [
                replace(item, guide=history.narrowed(item.guide, focus)) for item in prepared
            ]
        for finding in (finding for item in prepared for finding in item.findings):
            warn(finding)
        outputs = make(prepared, plans, runner, timings)
        for finding in (finding for output in outputs for finding in output.findings):
            warn(finding)  # what a format noticed: questions left out, cards that overflow
        return prepared, outputs


def make(
    prepared: list[Prepared], plans: list[cache.Plan], runner: Runner, timings: Timings
) -> list[Output]:
    """Each guide's planned files: its web page rendered once if a format packages it, and
    every format's job started before any is waited for."""
    work: list[tuple[Guide, Format, str]] = []
    for item, plan in zip(prepared, plans, strict=True):
        guide = item.guide
        records = [REGISTRY[name] for name in plan.formats]
        needed = any(record.needs_page for record in records)
        theme = Theme(runner.config.theme)
        page_html = pages.render_page(guide, runner.config.paper, theme=theme) if needed else ""
        work.extend((guide, record, page_html) for record in records)
    # The longest layouts first, so that the last to start is a short one: the workers then
    # finish together (a print edition started last would keep one busy while the other waits).
    started = {
        (guide.name, record.name): runner.submit(record, guide, page_html)
        for guide, record, page_html in sorted(work, key=lambda job: -job[1].weight)
    }
    # What is made here (web page, EPUB, decks) is made while the workers lay out.
    made = {key: job() for key, job in started.items() if not runner.lays_out(REGISTRY[key[1]])}
    outputs: list[Output] = []
    for item, plan in zip(prepared, plans, strict=True):  # in order: the files listed in order
        if plan.markdown:  # written by pandoc meanwhile (sources.read)
            markdown = item.markdown.encode("utf-8")
            outputs.append(Output(markdown_name(plan.name), markdown, "normalized Markdown"))
        for name in plan.formats:
            key = (item.guide.name, name)
            files, seconds = made[key] if key in made else started[key]()
            outputs.extend(files)
            timings.done(f"{item.guide.name}: {name}", seconds)
    return outputs
