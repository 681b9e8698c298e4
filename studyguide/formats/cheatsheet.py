"""A rendered guide -> output/<name>-cheatsheet.pdf: every question on one landscape page.

The font size is chosen, not searched for. One layout of the sheet as a single column on a
very tall page measures how much text there is at the largest size; split over four columns
and scaled (text area grows with the square of the font size), that gives the size that
should fit, and one more layout checks it. With ``cheatsheet_per_section`` each section gets
a page of its own, fitted the same way.
"""

from __future__ import annotations

import math
from dataclasses import replace

from studyguide.errors import GuideError
from studyguide.formats import Output, Rendition
from studyguide.model import Guide
from studyguide.paged import Pages, Typesetter
from studyguide.render import render_cheatsheet

LARGEST = 9.0  # points
STEP = 0.25
COLUMNS = 4
MARGINS_MM = 18.0  # left + right, as in styles/cheatsheet.css
GAP_REM = 0.9
PAPER = {"A4": (297.0, 210.0), "letter": (279.4, 215.9)}  # landscape (width, height) in mm
MM_PER_PT = 25.4 / 72
MOST_LAYOUTS = 5


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide, config = rendition.guide, rendition.config
    typesetter = rendition.typesetter()
    parts = (
        [replace(guide, sections=(section,)) for section in guide.sections if section.questions]
        if config.cheatsheet_per_section
        else [guide]
    )
    fitted = [
        fit_to_one_page(part, config.paper, config.cheatsheet_min_font, typesetter)
        for part in parts
    ]
    for part, (size, pages, _) in zip(parts, fitted, strict=True):
        if pages.count != 1:
            where = f"section '{part.sections[0].title}'" if config.cheatsheet_per_section else "it"
            raise GuideError(
                f"the cheat sheet does not fit on one page: {where} needs {pages.count} pages "
                f"even at {size:g} pt ({len(part.questions)} questions)",
                "use --cheatsheet-per-section for a page per section, shorten the answers' "
                "bullet points, or lower --cheatsheet-min-font",
                guide.source,
            )
    sheet = Pages.combine([pages for _, pages, _ in fitted])
    sizes = ", ".join(f"{size:g}" for size, _, _ in fitted)
    layouts = sum(count for _, _, count in fitted)
    summary = f"{sheet.count} page{'s' if sheet.count > 1 else ''}, {sizes} pt, {layouts} layouts"
    return (Output(f"{guide.name}-cheatsheet.pdf", sheet.pdf(), summary),)


def fit_to_one_page(
    guide: Guide, paper: str, smallest: float, typesetter: Typesetter
) -> tuple[float, Pages, int]:
    """The largest font size (a multiple of STEP) at which the sheet is one page.

    Returns the size, the laid-out sheet at that size (more than one page if even the
    smallest size does not fit) and how many layouts it took.
    """
    width, height = PAPER[paper]
    gap = GAP_REM * LARGEST * MM_PER_PT
    column = (width - MARGINS_MM - gap * (COLUMNS - 1)) / COLUMNS
    measure = typesetter.layout(
        render_cheatsheet(guide, f"{column + MARGINS_MM:.2f}mm 5000mm", LARGEST, columns=1)
    )
    needed = measure.content_height() / COLUMNS
    available = height / 25.4 * 96 - measure.vertical_margins()
    size = LARGEST if needed <= available else _round_down(LARGEST * math.sqrt(available / needed))
    layouts = 1
    while True:
        size = max(smallest, min(LARGEST, size))
        pages = typesetter.layout(render_cheatsheet(guide, f"{width}mm {height}mm", size))
        layouts += 1
        if pages.count == 1 or size <= smallest or layouts >= MOST_LAYOUTS:
            return size, pages, layouts
        size = _round_down(size / math.sqrt(pages.count)) if pages.count > 2 else size - 2 * STEP


def _round_down(size: float) -> float:
    return math.floor(size / STEP) * STEP
