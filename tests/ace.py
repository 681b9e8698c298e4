"""Ace by DAISY, the EPUB accessibility checker, run on a built EPUB in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM
from tests.conftest import ROOT

ACE = ROOT / "tools" / "node_modules" / ".bin" / "ace-puppeteer"


def ace_violations(epub: Path, report: Path) -> list[str]:
    """What Ace reports on an EPUB, one line per violation; it writes its report to a folder."""
    if shutil.which("node") is None or CHROMIUM is None:
        pytest.skip("Ace needs node and Chromium (bootstrap.sh installs them)")
    if not ACE.exists():
        pytest.fail(f"Ace by DAISY is not installed ({ACE}): run ./bootstrap.sh")
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(report), str(epub)],
        env=environment, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    found = json.loads((report / "report.json").read_text(encoding="utf-8"))
    return [
        f"{check['earl:test']['dct:title']} ({check['earl:test']['earl:impact']}) "
        f"{document['earl:testSubject']['url']}: {check['earl:result']['dct:description']}"
        for document in found["assertions"]
        for check in document["assertions"]
    ]
