"""The quiz page's review mode: its FSRS scheduler against the Python reference (`fsrs`), and
the page reviewed, kept, exported and imported in Chromium by keyboard alone."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from tests.conftest import ROOT

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
