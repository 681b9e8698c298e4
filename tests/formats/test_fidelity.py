"""Content a guide carries besides text: highlighted code, tables, its own images, any script."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from tests.conftest import ROOT, Built, built_once, fold
from tests.epubcheck_server import epubcheck_messages

FIDELITY = ROOT / "tests" / "guides" / "fidelity" / "fidelity.md"
SCRIPTS = ("Привет", "Γειά σου", "مرحبا", "สวัสดี", "日本語", "한국어", "中文")  # noqa: RUF001


@pytest.fixture(scope="module")
def fidelity(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(FIDELITY, "fidelity", tmp_path_factory)


def pdf_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def test_code_is_highlighted_in_the_page_and_the_epub(fidelity: Built) -> None:
    page = lxml_html.fromstring(fidelity.path(".html").read_bytes())
    assert page.xpath("//pre[contains(@class, 'python')]//span[@class='kw' and text()='def']")
    with zipfile.ZipFile(fidelity.path(".epub")) as epub:
        chapter = etree.fromstring(epub.read("EPUB/section-01.xhtml"))
        style = epub.read("EPUB/style/ereader.css").decode()
    spans = chapter.xpath(
        "//x:span[@class='kw']/text()", namespaces={"x": "http://www.w3.org/1999/xhtml"}
    )
    assert "def" in spans
    assert "code span.kw" in style


def test_tables_reach_every_format(fidelity: Built) -> None:
    page = lxml_html.fromstring(fidelity.path(".html").read_bytes())
    assert [cell.text_content() for cell in page.xpath("//table//th")] == [
        "Structure",
        "Lookup",
        "Insert",
    ]
    text = fold("\n".join(p.extract_text() for p in PdfReader(fidelity.path(".pdf")).pages))
    assert "hash map O(1) O(1)" in text


def test_the_guide_s_own_image_is_embedded(fidelity: Built) -> None:
    page = fidelity.path(".html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page
    assert "diagram.png" not in page  # self-contained: no path to a file beside the guide
    with zipfile.ZipFile(fidelity.path(".epub")) as epub:
        assert epub.read("EPUB/diagram.png") == FIDELITY.with_name("diagram.png").read_bytes()
        assert b'src="diagram.png"' in epub.read("EPUB/section-02.xhtml")
    pictures = [image for page in PdfReader(fidelity.path(".pdf")).pages for image in page.images]
    assert any(image.image is not None and image.image.size == (120, 60) for image in pictures)


def test_emoji_and_non_latin_scripts_have_real_fonts(fidelity: Built) -> None:
    reader = PdfReader(fidelity.path(".pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for script in SCRIPTS:
        assert script in text
    fonts = pdf_fonts(reader)
    for needed in ("Noto-Color-Emoji", "Noto-Sans-Thai", "Noto-Sans-CJK-JP"):
        assert any(font.startswith(needed) for font in fonts), (needed, sorted(fonts))


@pytest.mark.slow
@pytest.mark.xdist_group("epub-checkers")  # with the other EPUBCheck tests
def test_the_epub_with_code_tables_images_and_scripts_is_valid(fidelity: Built) -> None:
    assert epubcheck_messages(fidelity.path(".epub")) == []
