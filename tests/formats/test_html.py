"""The web page: self-contained, every question with its anchor, contents and print styles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.chromium import CHROMIUM, chromium
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


FONT_PROBE = """<script>
document.fonts.ready.then(() => {
  const loaded = [];
  document.fonts.forEach(face => {
    if (face.status === "loaded") loaded.push(`${face.family}/${face.weight}/${face.style}`);
  });
  document.body.dataset.loaded = loaded.join("|");
  document.body.dataset.text = getComputedStyle(document.body).fontFamily;
  document.body.dataset.headings = getComputedStyle(document.querySelector("h2")).fontFamily;
});
</script></body>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (bootstrap.sh installs it)")
def test_the_page_is_set_in_the_pdfs_faces_in_a_browser(seed: Built, tmp_path: Path) -> None:
    """Chromium draws the text with the embedded Source Serif and Source Sans, not its own."""
    page = tmp_path / "page.html"
    page.write_text(
        seed.path(".html").read_text(encoding="utf-8").replace("</body>", FONT_PROBE),
        encoding="utf-8",
    )
    dom = chromium("--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    body = lxml_html.fromstring(dom).body
    assert body.get("data-text").startswith('"Source Serif Pro"')
    assert body.get("data-headings").startswith('"Source Sans Pro"')
    loaded = set(body.get("data-loaded").split("|"))
    assert {"Source Serif Pro/400/normal", "Source Sans Pro/600/normal"} <= loaded


def test_the_embedded_faces_are_subsets(seed: Built) -> None:
    page = seed.path(".html").read_text(encoding="utf-8")
    faces = re.findall(r'font-family: "([^"]+)"; font-weight: (\d+); font-style: (\w+)', page)
    assert len(faces) == 6
    assert len(page.encode()) < 200_000  # six whole faces would be over 1.5 MB
