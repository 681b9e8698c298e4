"""Guides in Chinese, Arabic and German: studyguide's own words, lang and dir in every format."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from tests.conftest import ROOT, Built, built_once
from tests.epubcheck_server import epubcheck_messages

GUIDES = ROOT / "tests" / "guides" / "languages"
# What each guide must read, in its own language, and what it must not read in English.
EXPECTED: dict[str, dict[str, Any]] = {
    "zh": {
        "lang": "zh",
        "dir": "ltr",
        "origin": "detected",
        "title_page": [
            "学习指南",
            "2 个章节，共 5 道题",
            "已作答 3 题，待自行准备 2 题",
            "2025年11月29日",
        ],
        "contents": "目录",
        "page": "第 2 页，共 4 页",
        "your_answer": "答题区",
        "practice": "练习题",
        "show_answer": "显示答案",
        "stories": "准备你的亲身经历",
        "quiz": ["自测", "显示答案", "逐题", "打乱顺序", "清除标记", "已掌握"],
        "question_forms": {"other"},
        "cards": ["题目 1/1 · 双面打印，沿长边翻转", "答案 1/1"],
    },
    "ar": {
        "lang": "ar",
        "dir": "rtl",
        "origin": "front matter",
        "title_page": ["دليل الدراسة", "5 أسئلة، قسمان", "29 نوفمبر 2025"],
        "contents": "المحتويات",
        "page": "صفحة",
        "your_answer": "إجابتك",
        "practice": "أسئلة للتدريب",
        "show_answer": "اعرض الإجابة",
        "stories": "حضّر قصصك",
        "quiz": ["اختبار ذاتي", "اعرض الإجابة", "سؤال تلو الآخر", "اخلط الترتيب", "عرفتها"],
        "question_forms": {"zero", "one", "two", "few", "many", "other"},
        "cards": ["الأسئلة", "الطويلة", "الإجابات"],  # words: pypdf reverses right-to-left lines
    },
    "de": {
        "lang": "de",
        "dir": "ltr",
        "origin": "detected",
        "title_page": ["LERNLEITFADEN", "5 Fragen, 2 Abschnitte", "3 beantwortet, 2 selbst"],
        "contents": "Inhalt",
        "page": "Seite 2 von",
        "your_answer": "IHRE ANTWORT",
        "practice": "ÜBUNGSFRAGEN",
        "show_answer": "Antwort zeigen",
        "stories": "Bereiten Sie Ihre Geschichten vor",
        "quiz": ["Selbsttest", "Antwort anzeigen", "Einzeln", "Mischen", "Gewusst"],
        "question_forms": {"one", "other"},
        "cards": ["Fragen 1/1 · beidseitig drucken, über die lange Kante wenden", "Antworten 1/1"],
    },
}
ENGLISH = ("Contents", "Your answer", "Show answer", "Study guide", "questions", "page ")
# The words of the self-quiz and the flashcards that must not stay English.
QUIZ_ENGLISH = (
    "Self-quiz",
    "Show the answer",
    "One at a time",
    "Shuffle",
    "Clear marks",
    "Knew it",
)
CARDS_ENGLISH = ("Questions 1/1", "print on both sides", "Answers 1/1")


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def translated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    code = request.param
    return built_once(GUIDES / f"{code}-python.md", code, tmp_path_factory)


def expected(built: Built) -> dict[str, Any]:
    return EXPECTED[built.guide.name.split("-")[0]]


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_language_is_chosen_and_reported(translated: Built) -> None:
    want = expected(translated)
    assert translated.guide.language == want["lang"]
    assert translated.guide.language_origin.startswith(want["origin"])


def test_web_page_has_lang_dir_and_the_words_in_that_language(translated: Built) -> None:
    want = expected(translated)
    html = translated.path(".html").read_text(encoding="utf-8")
    assert f'<html lang="{want["lang"]}" dir="{want["dir"]}">' in html
    visible = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    for words in (want["contents"], *want["title_page"]):
        assert words.lower() in visible.lower(), words
    for english in ENGLISH:
        assert f">{english}<" not in visible, english
    if want["dir"] == "rtl":  # code stays left to right in a right-to-left page
        assert re.search(r"<(pre|code)(?![^>]*dir=\"ltr\")[ >]", visible) is None
        assert '<code dir="ltr">' in visible


def test_print_edition_reads_in_that_language(translated: Built) -> None:
    want = expected(translated)
    pages = pdf_text(translated.path(".pdf"))
    root: Any = PdfReader(translated.path(".pdf")).trailer["/Root"]
    assert root["/Lang"] == want["lang"]
    title_page = " ".join(pages[0].split())
    for words in want["title_page"]:
        if want["dir"] == "ltr":  # pypdf gives right-to-left lines in visual order
            assert words in title_page, words
    assert want["contents"] in pages[1]
    assert want["page"] in pages[1]
    text = "\n".join(pages)
    assert "page 2 of" not in text
    assert want["your_answer"] in text
    outline: Any = PdfReader(translated.path(".pdf")).outline
    assert outline[0].title == want["contents"]


def fonts_of_text(path: Path) -> list[tuple[str, str]]:
    """Each piece of a PDF's text with the name of the font it is set in."""
    pieces: list[tuple[str, str]] = []
    for page in PdfReader(path).pages:

        def note(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if font and text.strip():
                pieces.append((str(font.get("/BaseFont")).split("+")[-1], text))

        page.extract_text(visitor_text=note)
    return pieces


SCRIPTS = {  # a script's letters, and the font each guide must set them in
    "zh": (re.compile(r"[\u4e00-\u9fff]"), "CJK-SC"),
    "ar": (re.compile(r"[\u0600-\u06ff]"), "Arabic"),
    "de": (re.compile(r"[a-zäöüß]"), "Source-S"),
}


def test_each_script_is_set_in_a_font_made_for_it(translated: Built) -> None:
    """Chinese in the Chinese forms of Noto CJK (not the Japanese ones a fallback picks), even
    in the running heads and answer boxes; Arabic in Noto, not in DejaVu Sans, which has some
    Arabic letters but not their good forms."""
    want = expected(translated)
    letters, font = SCRIPTS[want["lang"]]
    for edition in (".pdf", "-practice.pdf", "-cheatsheet.pdf", "-cards.pdf"):
        pieces = fonts_of_text(translated.path(edition))
        written = [name for name, text in pieces if letters.search(text)]
        assert written, edition
        wrong = {name for name in written if font not in name and "Mono" not in name}
        assert wrong == set(), edition


def test_practice_edition_and_cheat_sheet_read_in_that_language(translated: Built) -> None:
    want = expected(translated)
    practice = "\n".join(pdf_text(translated.path("-practice.pdf")))
    assert want["practice"] in practice
    labels = [line.strip() for line in practice.splitlines()].count(want["your_answer"])
    assert labels == len(translated.guide.questions)
    sheet = "\n".join(pdf_text(translated.path("-cheatsheet.pdf")))
    assert want["stories"] in sheet
    assert "Prepare your stories" not in sheet


def test_epub_declares_language_direction_and_translates_its_words(translated: Built) -> None:
    want = expected(translated)
    path = translated.path(".epub")
    with zipfile.ZipFile(path) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        nav = epub.read("EPUB/nav.xhtml").decode("utf-8")
        chapter = etree.fromstring(epub.read("EPUB/section-01.xhtml"))
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    assert opf.xpath("//dc:language/text()", namespaces=ns) == [want["lang"]]
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == want["lang"]
    spine = opf.find("opf:spine", ns)
    assert spine is not None
    progression = "rtl" if want["dir"] == "rtl" else None
    assert spine.get("page-progression-direction") == progression
    assert chapter.get("lang") == want["lang"]
    assert (chapter.get("dir") or "ltr") == want["dir"]
    assert f"<h2>{want['contents']}</h2>" in nav
    assert "Start of content" not in nav
    assert "Title page" not in nav
    shown = "".join(chapter.itertext())
    assert want["show_answer"] in shown
    assert "Show answer" not in shown


@pytest.mark.slow
@pytest.mark.xdist_group("epub-checkers")  # with the other EPUBCheck tests
def test_epub_in_that_language_passes_epubcheck(translated: Built) -> None:
    assert epubcheck_messages(translated.path(".epub")) == []


def test_quiz_page_has_lang_dir_and_its_words_in_that_language(translated: Built) -> None:
    want = expected(translated)
    html = translated.path("-quiz.html").read_text(encoding="utf-8")
    assert f'<html lang="{want["lang"]}" dir="{want["dir"]}">' in html
    visible = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    for words in want["quiz"]:
        assert words in visible, words
    for english in QUIZ_ENGLISH:
        assert english not in visible, english
    # What the script writes (progress, marks, verdicts) comes translated, as data.
    found = re.search(r'<script type="application/json" id="quiz-words">(.*?)</script>', html)
    assert found is not None
    words = json.loads(found.group(1))
    assert set(words["questions"]) == want["question_forms"]
    assert "knew it" not in words["tally"]
    assert "%(knew)s" in words["tally"]
    assert not {"Right:", "Wrong:"} & {words["right"].split()[0], words["wrong"].split()[0]}


def test_flashcards_read_in_that_language(translated: Built) -> None:
    want = expected(translated)
    path = translated.path("-cards.pdf")
    root: Any = PdfReader(path).trailer["/Root"]
    assert root["/Lang"] == want["lang"]
    text = "\n".join(" ".join(page.split()) for page in pdf_text(path))
    for words in want["cards"]:
        assert words in text, words
    for english in CARDS_ENGLISH:
        assert english not in text, english
