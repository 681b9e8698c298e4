"""Printable flashcards: a card per answered question, backs behind their fronts, cut to fit."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from studyguide.formats import cards
from studyguide.model import Guide, KeyPoint
from studyguide.read.gist import CONDENSED
from studyguide.render.paged import Box
from tests.command_line import run
from tests.conftest import Built, fold, quiz_guide, rendition

CSS_PX_PER_MM = 96 / 25.4


def sides(built_or_guide: Guide, **settings: object) -> cards.CardSheets:
    made = rendition(built_or_guide, **settings)
    return cards.lay_out(made.guide, made.config, made.typesetter())


def test_every_answered_question_is_a_card(built: Built) -> None:
    pdf = PdfReader(built.path("-cards.pdf"))
    fronts = fold(" ".join(page.extract_text() for page in pdf.pages[0::2]))
    backs = fold(" ".join(page.extract_text() for page in pdf.pages[1::2]))
    for question in built.guide.questions:
        assert (fold(question.prompt) in fronts) == question.answered, question.prompt
        lead = [point.term for point in question.key_points if point.level == 1]
        if question.answered and lead:  # what even the most condensed back keeps
            assert fold(lead[0]) in backs


def test_the_seeds_backs_fill_their_cards(seed: Built) -> None:
    """Each back at the largest size that fits: it fills most of its card, or is as large as a
    back is set; none is condensed while a smaller size would have held it all."""
    laid = sides(seed.guide)
    measures = cards.measured(laid.pages)
    for card in laid.cards:
        text, room = measures[(card.number, "back")]
        assert text <= room + cards.TOLERANCE_PX, card.number
        assert card.size == cards.BACK_SIZES[1] or text > 0.7 * room, (card.number, card.size)
    assert laid.overflowing == ()
    backs = fold(
        " ".join(page.extract_text() for page in PdfReader(seed.path("-cards.pdf")).pages[1::2])
    )
    assert "\u2026" not in backs
    assert "Strengths: Excellent at recognizing patterns in grid-like data" in backs


def test_the_seed_prints_eight_cards_on_one_sheet_of_a4(seed: Built) -> None:
    pdf = PdfReader(seed.path("-cards.pdf"))
    assert len(pdf.pages) == 2
    width, height = (float(value) for value in pdf.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def mirrored(front: Box, back: Box, paper_width_mm: float) -> bool:
    width = paper_width_mm * CSS_PX_PER_MM
    return (
        math.isclose(back.top, front.top, abs_tol=0.01)
        and math.isclose(back.left, width - front.left - front.width, abs_tol=0.01)
        and math.isclose(back.width, front.width, abs_tol=0.01)
        and math.isclose(back.height, front.height, abs_tol=0.01)
    )


@pytest.mark.parametrize(("per_page", "paper"), [(8, "A4"), (9, "letter")])
def test_each_back_is_printed_behind_its_front(seed: Built, per_page: int, paper: str) -> None:
    laid = sides(seed.guide, cards_per_page=per_page, paper=paper)
    boxes = {box.value: box for box in laid.pages.boxes("data-card-side")}
    assert len(boxes) == 2 * len(laid.cards) == 2 * seed.guide.answered_count
    columns, _ = cards.GRIDS[per_page]
    for card in laid.cards:
        front, back = boxes[f"{card.number}-front"], boxes[f"{card.number}-back"]
        assert back.page == front.page + 1 and front.page % 2 == 0
        assert mirrored(front, back, cards.PAPER[paper][0]), card.number
    first_row = sorted((b for b in boxes.values() if b.page == 0), key=lambda b: (b.top, b.left))
    assert [b.value for b in first_row[:columns]] == [f"{n}-front" for n in range(1, columns + 1)]


def test_a_last_sheet_with_one_card_has_its_back_on_the_other_side(tmp_path: Path) -> None:
    guide = quiz_guide(tmp_path)
    laid = sides(guide, cards_per_page=4)
    boxes = {box.value: box for box in laid.pages.boxes("data-card-side")}
    front, back = boxes["1-front"], boxes["1-back"]
    assert back.left > front.left  # the top-left card's back is top-right on the back page
    assert mirrored(front, back, cards.PAPER["A4"][0])


@pytest.mark.slow  # every card size tried on two papers
def test_cards_per_page_and_letter_paper(seed: Built, tmp_path: Path) -> None:
    result = run(
        "build", seed.source, "-o", tmp_path, "-f", "cards", "--cards-per-page", "4",
        "--paper", "letter",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(tmp_path / f"{seed.guide.name}-cards.pdf")
    assert len(pdf.pages) == 2 * math.ceil(seed.guide.answered_count / 4)
    assert [float(v) for v in pdf.pages[0].mediabox.upper_right] == [612, 792]


def test_an_impossible_number_of_cards_per_page_is_one_line(seed: Built, tmp_path: Path) -> None:
    result = run("build", seed.source, "-o", tmp_path, "-f", "cards", "--cards-per-page", "7")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "cards_per_page" in result.stderr and "Traceback" not in result.stderr


def test_every_card_shows_its_number_and_section_on_both_sides(seed: Built) -> None:
    pdf = PdfReader(seed.path("-cards.pdf"))
    answered = [(s, q) for s in seed.guide.sections for q in s.questions if q.answered]
    laid = sides(seed.guide)
    for box in laid.pages.boxes("data-card-side"):
        number = int(box.value.split("-")[0])
        section, _ = answered[number - 1]
        text = fold(pdf.pages[box.page].extract_text()).upper()
        assert fold(section.title).upper() in text


def test_a_long_answer_is_condensed_and_one_that_still_runs_over_is_named(
    tmp_path: Path,
) -> None:
    guide = quiz_guide(tmp_path)
    points = tuple(
        KeyPoint(f"Point {n} with a long lead term", "and a gist " * 8, 1 + n % 2)
        for n in range(12)
    )
    long = replace(guide.questions[0], key_points=points, choices=())
    endless = replace(
        guide.questions[1],
        key_points=tuple(KeyPoint(f"Term {n} " * 6, "", 1) for n in range(40)),
    )
    basics = replace(guide.sections[0], questions=(long, endless))
    guide = replace(guide, sections=(basics, *guide.sections[1:]))
    (output,) = cards.build(rendition(guide))
    laid = sides(guide)
    by_number = {card.number: card for card in laid.cards}
    assert by_number[1].size < cards.BACK_SIZES[1]  # set smaller...
    assert (by_number[1], "back") not in laid.overflowing  # ...until it fits
    assert (by_number[2].condensation, by_number[2].size) == (
        len(CONDENSED) - 1,
        cards.BACK_SIZES[0],
    )
    assert [(card.number, side) for card, side in laid.overflowing] == [(2, "back")]
    (warning,) = output.findings
    assert "flashcard 2" in warning.message and warning.line == endless.line
    assert "cut off" in warning.message


def test_many_cards_cut_off_are_counted_in_one_warning_after_the_first_few(
    tmp_path: Path,
) -> None:
    guide = quiz_guide(tmp_path)
    section, question = guide.sections[0], guide.questions[0]
    over = tuple(
        (cards.Card(number, section, replace(question, line=10 * number)), "back")
        for number in range(1, 21)
    )
    warnings = cards.cut_off(guide, over)
    assert len(warnings) == cards.MOST_NAMED + 1
    assert [w.line for w in warnings[: cards.MOST_NAMED]] == [10, 20, 30, 40, 50]
    assert "flashcard 1:" in warnings[0].message
    summary = warnings[-1]
    assert summary.line == 60
    assert "15 more flashcards cut off (cards 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, …)" in (
        summary.message
    )
    assert cards.cut_off(guide, over[:2]) == tuple(
        cards.too_long(guide, card, side) for card, side in over[:2]
    )


def test_multiple_choice_cards_show_the_choices_and_mark_the_answer(tmp_path: Path) -> None:
    (output,) = cards.build(rendition(quiz_guide(tmp_path)))
    path = tmp_path / "cards.pdf"
    path.write_bytes(output.data)
    front, back = (fold(page.extract_text()) for page in PdfReader(path).pages)
    assert "A. a list" in front and "B. a tuple" in front and "C. a set" in front
    assert "✓ B. a tuple" in back
    assert "Tell me about a bug" not in front  # no card for a question without an answer


def test_a_back_with_no_text_keeps_its_size(tmp_path: Path) -> None:
    """An answer that is only a picture leaves its back without text: nothing to fit."""
    guide = quiz_guide(tmp_path)
    card = cards.Card(1, guide.sections[0], guide.questions[0])
    assert cards.resized(card, 0.0, 200.0) == card
    assert cards.resized(card, 500.0, 200.0).size < card.size  # text there: sized to fit
