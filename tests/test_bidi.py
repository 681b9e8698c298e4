"""Right-to-left guides: left-to-right runs (an IPv6 address, "Python 3.11") isolated in every
format, so that they read in their own order inside Arabic or Hebrew text."""

from __future__ import annotations

import ctypes
import os
import zipfile
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.model import Guide
from studyguide.read import bidi
from tests.conftest import EPOCH
from tests.epubcheck_server import epubcheck_messages

ARABIC = """\
---
lang: ar
---
# دليل الشبكات

## الأسئلة

1. ما معنى العنوان 2001:db8::1 في الشبكة؟

   إنه عنوان من نطاق التوثيق في **IPv6** ويعمل مع الإصدار Python 3.11 والأمر `ping -6 ::1` أيضا.

2. أي عنوان للتوثيق؟

   - A. العنوان 2001:db8::1 للتوثيق
   - B. العنوان 10.0.0.1 الخاص

   Answer: A
"""

HEBREW = """\
---
lang: he
---
# מדריך רשתות

## שאלות

1. מה הכתובת 2001:db8::1 ברשת?

   כתובת תיעוד של IPv6 בגרסה Python 3.11.
"""
ADDRESS = "2001:db8::1"
ISOLATED = f'<bdi dir="ltr">{ADDRESS}</bdi>'


@pytest.mark.parametrize(
    ("html", "isolated"),
    [
        ("<p>العنوان 2001:db8::1 هو</p>", f"<p>العنوان {ISOLATED} هو</p>"),
        ("الإصدار Python 3.11 جديد", 'الإصدار <bdi dir="ltr">Python 3.11</bdi> جديد'),
        ("عدد 42 و 3.14", "عدد 42 و 3.14"),  # a plain number keeps its order on its own
        ("<code>x = 1</code> و <pre>a: b</pre>", "<code>x = 1</code> و <pre>a: b</pre>"),
        ('<span dir="ltr">a b</span> و', '<span dir="ltr">a b</span> و'),
        ("שם AT&amp;T ש&lt;", 'שם <bdi dir="ltr">AT&amp;T</bdi> ש&lt;'),
        ('<a href="https://x.org/a">الموقع</a>', '<a href="https://x.org/a">الموقع</a>'),
        ("<em>Node.js</em>، و", '<em><bdi dir="ltr">Node.js</bdi></em>، و'),
        ("<p>نص<br/>Go 1.22</p>", '<p>نص<br/><bdi dir="ltr">Go 1.22</bdi></p>'),
    ],
)
def test_each_left_to_right_run_is_isolated_outside_code(html: str, isolated: str) -> None:
    assert bidi.isolated_html(html) == isolated


def test_plain_text_gets_unicode_isolates() -> None:
    assert bidi.isolated_text("الإصدار Python 3.11") == "الإصدار \u2068Python 3.11\u2069"
    assert bidi.isolated_text("عربي فقط 12") == "عربي فقط 12"


def built(folder: Path, name: str, text: str) -> tuple[Guide, Path]:
    source = folder / f"{name}.md"
    source.write_text(text, encoding="utf-8")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    formats = ("html", "pdf", "epub", "cheatsheet", "quiz")
    config = BuildConfig(source=source, output=folder / "out", formats=formats)
    (guide,) = build(config).guides
    return guide, folder / "out"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path]:
    return built(tmp_path_factory.mktemp("arabic"), "networks", ARABIC)


def visual_lines(path: Path) -> list[str]:
    """Each line of a PDF's text as it is drawn, from left to right: its characters sorted by
    where their glyphs stand on the line's baseline (a PDF's text order says nothing of how a
    line reads)."""
    document = pypdfium2.PdfDocument(path)
    lines: dict[tuple[int, int], list[tuple[float, str]]] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    try:
        for number, page in enumerate(document):
            text = page.get_textpage()
            for index in range(text.count_chars()):
                character = text.get_text_range(index, 1)
                if character.strip():
                    pdfium.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
                    lines.setdefault((number, round(y.value)), []).append((x.value, character))
    finally:
        document.close()
    return ["".join(character for _, character in sorted(line)) for line in lines.values()]


def test_the_web_page_quiz_and_epub_isolate_the_address(arabic: tuple[Guide, Path]) -> None:
    _, out = arabic
    for name in ("networks.html", "networks-quiz.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert ISOLATED in page
        assert '<bdi dir="ltr">Python 3.11</bdi>' in page
        assert '<bdi dir="ltr">ping' not in page  # code is isolated as code
    with zipfile.ZipFile(out / "networks.epub") as book:
        chapter = next(name for name in book.namelist() if "section-" in name)
        assert ISOLATED in book.read(chapter).decode("utf-8")
    assert epubcheck_messages(out / "networks.epub") == []


@pytest.mark.parametrize("name", ["networks.pdf", "networks-cheatsheet.pdf"])
def test_the_pdfs_draw_the_address_in_its_own_order(arabic: tuple[Guide, Path], name: str) -> None:
    lines = visual_lines(arabic[1] / name)
    assert any(ADDRESS in line for line in lines)
    assert not any("db8::1:2001" in line for line in lines)


def test_a_hebrew_guide_is_isolated_too_and_a_left_to_right_one_not(tmp_path: Path) -> None:
    guide, out = built(tmp_path, "networks", HEBREW)
    assert ISOLATED in guide.questions[0].prompt_html
    assert "\u2068" + ADDRESS + "\u2069" in guide.questions[0].prompt
    assert any(ADDRESS in line for line in visual_lines(out / "networks.pdf"))
    english = tmp_path / "english"
    english.mkdir()
    guide, _ = built(
        english, "networks", "# Networks\n\n## Q\n\n1. What is 2001:db8::1?\n\n   A.\n"
    )
    assert "<bdi" not in guide.questions[0].prompt_html
