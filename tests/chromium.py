"""Headless Chromium for the tests that check what a reader's browser shows."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)  # fmt: skip


def chromium(*arguments: str) -> str:
    """Run headless Chromium with a profile of its own; its standard output."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
    return result.stdout


def screenshot(page: Path, shot: Path, width: int, height: int) -> None:
    """A screenshot of a page in a window of a phone's size."""
    chromium(f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri())
