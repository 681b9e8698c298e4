"""A rendered guide -> the files of each output format; the registry of formats.

Formats plug in here, explicitly: each maps its name to one function that returns the
files it would write. Nothing is written by a format; the pipeline writes them all at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyguide.config import BuildConfig
    from studyguide.model import Guide
    from studyguide.paged import Typesetter


@dataclass(frozen=True)
class Output:
    """A file a format produces: its name in the output folder and its bytes."""

    name: str
    data: bytes
    summary: str  # what a person wants to know about it, e.g. "12 pages"


@dataclass(frozen=True)
class Rendition:
    """A guide with its HTML page rendered once, for every format to package."""

    guide: Guide
    page_html: str
    config: BuildConfig
    typesetter: Callable[[], Typesetter]


FormatBuilder = Callable[[Rendition], tuple[Output, ...]]

FILE_NAMES = {
    "html": "{name}.html",
    "pdf": "{name}.pdf",
    "practice": "{name}-practice.pdf",
    "epub": "{name}.epub",
    "cheatsheet": "{name}-cheatsheet.pdf",
}


def file_name(format_name: str, guide_name: str) -> str:
    """The name of the file a format writes for a guide."""
    return FILE_NAMES[format_name].format(name=guide_name)


def markdown_name(guide_name: str) -> str:
    """The name of the normalized Markdown every build writes for a guide."""
    return f"{guide_name}.md"


PAGE = ("layouts/guide.html", "layouts/macros.html", "styles/screen.css", "styles/print.css",
        "styles/code.css", "styles/code-colours.css", "styles/scripts.css",
        "styles/scripts-page.css")  # fmt: skip
# The layouts and styles each format is made from, so that changing one rebuilds only the
# files that use it (tests/test_cache.py checks this against what the formats really read).
INPUTS = {
    "html": PAGE,
    "pdf": PAGE,
    "practice": PAGE,
    "epub": ("layouts/chapter.xhtml", "layouts/title.xhtml", "layouts/cover.svg",
             "layouts/macros.html", "styles/ereader.css", "styles/code.css",
             "styles/scripts.css"),
    "cheatsheet": ("layouts/cheatsheet.html", "layouts/macros.html", "styles/cheatsheet.css",
                   "styles/scripts.css", "styles/scripts-page.css"),
}  # fmt: skip
# Settings that only some formats use; every other setting can change every file.
SETTINGS = {
    "paper": ("html", "pdf", "practice", "cheatsheet"),
    "cheatsheet_min_font": ("cheatsheet",),
    "cheatsheet_per_section": ("cheatsheet",),
}
BUILDERS = {
    "html": ("html", "build"),
    "pdf": ("pdf", "build"),
    "practice": ("pdf", "build_practice"),
    "epub": ("epub", "build"),
    "cheatsheet": ("cheatsheet", "build"),
}
TYPESET = frozenset({"pdf", "practice", "cheatsheet"})  # laid out into pages by WeasyPrint


def builder(name: str) -> FormatBuilder:
    """The function that builds a format, by the name the command line uses.

    Each format's module is imported when it is first asked for, so that a build of the web
    page or the EPUB never loads WeasyPrint.
    """
    module_name, function = BUILDERS[name]
    module = importlib.import_module(f"studyguide.formats.{module_name}")
    found: FormatBuilder = getattr(module, function)
    return found
