"""The project's settings and command-line flags -> one frozen BuildConfig.

Every setting is declared once, here, with its default and a line saying what it does;
[tool.studyguide] in pyproject.toml (or a studyguide.toml, see project.py) may set any of
them, and an unknown key is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from studyguide.errors import GuideError
from studyguide.project import Project, find_project, project_of

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
        default="en", metadata={"help": "the guides' language when their front matter names none"}
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
    theme: Path = field(
        default=Path(),
        metadata={
            "help": "the folder whose layouts/ and styles/ replace the default theme's files "
            "of the same name (default: the project's folder)"
        },
    )


def project_settings(project: Project) -> dict[str, Any]:
    """A project's settings, checked against BuildConfig's fields; paths from its folder."""
    known = {item.name for item in fields(BuildConfig)}
    for key in project.settings:
        if key not in known:
            raise GuideError(
                f"unknown setting '{key}' in {project.settings_name}",
                f"use one of: {', '.join(sorted(known))}",
                project.settings_file,
            )
    settings = dict(project.settings)
    for key in ("source", "output", "theme"):
        if key in settings:
            settings[key] = project.path(str(settings[key]))
    theme = settings.get("theme")
    if theme is not None and not theme.is_dir():
        raise GuideError(
            f"the theme folder {theme} does not exist",
            "make it, with layouts/ and styles/ inside, or change theme in the settings",
            project.settings_file,
        )
    return settings


def make_config(settings_file: Path | None, **flags: Any) -> BuildConfig:
    """Defaults, overridden by the project's settings, overridden by flags that were given.

    Without a settings file named, the project is the one the current folder belongs to
    (studyguide/project.py): its guide/ or README.md, its output/, its own theme.
    """
    project = project_of(settings_file) if settings_file else find_project(Path.cwd())
    settings: dict[str, Any] = {"output": project.path("output"), "theme": project.path(".")}
    settings.update(project_settings(project))
    settings.update({key: value for key, value in flags.items() if value is not None})
    if "source" not in settings:
        settings["source"] = project.default_source()
    if "formats" in settings:
        settings["formats"] = parse_formats(settings["formats"])
    paper = str(settings.get("paper", "A4"))
    matches = [name for name in PAPERS if name.lower() == paper.lower()]
    if not matches:
        raise GuideError(f"unknown paper size '{paper}'", "use A4 or letter", project.settings_file)
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
