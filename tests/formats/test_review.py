"""The quiz page's review mode: its FSRS scheduler against the Python reference (`fsrs`), and
the page reviewed, kept, exported and imported in Chromium by keyboard alone."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, Scheduler
from playwright.sync_api import Browser, Page

from studyguide.render import short_ids
from tests.chromium import PHONE, axe_checked, opened, visible_items
from tests.conftest import ROOT, Built

FSRS_JS = ROOT / "styles" / "fsrs.js"
NODE = shutil.which("node")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# Runs each review sequence from stdin through the page's scheduler; prints each due time.
RUN_IN_NODE = """
const fsrs = require(process.argv[1]);
const sequences = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(sequences.map((reviews) => {
  let card = fsrs.newCard(reviews[0][0]);
  return reviews.map(([time, rating]) => (card = fsrs.review(card, rating, time)).due);
})));
"""


def review_sequence(chance: random.Random) -> list[tuple[int, int]]:
    """Ratings at times (milliseconds) as a learner gives them: mostly when a question is
    due, sometimes early, late or again the same day."""
    scheduler = Scheduler(enable_fuzzing=False)
    card, now, reviews = Card(card_id=1, due=START), START, []
    for _ in range(chance.randint(1, 14)):
        wait = card.due - now
        now += chance.choice(
            [
                wait,
                wait * chance.uniform(0.3, 1.0),
                wait * chance.uniform(1.0, 4.0),
                timedelta(minutes=chance.randint(0, 90)),
                timedelta(hours=chance.randint(1, 30)),
            ]
        )
        now = now.replace(microsecond=0)
        rating = chance.choices([1, 2, 3, 4], weights=[2, 2, 5, 2])[0]
        card, _ = scheduler.review_card(card, Rating(rating), now)
        reviews.append((int(now.timestamp() * 1000), rating))
    return reviews


def reference_dues(reviews: list[tuple[int, int]]) -> list[int]:
    scheduler = Scheduler(enable_fuzzing=False)
    card, dues = Card(card_id=1, due=START), []
    for time, rating in reviews:
        when = datetime.fromtimestamp(time / 1000, UTC)
        card, _ = scheduler.review_card(card, Rating(rating), when)
        dues.append(int(card.due.timestamp() * 1000))
    return dues


@pytest.mark.skipif(NODE is None, reason="needs Node.js (bootstrap.sh installs it)")
def test_the_page_schedules_as_the_reference_does() -> None:
    chance = random.Random(29)
    sequences = [review_sequence(chance) for _ in range(100)]
    assert NODE is not None
    result = subprocess.run(
        [NODE, "-e", RUN_IN_NODE, str(FSRS_JS)],
        input=json.dumps(sequences), capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    page_dues = json.loads(result.stdout)
    day = 24 * 3600 * 1000
    far = 0
    for reviews, dues in zip(sequences, page_dues, strict=True):
        expected = reference_dues(reviews)
        assert len(dues) == len(expected)
        for (time, _), due, wanted in zip(reviews, dues, expected, strict=True):
            assert abs(due - wanted) < day, (reviews, dues, expected)
            far = max(far, wanted - time)
    assert far > 30 * day  # the sequences reach long intervals, not only the learning steps


# One worker starts the browser, once.
BROWSER = pytest.mark.xdist_group("browser")
KEYS = ["1", "3", "4", "2", "3", "1", "4", "3"]  # a rating for each question, in turn


@pytest.fixture
def page(browser: Browser, seed: Built) -> Iterator[Page]:
    yield from opened(browser, seed.path("-quiz.html"))


def tab_to(page: Page, element_id: str) -> None:
    for _ in range(80):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches #{element_id}")


def history(page: Page) -> dict[str, Any]:
    kept: dict[str, Any] = page.evaluate(
        "JSON.parse(localStorage.getItem('studyguide-review:data-science-genai-engineering'))"
    )
    return kept


def review_every_question(page: Page, answered: list[str]) -> None:
    """Start the review mode and rate each question after revealing it, by keyboard alone."""
    tab_to(page, "review-mode")
    page.keyboard.press("Enter")
    for question_id, rating in zip(answered, KEYS, strict=True):
        assert visible_items(page) == [question_id]
        assert page.is_hidden("#ratings")
        page.keyboard.press(rating)  # no rating before the answer is shown
        assert visible_items(page) == [question_id]
        page.keyboard.press("Space")
        assert page.eval_on_selector(f"#{question_id} details", "d => d.open")
        assert page.is_visible(f"#{question_id} #ratings")
        page.keyboard.press(rating)


@BROWSER
def test_reviewing_by_keyboard_alone_keeps_the_schedule(page: Page, seed: Built) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    assert page.inner_text("#review-status") == f"Due now: 0 · new: {len(answered)} · next: —"
    review_every_question(page, answered)
    assert visible_items(page) == []
    assert page.is_visible("#review-done")
    assert page.inner_text("#review-done").startswith("Nothing is due now.")
    assert page.is_hidden("#controls")
    kept = history(page)
    assert kept["version"] == 1
    assert kept["guide"] == seed.guide.name
    assert sorted(kept["questions"]) == sorted(answered)
    for question_id, rating in zip(answered, KEYS, strict=True):
        card = kept["questions"][question_id]
        assert card["last_rating"] == int(rating)
        assert card["reviews"] == 1
        # again and hard stay in the learning steps; easy goes days ahead
        assert card["state"] == (2 if rating == "4" else 1)
    page.reload()
    assert page.inner_text("#review-status").startswith("Due now: 0 · new: 0 · next: ")
    assert history(page) == kept
    tab_to(page, "review-mode")
    page.keyboard.press("Enter")
    assert visible_items(page) == []
    page.keyboard.press("Enter")  # leaving the review mode gives the quiz back
    assert page.is_visible("#controls")
    assert visible_items(page) == answered[:1]


@BROWSER
def test_an_edited_guide_keeps_the_history_of_the_questions_it_still_has(
    page: Page, seed: Built
) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    card = {"state": 2, "step": None, "stability": 9.0, "difficulty": 4.0, "last_rating": 3,
            "due": "2099-01-01T00:00:00.000Z", "last_review": "2026-01-01T00:00:00.000Z",
            "reviews": 2, "lapses": 0}  # fmt: skip
    kept = {"format": "studyguide review history", "version": 1, "guide": seed.guide.name,
            "questions": {answered[0]: card, "a-section-since-removed-q1": card}}  # fmt: skip
    page.evaluate(
        "kept => localStorage.setItem('studyguide-review:' + kept.guide, JSON.stringify(kept))",
        kept,
    )
    page.reload()
    status = page.inner_text("#review-status")
    assert status.startswith(f"Due now: 0 · new: {len(answered) - 1} · next: ")
    assert "2099" in status
    page.click("#review-mode")
    assert visible_items(page) == answered[1:2]
    page.keyboard.press("Space")
    page.keyboard.press("3")
    assert sorted(history(page)["questions"]) == sorted(answered[:2])
    assert history(page)["questions"][answered[0]]["stability"] == 9.0


@BROWSER
def test_the_history_is_exported_cleared_and_imported(
    page: Page, seed: Built, tmp_path: Path
) -> None:
    answered = [q.id for q in seed.guide.questions if q.answered]
    review_every_question(page, answered)
    kept = history(page)
    tab_to(page, "history-export")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{seed.guide.name}-history.json"
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["format"] == "studyguide review history"
    assert exported["questions"] == kept["questions"]
    tab_to(page, "history-clear")
    page.keyboard.press("Enter")
    assert page.inner_text("#review-status") == f"Due now: 0 · new: {len(answered)} · next: —"
    assert history(page)["questions"] == {}
    page.set_input_files("#history-import", saved)
    page.wait_for_function("document.getElementById('review-message').textContent !== ''")
    assert page.inner_text("#review-message") == "History imported."
    assert history(page)["questions"] == kept["questions"]
    assert page.inner_text("#review-status").startswith("Due now: 0 · new: 0")


@BROWSER
def test_an_import_from_another_guide_is_refused(page: Page, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps({"format": "studyguide review history", "version": 1, "guide": "python-basics",
                    "title": "Python basics", "questions": {}}),
        encoding="utf-8",
    )  # fmt: skip
    page.click("#review-mode")
    page.set_input_files("#history-import", other)
    page.wait_for_function("document.getElementById('review-message').textContent !== ''")
    assert page.inner_text("#review-message") == (
        "This history is of another guide (Python basics): it was not imported."
    )
    not_json = tmp_path / "notes.json"
    not_json.write_text("[1, 2]", encoding="utf-8")
    page.set_input_files("#history-import", not_json)
    page.wait_for_function("document.getElementById('review-message').textContent.includes('not')")
    assert history(page) is None  # nothing was kept


@BROWSER
def test_a_question_is_found_by_its_short_id(browser: Browser, seed: Built) -> None:
    ids = short_ids.of_guide(seed.guide)
    last = [q for q in seed.guide.questions if q.answered][-1]
    context = browser.new_context(viewport=PHONE)
    opened = context.new_page()
    opened.goto(f"{seed.path('-quiz.html').as_uri()}#q-{ids[last.id]}")
    assert opened.evaluate("document.activeElement.id") == f"{last.id}-prompt"
    assert ids[last.id] in opened.inner_text(f"#{last.id} .meta")
    first = seed.guide.questions[0]
    opened.fill("#jump-id", ids[first.id].upper())
    opened.press("#jump-id", "Enter")
    assert opened.evaluate("document.activeElement.id") == f"{first.id}-prompt"
    opened.fill("#jump-id", "zzzz")
    opened.press("#jump-id", "Enter")
    assert opened.inner_text("#review-message") == "No question here has the id zzzz."
    context.close()


@BROWSER
def test_no_accessibility_violations_while_reviewing(page: Page) -> None:
    page.click("#review-mode")
    page.keyboard.press("Space")
    problems, checked = axe_checked(page)
    assert problems == []
    assert {"color-contrast", "label", "button-name"} <= checked


def test_the_page_stays_one_offline_file(seed: Built) -> None:
    page = seed.path("-quiz.html").read_text(encoding="utf-8")
    assert "studyguideFsrs" in page
    assert not re.search(r"<link|<script [^>]*src=|src=\"https?:|fetch\(|XMLHttpRequest", page)
