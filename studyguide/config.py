"""[tool.studyguide] in pyproject.toml and command-line flags -> one frozen BuildConfig.

Every setting is declared once, here, with its default and a line saying what it does: the
command line's flags are made from these fields (cli.py), and [tool.studyguide] may set any
of them, with a value of the field's type; an unknown key or a wrong type is an error.
What a guide's front matter leaves out is filled in by with_defaults, for every command.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_type_hints

from studyguide.errors import GuideError
from studyguide.formats import NAMES
from studyguide.model import Guide

PROJECT = Path(__file__).resolve().parent.parent  # where layouts/ and styles/ are
FORMATS = NAMES  # every format studyguide knows, by name
PAPERS = ("A4", "letter")
CARDS_PER_PAGE = (4, 6, 8, 9, 10, 12)  # the grids a printed sheet of flashcards can have


@dataclass(frozen=True)
class BuildConfig:
    """What to build, from where, into where, and how."""

    source: Path = field(
        default=Path("guide"), metadata={"help": "a guide's .md file, or a folder of them"}
    )
    output: Path = field(
        default=Path("output"),
        metadata={"help": "the folder the built files are written to", "flags": ("-o", "--output")},
    )
    formats: tuple[str, ...] = field(
        default=FORMATS,
        metadata={"help": "which formats to build", "flags": ("-f", "--format")},
    )
    paper: str = field(
        default="A4", metadata={"help": "paper size of every PDF", "choices": PAPERS}
    )
    cheatsheet_min_font: float = field(
        default=6.0,
        metadata={"help": "the smallest font size the cheat sheet may use", "metavar": "PT"},
    )
    cheatsheet_per_section: bool = field(
        default=False, metadata={"help": "make the cheat sheet one page per section"}
    )
    cards_per_page: int = field(
        default=8,
        metadata={
            "help": f"flashcards on each printed sheet: {', '.join(map(str, CARDS_PER_PAGE))}",
            "metavar": "N",
        },
    )
    language: str = field(
        default="auto",
        metadata={
            "help": "the guides' language when their front matter names none; "
            "auto detects it from each guide's text"
        },
    )
    author: str = field(
        default="", metadata={"help": "the author shown when a guide's front matter names none"}
    )
    subtitle: str = field(
        default="", metadata={"help": "the subtitle shown when a guide's front matter has none"}
    )
    max_guide_mb: float = field(
        default=20.0, metadata={"help": "the largest guide file read, in megabytes"}
    )
    max_image_mb: float = field(
        default=10.0, metadata={"help": "the largest image a guide may show, in megabytes"}
    )
    layout_timeout: float = field(
        default=300.0, metadata={"help": "seconds one PDF layout may take before the build stops"}
    )


TYPES: dict[str, Any] = get_type_hints(BuildConfig)  # each field's type, not its annotation
KINDS = {
    Path: "a path",
    str: "text",
    float: "a number",
    int: "a whole number",
    bool: "true or false",
}


def load_project_settings(pyproject: Path) -> dict[str, Any]:
    """The [tool.studyguide] table of a pyproject.toml, checked against BuildConfig's fields."""
    if not pyproject.is_file():
        return {}
    try:
        table = (
            tomllib.loads(pyproject.read_text(encoding="utf-8"))
            .get("tool", {})
            .get("studyguide", {})
        )
    except tomllib.TOMLDecodeError as error:
        raise GuideError(
            f"invalid TOML ({error})", "fix the syntax of pyproject.toml", pyproject
        ) from error
    for key, value in table.items():
        if key not in TYPES:
            raise GuideError(
                f"unknown setting '{key}' in [tool.studyguide]",
                f"use one of: {', '.join(sorted(TYPES))}",
                pyproject,
            )
        if not _has_type(value, TYPES[key]):
            kind = KINDS.get(TYPES[key], "a list of names, or one comma-separated string")
            raise GuideError(
                f"[tool.studyguide] {key} must be {kind}, not {value!r}",
                f"write it as {kind}, or remove it to use the default",
                pyproject,
            )
    return dict(table)


def _has_type(value: Any, kind: Any) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in {str, Path}:
        return isinstance(value, str)
    # tuple[str, ...]: a list of text, or one comma-separated string
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )


def make_config(pyproject: Path, **flags: Any) -> BuildConfig:
    """Defaults, overridden by [tool.studyguide], overridden by flags that were given."""
    settings = load_project_settings(pyproject)
    settings.update({key: value for key, value in flags.items() if value is not None})
    for key, kind in TYPES.items():
        if key in settings and kind in {Path, float, int}:
            settings[key] = kind(settings[key])
    if "formats" in settings:
        settings["formats"] = parse_formats(settings["formats"])
    paper = str(settings.get("paper", "A4"))
    matches = [name for name in PAPERS if name.lower() == paper.lower()]
    if not matches:
        raise GuideError(f"unknown paper size '{paper}'", "use A4 or letter", pyproject)
    settings["paper"] = matches[0]
    if int(settings.get("cards_per_page", 8)) not in CARDS_PER_PAGE:
        raise GuideError(
            f"cannot print {settings['cards_per_page']} flashcards on a sheet",
            f"use one of {', '.join(map(str, CARDS_PER_PAGE))} for cards_per_page",
            pyproject,
        )
    return BuildConfig(**settings)


def parse_formats(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """'pdf,epub' or ['pdf', 'epub'] -> ('pdf', 'epub'), rejecting unknown names."""
    names = value.split(",") if isinstance(value, str) else list(value)
    chosen = []
    for name in (name.strip().lower() for name in names if name.strip()):
        if name == "all":
            return FORMATS
        if name not in FORMATS:
            raise GuideError(
                f"unknown format '{name}'",
                f"choose from {', '.join(FORMATS)} (comma-separated) or all",
            )
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise GuideError("no format given", f"choose from {', '.join(FORMATS)}")
    return tuple(chosen)


def flags() -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Each setting but the source as a command-line flag: its names and argparse's options.

    A flag left out is None, so that make_config lets [tool.studyguide] decide.
    """
    made = []
    for item in fields(BuildConfig):
        if item.name == "source":
            continue
        kind = TYPES[item.name]
        help_text = str(item.metadata["help"])
        options: dict[str, Any] = {"dest": item.name, "default": None}
        if kind is bool:
            options.update(action="store_const", const=True)
        else:
            options["type"] = kind if kind in {Path, float, int} else str
            if "metavar" in item.metadata:
                options["metavar"] = item.metadata["metavar"]
        if kind not in KINDS:  # a list of names
            help_text += f", comma-separated: {', '.join(FORMATS)} or all"
        elif "choices" in item.metadata:
            help_text += f": {' or '.join(item.metadata['choices'])}"
        elif kind is not bool and item.default != "":
            help_text += f" (default: {item.default})"
        options["help"] = help_text
        names = item.metadata.get("flags", (f"--{item.name.replace('_', '-')}",))
        made.append((tuple(names), options))
    return made


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the time reproducible builds stamp into their files, when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def with_defaults(guide: Guide, config: BuildConfig) -> Guide:
    """What the front matter left out, from [tool.studyguide], and the build's date.

    (The language is settled by studyguide.i18n when the guide has been read.)
    """
    return replace(
        guide,
        author=guide.author or config.author,
        subtitle=guide.subtitle or config.subtitle,
        date=guide.date or build_time().date().isoformat(),
    )
