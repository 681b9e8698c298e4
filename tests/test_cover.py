"""The cover's PNG: the SVG's picture, painted the same way on every build."""

from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image

from studyguide.cover import cover_png
from studyguide.render import render_cover
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
