"""A review history (the quiz page's export) -> the questions it asks to practise, and a guide
narrowed to them: what ``studyguide build --focus`` makes its practice edition, flashcards
and cheat sheet of.

``--focus`` names the history file and which of its questions: ``again:FILE`` those whose
last rating was "again", ``due:FILE`` those due at the build's time (SOURCE_DATE_EPOCH when
set, else now), ``FILE`` alone both. The file's format is documented in docs/formats.md ("The
review history"); its questions are named by their stable ids, so a history still fits a
guide edited since, and a question removed from the guide is left out. The focused files are
named after the guide and the choice (``<guide>-again-practice.pdf``), so that they do not
replace the full editions; their questions keep the numbers they have in the guide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyguide.clock import build_time
from studyguide.errors import GuideError
from studyguide.model import Guide
from studyguide.read.sources import guide_name
from studyguide.render import i18n

if TYPE_CHECKING:
    from studyguide.config import BuildConfig

FORMAT = "studyguide review history"
VERSION = 1  # the newest version this studyguide reads
AGAIN = 1  # the rating "again", as the quiz page and FSRS number it
CHOICES = ("due", "again")
FORMATS = ("practice", "cards", "cheatsheet")  # what a focused build makes
LARGEST = 20_000_000  # bytes: a history of a few thousand questions is a few hundred KB


@dataclass(frozen=True)
class Focus:
    """What --focus asks for: which questions of which guide, from which history file."""

    path: Path
    which: tuple[str, ...]  # "due", "again" or both
    guide: str  # the name of the guide the history is of
    question_ids: frozenset[str]  # the questions it chooses, by stable id

    @property
    def suffix(self) -> str:
        """What the focused files' names add to the guide's: "-again", "-due", "-review"."""
        return f"-{self.which[0]}" if len(self.which) == 1 else "-review"


def parse(value: str, now: datetime | None = None) -> Focus:
    """``again:FILE``, ``due:FILE`` or ``FILE`` -> the history it names, read and checked."""
    if value in CHOICES:
        raise GuideError(
            f"--focus {value} needs the review history it reads",
            f"export it from the quiz page's review mode and give it: --focus {value}:FILE",
        )
    which, _, rest = value.partition(":")
    chosen: tuple[str, ...] = (which,) if which in CHOICES and rest else CHOICES
    path = Path(rest if len(chosen) == 1 else value)
    history = _read(path)
    when = now or build_time()
    ids = frozenset(
        question_id
        for question_id, card in history["questions"].items()
        if isinstance(card, dict) and any(_chooses(kind, card, when) for kind in chosen)
    )
    return Focus(path, chosen, str(history.get("guide", "")), ids)


def _read(path: Path) -> dict[str, Any]:
    fix = "export it again from the quiz page's review mode (Review history: Export)"
    try:
        if path.stat().st_size > LARGEST:
            raise GuideError("the review history is too large to be one", fix, path)
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GuideError(f"cannot read the review history ({error.strerror})", fix, path) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GuideError("the review history is not JSON", fix, path) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GuideError("this is not a review history from studyguide's quiz page", fix, path)
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise GuideError(
            f"the review history is of version {version!r}, which this studyguide cannot read",
            "update studyguide, or export the history with the quiz page of this version",
            path,
        )
    if not isinstance(data.get("questions"), dict) or not isinstance(data.get("guide"), str):
        raise GuideError("the review history names no guide or no questions", fix, path)
    return data


def _chooses(which: str, card: dict[str, Any], now: datetime) -> bool:
    if which == "again":
        return card.get("last_rating") == AGAIN
    try:
        due = datetime.fromisoformat(str(card.get("due")))
    except ValueError:
        return False  # an entry without a readable due date is not due
    return (due if due.tzinfo else due.replace(tzinfo=UTC)) <= now


def focused(
    guides: list[Path], config: BuildConfig, value: str
) -> tuple[list[Path], BuildConfig, Focus | None]:
    """What a build with ``--focus value`` makes: of the guides found, the one the review
    history is of; of the formats asked for, those a focus makes. Without, all it was given."""
    if not value:
        return guides, config, None
    focus = parse(value)
    return chosen_guides(guides, focus), replace(config, formats=formats(config.formats)), focus


def formats(asked: tuple[str, ...]) -> tuple[str, ...]:
    """Of the formats asked for, those a focused build makes; none is the user's to fix."""
    chosen = tuple(name for name in asked if name in FORMATS)
    if not chosen:
        raise GuideError(
            f"--focus makes only {', '.join(FORMATS)}, not {', '.join(asked)}",
            "ask for one of those with -f, or leave -f out",
        )
    return chosen


def chosen_guides(guides: list[Path], focus: Focus) -> list[Path]:
    """Of the guides found, the one the history is of; none is the user's to fix."""
    found = [path for path in guides if guide_name(path) == focus.guide]
    if not found:
        names = ", ".join(sorted(map(guide_name, guides))) or "none"
        raise GuideError(
            f"the review history is of the guide '{focus.guide}', which is not built here "
            f"(found: {names})",
            "give the guide the history was exported from, or that guide's history",
            focus.path,
        )
    return found


def narrowed(guide: Guide, focus: Focus) -> Guide:
    """The guide with only the chosen questions, numbered as in the whole guide, and titled
    and named as a focused edition."""
    sections = tuple(
        replace(section, questions=kept)
        for section in guide.sections
        if (kept := tuple(q for q in section.questions if q.id in focus.question_ids))
    )
    count = sum(len(section.questions) for section in sections)
    if not count:
        wanted = " or ".join(focus.which)
        raise GuideError(
            f"the review history marks no question of '{guide.name}' {wanted}",
            "review in the quiz page first, or choose another focus (due:, again:)",
            focus.path,
        )
    words = i18n.words(guide.language)
    titles = {
        ("again",): words.gettext("%(title)s: the questions missed", title=guide.title),
        ("due",): words.gettext("%(title)s: the questions due", title=guide.title),
        CHOICES: words.gettext("%(title)s: the questions due or missed", title=guide.title),
    }
    subtitle = words.ngettext(
        "%(num)s question, numbered as in the whole guide",
        "%(num)s questions, numbered as in the whole guide",
        count,
    )
    return replace(
        guide,
        name=f"{guide.name}{focus.suffix}",
        title=titles[focus.which],
        subtitle=subtitle,
        sections=sections,
    )
