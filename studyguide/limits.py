"""A stage of a build and its time limit -> one line naming both when the stage runs out.

Reading a guide (pandoc, normalizing, parsing), laying out a PDF and drawing it each have a
limit, so that no guide can keep a build busy for ever. Python's own work is stopped by an
alarm (SIGALRM), which only the main thread of a process can set: the build's, or a layout
worker's. A program a stage runs (pandoc) is given what is left of the stage and is ended when
that runs out, from any thread: the preview server reads guides in one of its own, where the
Python part of reading has no limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from studyguide.errors import GuideError


@dataclass(frozen=True, eq=False)  # each stage is itself, however alike two are
class Stage:
    """A stage under way: what it is, how long it may take, and how to give it longer."""

    name: str  # what the line says took too long: "laying out a PDF"
    seconds: float
    setting: str  # the setting that raises the limit: "layout_timeout"
    fix: str  # what else the user can do: "split the guide"
    ends: float  # on time.monotonic()'s clock

    def error(self, program: str | None = None) -> GuideError:
        still = f" ({program} was still running)" if program else ""
        return GuideError(
            f"{self.name} took longer than {self.seconds:g} s{still}",
            f"{self.fix}, or raise {self.setting} in [tool.studyguide]",
        )


class OutOfTime(BaseException):
    """A stage's time is up: raised inside it, and turned into a GuideError as it ends.

    Not an Exception, so that no library's ``except Exception`` (WeasyPrint skips an image
    that fails to load) can catch it and carry on.
    """

    def __init__(self, stage: Stage, program: str | None) -> None:
        super().__init__(stage.name)
        self.stage = stage
        self.program = program


_local = threading.local()  # each thread's stages, innermost last, and the program it runs


def _stages() -> list[Stage]:
    stages: list[Stage] = _local.__dict__.setdefault("stages", [])
    return stages


def _program() -> str | None:
    program: str | None = getattr(_local, "program", None)
    return program


@contextlib.contextmanager
def time_limit(name: str, seconds: float, setting: str, fix: str) -> Iterator[None]:
    """Stop what runs inside after ``seconds`` with one line: "NAME took longer than N s".

    Stages may nest: the first to run out stops both. A library may catch the stop and carry
    on (WeasyPrint skips an SVG that fails to draw, whatever the reason): the alarm then rings
    again every AGAIN seconds, and the stage fails as it ends all the same.
    """
    stage = Stage(name, seconds, setting, fix, time.monotonic() + seconds)
    stages = _stages()
    alarm = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _ring) if alarm and not stages else signal.SIG_DFL
    stages.append(stage)
    if alarm:
        _set_alarm(stages)
    stopped: OutOfTime | None = None
    try:
        yield
    except OutOfTime as stop:
        stopped = stop  # said once the stage is left: its alarm must not ring in the saying
    finally:
        stages.remove(stage)  # first: an alarm that rings from now on finds nothing to stop
        if alarm and stages:
            _set_alarm(stages)
        elif alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)  # None: set outside Python
    if stopped is not None and stopped.stage is not stage:
        raise stopped  # an outer stage's: it says so itself
    if stopped is not None or time.monotonic() >= stage.ends:
        # (Without a stop: what was stopped caught it and went on, or there was no alarm.)
        raise stage.error(stopped.program if stopped else None) from None


AGAIN = 1.0  # seconds between alarms once a stage has run out


def _set_alarm(stages: list[Stage]) -> None:
    first = min(stage.ends for stage in stages)
    signal.setitimer(signal.ITIMER_REAL, max(first - time.monotonic(), 0.001))


def _ring(signum: int, frame: object) -> None:
    stages = _stages()
    due = [stage for stage in stages if stage.ends <= time.monotonic()]
    if due:
        signal.setitimer(signal.ITIMER_REAL, AGAIN)
        raise OutOfTime(min(due, key=lambda stage: stage.ends), _program())
    if stages:  # early, as timers may be: wait for the rest
        _set_alarm(stages)


# The stages of a build that have a limit, each with the line it gives and the setting to raise.


def reading(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Reading one guide: pandoc, normalizing, parsing, deciding its language."""
    return time_limit("reading the guide", seconds, "read_timeout", "simplify or split the guide")


def laying_out(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Laying out one document into pages."""
    return time_limit("laying out a PDF", seconds, "layout_timeout", "split the guide")


def drawing(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Drawing a laid-out document's pages into a PDF: images are drawn only now, and an SVG
    can draw one shape billions of times (a fan-out of <use>)."""
    return time_limit(
        "drawing a PDF",
        seconds,
        "layout_timeout",
        "look for an image that repeats a shape without end (an SVG's <use>)",
    )


def time_left() -> float | None:
    """The seconds left to the stages under way in this thread; None outside any stage."""
    stages = _stages()
    return max(min(stage.ends for stage in stages) - time.monotonic(), 0.0) if stages else None


def current_stage() -> Stage | None:
    """The stage under way in this thread that ends first; None outside any stage."""
    stages = _stages()
    return min(stages, key=lambda stage: stage.ends) if stages else None


@contextlib.contextmanager
def running(program: str) -> Iterator[float | None]:
    """While another program runs in this thread's stage: the seconds it may take (None for no
    limit), and its name in the line if the stage runs out while it runs."""
    previous = _program()
    _local.program = program
    try:
        yield time_left()
    finally:
        _local.program = previous


def out_of_time() -> OutOfTime:
    """What to raise when a program run in a stage outlived the time it was given."""
    stages = _stages()
    return OutOfTime(min(stages, key=lambda stage: stage.ends), _program())
