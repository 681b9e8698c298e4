"""A rendered guide -> output/<name>-cards.pdf: flashcards to print on both sides and cut out.

A sheet of fronts (the questions) is followed by a sheet of backs (the answers' key points, as
on the cheat sheet), with the backs mirrored left to right, so that a sheet printed on both
sides, flipped on its long edge, has each answer behind its own question. Cut marks in the
margins show where to cut. Every card carries its number and its section on both sides.

A back fills its card: its key points are set at the largest size between 7 and 11 pt that
fits, chosen from how far a layout runs over (text area grows with the square of the size).
Only a back that does not fit at 7 pt is condensed the way the cheat sheet condenses (without
second-level points, then lead terms only), each step again at the largest size that fits.
A front too long is set in smaller type. A card that still does not fit is named in a warning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypedDict

import lxml.html

from studyguide import __version__
from studyguide.clock import build_time
from studyguide.errors import Finding
from studyguide.format import Format, Output, Rendition
from studyguide.model import Guide, KeyPoint, Question, Section
from studyguide.read.gist import CONDENSED, FORMULA_SPACE, condense_points, first_thought
from studyguide.render import i18n, short_ids
from studyguide.render.i18n import Language
from studyguide.render.pages import fill, shown_code, style
from studyguide.render.theme import Theme

if TYPE_CHECKING:
    from studyguide.config import BuildConfig
    from studyguide.render.paged import Pages, Typesetter

PAPER = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}  # portrait (width, height) in mm
MARGIN_MM = 10.0  # room around the grid for the cut marks; printers leave the edge blank
MARK_MM = (2.0, 8.0)  # a cut mark runs this far from the paper's edge
GRIDS = {4: (2, 2), 6: (2, 3), 8: (2, 4), 9: (3, 3), 10: (2, 5), 12: (3, 4)}  # columns, rows
# A front too long for its card is set in smaller type.
FRONT_STEPS = (("as written", False), ("in smaller type", True))
BACK_SIZES = (7.0, 11.0)  # points: the smallest and the largest a back is set at
BACK_STEP = 0.5
SHORTFALL = 0.97  # how much of the estimated size to aim for: lines break, text does not flow
MOST_NAMED = 5  # cards cut off that get a warning each; the rest are counted in one more
TOLERANCE_PX = 0.5


class CardSide(TypedDict):
    """One printed side of a flashcard: where it sits on its sheet and what it says."""

    number: int
    section: str
    question: Question
    short_id: str  # the question's short id, to find it again in the quiz page
    left: float  # mm from the sheet's left edge
    top: float  # mm from the sheet's top edge
    points: tuple[KeyPoint, ...]  # the back's key points, condensed as far as needed
    code: str  # the code the question shows, on the front
    summary: str  # the back's text when the answer has no key points
    smaller: bool  # the front set in smaller type
    size: float  # the back's type size, in points


class CardSheet(TypedDict):
    """One printed page of flashcards: the fronts, or the backs mirrored behind them."""

    side: str  # "front" or "back"
    cards: list[CardSide]


class CardsContext(TypedDict):
    guide: Guide
    language: Language
    css: str
    page_size: str
    card_width: float  # mm
    card_height: float  # mm
    cut_marks: list[tuple[float, float, float, float]]  # x, y, width, height in mm
    sheets: list[CardSheet]
    version: str
    built: str


@dataclass(frozen=True)
class Card:
    """One answered question on paper: its number, where it is asked, and how condensed."""

    number: int
    section: Section
    question: Question
    front_step: int = 0  # an index into FRONT_STEPS
    condensation: int = 0  # the back's, an index into CONDENSED
    size: float = BACK_SIZES[1]  # the back's type size, in points
    too_large: float = math.inf  # the smallest size its back was seen to run over at


@dataclass(frozen=True)
class Grid:
    """Where cards sit on a sheet: columns and rows of equal cards inside the margins."""

    paper: tuple[float, float]
    columns: int
    rows: int

    @property
    def card(self) -> tuple[float, float]:
        width, height = self.paper
        return (width - 2 * MARGIN_MM) / self.columns, (height - 2 * MARGIN_MM) / self.rows

    def place(self, index: int, *, mirrored: bool) -> tuple[float, float]:
        """The top-left corner (mm) of the index-th card of a sheet, front or mirrored back."""
        row, column = divmod(index, self.columns)
        if mirrored:
            column = self.columns - 1 - column
        width, height = self.card
        return MARGIN_MM + column * width, MARGIN_MM + row * height

    def cut_marks(self) -> list[tuple[float, float, float, float]]:
        """Short lines in the margins at every edge between cards: x, y, width, height in mm."""
        paper_width, paper_height = self.paper
        width, height = self.card
        near, far = MARK_MM
        line = 0.2
        marks = []
        for column in range(self.columns + 1):
            x = MARGIN_MM + column * width - line / 2
            marks += [(x, near, line, far - near), (x, paper_height - far, line, far - near)]
        for row in range(self.rows + 1):
            y = MARGIN_MM + row * height - line / 2
            marks += [(near, y, far - near, line), (paper_width - far, y, far - near, line)]
        return marks


@dataclass(frozen=True)
class CardSheets:
    """The laid-out sheets, the cards as condensed to fit, and the sides that still do not."""

    pages: Pages
    cards: tuple[Card, ...]
    overflowing: tuple[tuple[Card, str], ...]  # a card and "front" or "back"


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    laid = lay_out(guide, rendition.config, rendition.typesetter())
    condensed = sum(1 for card in laid.cards if card.front_step or card.condensation)
    sheets = laid.pages.count // 2
    summary = f"{len(laid.cards)} cards on {sheets} sheet{'s' if sheets != 1 else ''}, both sides"
    sizes = sorted({f"{card.size:g}" for card in laid.cards}, key=float)
    if sizes:
        span = "\u2013".join(dict.fromkeys((sizes[0], sizes[-1])))  # a range, or one size
        summary += f", backs at {span} pt"
    if condensed:
        summary += f", {condensed} condensed"
    warnings = cut_off(guide, laid.overflowing)
    name = FORMAT.file_names(guide.name)[0]
    return (Output(name, laid.pages.pdf(), summary, warnings),)


Measures = dict[tuple[int, str], tuple[float, float]]  # (number, side): text height, room


def lay_out(guide: Guide, config: BuildConfig, typesetter: Typesetter) -> CardSheets:
    """Every answered question on a card, each back at the largest size that fits.

    A layout of every card measures how far each side runs over; the sides that do are set
    smaller (or condensed) and laid out again, by themselves, until every side fits or has
    no step left; then the sheets are laid out once more with every card as set.
    """
    grid = Grid(PAPER[config.paper], *GRIDS[config.cards_per_page])
    cards = tuple(
        Card(number, section, question)
        for number, (section, question) in enumerate(
            ((s, q) for s in guide.sections for q in s.questions if q.answered), start=1
        )
    )
    pages = typesetter.layout(render(guide, cards, grid, config))
    measures = measured(pages)
    changed = False
    while True:
        stepped = tuple(refit(card, measures) for card in cards)
        if stepped == cards:
            break
        # Only the cards that changed are laid out again to see whether they fit now: every
        # card has the same size, so where a card sits does not change what fits on it.
        again = tuple(card for card, old in zip(stepped, cards, strict=True) if card != old)
        changed, cards = True, stepped
        measures |= measured(typesetter.layout(render(guide, again, grid, config)))
    if changed:
        pages = typesetter.layout(render(guide, cards, grid, config))
        measures = measured(pages)
    by_number = {card.number: card for card in cards}
    over = sorted(key for key, (text, room) in measures.items() if text > room + TOLERANCE_PX)
    return CardSheets(pages, cards, tuple((by_number[n], side) for n, side in over))


def refit(card: Card, measures: Measures) -> Card:
    """The card set to fit: its front in smaller type where it runs over, its back at the
    size its measure says (see ``resized``)."""
    text, room = measures[(card.number, "front")]
    if text > room + TOLERANCE_PX and card.front_step + 1 < len(FRONT_STEPS):
        card = replace(card, front_step=card.front_step + 1)
    return resized(card, *measures[(card.number, "back")])


def resized(card: Card, text: float, room: float) -> Card:
    """The card's back at the size that should just fill it: smaller where it runs over (or,
    below the smallest size, one step more condensed), larger where it leaves room, up to a
    size known to run over."""
    if text <= 0:  # a back with no text (an answer that is only a picture): nothing to size
        return card
    smallest, largest = BACK_SIZES
    estimate = math.floor(card.size * math.sqrt(room / text) / BACK_STEP) * BACK_STEP
    if text <= room + TOLERANCE_PX:
        larger = min(math.floor(SHORTFALL * estimate / BACK_STEP) * BACK_STEP, largest)
        grows = larger < card.too_large and larger > card.size
        return replace(card, size=larger) if grows else card
    size = min(math.floor(SHORTFALL * estimate / BACK_STEP) * BACK_STEP, card.size - BACK_STEP)
    if size >= smallest:
        return replace(card, size=size, too_large=card.size)
    if card.size > smallest:  # the estimate errs: the smallest size is worth a layout
        return replace(card, size=smallest, too_large=card.size)
    if card.condensation + 1 < len(CONDENSED):
        return replace(card, condensation=card.condensation + 1, size=largest, too_large=math.inf)
    return card


def measured(pages: Pages) -> Measures:
    """How tall each card side's text is, and how much room its card gives it, in pixels."""
    sides = {(box.page, box.value): box for box in pages.boxes("data-card-side")}
    measures = {}
    for box in pages.boxes("data-card-text"):
        side = sides[(box.page, box.value)]
        number, name = box.value.split("-")
        measures[(int(number), name)] = (box.height, side.content_bottom - box.top)
    return measures


def render(guide: Guide, cards: tuple[Card, ...], grid: Grid, config: BuildConfig) -> str:
    per_sheet = grid.columns * grid.rows
    ids = short_ids.of_guide(guide)
    sheets: list[CardSheet] = []
    for start in range(0, len(cards), per_sheet):
        batch = cards[start : start + per_sheet]
        for mirrored in (False, True):
            sides: list[CardSide] = []
            for index, card in enumerate(batch):
                left, top = grid.place(index, mirrored=mirrored)
                _, smaller = FRONT_STEPS[card.front_step]
                sides.append(
                    {
                        "number": card.number,
                        "section": card.section.title,
                        "question": card.question,
                        "short_id": ids[card.question.id],
                        "left": round(left, 3),
                        "top": round(top, 3),
                        "points": condense_points(card.question.key_points, card.condensation),
                        "code": shown_code(card.question)[0],
                        "summary": "" if card.question.key_points else gist(card.question),
                        "smaller": smaller,
                        "size": card.size,
                    }
                )
            sheets.append({"side": "back" if mirrored else "front", "cards": sides})
    theme = Theme(config.theme)
    return render_cards(guide, config.paper, grid.card, grid.cut_marks(), sheets, theme=theme)


def gist(question: Question) -> str:
    """What an answer without key points says: its text's first sentence, whole."""
    answer = lxml.html.fragment_fromstring(
        shown_code(question)[1] or "<p></p>", create_parent="div"
    )
    for formula in answer.xpath(".//*[local-name()='math']"):
        # One word of text, as in a key point, which the layout's filter draws again.
        tex = FORMULA_SPACE.join((formula.get("alttext") or "").split())
        formula.tail = f"\\({tex}\\){formula.tail or ''}"
        formula.drop_tree()
    return first_thought(" ".join(answer.text_content().split()))


def cut_off(guide: Guide, overflowing: tuple[tuple[Card, str], ...]) -> tuple[Finding, ...]:
    """A warning for each of the first few cards cut off, and one counting the rest: a guide
    of long code samples can have dozens, and a screenful of warnings hides the others."""
    named = tuple(too_long(guide, card, side) for card, side in overflowing[:MOST_NAMED])
    rest = overflowing[MOST_NAMED:]
    if not rest:
        return named
    numbers = sorted({card.number for card, _ in rest})
    listed = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
    more = _at_card(
        guide,
        rest[0][0],
        f"{len(numbers)} more flashcard{'s' if len(numbers) > 1 else ''} cut off (cards "
        f"{listed}) — shorten them, or print fewer --cards-per-page",
    )
    return (*named, more)


def too_long(guide: Guide, card: Card, side: str) -> Finding:
    smallest = f"{BACK_SIZES[0]:g} pt"
    what = "question" if side == "front" else f"answer, even as {CONDENSED[card.condensation]} "
    what += "" if side == "front" else f"at {smallest},"
    return _at_card(
        guide,
        card,
        f"flashcard {card.number}: the {what} does not fit on its card and is cut off "
        f"('{card.question.prompt[:50]}') — shorten it, or print fewer --cards-per-page",
    )


def _at_card(guide: Guide, card: Card, message: str) -> Finding:
    """A finding at a card's question: in its chapter's file for a book, else the guide's."""
    source = card.section.source if card.section.source.name else guide.source
    return Finding(source, card.question.line, message)


FORMAT = Format(
    name="cards",
    description="printable flashcards, output/<guide>-cards.pdf (--cards-per-page)",
    label="flashcards",
    files=("{name}-cards.pdf",),
    inputs=(
        "layouts/cards.html",
        "layouts/macros.html",
        "styles/cards.css",
        "styles/scripts.css",
        "styles/scripts-page.css",
    ),
    settings=("paper", "cards_per_page"),
    paged=True,
    weight=1.2,
    build=build,
)


def render_cards(
    guide: Guide,
    page_size: str,
    card_size: tuple[float, float],
    cut_marks: list[tuple[float, float, float, float]],
    sheets: list[CardSheet],
    *,
    theme: Theme,
) -> str:
    """Printable flashcards: sheets of fronts, each followed by its sheet of backs."""
    context: CardsContext = {
        "guide": guide,
        "language": i18n.language(guide.language),
        "css": "\n".join(
            style(name, theme) for name in ("cards.css", "scripts.css", "scripts-page.css")
        ),
        "page_size": page_size,
        "card_width": card_size[0],
        "card_height": card_size[1],
        "cut_marks": cut_marks,
        "sheets": sheets,
        "version": __version__,
        "built": build_time().isoformat(),
    }
    page: str = fill(theme, "cards.html", context, guide.language)
    return page
