"""The cheat sheet: one page, every question's full text, the answers' key terms."""

from __future__ import annotations

from pypdf import PdfReader

from tests.conftest import Built, fold


def sheet(built: Built) -> PdfReader:
    return PdfReader(built.path("-cheatsheet.pdf"))


def test_exactly_one_landscape_page(built: Built) -> None:
    pdf = sheet(built)
    assert len(pdf.pages) == 1
    width, height = (float(value) for value in pdf.pages[0].mediabox.upper_right)
    assert width > height


def test_every_question_is_on_the_sheet(built: Built) -> None:
    text = fold(sheet(built).pages[0].extract_text())
    missing = [q.prompt for q in built.guide.questions if fold(q.prompt) not in text]
    assert missing == []


def test_key_terms_of_the_answers_are_on_the_sheet(seed: Built) -> None:
    text = fold(sheet(seed).pages[0].extract_text())
    for term in (
        "Fréchet Inception Distance",
        "Dropout",
        "SMOTE",
        "Situations for transfer learning",
    ):
        assert term in text
    assert "Randomly drops neurons from the network during training" in text
    assert "√" not in text


def test_unanswered_questions_are_in_the_stories_box(seed: Built) -> None:
    text = fold(sheet(seed).pages[0].extract_text())
    stories = text[text.index("Prepare your stories") :]
    for q in seed.guide.questions:
        assert (fold(q.prompt) in stories) == (not q.answered)
