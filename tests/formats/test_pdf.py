"""The print edition: every question in the text, title page, contents, page numbers, outline."""

from __future__ import annotations

from typing import Any

from pypdf import PdfReader

from tests.conftest import Built, fold


def reader(built: Built) -> PdfReader:
    return PdfReader(built.path(".pdf"))


def page_texts(built: Built) -> list[str]:
    return [page.extract_text() for page in reader(built).pages]


def test_every_question_is_in_the_pdf(built: Built) -> None:
    text = fold("\n".join(page_texts(built)))
    missing = [q.prompt for q in built.guide.questions if fold(q.prompt) not in text]
    assert missing == []


def test_pdf_is_a4_with_title_page_contents_and_page_numbers(seed: Built) -> None:
    pdf = reader(seed)
    texts = page_texts(seed)
    width, height = (float(value) for value in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    assert seed.guide.title in fold(texts[0])
    assert "19 questions in 4 sections" in texts[0]
    assert "page 1 of" not in texts[0]
    assert "Contents" in [line.strip() for line in texts[1].splitlines()[:3]]
    total = len(texts)
    for number, text in enumerate(texts[1:], start=2):
        assert f"page {number} of {total}" in text


def test_outline_nests_questions_under_sections(built: Built) -> None:
    outline: list[Any] = reader(built).outline
    titles: list[tuple[str, list[str]]] = []
    for entry in outline:
        if isinstance(entry, list):
            titles[-1][1].extend(child["/Title"] for child in entry)
        else:
            titles.append((entry["/Title"], []))
    sections = [(title, children) for title, children in titles if title != "Contents"]
    assert [title for title, _ in sections] == [s.title for s in built.guide.sections]
    for (_, children), section in zip(sections, built.guide.sections, strict=True):
        assert len(children) == len(section.questions)
        for child, question in zip(children, section.questions, strict=True):
            assert child.startswith(f"{question.number}. ")
            assert fold(question.prompt).startswith(fold(child.split(". ", 1)[1]).rstrip("."))


def test_mojibake_is_gone(seed: Built) -> None:
    text = fold("\n".join(page_texts(seed)))
    assert "Fréchet Inception Distance" in text
    assert "√" not in text


def test_metadata(seed: Built) -> None:
    metadata = reader(seed).metadata
    assert metadata is not None
    assert metadata.title == seed.guide.title
    assert str(metadata["/CreationDate"]).startswith("D:20251129")
