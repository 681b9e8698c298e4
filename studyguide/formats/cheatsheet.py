"""A rendered guide -> output/<name>-cheatsheet.pdf: every question on landscape pages, one if
it can be.

The font size is chosen, not searched for. One layout of the sheet as a single column on a
very tall page measures how much text there is at the largest size; split over four columns
and scaled (text area grows with the square of the font size), that gives the size that
should fit, and one more layout checks it. If it runs over, what ran over gives the next
size. If even the smallest size is too large, the answers are condensed in steps: first
without their second-level points, then to their lead terms only; a measure that shows the
smallest size cannot fit skips straight to the next step.

A guide too long for one page, even condensed, keeps all its key points: its sections follow
one another in the columns of as few pages as the measure says they need at the smallest
size, set at the largest size that fills those pages, and one warning says so.
``cheatsheet_per_section`` asks for a page per section instead (a section too long for a
page of its own runs over onto the pages it needs); ``cheatsheet_one_page`` makes a sheet
that does not fit one page an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from studyguide.errors import Finding, GuideError
from studyguide.format import Format, Output, Rendition
from studyguide.model import Guide
from studyguide.read.gist import CONDENSED, condense
from studyguide.render.pages import render_cheatsheet
from studyguide.render.theme import DEFAULT, Theme

if TYPE_CHECKING:
    from studyguide.config import BuildConfig
    from studyguide.render.paged import Pages, Typesetter

LARGEST = 9.0  # points
STEP = 0.25
COLUMNS = 4
MARGINS_MM = 18.0  # left + right, as in styles/cheatsheet.css
GAP_REM = 0.9
PAPER = {"A4": (297.0, 210.0), "letter": (279.4, 215.9)}  # landscape (width, height) in mm
MM_PER_PT = 25.4 / 72
MOST_LAYOUTS = 4  # per condensation step
SHORTFALL = 0.97  # how much of the estimated size to aim for


@dataclass(frozen=True)
class Fit:
    """A sheet laid out at the size and condensation chosen for it."""

    size: float
    condensation: int  # an index into CONDENSED
    pages: Pages | None  # None: not laid out, the measure showed it cannot fit
    layouts: int
    overflow: float  # how many pages' worth of text it holds at that size (1.0 = a page)
    room: int = 1  # the pages it was fitted to

    @property
    def fits(self) -> bool:
        """Whether the sheet was laid out and takes no more pages than it was fitted to."""
        return self.pages is not None and self.pages.count <= self.room

    @property
    def sheet(self) -> Pages:
        assert self.pages is not None, "fit() lays out every sheet it returns"
        return self.pages


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide, config = rendition.guide, rendition.config
    parts, fits, findings = lay_out(guide, config, rendition.typesetter())
    for part, chosen in zip(parts, fits, strict=True):
        if not chosen.fits and config.cheatsheet_one_page:
            per_section = config.cheatsheet_per_section
            where = f"section '{part.sections[0].title}'" if per_section else "it"
            raise GuideError(
                f"the cheat sheet does not fit on one page: {where} holds about "
                f"{chosen.overflow:.1f} pages of text at {chosen.size:g} pt even with "
                f"{CONDENSED[-1]} ({len(part.questions)} questions)",
                "build without --cheatsheet-one-page to let it run over more pages, shorten "
                "the questions, or lower --cheatsheet-min-font",
                guide.source,
            )
    sheets = [chosen.sheet for chosen in fits]
    sheet = sheets[0].combine(sheets)
    sizes = ", ".join(f"{chosen.size:g}" for chosen in fits)
    steps = sorted({CONDENSED[chosen.condensation] for chosen in fits})
    layouts = sum(chosen.layouts for chosen in fits)
    summary = (
        f"{sheet.count} page{'s' if sheet.count > 1 else ''}, {sizes} pt, "
        f"{' / '.join(steps)}, {layouts} layouts"
    )
    return (Output(FORMAT.file_names(guide.name)[0], sheet.pdf(), summary, findings),)


def lay_out(
    guide: Guide, config: BuildConfig, typesetter: Typesetter
) -> tuple[list[Guide], list[Fit], tuple[Finding, ...]]:
    """The sheet's parts (the guide, or its sections), each fitted, and what to warn about."""
    smallest, theme = config.cheatsheet_min_font, Theme(config.theme)
    sections = [replace(guide, sections=(s,)) for s in guide.sections if s.questions]

    def per_section() -> list[Fit]:
        return [fit(part, config.paper, smallest, typesetter, theme=theme) for part in sections]

    if config.cheatsheet_per_section:
        fits = per_section()
        overflowing = _overflowing(sections, fits)
        if not overflowing:
            return sections, fits, ()
        warning = f"the cheat sheet runs over one page per section: {overflowing}"
        return sections, fits, (Finding(guide.source, 0, warning),)
    # A guide too long for one page gives up at the measure, before laying out pages it
    # would throw away, unless the overflow is to be reported as an error.
    whole = fit(
        guide,
        config.paper,
        smallest,
        typesetter,
        give_up=not config.cheatsheet_one_page,
        theme=theme,
    )
    if whole.fits or config.cheatsheet_one_page:
        return [guide], [whole], ()
    # All its key points, in the columns of as few pages as they need.
    room = max(2, math.ceil(whole.overflow * _uncondensed(guide, whole)))
    flowed = fit_to_pages(guide, config.paper, smallest, typesetter, room=room, theme=theme)
    warning = (
        f"the cheat sheet does not fit on one page (about {whole.overflow:.1f} pages of text at "
        f"{whole.size:g} pt even with {CONDENSED[-1]}), so it runs over "
        f"{flowed.sheet.count} pages at {flowed.size:g} pt; --cheatsheet-one-page makes this an "
        "error, --cheatsheet-per-section gives each section a page"
    )
    return [guide], [flowed], (Finding(guide.source, 0, warning),)


def _uncondensed(guide: Guide, condensed: Fit) -> float:
    """How much more text the guide holds with all its key points than as measured
    condensed: its key points' characters, against theirs at the step measured."""

    def characters(shown: Guide) -> int:
        return sum(
            len(q.prompt) + sum(len(p.term) + len(p.gist) + len(p.code) for p in q.key_points)
            for q in shown.questions
            if q.answered
        )

    shown = characters(condense(guide, condensed.condensation))
    return characters(guide) / shown if shown else 1.0


def _overflowing(parts: list[Guide], fits: list[Fit]) -> str:
    """Which sections take more than a page, and how many each; '' if none does."""
    over = [
        f"'{part.sections[0].title}' takes {chosen.sheet.count} pages"
        for part, chosen in zip(parts, fits, strict=True)
        if not chosen.fits
    ]
    return ", ".join(over)


def fit(
    guide: Guide,
    paper: str,
    smallest: float,
    typesetter: Typesetter,
    *,
    give_up: bool = False,
    theme: Theme = DEFAULT,
) -> Fit:
    """The fullest sheet that fits on one page, at the largest size that fits.

    If even the last step at the smallest size does not fit, the sheet runs over onto more
    pages; with ``give_up`` it is not laid out at all when the measure alone shows that.
    """
    layouts = 0
    chosen = None
    for condensation in range(len(CONDENSED)):
        last = condensation == len(CONDENSED) - 1
        chosen = fit_to_one_page(
            condense(guide, condensation),
            paper,
            smallest,
            typesetter,
            hopeless_ok=give_up or not last,
            theme=theme,
        )
        layouts += chosen.layouts
        chosen = replace(chosen, condensation=condensation, layouts=layouts)
        if chosen.fits:
            break
    assert chosen is not None
    return chosen


def fit_to_one_page(
    guide: Guide,
    paper: str,
    smallest: float,
    typesetter: Typesetter,
    *,
    hopeless_ok: bool = False,
    theme: Theme = DEFAULT,
) -> Fit:
    """The largest font size (a multiple of STEP) at which the sheet is one page.

    The returned sheet has more than one page if even the smallest size does not fit; with
    ``hopeless_ok`` it has no pages at all when the measure alone shows that, since the
    estimate errs only towards fitting.
    """
    return fit_to_pages(
        guide, paper, smallest, typesetter, room=1, hopeless_ok=hopeless_ok, theme=theme
    )


def fit_to_pages(
    guide: Guide,
    paper: str,
    smallest: float,
    typesetter: Typesetter,
    *,
    room: int,
    hopeless_ok: bool = False,
    theme: Theme = DEFAULT,
) -> Fit:
    """The largest font size (a multiple of STEP) at which the sheet takes ``room`` pages,
    its sections following one another through the columns."""
    width, height = PAPER[paper]
    gap = GAP_REM * LARGEST * MM_PER_PT
    column = (width - MARGINS_MM - gap * (COLUMNS - 1)) / COLUMNS
    measure = typesetter.layout(
        render_cheatsheet(
            guide, f"{column + MARGINS_MM:.2f}mm 5000mm", LARGEST, columns=1, theme=theme
        )
    )
    needed = sum(measure.content_height(page) for page in range(measure.count)) / COLUMNS
    available = (height / 25.4 * 96 - measure.vertical_margins()) * room

    def overflow(size: float) -> float:
        """How many pages' worth of text the sheet holds at a size, as measured."""
        return needed * (size / LARGEST) ** 2 / available * room

    estimate = LARGEST * math.sqrt(available / needed)  # where the text would just fill a page
    layouts = 1
    if hopeless_ok and estimate < smallest:
        return Fit(smallest, 0, None, layouts, overflow(smallest), room)
    # Columns break only between lines and around code and tables, so they hold a little
    # less than the text measured as one column: aim a little lower than the square root says.
    size = LARGEST if needed <= available else _round_down(SHORTFALL * estimate)
    while True:
        size = max(smallest, min(LARGEST, size))
        pages = typesetter.layout(
            render_cheatsheet(guide, f"{width}mm {height}mm", size, theme=theme)
        )
        layouts += 1
        if pages.count <= room or size <= smallest or layouts >= MOST_LAYOUTS + room:
            # The estimate is rough; a sheet that did not fit is at least a little over.
            held = max(overflow(size), room + 0.1) if pages.count > room else overflow(size)
            return Fit(size, 0, pages, layouts, held, room)
        # What ran over onto the pages after its room says how much smaller the text must be.
        over = sum(pages.content_height(page) for page in range(room, pages.count))
        smaller = SHORTFALL * size * math.sqrt(available / (available + over))
        size = min(_round_down(smaller), size - STEP)


def _round_down(size: float) -> float:
    return math.floor(size / STEP) * STEP


FORMAT = Format(
    name="cheatsheet",
    description="the one-page cheat sheet, output/<guide>-cheatsheet.pdf",
    label="cheat sheet",
    files=("{name}-cheatsheet.pdf",),
    inputs=(
        "layouts/cheatsheet.html",
        "layouts/macros.html",
        "styles/cheatsheet.css",
        "styles/scripts.css",
        "styles/scripts-page.css",
    ),
    settings=("paper", "cheatsheet_min_font", "cheatsheet_per_section", "cheatsheet_one_page"),
    paged=True,
    weight=1.0,
    build=build,
)
