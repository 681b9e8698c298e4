"""HTML -> laid-out pages -> PDF, in WeasyPrint's sandbox."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from studyguide.errors import GuideError
from studyguide.limits import laying_out
from studyguide.render.paged import SandboxedFetcher, Typesetter

PAGE = '<html lang="en"><style>@page {{ size: A6; }}</style><body>{body}</body></html>'


@pytest.fixture(scope="module")
def typesetter(tmp_path_factory: pytest.TempPathFactory) -> Typesetter:
    return Typesetter(tmp_path_factory.mktemp("guide"))


def test_pages_are_counted_before_the_pdf_is_written(typesetter: Typesetter) -> None:
    body = "".join(f"<p style='break-after: page'>page {n}</p>" for n in range(3))
    pages = typesetter.layout(PAGE.format(body=body))
    assert pages.count == 3
    reader = PdfReader(io.BytesIO(pages.pdf()))
    assert len(reader.pages) == 3
    assert "page 2" in reader.pages[2].extract_text()


def test_the_content_height_grows_with_the_content(typesetter: Typesetter) -> None:
    short = typesetter.layout(PAGE.format(body="<p>one</p>"))
    longer = typesetter.layout(PAGE.format(body="<p>one</p><p>two</p><p>three</p>"))
    assert longer.content_height() > short.content_height() > 0
    assert short.vertical_margins() > 0


def test_documents_combine_in_order(typesetter: Typesetter) -> None:
    first = typesetter.layout(PAGE.format(body="<p>first</p>"))
    second = typesetter.layout(PAGE.format(body="<p>second</p>"))
    combined = first.combine([first, second])
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(combined.pdf())).pages]
    assert ["first" in texts[0], "second" in texts[1]] == [True, True]


def test_the_same_html_gives_the_same_pdf_bytes(typesetter: Typesetter) -> None:
    html = PAGE.format(body="<h1>Same</h1><p>bytes</p>")
    assert typesetter.layout(html).pdf() == typesetter.layout(html).pdf()


def test_only_files_inside_the_allowed_folders_are_fetched(tmp_path: Path) -> None:
    inside = tmp_path / "inside.txt"
    inside.write_text("ok", encoding="utf-8")
    fetcher = SandboxedFetcher([tmp_path])
    fetcher.fetch(inside.as_uri())
    for url in ("https://example.com/x.png", "file:///etc/passwd", "ftp://example.com/x"):
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)
    assert fetcher.refused == [
        "https://example.com/x.png",
        "file:///etc/passwd",
        "ftp://example.com/x",
    ]


def test_a_layout_past_its_deadline_stops_with_a_guide_error() -> None:
    with (
        pytest.raises(GuideError, match=r"laying out a PDF took longer than 0\.05 s"),
        laying_out(0.05),
    ):
        while True:
            pass


@pytest.mark.weasyprint_warnings
def test_weasyprint_warnings_are_seen_by_the_tests(typesetter: Typesetter) -> None:
    # Without the mark, the conftest's fixture would fail this test: that is what it checks.
    import logging  # noqa: PLC0415

    seen: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        typesetter.layout(PAGE.format(body="<p style='colour: red'>x</p>"))
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert any("colour" in message for message in seen)


def test_a_numbered_list_keeps_its_first_number_and_its_kind(typesetter: Typesetter) -> None:
    """A list continued after a code block starts at its own number, a lettered list is
    lettered: what the HTML says of it, not only its style sheet."""
    body = '<ol start="3"><li>three</li><li>four</li></ol><ol type="a"><li>first</li></ol>'
    pages = typesetter.layout(PAGE.format(body=body))
    text = " ".join(PdfReader(io.BytesIO(pages.pdf())).pages[0].extract_text().split())
    markers = [word for word in text.split() if word.endswith(".")]
    assert markers == ["3.", "4.", "a."], text
