"""A rendered guide -> its PDF files, laid out on two cores at once.

WeasyPrint is pure Python, so one process lays out one document at a time, and the print
edition, the practice edition and the cheat sheet are three documents. A build with PDFs to
make forks its workers as it starts: each imports WeasyPrint and loads the fonts while the
main process is still reading the guides, then takes the next PDF of any guide as it frees
up. Each worker builds whole files, so the bytes are the same as from one process.

On a machine with one core there are no workers: the build lays out each PDF itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from studyguide.format import Output, Rendition
from studyguide.formats import REGISTRY

if TYPE_CHECKING:
    from studyguide.config import BuildConfig
    from studyguide.model import Guide
    from studyguide.paged import Typesetter

PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
MOST_WORKERS = 2  # beyond two, layouts of the same build mostly wait on each other's memory

# Each worker's own typesetter, made once as it starts.
_typesetter: Typesetter | None = None

T = TypeVar("T")
Job = Callable[[], tuple[tuple[Output, ...], float]]  # a format's files, and its seconds


def typesetter(config: BuildConfig) -> Typesetter:
    """A typesetter for a build's guides: WeasyPrint with the packaged fonts loaded."""
    from studyguide.paged import Typesetter  # noqa: PLC0415 - WeasyPrint loads only for PDFs

    folder = config.source if config.source.is_dir() else config.source.parent
    return Typesetter(folder, config.layout_timeout)


def _start_worker(config: BuildConfig) -> None:
    global _typesetter  # noqa: PLW0603 - one per worker process, by design
    _end_with_the_build()
    _typesetter = typesetter(config)
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
    return _typesetter


def _build(name: str, guide: Guide, page_html: str, config: BuildConfig) -> tuple[Output, ...]:
    return REGISTRY[name].build(Rendition(guide, page_html, config, _worker_typesetter))


def timed(step: Callable[[], T]) -> tuple[T, float]:
    """What a step returns, and how many seconds it took (measured where it runs)."""
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


class Typesetters:
    """Where a build's PDFs are laid out: in forked workers, or in this process."""

    def __init__(self, config: BuildConfig, jobs: int) -> None:
        """Start the workers for ``jobs`` PDFs now, so that they load while guides are read."""
        self.config = config
        cores = os.cpu_count() or 1
        count = min(jobs, cores, MOST_WORKERS)
        self.pool: ProcessPoolExecutor | None = None
        # Even one PDF gets a worker on a machine with a second core: it loads WeasyPrint
        # there while this process reads the guide.
        if count and cores > 1:
            self.pool = ProcessPoolExecutor(
                count,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(config,),
            )
            self.pool.submit(int)  # forks the workers at once
        self.local = functools.cache(lambda: typesetter(config))

    def submit(self, name: str, guide: Guide, page_html: str) -> Job:
        """Start building a typeset format; the returned job waits for its files."""
        if self.pool is None:
            rendition = Rendition(guide, page_html, self.config, self.local)
            return lambda: timed(functools.partial(REGISTRY[name].build, rendition))
        step = functools.partial(_build, name, guide, page_html, self.config)
        future: Future[tuple[tuple[Output, ...], float]] = self.pool.submit(timed, step)
        return future.result

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
