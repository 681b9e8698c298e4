"""A studyguide command -> its exit status, standard output and standard error, run in a process
of its own: forked from the test process, or in a fresh Python interpreter.

A fresh interpreter spends a second or more before a command does anything: it imports
WeasyPrint and pandoc's wrapper, loads the language detector's model, compiles the layouts,
and its layout workers load WeasyPrint's fonts and styles again. A process forked from the
test process, where all of that was done once, is otherwise what the command's own process
would be: `main()` with its arguments, its working folder and SOURCE_DATE_EPOCH, its own exit
status and streams, and nothing it changes (the folder, the environment, caches, time limits'
alarms) comes back into the tests. Python's warnings are errors in it, as everywhere in the
tests.

``run`` and ``start`` fork; ``run_program`` starts ``python -m studyguide`` itself, for the
tests about what only a fresh interpreter shows (how much memory a build takes, the
environment it starts in) and for one end-to-end build.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

from studyguide.build.pipeline import build
from studyguide.cli import main
from studyguide.config import BuildConfig
from studyguide.formats import REGISTRY
from tests.conftest import EPOCH, ROOT, SMALL, rendition


def run(*arguments: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``studyguide ARGUMENTS`` in a process forked from this one, to its end."""
    return start(*arguments, cwd=cwd).wait()


class Started:
    """A command running in a process forked from this one (as subprocess.Popen has it)."""

    def __init__(self, words: list[str], cwd: Path) -> None:
        self.args = ["studyguide", *words]
        self.returncode: int | None = None
        # Files rather than pipes: a command may print more than a pipe holds before it ends.
        self._stdout = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait()
        self.pid = os.fork()
        if self.pid == 0:
            _command(words, cwd, self._stdout.fileno(), self._stderr.fileno())

    def poll(self) -> int | None:
        """The exit status, or None while the command runs."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, signal: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signal)

    def wait(self) -> subprocess.CompletedProcess[str]:
        """What the command printed and its exit status, once it has ended."""
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        streams = []
        for stream in (self._stdout, self._stderr):
            stream.seek(0)
            streams.append(stream.read().decode("utf-8"))
            stream.close()
        return subprocess.CompletedProcess(self.args, self.returncode, *streams)


def start(*arguments: str | Path, cwd: Path = ROOT) -> Started:
    """``studyguide ARGUMENTS`` started in a process forked from this one."""
    _loaded()
    return Started([str(argument) for argument in arguments], cwd)


@functools.cache
def _loaded() -> None:
    """What every command would load again, loaded here once: the small guide built into the
    formats made in the build's own process (reading it loads the language detector's model
    and finds pandoc), and its print edition laid out here, as a layout worker would."""
    with tempfile.TemporaryDirectory() as folder:
        report = build(BuildConfig(source=SMALL, output=Path(folder), formats=("html", "epub")))
        REGISTRY["pdf"].build(rendition(report.guides[0]))


def _command(words: list[str], cwd: Path, stdout: int, stderr: int) -> NoReturn:
    """The forked process: the command, then the end, never back into pytest."""
    status = 1
    try:
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        # The process's own streams, open until it ends.
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        try:
            os.chdir(cwd)
            os.environ["SOURCE_DATE_EPOCH"] = EPOCH
            _logging_as_in_a_fresh_process()
            status = main(words)
        except SystemExit as done:  # argparse's usage errors, as Python ends on them
            if isinstance(done.code, str):
                print(done.code, file=sys.stderr)
            status = done.code if isinstance(done.code, int) else int(done.code is not None)
        except BaseException:  # what Python prints when a program ends on an exception
            traceback.print_exc()
            status = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(status)


def _logging_as_in_a_fresh_process() -> None:
    """No handlers (Python's last resort prints warnings and errors to stderr), and WeasyPrint's
    logger as studyguide.render.paged leaves it: the tests' check for WeasyPrint warnings
    (conftest.weasyprint_warnings_fail) lowers its level and collects what it says."""
    for name in (None, "weasyprint"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


def run_program(*arguments: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m studyguide ARGUMENTS`` in a fresh interpreter."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "studyguide", *map(str, arguments)],
        capture_output=True, text=True, cwd=cwd, env=environment, check=False,
    )  # fmt: skip
