"""A rendered guide -> output/<name>-cheatsheet.pdf: every question on one landscape page.

The font size is chosen, not searched for. One layout of the sheet as a single column on a
very tall page measures how much text there is at the largest size; split over four columns
and scaled (text area grows with the square of the font size), that gives the size that
should fit, and one more layout checks it. If it runs over, what ran over gives the next
size. If even the smallest size is too large, the answers are condensed in steps: first
without their second-level points, then to their lead terms only; a measure that shows the
smallest size cannot fit skips straight to the next step. With ``cheatsheet_per_section``
each section gets a page, fitted the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from studyguide.errors import GuideError
from studyguide.format import Format, Output, Rendition
from studyguide.model import Guide, KeyPoint

if TYPE_CHECKING:
    from studyguide.paged import Pages, Typesetter

LARGEST = 9.0  # points
STEP = 0.25
COLUMNS = 4
MARGINS_MM = 18.0  # left + right, as in styles/cheatsheet.css
GAP_REM = 0.9
PAPER = {"A4": (297.0, 210.0), "letter": (279.4, 215.9)}  # landscape (width, height) in mm
MM_PER_PT = 25.4 / 72
MOST_LAYOUTS = 4  # per condensation step
SHORTFALL = 0.97  # how much of the estimated size to aim for
CONDENSED = ("all key points", "top-level points only", "lead terms only")


@dataclass(frozen=True)
class Fit:
    """A sheet laid out at the size and condensation chosen for it."""

    size: float
    condensation: int  # an index into CONDENSED
    pages: Pages | None  # None: not laid out, the measure showed it cannot fit
    layouts: int
    overflow: float  # how many pages' worth of text it holds at that size (1.0 = a page)

    @property
    def sheet(self) -> Pages:
        assert self.pages is not None, "fit() lays out every sheet it returns"
        return self.pages


def build(rendition: Rendition) -> tuple[Output, ...]:
    from studyguide.paged import Pages  # noqa: PLC0415 - WeasyPrint loads only to lay out

    guide, config = rendition.guide, rendition.config
    typesetter = rendition.typesetter()
    parts = (
        [replace(guide, sections=(section,)) for section in guide.sections if section.questions]
        if config.cheatsheet_per_section
        else [guide]
    )
    fits = [fit(part, config.paper, config.cheatsheet_min_font, typesetter) for part in parts]
    for part, chosen in zip(parts, fits, strict=True):
        if chosen.sheet.count != 1:
            where = f"section '{part.sections[0].title}'" if config.cheatsheet_per_section else "it"
            raise GuideError(
                f"the cheat sheet does not fit on one page: {where} holds about "
                f"{chosen.overflow:.1f} pages of text at {chosen.size:g} pt even with "
                f"{CONDENSED[-1]} ({len(part.questions)} questions)",
                "use --cheatsheet-per-section for a page per section, shorten the questions, "
                "or lower --cheatsheet-min-font",
                guide.source,
            )
    sheet = Pages.combine([chosen.sheet for chosen in fits])
    sizes = ", ".join(f"{chosen.size:g}" for chosen in fits)
    steps = sorted({CONDENSED[chosen.condensation] for chosen in fits})
    layouts = sum(chosen.layouts for chosen in fits)
    summary = (
        f"{sheet.count} page{'s' if sheet.count > 1 else ''}, {sizes} pt, "
        f"{' / '.join(steps)}, {layouts} layouts"
    )
    return (Output(FORMAT.file_names(guide.name)[0], sheet.pdf(), summary),)


def fit(guide: Guide, paper: str, smallest: float, typesetter: Typesetter) -> Fit:
    """The fullest sheet that fits on one page, at the largest size that fits."""
    layouts = 0
    chosen = None
    for condensation in range(len(CONDENSED)):
        last = condensation == len(CONDENSED) - 1
        chosen = fit_to_one_page(
            condense(guide, condensation), paper, smallest, typesetter, hopeless_ok=not last
        )
        layouts += chosen.layouts
        if chosen.pages is None:  # measured as too much even at the smallest size
            continue
        chosen = replace(chosen, condensation=condensation, layouts=layouts)
        if chosen.sheet.count == 1:
            break
    assert chosen is not None
    return chosen


def condense(guide: Guide, condensation: int) -> Guide:
    """The guide with its answers' key points cut to a condensation step."""
    if condensation == 0:
        return guide

    def keep(points: tuple[KeyPoint, ...]) -> tuple[KeyPoint, ...]:
        return condense_points(points, condensation)

    return replace(
        guide,
        sections=tuple(
            replace(
                s, questions=tuple(replace(q, key_points=keep(q.key_points)) for q in s.questions)
            )
            for s in guide.sections
        ),
    )


def condense_points(points: tuple[KeyPoint, ...], condensation: int) -> tuple[KeyPoint, ...]:
    """An answer's key points at a condensation step (an index into CONDENSED)."""
    if condensation == 0:
        return points
    top = tuple(point for point in points if point.level == 1)
    return top if condensation == 1 else tuple(replace(point, gist="") for point in top)


def fit_to_one_page(
    guide: Guide, paper: str, smallest: float, typesetter: Typesetter, *, hopeless_ok: bool = False
) -> Fit:
    """The largest font size (a multiple of STEP) at which the sheet is one page.

    The returned sheet has more than one page if even the smallest size does not fit; with
    ``hopeless_ok`` it has no pages at all when the measure alone shows that, since the
    estimate errs only towards fitting.
    """
    from studyguide.render import render_cheatsheet  # noqa: PLC0415 - Jinja loads only to build

    width, height = PAPER[paper]
    gap = GAP_REM * LARGEST * MM_PER_PT
    column = (width - MARGINS_MM - gap * (COLUMNS - 1)) / COLUMNS
    measure = typesetter.layout(
        render_cheatsheet(guide, f"{column + MARGINS_MM:.2f}mm 5000mm", LARGEST, columns=1)
    )
    needed = measure.content_height() / COLUMNS
    available = height / 25.4 * 96 - measure.vertical_margins()

    def overflow(size: float) -> float:
        """How many pages' worth of text the sheet holds at a size, as measured."""
        return needed * (size / LARGEST) ** 2 / available

    estimate = LARGEST * math.sqrt(available / needed)  # where the text would just fill a page
    layouts = 1
    if hopeless_ok and estimate < smallest:
        return Fit(smallest, 0, None, layouts, overflow(smallest))
    # Columns break only between lines and around code and tables, so they hold a little
    # less than the text measured as one column: aim a little lower than the square root says.
    size = LARGEST if needed <= available else _round_down(SHORTFALL * estimate)
    while True:
        size = max(smallest, min(LARGEST, size))
        pages = typesetter.layout(render_cheatsheet(guide, f"{width}mm {height}mm", size))
        layouts += 1
        if pages.count == 1 or size <= smallest or layouts >= MOST_LAYOUTS:
            # The estimate is rough; a sheet that did not fit is at least a little over a page.
            held = max(overflow(size), 1.1) if pages.count > 1 else overflow(size)
            return Fit(size, 0, pages, layouts, held)
        # What ran over onto the next pages says how much smaller the text must be.
        over = sum(pages.content_height(page) for page in range(1, pages.count))
        smaller = SHORTFALL * size * math.sqrt(available / (available + over))
        size = min(_round_down(smaller), size - STEP)


def _round_down(size: float) -> float:
    return math.floor(size / STEP) * STEP


FORMAT = Format(
    name="cheatsheet",
    description="the one-page cheat sheet, output/<guide>-cheatsheet.pdf",
    files=("{name}-cheatsheet.pdf",),
    inputs=(
        "layouts/cheatsheet.html",
        "layouts/macros.html",
        "styles/cheatsheet.css",
        "styles/scripts.css",
        "styles/scripts-page.css",
    ),
    settings=("paper", "cheatsheet_min_font", "cheatsheet_per_section"),
    paged=True,
    build=build,
)
