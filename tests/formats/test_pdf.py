"""The print edition: every question in the text, title page, contents, page numbers, outline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from studyguide.model import Guide
from studyguide.render.i18n import words
from tests.command_line import run
from tests.conftest import SMALL, Built, fold, key, printed_prompt, without_unreadable


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
    sections = outline_titles(reader(built))
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


def assert_contents_match_pages(pages: list[str], guide: Guide) -> None:
    """Every question's page number in the contents is the page the question is on.

    `pages` is the text of each page, extracted once by the caller.
    """
    texts = [without_unreadable(fold(page)) for page in pages]
    title = fold(contents_title(guide))
    first = next(n for n, text in enumerate(texts) if title in text)
    contents = ""
    for text in texts[first:]:
        if ". . . . ." not in text:
            break
        contents += " " + text
    for q in guide.questions:
        # A line may break anywhere in an entry, also where the prompt has no space ("</body>").
        words = key(f"{q.number}. {printed_prompt(q)}")
        entry = re.search(r"\s*".join(map(re.escape, words)) + r"[\s.]*?(\d+)", contents)
        assert entry, q.prompt
        printed = int(entry.group(1))
        page = "".join(texts[printed - 1].split())
        assert key(printed_prompt(q))[:40] in page, (q.prompt, printed)


def contents_title(guide: Guide) -> str:
    """The title of the contents page in the guide's language: "Contents", "Содержание"."""
    return words(guide.language).gettext("Contents")


def outline_titles(pdf: PdfReader, contents: str = "Contents") -> list[tuple[str, list[str]]]:
    """(section, [question labels]) from the PDF's bookmarks, leaving out the contents page."""
    titles: list[tuple[str, list[str]]] = []
    outline: list[Any] = pdf.outline
    for entry in outline:
        if isinstance(entry, list):
            titles[-1][1].extend(child["/Title"] for child in entry)
        else:
            titles.append((entry["/Title"], []))
    # The contents page comes first; a section of the guide may bear the same title ("Índice").
    return titles[1:] if titles and titles[0][0] == contents else titles


def test_contents_page_numbers_are_the_pages_questions_are_on(built: Built) -> None:
    assert_contents_match_pages(page_texts(built), built.guide)


def test_paper_sizes(tmp_path: Path) -> None:
    for paper, expected in (("A4", (595, 842)), ("letter", (612, 792))):
        out = tmp_path / paper
        assert (
            run("build", SMALL, "-o", out, "-f", "pdf,practice", "--paper", paper).returncode == 0
        )
        for name in ("python-basics.pdf", "python-basics-practice.pdf"):
            box = PdfReader(out / name).pages[0].mediabox.upper_right
            assert (round(float(box[0])), round(float(box[1]))) == expected


def test_tagged_pdf_with_language_and_metadata(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.studyguide]\nauthor = "Ada Lovelace"\nsubtitle = "Drills"\n')
    assert run("build", SMALL, "-o", tmp_path, "-f", "pdf", "--config", config).returncode == 0
    pdf = PdfReader(tmp_path / "python-basics.pdf")
    root: Any = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    metadata = pdf.metadata
    assert metadata is not None
    assert metadata.title == "Python Basics for Interviews"
    assert metadata.author == "Ada Lovelace"
    assert metadata.subject
    assert "Language" in str(metadata["/Keywords"])
    title_page = pdf.pages[0].extract_text()
    assert "Drills" in title_page
    assert "Ada Lovelace" in title_page


def test_unanswered_questions_get_room_to_write(seed: Built) -> None:
    text = fold("\n".join(page_texts(seed)))
    last = seed.guide.questions[-1]
    position = text.index(fold(f"{last.number}. {last.prompt}"))  # the last contents entry
    prompts = []
    for q in seed.guide.questions:  # in reading order, each after the one before
        position = text.index(fold(q.prompt), position + 1)
        prompts.append((q, position))
    assert text.count("YOUR ANSWER") == seed.guide.unanswered_count
    for (q, start), (_, end) in zip(prompts, [*prompts[1:], (None, len(text))], strict=True):
        assert ("YOUR ANSWER" in text[start:end]) == (not q.answered), q.prompt


def test_practice_edition_has_every_question_and_no_answers(seed: Built) -> None:
    pdf = PdfReader(seed.path("-practice.pdf"))
    text = fold("\n".join(page.extract_text() for page in pdf.pages))
    missing = [q.prompt for q in seed.guide.questions if fold(q.prompt) not in text]
    assert missing == []
    for answer_phrase in ("Perceptual Path Length", "SMOTE", "Randomly drops neurons"):
        assert answer_phrase not in text
    assert text.count("YOUR ANSWER") == len(seed.guide.questions)
    assert "PRACTICE QUESTIONS" in text
