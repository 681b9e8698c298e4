"""A guide and its formats -> their files, built by one runner: in forked workers or here.

WeasyPrint is pure Python, so one process lays out one document at a time, and the print
edition, the practice edition and the cheat sheet are three documents. A build with paged
formats to make forks its workers as it starts: each imports WeasyPrint and loads the fonts
while the main process is still reading the guides, then takes the next PDF of any guide as
it frees up. Each worker builds whole files, so the bytes are the same as from one process.
A guide of more than a megabyte gets one worker: a document holds its laid-out pages until it
is written, and one such document at a time is what keeps the build's memory within reach.

Formats that are not laid out into pages are built in this process, and get no typesetter.
On a machine with one core there are no workers: the runner lays out each PDF itself.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from studyguide.build.memo import Memo
from studyguide.build.progress import timed
from studyguide.errors import GuideError, attributed
from studyguide.format import Format, Output, Rendition, no_typesetter
from studyguide.formats import REGISTRY

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from studyguide.config import BuildConfig
    from studyguide.model import Guide
    from studyguide.render.paged import Typesetter

PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
MOST_WORKERS = 2  # beyond two, layouts of the same build mostly wait on each other's memory
# A guide this large is laid out one document at a time: each document holds its pages (about
# 1.7 MB each) until it is written, and two at once of a guide of 2,000 questions held more
# than twice the memory of pandoc's own PDF through WeasyPrint.
LARGE_GUIDE_BYTES = 1_000_000

# Each worker's own typesetter, made once as it starts; or why it could not be made.
_typesetter: Typesetter | GuideError | None = None

Job = Callable[[], tuple[tuple[Output, ...], float]]  # a format's files, and its seconds


def typesetter(config: BuildConfig) -> Typesetter:
    """A typesetter for a build's guides: WeasyPrint with the packaged fonts loaded."""
    from studyguide.render.paged import Typesetter  # noqa: PLC0415 - see studyguide/__init__.py

    folder = config.source if config.source.is_dir() else config.source.parent
    return Typesetter(folder, config.layout_timeout)


def _start_worker(config: BuildConfig) -> None:
    global _typesetter  # noqa: PLW0603 - one per worker process, by design
    _end_with_the_build()
    try:
        _typesetter = typesetter(config)
    except GuideError as error:
        # A system library WeasyPrint needs is missing. Raised here, it would break the pool
        # and print a traceback; the worker says it instead, in one line, when given a PDF.
        _typesetter = error
        return
    # A layout makes millions of objects that live until its PDF is written; the cycle
    # collector, run as often as by default, rescans them all again and again (a fifth of the
    # time of a long guide's layout). What exists now (WeasyPrint, the fonts) is never garbage.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _end_with_the_build() -> None:
    """Ask Linux to stop this worker when the build that forked it dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _worker_typesetter() -> Typesetter:
    assert _typesetter is not None, "a worker lays out only after it has started"
    if isinstance(_typesetter, GuideError):
        raise _typesetter
    return _typesetter


def _build_in_worker(
    name: str, guide: Guide, page_html: str, config: BuildConfig
) -> tuple[tuple[Output, ...], float]:
    rendition = Rendition(guide, page_html, config, _worker_typesetter)
    return timed(functools.partial(REGISTRY[name].build, rendition))


def layout_workers(guides: Iterable[Path]) -> int:
    """How many documents to lay out at once: one when a guide is large, else MOST_WORKERS."""
    for guide in guides:
        files = sorted(guide.iterdir()) if guide.is_dir() else [guide]
        if sum(path.stat().st_size for path in files if path.is_file()) > LARGE_GUIDE_BYTES:
            return 1
    return MOST_WORKERS


class Runner:
    """Where a build's formats are built: paged ones in forked workers, the rest here."""

    def __init__(
        self,
        config: BuildConfig,
        paged_jobs: int,
        memo: Memo | None = None,
        most_workers: int = MOST_WORKERS,
    ) -> None:
        """Start the workers for ``paged_jobs`` layouts now, so that they load while guides
        are read. Formats built here find earlier builds' answers in ``memo``."""
        self.config = config
        self.memo = memo or Memo(None)
        cores = os.cpu_count() or 1
        count = min(paged_jobs, cores, most_workers)
        self.pool: ProcessPoolExecutor | None = None
        # Even one PDF gets a worker on a machine with a second core: it loads WeasyPrint
        # there while this process reads the guide.
        if count and cores > 1:
            # Named through its package, which imports the process pool (multiprocessing's
            # queues and pipes) only now: a build with no PDF to lay out never loads it.
            self.pool = concurrent.futures.ProcessPoolExecutor(
                count,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(config,),
            )
            self.pool.submit(int)  # forks the workers at once
        self.local = functools.cache(lambda: typesetter(config))

    def __enter__(self) -> Runner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(failed=error is not None)

    def lays_out(self, record: Format) -> bool:
        """Whether a format is made by the workers, not in this process."""
        return record.paged and self.pool is not None

    def submit(self, record: Format, guide: Guide, page_html: str) -> Job:
        """Start building a format of a guide; the returned job waits for its files.

        A problem the format cannot place (a layout running out of time, nesting too deep)
        is reported against the guide's file.
        """
        if self.pool is not None and self.lays_out(record):
            future: Future[tuple[tuple[Output, ...], float]] = self.pool.submit(
                _build_in_worker, record.name, guide, page_html, self.config
            )
            return functools.partial(attributed, guide.source, future.result)
        rendition = Rendition(
            guide,
            page_html,
            self.config,
            self.local if record.paged else no_typesetter,
            self.memo,
        )
        step = functools.partial(timed, functools.partial(record.build, rendition))
        return functools.partial(attributed, guide.source, step)

    def close(self, *, failed: bool = False) -> None:
        """Stop the workers; after a failure, also any layout still running."""
        if self.pool is None:
            return
        if not failed:
            self.pool.shutdown()
            return
        processes = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()
