"""The project's settings and command-line flags -> one frozen BuildConfig.

Every setting is declared once, here, with its default and a line saying what it does: the
command line's flags are made from these fields (cli.py), and [tool.studyguide] in
pyproject.toml (or a studyguide.toml, found as project.py says) may set any of them, with a
value of the field's type; an unknown key or a wrong type is an error.
What a guide's front matter leaves out is filled in by with_defaults, for every command.

Settings come with a project, which may be someone else's: the folders they name (and the
defaults, guide/ and output/) must lie inside the project's folder, links followed. Only the
command line may name a folder elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from studyguide.clock import build_time
from studyguide.errors import GuideError
from studyguide.formats import NAMES
from studyguide.model import Guide
from studyguide.project import Project, find_project, project_of

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
    cheatsheet_one_page: bool = field(
        default=False,
        metadata={"help": "stop the build when the cheat sheet does not fit on one page"},
    )
    cards_per_page: int = field(
        default=8,
        metadata={
            "help": f"flashcards on each printed sheet: {', '.join(map(str, CARDS_PER_PAGE))}",
            "metavar": "N",
        },
    )
    no_answer_key: bool = field(
        default=False,
        metadata={"help": "leave the answer key out of a multiple-choice practice edition"},
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
        default=300.0,
        metadata={"help": "seconds one PDF layout, or drawing it, may take before the build stops"},
    )
    read_timeout: float = field(
        default=300.0,
        metadata={
            "help": "seconds reading one guide (pandoc, normalizing, parsing) may take "
            "before the build stops"
        },
    )
    theme: Path = field(
        default=Path(),
        metadata={
            "help": "the folder whose layouts/ and styles/ replace the default theme's files "
            "of the same name (default: the project's folder)",
            "metavar": "FOLDER",
        },
    )


TYPES: dict[str, Any] = get_type_hints(BuildConfig)  # each field's type, not its annotation
KINDS = {
    Path: "a path",
    str: "text",
    float: "a number",
    int: "a whole number",
    bool: "true or false",
}


def project_settings(project: Project) -> dict[str, Any]:
    """A project's settings, checked against BuildConfig's fields; paths from its folder."""
    where, settings_file = project.settings_name, project.settings_file
    for key, value in project.settings.items():
        if key not in TYPES:
            raise GuideError(
                f"unknown setting '{key}' in {where}",
                f"use one of: {', '.join(sorted(TYPES))}",
                settings_file,
            )
        if not _has_type(value, TYPES[key]):
            kind = KINDS.get(TYPES[key], "a list of names, or one comma-separated string")
            raise GuideError(
                f"{where} {key} must be {kind}, not {value!r}",
                f"write it as {kind}, or remove it to use the default",
                settings_file,
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
            settings_file,
        )
    return settings


FOLDERS = ("source", "output", "theme")  # the settings that name where to read or write


def _inside_project(key: str, path: Path, project: Project) -> None:
    """Refuse a folder from the settings that leads out of the project's folder."""
    if path.resolve().is_relative_to(project.folder.resolve()):
        return
    flag = {"source": "the guide's path", "output": "-o FOLDER", "theme": "--theme FOLDER"}[key]
    raise GuideError(
        f"{key} leads outside the project's folder ({path}), "
        "which settings may not make a build read or write",
        f"name that folder on the command line instead ({flag}), if you trust it",
        project.settings_file,
    )


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


def make_config(settings_file: Path | None, **flags: Any) -> BuildConfig:
    """Defaults, overridden by the project's settings, overridden by flags that were given.

    Without a settings file named, the project is the one the current folder belongs to
    (studyguide/project.py): its guide/ or README.md, its output/, its own theme.
    """
    project = project_of(settings_file) if settings_file else find_project(Path.cwd())
    settings: dict[str, Any] = {"output": project.path("output"), "theme": project.path(".")}
    settings.update(project_settings(project))
    given = {key: value for key, value in flags.items() if value is not None}
    settings.update(given)
    if "source" not in settings:
        settings["source"] = project.default_source()
    for key in FOLDERS:
        if key not in given:
            _inside_project(key, Path(settings[key]), project)
    for key, kind in TYPES.items():
        if key in settings and kind in {Path, float, int}:
            settings[key] = kind(settings[key])
    if "formats" in settings:
        settings["formats"] = parse_formats(settings["formats"])
    paper = str(settings.get("paper", "A4"))
    matches = [name for name in PAPERS if name.lower() == paper.lower()]
    if not matches:
        raise GuideError(f"unknown paper size '{paper}'", "use A4 or letter", project.settings_file)
    settings["paper"] = matches[0]
    if int(settings.get("cards_per_page", 8)) not in CARDS_PER_PAGE:
        raise GuideError(
            f"cannot print {settings['cards_per_page']} flashcards on a sheet",
            f"use one of {', '.join(map(str, CARDS_PER_PAGE))} for cards_per_page",
            project.settings_file,
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
        made.append((flag_names(item.name), options))
    return made


def flag_names(setting: str) -> tuple[str, ...]:
    """A setting's command-line flag, with its short form first if it has one."""
    item = next(item for item in fields(BuildConfig) if item.name == setting)
    return tuple(item.metadata.get("flags", (f"--{setting.replace('_', '-')}",)))


def arguments(config: BuildConfig) -> list[str]:
    """The command line that makes this config again: its source, then every other setting as
    its flag. A setting that is false is left out, as its flag can only turn it on.

    The live preview starts its background build with these, so that a setting added to
    BuildConfig reaches that build without anyone remembering to forward it.
    """
    made = [str(config.source)]
    for item in fields(BuildConfig):
        value = getattr(config, item.name)
        flag = flag_names(item.name)[-1]
        if item.name == "source" or value is False:
            continue
        if value is True:
            made.append(flag)
        else:  # with '=', so that a value starting with '-' is not taken for a flag
            made.append(f"{flag}={','.join(value) if isinstance(value, tuple) else value}")
    return made


def with_defaults(guide: Guide, config: BuildConfig) -> Guide:
    """What the front matter left out, from [tool.studyguide], and the build's date.

    (The language is settled by studyguide.render.i18n when the guide has been read.)
    """
    return replace(
        guide,
        author=guide.author or config.author,
        subtitle=guide.subtitle or config.subtitle,
        date=guide.date or build_time().date().isoformat(),
    )
