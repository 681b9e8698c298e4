"""The cover's PNG: the SVG's picture, painted the same way on every build."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from studyguide.render.cover import cover_png
from studyguide.render.pages import render_cover
from tests.command_line import run
from tests.conftest import Built


def test_the_png_is_the_svgs_picture_the_same_on_every_build(seed: Built) -> None:
    svg = render_cover(seed.guide)
    first = cover_png(svg)
    assert cover_png(svg) == first
    picture = Image.open(io.BytesIO(first)).convert("RGB")
    assert picture.size == (1200, 1800)
    assert picture.getpixel((10, 10)) == (0x1F, 0x3F, 0x5F)  # the background
    assert picture.getpixel((81, 900)) == (255, 255, 255)  # the frame, 40 px in, 3 px wide
    # The title is painted: another title gives another picture, in the title's place only.
    other = cover_png(render_cover(replace(seed.guide, title="Another guide")))
    changed = Image.open(io.BytesIO(other)).convert("RGB")
    difference = [
        (x, y) for x in range(0, 1200, 20) for y in range(0, 1800, 20)
        if picture.getpixel((x, y)) != changed.getpixel((x, y))
    ]  # fmt: skip
    assert difference
    assert all(360 < y < 1500 for _, y in difference)  # below "STUDY GUIDE", above the counts


def off_the_blend(picture: Image.Image, x: int, y: int) -> bool:
    """Whether a pixel has a colour of its own: not the background, white, or white text's
    edges, which lie between the two."""
    pixel = picture.getpixel((x, y))
    assert isinstance(pixel, tuple)
    background, white = (0x1F, 0x3F, 0x5F), (255, 255, 255)
    shares = [(p - b) / (w - b) for p, b, w in zip(pixel, background, white, strict=True)]
    return max(shares) - min(shares) > 0.25


@pytest.mark.parametrize("title", ["🎤 Interview questions", "❤️ Love 🇫🇷 👨‍👩‍👧 1️⃣"])
def test_an_emoji_in_the_title_is_painted_in_colour(seed: Built, title: str) -> None:
    # Noto Color Emoji has its pictures at 109 pixels only: FreeType refused any other size.
    png = cover_png(render_cover(replace(seed.guide, title=title, subtitle="")))
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    emoji = [
        (x, y) for x in range(140, 240, 2) for y in range(430, 540, 2)
        if off_the_blend(picture, x, y)
    ]  # fmt: skip
    assert len(emoji) > 100  # the first emoji, at the start of the title's first line
    plain = cover_png(render_cover(replace(seed.guide, title="Love")))
    words = Image.open(io.BytesIO(plain)).convert("RGB")
    assert not any(
        off_the_blend(words, x, y)
        for x in range(140, 240, 2) for y in range(430, 540, 2)
    )  # fmt: skip


def test_a_guide_titled_with_an_emoji_builds_its_epub(tmp_path: Path) -> None:
    source = tmp_path / "interview.md"
    source.write_text("# 🎤 Interview questions\n\n## Warm-up\n\n1. Who are you?\n")
    result = run("build", source, "-o", tmp_path / "out", "-f", "epub")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "interview.epub") as epub:
        cover = Image.open(io.BytesIO(epub.read("EPUB/cover.png"))).convert("RGB")
    assert any(off_the_blend(cover, x, 480) for x in range(140, 240))
