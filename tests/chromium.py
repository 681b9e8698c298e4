"""Headless Chromium for the tests that check what a reader's browser shows."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)  # fmt: skip


# What the Playwright tests share: Chromium started quietly, a phone's window, and axe-core.
PLAYWRIGHT_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
PHONE: ViewportSize = {"width": 390, "height": 844}
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def launched() -> Iterator[Browser]:
    """Chromium, driven by Playwright, for as long as the generator is not closed."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=PLAYWRIGHT_FLAGS)
        yield browser
        browser.close()


def opened(browser: Browser, page: Path) -> Iterator[Page]:
    """A page opened in a phone's window of a fresh context; a script error on it fails the
    test that used it."""
    context = browser.new_context(viewport=PHONE)
    shown = context.new_page()
    errors: list[str] = []
    shown.on("pageerror", lambda error: errors.append(str(error)))
    shown.goto(page.as_uri())
    yield shown
    context.close()
    assert errors == []


def axe_checked(page: Page) -> tuple[list[tuple[str, list[Any]]], set[str]]:
    """axe-core run on the page as it is now (WCAG 2.1 A and AA, and best practice): each
    violation's rule and the elements it names, and the rules it checked and found kept."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
    )
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    return problems, {rule["id"] for rule in result["passes"]}


def visible_items(page: Page) -> list[str]:
    """The ids of the quiz page's items that are not hidden, in order."""
    ids: list[str] = page.eval_on_selector_all(
        "#items .item", "items => items.filter(i => !i.hidden).map(i => i.id)"
    )
    return ids


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
