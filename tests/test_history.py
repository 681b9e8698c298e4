"""A review history (the quiz page's export) -> a build of only the questions it marks:
`studyguide build --focus again:FILE`, `due:FILE` or `FILE`."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from studyguide.build import cache
from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.read import history
from studyguide.render import short_ids
from tests.command_line import run
from tests.conftest import SEED, Built

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def card(rating: int, due: str) -> dict[str, Any]:
    """A question's entry as the quiz page exports it."""
    return {"short_id": "", "state": 2, "step": None, "stability": 3.1, "difficulty": 5.2,
            "due": due, "last_review": "2026-02-20T09:00:00.000Z", "last_rating": rating,
            "reviews": 3, "lapses": 1}  # fmt: skip


def write_history(folder: Path, guide: str, questions: dict[str, dict[str, Any]]) -> Path:
    path = folder / f"{guide}-history.json"
    data = {"format": history.FORMAT, "version": 1, "guide": guide, "title": "A guide",
            "exported": "2026-02-20T09:00:00.000Z", "questions": questions}  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def seed_history(seed: Built, folder: Path) -> tuple[Path, list[str]]:
    """A history of the seed marking 3 questions "again" (one of them due) and two "good" (one
    of them due), and a question the guide no longer has."""
    answered = [q.id for q in seed.guide.questions if q.answered]
    missed = [answered[0], answered[3], answered[6]]
    questions = {question_id: card(1, "2026-03-05T00:00:00.000Z") for question_id in missed}
    questions[answered[0]]["due"] = "2026-02-28T00:00:00.000Z"
    questions[answered[1]] = card(3, "2026-02-27T08:00:00.000Z")
    questions[answered[2]] = card(3, "2026-04-01T08:00:00.000Z")
    questions["a-question-since-removed-q9"] = card(1, "2026-02-01T08:00:00.000Z")
    return write_history(folder, seed.guide.name, questions), missed


def test_again_due_or_both_choose_their_questions(seed: Built, tmp_path: Path) -> None:
    path, missed = seed_history(seed, tmp_path)
    answered = [q.id for q in seed.guide.questions if q.answered]
    removed = "a-question-since-removed-q9"
    again = history.parse(f"again:{path}", NOW)
    assert again.question_ids == {*missed, removed}
    assert again.guide == seed.guide.name
    assert again.suffix == "-again"
    due = history.parse(f"due:{path}", NOW)
    assert due.question_ids == {answered[0], answered[1], removed}
    both = history.parse(str(path), NOW)
    assert both.question_ids == again.question_ids | due.question_ids
    assert both.suffix == "-review"


def test_due_or_again_without_a_history_says_what_it_needs() -> None:
    with pytest.raises(GuideError) as raised:
        history.parse("due")
    assert str(raised.value) == (
        "--focus due needs the review history it reads — export it from the quiz page's "
        "review mode and give it: --focus due:FILE"
    )


def test_a_narrowed_guide_keeps_the_numbers_and_drops_removed_questions(
    seed: Built, tmp_path: Path
) -> None:
    path, missed = seed_history(seed, tmp_path)
    narrowed = history.narrowed(seed.guide, history.parse(f"again:{path}", NOW))
    assert [q.id for q in narrowed.questions] == missed
    numbers = {q.id: q.number for q in seed.guide.questions}
    assert [q.number for q in narrowed.questions] == [numbers[q] for q in missed]
    assert narrowed.name == f"{seed.guide.name}-again"
    assert narrowed.title == f"{seed.guide.title}: the questions missed"
    assert narrowed.subtitle == "3 questions, numbered as in the whole guide"
    assert all(section.questions for section in narrowed.sections)


def practice_questions(pdf: Path) -> set[tuple[int, str]]:
    """Each question of a practice edition as its number and the short id printed beside it."""
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return {(int(n), short) for n, short in re.findall(r"^(\d+)\. ([2-9a-z]{4,}) ", text, re.M)}


def test_focus_builds_a_practice_edition_of_exactly_the_missed_questions(
    seed: Built, tmp_path: Path
) -> None:
    path, missed = seed_history(seed, tmp_path)
    output = tmp_path / "out"
    report = build(BuildConfig(source=SEED, output=output), focus=f"again:{path}")
    name = f"{seed.guide.name}-again"
    assert sorted(p.name for p in output.iterdir() if not p.name.startswith(".")) == [
        f"{name}-cards.pdf", f"{name}-cheatsheet.pdf", f"{name}-practice.pdf",
    ]  # fmt: skip
    ids = short_ids.of_guide(seed.guide)
    by_id = {q.id: q for q in seed.guide.questions}
    wanted = {(by_id[q].number, ids[q]) for q in missed}
    assert practice_questions(output / f"{name}-practice.pdf") == wanted
    assert practice_questions(seed.path("-practice.pdf")) >= wanted  # the whole guide has them
    first = PdfReader(output / f"{name}-practice.pdf").pages[0].extract_text()
    assert "Role: the questions missed" in " ".join(first.split())
    cards = "\n".join(p.extract_text() for p in PdfReader(output / f"{name}-cards.pdf").pages)
    assert all(ids[q] in cards for q in missed)
    (guide,) = report.guides
    assert len(guide.questions) == 3


def test_a_changed_history_rebuilds_the_focused_files(seed: Built, tmp_path: Path) -> None:
    path, missed = seed_history(seed, tmp_path)
    config = BuildConfig(source=SEED, output=tmp_path / "out")
    before = cache.fingerprints(SEED, "g", config, focus=history.parse(f"again:{path}", NOW))
    entries = json.loads(path.read_text(encoding="utf-8"))["questions"]
    entries[missed[0]]["last_rating"] = 3
    write_history(tmp_path, seed.guide.name, entries)
    after = cache.fingerprints(SEED, "g", config, focus=history.parse(f"again:{path}", NOW))
    assert before["g-practice.pdf"] != after["g-practice.pdf"]
    unfocused = cache.fingerprints(SEED, "g", config)
    assert unfocused["g-practice.pdf"] not in {before["g-practice.pdf"], after["g-practice.pdf"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "the review history is not JSON"),
        ('{"format": "anki"}', "this is not a review history from studyguide's quiz page"),
        (
            json.dumps({"format": history.FORMAT, "version": 7, "guide": "g", "questions": {}}),
            "the review history is of version 7, which this studyguide cannot read",
        ),
    ],
)
def test_what_is_not_a_history_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "history.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GuideError) as raised:
        history.parse(f"again:{path}")
    assert raised.value.problem == message
    assert raised.value.path == path


def test_a_history_of_another_guide_or_of_nothing_is_refused(seed: Built, tmp_path: Path) -> None:
    other = write_history(tmp_path, "python-basics", {"basics-q1": card(1, "2026-01-01")})
    result = run("build", SEED, "-o", tmp_path / "a", "--focus", other)
    assert result.returncode == 1
    assert result.stderr.startswith(f"studyguide: error: {other}: the review history is of ")
    assert "'python-basics', which is not built here" in result.stderr
    good = write_history(tmp_path, seed.guide.name, {seed.guide.questions[0].id: card(3, "2099")})
    result = run("build", SEED, "-o", tmp_path / "b", "--focus", f"again:{good}")
    assert result.returncode == 1
    assert "marks no question of 'data-science-genai-engineering' again" in result.stderr
    result = run("build", SEED, "-o", tmp_path / "c", "-f", "pdf,epub", "--focus", good)
    assert result.returncode == 1
    assert "--focus makes only practice, cards, cheatsheet, not pdf, epub" in result.stderr
