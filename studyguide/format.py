"""A format's record (name, files, inputs, settings, build), what it gets and what it makes.

Each module in studyguide/formats/ declares one ``FORMAT = Format(...)``; nothing else names
a format. This module imports nothing but the standard library: the noxfile reads the
records through it (``declared``) with a Python that has none of studyguide's dependencies.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.build.memo import Memo  # the standard library's alone, as this module

if TYPE_CHECKING:
    from studyguide.config import BuildConfig
    from studyguide.errors import Finding
    from studyguide.model import Guide
    from studyguide.render.paged import Typesetter


@dataclass(frozen=True)
class Output:
    """A file a format produces: its name in the output folder and its bytes."""

    name: str
    data: bytes
    summary: str  # what a person wants to know about it, e.g. "12 pages"
    findings: tuple[Finding, ...] = ()  # what the build log should say about it


@dataclass(frozen=True)
class Rendition:
    """A guide as a format gets it: with its web page when the format's record asks for it."""

    guide: Guide
    page_html: str  # the rendered web page; empty unless the format `needs_page`
    config: BuildConfig
    typesetter: Callable[[], Typesetter]  # for `paged` formats only
    memo: Memo = field(default_factory=lambda: Memo(None))  # answers earlier builds kept


@dataclass(frozen=True)
class Format:
    """One output format, declared by its own module as ``FORMAT``."""

    name: str  # as --format and [tool.studyguide] formats name it
    description: str  # one line, for --help and `nox -l`
    label: str  # a few words naming its file in the live preview's status line: "cheat sheet"
    files: tuple[str, ...]  # the files it writes, '{name}' standing for the guide's name
    inputs: tuple[str, ...]  # the layouts and styles it reads, relative to the project
    build: Callable[[Rendition], tuple[Output, ...]]  # makes its files; writes nothing
    settings: tuple[str, ...] = ()  # the BuildConfig fields only some formats read
    paged: bool = False  # laid out into pages by WeasyPrint: gets a typesetter
    # How long its making usually takes against the print edition's layout: a build starts
    # the heaviest first, so that the last job to start is a short one.
    weight: float = 0.0
    needs_page: bool = False  # packages the guide's rendered web page

    def file_names(self, guide_name: str) -> tuple[str, ...]:
        """The names of the files it writes for a guide."""
        return tuple(pattern.format(name=guide_name) for pattern in self.files)


def markdown_name(guide_name: str) -> str:
    """The name of the normalized Markdown every build writes for a guide."""
    return f"{guide_name}.md"


def no_typesetter() -> Typesetter:
    raise AssertionError("only formats declared `paged` lay out pages")


def declared(folder: Path) -> list[tuple[str, str]]:
    """Each format's name and description as its module in ``folder`` writes them in its
    record, in the registry's order: read from the source, without importing the module and
    the libraries it imports."""
    found = []
    for path in sorted(folder.glob("[!_]*.py"), key=lambda path: path.stem):
        for statement in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Call)
                and [ast.unparse(target) for target in statement.targets] == ["FORMAT"]
            ):
                given = {
                    keyword.arg: ast.literal_eval(keyword.value)
                    for keyword in statement.value.keywords
                    if keyword.arg in {"name", "description"}
                }
                found.append((str(given["name"]), str(given["description"])))
    return found
