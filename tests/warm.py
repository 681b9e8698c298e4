"""Checkers kept running for a whole test process: EPUBCheck in a JVM, Ace in Node and Chromium.

Starting either costs several seconds, more than checking one of studyguide's EPUBs, so each
starts once per test process, on first use, and serves every check after. A checker reads one
request per line on stdin and answers with lines, the last of them holding only END.
"""

from __future__ import annotations

import atexit
import subprocess
import threading

import pytest

END = "END"


class Checker:
    """One running checker, asked one thing at a time."""

    def __init__(self, name: str, command: list[str], environment: dict[str, str] | None) -> None:
        self.name = name
        self.process = subprocess.Popen(
            command,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.lock = threading.Lock()

    def ask(self, request: str) -> list[str]:
        """The lines the checker answers a request with, without the END line."""
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(f"{request}\n")
            self.process.stdin.flush()
            lines: list[str] = []
            for line in self.process.stdout:
                if line.rstrip("\n") == END:
                    return lines
                lines.append(line)
        status = self.process.wait()
        pytest.fail(f"{self.name} stopped (exit status {status}) while checking {request!r}")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


_running: dict[str, Checker] = {}


def checker(name: str, command: list[str], environment: dict[str, str] | None = None) -> Checker:
    """The checker running under ``name``, started now if it is not (or no longer) running."""
    found = _running.get(name)
    if found is None or found.process.poll() is not None:
        found = _running[name] = Checker(name, command, environment)
        atexit.register(found.close)
    return found
