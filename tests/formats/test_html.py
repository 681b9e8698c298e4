"""The web page: self-contained, every question with its anchor, contents and print styles."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from tests.conftest import Built, fold


def page(built: Built) -> str:
    return built.path(".html").read_text(encoding="utf-8")


def test_every_question_is_on_the_page(built: Built) -> None:
    text = fold(lxml_html.fromstring(page(built)).text_content())
    missing = [q.prompt for q in built.guide.questions if fold(q.prompt) not in text]
    assert missing == []


def test_page_is_self_contained(built: Built) -> None:
    document = lxml_html.fromstring(page(built))
    assert document.xpath("//link[@rel='stylesheet']") == []
    assert document.xpath("//script") == []
    styles = "".join(document.xpath("//style/text()"))
    assert "@media print" in styles
    assert "target-counter" in styles


def test_contents_link_to_every_section_and_question(built: Built) -> None:
    document = lxml_html.fromstring(page(built))
    links = document.xpath("//nav[@id='contents']//a/@href")
    expected = [
        anchor
        for section in built.guide.sections
        for anchor in [f"#{section.id}", *(f"#{q.id}" for q in section.questions)]
    ]
    assert links == expected
    ids = set(document.xpath("//@id"))
    assert {link[1:] for link in links} <= ids


def test_unanswered_questions_say_so(seed: Built) -> None:
    document = lxml_html.fromstring(page(seed))
    unanswered = document.xpath("//article[contains(@class, 'unanswered')]")
    assert len(unanswered) == 11
    assert all(article.xpath(".//p[@class='no-answer']") for article in unanswered)


def test_mojibake_is_gone(seed: Built) -> None:
    text = page(seed)
    assert "Fréchet Inception Distance" in text
    assert "√©" not in text


def test_normalized_markdown_is_written_beside(built: Built) -> None:
    markdown = built.path(".md").read_text(encoding="utf-8")
    assert re.search(r"^# ", markdown, re.MULTILINE)
