"""The self-quiz page: an item per answered question, working offline, by keyboard alone.

The browser tests drive Debian's Chromium with Playwright (bootstrap.sh installs both) and
check accessibility with axe-core from npm (package.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from playwright.sync_api import Browser, Page

from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.formats import quiz
from tests.chromium import PHONE, axe_checked, opened, visible_items
from tests.conftest import ROOT, Built, quiz_guide, rendition

# One worker starts the browser, once.
pytestmark = pytest.mark.xdist_group("browser")


def items(path: Path) -> list[Any]:
    return list(lxml.html.parse(str(path)).getroot().find_class("item"))


def test_every_answered_question_is_an_item(built: Built) -> None:
    found = items(built.path("-quiz.html"))
    assert [item.get("id") for item in found] == [q.id for q in built.guide.questions if q.answered]
    for item, question in zip(found, (q for q in built.guide.questions if q.answered), strict=True):
        assert question.prompt_html in lxml.html.tostring(item, encoding="unicode")


def test_the_page_stands_alone(seed: Built, tmp_path: Path) -> None:
    page = seed.path("-quiz.html").read_text(encoding="utf-8")
    assert not re.search(r"<link|<script [^>]*src=|src=\"https?:|url\(https?:", page)
    source = ROOT / "tests" / "guides" / "fidelity" / "fidelity.md"
    build(BuildConfig(source=source, output=tmp_path, formats=("quiz",)))
    fidelity = (tmp_path / "fidelity-quiz.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="([^"]+)"', fidelity)
    assert images and all(src.startswith("data:image/") for src in images)


def test_without_javascript_each_answer_is_a_details_block(seed: Built) -> None:
    for item in items(seed.path("-quiz.html")):
        (details,) = item.findall(".//details")
        assert details.find("summary") is not None
        assert item.find_class("marks")[0].get("hidden") is not None


@pytest.fixture
def page(browser: Browser, seed: Built) -> Iterator[Page]:
    yield from opened(browser, seed.path("-quiz.html"))


def progress(page: Page) -> str:
    return page.inner_text("#progress")


def test_one_question_at_a_time_by_keyboard_alone(page: Page, seed: Built) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    assert visible_items(page) == answered[:1]
    assert progress(page).startswith(f"1 of {len(answered)}")
    first = f"#{answered[0]} details"
    assert not page.eval_on_selector(first, "d => d.open")
    page.keyboard.press("Space")
    assert page.eval_on_selector(first, "d => d.open")
    page.keyboard.press("1")
    assert visible_items(page) == answered[1:2]
    assert progress(page) == f"2 of {len(answered)} · knew it: 1 · again: 0 · not marked: 7"
    page.keyboard.press("2")
    assert visible_items(page) == answered[2:3]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert visible_items(page) == answered[:1]
    assert "marked: knew it" in page.inner_text(f"#{answered[0]} .meta").lower()
    page.keyboard.press("ArrowRight")
    assert "marked: again" in page.inner_text(f"#{answered[1]} .meta").lower()


def test_marks_are_kept_in_local_storage(page: Page) -> None:
    page.keyboard.press("1")
    page.keyboard.press("2")
    page.keyboard.press("2")
    page.reload()
    assert "knew it: 1 · again: 2" in progress(page)
    page.keyboard.press("Tab")
    tabs = 0
    while page.evaluate("document.activeElement.id") != "reset" and tabs < 40:
        page.keyboard.press("Tab")
        tabs += 1
    page.keyboard.press("Enter")
    assert "knew it: 0 · again: 0" in progress(page)


def tab_to(page: Page, element_id: str) -> None:
    for _ in range(60):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches #{element_id}")


def test_the_list_and_the_section_filter_by_keyboard(page: Page, seed: Built) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    tab_to(page, "list")
    page.keyboard.press("Enter")
    assert visible_items(page) == answered
    tab_to(page, "section")
    page.keyboard.press("ArrowDown")
    first = next(s for s in seed.guide.sections if any(q.answered for q in s.questions))
    assert visible_items(page) == [q.id for q in first.questions if q.answered]
    assert progress(page).startswith(f"{len(visible_items(page))} questions")


def test_only_those_not_yet_known(page: Page, seed: Built) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    page.keyboard.press("1")
    tab_to(page, "unknown")
    page.keyboard.press("Space")
    assert answered[0] not in visible_items(page)
    tab_to(page, "list")
    page.keyboard.press("Enter")
    assert visible_items(page) == answered[1:]


def test_shuffle_reorders_without_losing_a_question(page: Page, seed: Built) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    orders = set()
    tab_to(page, "list")
    page.keyboard.press("Enter")
    for _ in range(6):
        tab_to(page, "shuffle")
        page.keyboard.press("Enter")
        order = visible_items(page)
        assert sorted(order) == sorted(answered)
        orders.add(tuple(order))
    assert len(orders) > 1


def test_picking_a_choice_says_right_or_wrong(browser: Browser, tmp_path: Path) -> None:
    (output,) = quiz.build(rendition(quiz_guide(tmp_path)))
    path = tmp_path / "quiz.html"
    path.write_bytes(output.data)
    opened = browser.new_page(viewport=PHONE)
    opened.goto(path.as_uri())
    opened.keyboard.press("a")
    assert opened.inner_text("#basics-q1 .verdict") == "Wrong: the answer is B."
    opened.keyboard.press("b")
    assert opened.inner_text("#basics-q1 .verdict") == "Right: B is correct."
    assert opened.eval_on_selector("#basics-q1 details", "d => d.open")
    assert opened.locator(".item").count() == 2  # the question without an answer is left out
    opened.close()


def test_without_javascript_every_question_shows_and_opens(browser: Browser, seed: Built) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    opened = context.new_page()
    opened.goto(seed.path("-quiz.html").as_uri())
    assert len(visible_items(opened)) == seed.guide.answered_count
    assert not opened.is_visible("#controls")
    opened.keyboard.press("Tab")
    opened.keyboard.press("Enter")  # the first answer's summary
    assert opened.eval_on_selector(".item details", "d => d.open")
    context.close()


def test_fits_a_phone_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("view", ["single", "list"])
def test_no_accessibility_violations(page: Page, view: str) -> None:
    page.keyboard.press("Space")
    page.click(f"#{view}")
    problems, checked = axe_checked(page)
    assert problems == []
    assert {"color-contrast", "label", "button-name"} <= checked
