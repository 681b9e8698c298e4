"""[tool.studyguide] in pyproject.toml and command-line flags -> one frozen BuildConfig.

Every setting is declared once, here, with its default and a line saying what it does;
[tool.studyguide] may set any of them, and an unknown key is an error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from studyguide.errors import GuideError

FORMATS = ("html", "pdf", "practice", "epub", "cheatsheet")
PAPERS = ("A4", "letter")


@dataclass(frozen=True)
class BuildConfig:
    """What to build, from where, into where, and how."""

    source: Path = field(
        default=Path("guide"), metadata={"help": "a guide's .md file, or a folder of them"}
    )
    output: Path = field(
        default=Path("output"), metadata={"help": "the folder the built files are written to"}
    )
    formats: tuple[str, ...] = field(default=FORMATS, metadata={"help": "which formats to build"})
    paper: str = field(default="A4", metadata={"help": "paper size of every PDF: A4 or letter"})
    cheatsheet_min_font: float = field(
        default=6.0, metadata={"help": "the smallest font size (pt) the cheat sheet may use"}
    )
    cheatsheet_per_section: bool = field(
        default=False, metadata={"help": "make the cheat sheet one page per section"}
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
    known = {item.name for item in fields(BuildConfig)}
    for key in table:
        if key not in known:
            raise GuideError(
                f"unknown setting '{key}' in [tool.studyguide]",
                f"use one of: {', '.join(sorted(known))}",
                pyproject,
            )
    return dict(table)


def make_config(pyproject: Path, **flags: Any) -> BuildConfig:
    """Defaults, overridden by [tool.studyguide], overridden by flags that were given."""
    settings = load_project_settings(pyproject)
    settings.update({key: value for key, value in flags.items() if value is not None})
    for key in ("source", "output"):
        if key in settings:
            settings[key] = Path(settings[key])
    if "formats" in settings:
        settings["formats"] = parse_formats(settings["formats"])
    paper = str(settings.get("paper", "A4"))
    matches = [name for name in PAPERS if name.lower() == paper.lower()]
    if not matches:
        raise GuideError(f"unknown paper size '{paper}'", "use A4 or letter", pyproject)
    settings["paper"] = matches[0]
    return BuildConfig(**settings)


def parse_formats(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """'pdf,epub' or ['pdf', 'epub'] -> ('pdf', 'epub'), rejecting unknown names."""
    names = value.split(",") if isinstance(value, str) else list(value)
    chosen = []
    for name in (name.strip().lower() for name in names):
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
