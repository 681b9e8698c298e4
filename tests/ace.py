"""Ace by DAISY, the EPUB accessibility checker, kept warm: one Node process and one headless
Chromium per test process check every EPUB (ace_server.js), instead of a fresh `ace` command,
Node and Chromium for each."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM
from tests.conftest import ROOT

MODULES = ROOT / "tools" / "node_modules"
SERVER = Path(__file__).with_name("ace_server.js")


class Checker:
    """One running Ace; checks one EPUB at a time."""

    def __init__(self, chromium: str) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER), str(MODULES)],
            env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.lock = threading.Lock()

    def check(self, epub: Path, report: Path) -> None:
        """Ace's report on an EPUB, written to report/report.json."""
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(f"{epub.resolve()}\t{report.resolve()}\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline().strip()
        if answer != "done":
            pytest.fail(f"Ace could not check {epub}: {answer or 'it stopped'}")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


_checker: Checker | None = None


def ace_violations(epub: Path, report: Path) -> list[str]:
    """What Ace reports on an EPUB, one line per violation; it writes its report to a folder."""
    global _checker  # noqa: PLW0603 - one Ace per test process, started on first use
    if shutil.which("node") is None or CHROMIUM is None:
        pytest.skip("Ace needs node and Chromium (bootstrap.sh installs them)")
    if not (MODULES / "@daisy" / "ace-core").is_dir():
        pytest.fail(f"Ace by DAISY is not installed ({MODULES}): run ./bootstrap.sh")
    if _checker is None or _checker.process.poll() is not None:
        _checker = Checker(CHROMIUM)
        atexit.register(_checker.close)
    _checker.check(epub, report)
    found = json.loads((report / "report.json").read_text(encoding="utf-8"))
    return [
        f"{check['earl:test']['dct:title']} ({check['earl:test']['earl:impact']}) "
        f"{document['earl:testSubject']['url']}: {check['earl:result']['dct:description']}"
        for document in found["assertions"]
        for check in document["assertions"]
    ]
