"""model.Guide -> HTML through the layouts: what each layout is given shows in what it makes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from studyguide.model import Guide, Image
from studyguide.render import pages
from tests.models import guide, question, section


@pytest.fixture
def small() -> Guide:
    return guide(
        section(
            "Basics",
            question(1, "What is an index?", "<p>A sorted structure.</p>", section="basics"),
            question(2, "Tell a story.", section="basics"),
        ),
        title="Backend & Data",
        date="2026-01-01",
    )


def test_the_page_has_every_question_with_its_anchor_and_answer(small: Guide) -> None:
    page = pages.render_page(small, "A4")
    assert "Backend &amp; Data" in page
    assert 'id="basics-q1"' in page and 'id="basics-q2"' in page
    assert "A sorted structure." in page
    assert "@page { size: A4; }" in page


def test_the_practice_page_leaves_the_answers_out(small: Guide) -> None:
    page = pages.render_page(small, "letter", practice=True)
    assert "What is an index?" in page
    assert "A sorted structure." not in page
    assert "@page { size: letter; }" in page


def test_the_build_date_comes_from_source_date_epoch(
    small: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764403200")
    assert "2025-11-29T08:00:00+00:00" in pages.render_page(small, "A4")


def test_a_guides_images_are_inlined_as_data_urls(tmp_path: Path) -> None:
    picture = tmp_path / "d.png"
    picture.write_bytes(b"\x89PNG")
    with_image = replace(
        guide(source=tmp_path / "g.md"), images=(Image(picture, "d.png", "image/png"),)
    )
    html = pages.embed_images('<img src="d.png"/>', with_image)
    assert html == '<img src="data:image/png;base64,iVBORw=="/>'


def test_the_cheat_sheet_is_set_at_the_size_and_columns_asked(small: Guide) -> None:
    sheet = pages.render_cheatsheet(small, "297mm 210mm", 7.25, columns=3)
    assert "7.25" in sheet and "297mm 210mm" in sheet
    assert "What is an index?" in sheet


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert pages.shorten("short", 10) == "short"
    assert pages.shorten("a sentence that is too long, really", 20) == "a sentence that is\u2026"


def test_layouts_are_compiled_once_and_a_damaged_copy_is_compiled_again(
    small: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for cached in (pages.compiled_layouts, pages.environment):
        cached.cache_clear()  # made anew, in the cache folder of this test
    try:
        first = pages.render_page(small, "A4")
        (folder,) = (tmp_path / "studyguide").iterdir()
        kept = sorted(folder.iterdir())
        assert kept, "no layout was kept compiled"
        for cached in (pages.compiled_layouts, pages.environment):
            cached.cache_clear()
        assert pages.render_page(small, "A4") == first  # from the compiled copies
        for path in kept:
            path.write_bytes(b"not a compiled layout")
        pages.environment.cache_clear()
        assert pages.render_page(small, "A4") == first  # compiled again
        assert all(path.read_bytes() != b"not a compiled layout" for path in kept)
    finally:
        for cached in (pages.compiled_layouts, pages.environment):
            cached.cache_clear()  # the next tests compile into the usual folder again
