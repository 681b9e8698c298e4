"""Ace by DAISY, the EPUB accessibility checker, kept warm (tests/warm.py): one Node process
and one headless Chromium per test process check every EPUB (ace_server.js), instead of a
fresh `ace` command, Node and Chromium for each."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM
from tests.conftest import ROOT
from tests.warm import checker

MODULES = ROOT / "tools" / "node_modules"
SERVER = Path(__file__).with_name("ace_server.js")


def ace_violations(epub: Path, report: Path) -> list[str]:
    """What Ace reports on an EPUB, one line per violation; it writes its report to a folder."""
    if shutil.which("node") is None or CHROMIUM is None:
        pytest.skip("Ace needs node and Chromium (bootstrap.sh installs them)")
    if not (MODULES / "@daisy" / "ace-core").is_dir():
        pytest.fail(f"Ace by DAISY is not installed ({MODULES}): run ./bootstrap.sh")
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    ace = checker("Ace", ["node", str(SERVER), str(MODULES)], environment)
    answer = "".join(ace.ask(f"{epub.resolve()}\t{report.resolve()}")).strip()
    if answer != "done":
        pytest.fail(f"Ace could not check {epub}: {answer}")
    found = json.loads((report / "report.json").read_text(encoding="utf-8"))
    return [
        f"{check['earl:test']['dct:title']} ({check['earl:test']['earl:impact']}) "
        f"{document['earl:testSubject']['url']}: {check['earl:result']['dct:description']}"
        for document in found["assertions"]
        for check in document["assertions"]
    ]
