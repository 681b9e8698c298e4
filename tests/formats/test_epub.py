"""The e-reader edition: EPUB 3 valid by epubcheck, one file per section, nav of everything."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from benchmarks.synthetic import synthetic_guide
from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.formats.epub import without_empty_headers
from tests.ace import ace_violations
from tests.chromium import CHROMIUM, screenshot
from tests.conftest import Built, fold
from tests.epubcheck_server import epubcheck_messages

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def archive(built: Built) -> zipfile.ZipFile:
    return zipfile.ZipFile(built.path(".epub"))


def content_documents(built: Built) -> dict[str, etree._Element]:
    with archive(built) as epub:
        return {
            name: etree.fromstring(epub.read(name))
            for name in epub.namelist()
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml")
        }


# EPUBCheck and Ace take seconds to start in each test process (tests/warm.py), and a second or
# more per EPUB: the tests that use them are slow, and run in one process.
CHECKERS = pytest.mark.xdist_group("epub-checkers")


@pytest.mark.slow
@CHECKERS
def test_epubcheck_reports_no_errors_and_no_warnings(built: Built) -> None:
    assert epubcheck_messages(built.path(".epub")) == []


def broken_copy(built: Built, folder: Path, old: bytes, new: bytes) -> Path:
    """A copy of a built EPUB with a change in its first section's XHTML."""
    broken = folder / "broken.epub"
    with archive(built) as good, zipfile.ZipFile(broken, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename.endswith("section-01.xhtml"):
                assert old in data
                data = data.replace(old, new, 1)
            compress = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            bad.writestr(item, data, compress_type=compress)
    return broken


@pytest.mark.slow
@CHECKERS
def test_epubcheck_reports_a_broken_epub(seed: Built, tmp_path: Path) -> None:
    """The validator the tests keep warm finds what the epubcheck command finds."""
    broken = broken_copy(seed, tmp_path, b"<h2", b"<h2 bogus='yes'")
    messages = epubcheck_messages(broken)
    assert any("RSC-005" in message and "bogus" in message for message in messages), messages
    assert epubcheck_messages(seed.path(".epub")) == []  # and the next EPUB starts afresh


@pytest.mark.slow
@CHECKERS
def test_ace_reports_an_image_without_a_text_alternative(seed: Built, tmp_path: Path) -> None:
    """The Ace the tests keep warm finds what the ace command finds."""
    broken = broken_copy(seed, tmp_path, b"</h2>", b'</h2><img src="cover.png"/>')
    violations = ace_violations(broken, tmp_path / "ace")
    assert any(violation.startswith("image-alt") for violation in violations), violations
    assert ace_violations(seed.path(".epub"), tmp_path / "again") == []


@pytest.mark.slow
@CHECKERS
def test_ace_by_daisy_reports_no_violation(built: Built, tmp_path: Path) -> None:
    assert ace_violations(built.path(".epub"), tmp_path / "ace") == []


def test_no_page_list_pointing_at_anything_but_page_breaks(seed: Built) -> None:
    with archive(seed) as epub:
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    assert nav.xpath("//x:nav[@*[local-name()='type']='page-list']", namespaces=NS) == []


def test_the_package_and_empty_table_corners_are_accessible(seed: Built) -> None:
    assert opf(seed).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert without_empty_headers("<tr><th/><th></th><th>A</th></tr>") == (
        "<tr><td></td><td></td><th>A</th></tr>"
    )


@pytest.mark.slow
@CHECKERS
def test_epubcheck_on_a_synthetic_guide_of_200_questions(tmp_path: Path) -> None:
    source = tmp_path / "synthetic.md"
    source.write_text(synthetic_guide(200), encoding="utf-8")
    report = build(BuildConfig(source=source, output=tmp_path / "out", formats=("epub",)))
    assert len(report.guides[0].questions) == 200
    assert epubcheck_messages(tmp_path / "out" / "synthetic.epub") == []


def test_every_question_is_in_the_content_documents(built: Built) -> None:
    text = fold(" ".join("".join(root.itertext()) for root in content_documents(built).values()))
    missing = [q.prompt for q in built.guide.questions if fold(q.prompt) not in text]
    assert missing == []


def test_one_file_per_section_and_none_empty(built: Built) -> None:
    documents = content_documents(built)
    sections = sorted(name for name in documents if "/section-" in name)
    assert len(sections) == len(built.guide.sections)
    for name, section in zip(sections, built.guide.sections, strict=True):
        articles = documents[name].xpath("//x:article", namespaces=NS)
        assert [article.get("id") for article in articles] == [q.id for q in section.questions]


def test_nav_lists_sections_and_questions(built: Built) -> None:
    with archive(built) as epub:
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    labels = [
        fold("".join(a.itertext()))
        for a in nav.xpath("//x:nav[@*[local-name()='type']='toc']//x:a", namespaces=NS)
    ]
    for section in built.guide.sections:
        assert section.title in labels
        for q in section.questions:
            assert any(
                label.startswith(f"{q.number}. ")
                and fold(q.prompt).startswith(label.split(". ", 1)[1].rstrip(".…"))
                for label in labels
            )


def test_metadata(seed: Built) -> None:
    with archive(seed) as epub:
        assert epub.namelist()[0] == "mimetype"
        assert epub.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
    assert opf.get("version") == "3.0"
    assert opf.xpath("//dc:title/text()", namespaces=NS) == [seed.guide.title]
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["en"]
    assert opf.xpath("//dc:identifier/text()", namespaces=NS)[0].startswith("urn:uuid:")
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS) == [
        "2025-11-29T08:00:00Z"
    ]


def test_mojibake_is_gone(seed: Built) -> None:
    text = " ".join("".join(root.itertext()) for root in content_documents(seed).values())
    assert "Fréchet Inception Distance" in text
    assert "√" not in text


def opf(built: Built) -> etree._Element:
    with archive(built) as epub:
        root: etree._Element = etree.fromstring(epub.read("EPUB/content.opf"))
    return root


def test_accessibility_metadata(seed: Built) -> None:
    package = opf(seed)

    def values(name: str) -> list[str]:
        found: list[str] = package.xpath(f"//opf:meta[@property='{name}']/text()", namespaces=NS)
        return found

    assert values("schema:accessMode") == ["textual"]
    assert values("schema:accessModeSufficient") == ["textual"]
    assert sorted(values("schema:accessibilityFeature")) == [
        "readingOrder", "structuralNavigation", "tableOfContents"
    ]  # fmt: skip
    assert values("schema:accessibilityHazard") == ["none"]
    assert values("schema:accessibilitySummary")[0].startswith("Text only")
    assert package.xpath("//dc:description/text()", namespaces=NS)
    assert len(package.xpath("//dc:subject", namespaces=NS)) == 4


def test_cover_is_a_png_declared_and_opens_the_book(seed: Built) -> None:
    package = opf(seed)
    (cover,) = package.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert cover.get("media-type") == "image/png"
    first = package.xpath("//opf:spine/opf:itemref", namespaces=NS)[0]
    assert first.get("idref") == "cover"
    assert first.get("linear") != "no"
    with archive(seed) as epub:
        picture = Image.open(io.BytesIO(epub.read("EPUB/" + cover.get("href"))))
        page = etree.fromstring(epub.read("EPUB/cover.xhtml"))
    assert picture.size == (1200, 1800)
    (img,) = page.xpath("//x:img", namespaces=NS)
    assert (img.get("src"), img.get("alt")) == (cover.get("href"), seed.guide.title)
    style = "".join(page.xpath("//x:style/text()", namespaces=NS))
    assert "max-width: 100%" in style
    assert "max-height: 100vh" in style


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (bootstrap.sh installs it)")
def test_the_cover_shows_whole_on_a_phone(seed: Built, tmp_path: Path) -> None:
    with archive(seed) as epub:
        epub.extractall(tmp_path)
    shot = tmp_path / "shot.png"
    screenshot(tmp_path / "EPUB" / "cover.xhtml", shot, 390, 844)
    picture = Image.open(shot).convert("RGB")
    # The cover's dark blue, and the white frame drawn 40 px inside its edge on all four sides.
    left, top, right, bottom = dark_box(picture)
    assert (left, right) == (0, 390)
    assert top > 0 and bottom < 844  # centred, neither cut off nor stretched
    assert abs((bottom - top) / (right - left) - 1.5) < 0.02
    frame = picture.getpixel((left + (right - left) * 40 // 600 + 1, (top + bottom) // 2))
    assert isinstance(frame, tuple)
    assert min(frame) > 200


def dark_box(picture: Image.Image) -> tuple[int, int, int, int]:
    """The bounding box of the cover's blue background in a screenshot."""
    mask = picture.point(lambda value: 255 if value < 120 else 0).convert("L")
    box = mask.getbbox()
    assert box is not None
    return box


def test_landmarks(seed: Built) -> None:
    with archive(seed) as epub:
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    links = nav.xpath("//x:nav[@*[local-name()='type']='landmarks']//x:a", namespaces=NS)
    kinds = {link.get("{http://www.idpf.org/2007/ops}type"): link.get("href") for link in links}
    assert kinds == {"cover": "cover.xhtml", "toc": "nav.xhtml", "bodymatter": "section-01.xhtml"}


def test_study_mode_links_each_answer_and_back(built: Built) -> None:
    for name, root in content_documents(built).items():
        if "/section-" not in name:
            continue
        ids = set(root.xpath("//@id"))
        for article in root.xpath("//x:article", namespaces=NS):
            links = article.xpath(".//x:p[@class='study-link']/x:a/@href", namespaces=NS)
            if "unanswered" in article.get("class"):
                assert links == []
                assert article.xpath(".//x:p[@class='no-answer']", namespaces=NS)
            else:
                question = article.get("id")
                assert links == [f"#{question}-answer", f"#{question}"]
                assert {f"{question}-answer", question} <= ids


def test_reading_styles_use_relative_units(seed: Built) -> None:
    with archive(seed) as epub:
        css = epub.read("EPUB/style/ereader.css").decode()
    assert not re.search(r"\d(px|pt|cm|mm|in)\b", css)
    assert "color:" not in css.replace("currentcolor", "")
