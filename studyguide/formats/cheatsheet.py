"""A rendered guide -> output/<name>-cheatsheet.pdf: every question on one landscape page.

The font size is chosen, not searched for: one layout on a very tall page measures how much
room the content needs at the largest size, the size that should fit follows from that
(text area grows with the square of the font size), and one more layout checks it.
"""

from __future__ import annotations

import math

from studyguide.errors import GuideError
from studyguide.formats import Output, Rendition
from studyguide.paged import Pages, Typesetter
from studyguide.render import render_cheatsheet

LARGEST = 9.0  # points
SMALLEST = 6.0
STEP = 0.25
PAPER = {"A4": (297.0, 210.0), "letter": (279.4, 215.9)}  # landscape (width, height) in mm
PX_PER_MM = 96 / 25.4


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    typesetter = rendition.typesetter()
    size, pages, layouts = fit_to_one_page(rendition, typesetter)
    if pages.count != 1:
        raise GuideError(
            f"the cheat sheet does not fit on one page: it needs {pages.count} pages "
            f"even at {SMALLEST:g} pt ({len(guide.questions)} questions)",
            "shorten the answers' bullet points, or split the guide into smaller guides",
            guide.source,
        )
    summary = f"1 page, {size:g} pt, {layouts} layouts"
    return (Output(f"{guide.name}-cheatsheet.pdf", pages.pdf(), summary),)


def fit_to_one_page(rendition: Rendition, typesetter: Typesetter) -> tuple[float, Pages, int]:
    """The largest font size (in STEP increments) at which the sheet is one page."""
    guide, paper = rendition.guide, rendition.config.paper
    width, height = PAPER[paper]
    tall = typesetter.layout(render_cheatsheet(guide, f"{width}mm 5000mm", LARGEST))
    needed = tall.content_height()
    available = height * PX_PER_MM - tall.vertical_margins()
    size = LARGEST
    if needed > available:
        size = _round_down(LARGEST * math.sqrt(available / needed) * 0.98)
    layouts = 1
    while True:
        size = max(SMALLEST, size)
        pages = typesetter.layout(render_cheatsheet(guide, f"{width}mm {height}mm", size))
        layouts += 1
        if pages.count == 1 or size == SMALLEST:
            return size, pages, layouts
        size = _round_down(size * math.sqrt(1 / pages.count)) if pages.count > 2 else size - STEP


def _round_down(size: float) -> float:
    return math.floor(size / STEP) * STEP
