"""A project's theme folder + the default theme -> the layouts and styles a build reads.

The default theme is the repository's top-level layouts/ and styles/, installed with the
package as studyguide.layouts and studyguide.styles and found through importlib.resources.
A project may keep its own layouts/ and styles/ (in its folder, or in the theme folder its
settings name): a file there replaces the default file of the same name, and a layout can
still reach the default one as "default/<name>", to extend it and override one block.

A theme is code from whoever wrote it, so it is held inside its folder: a name with '..' in
it, or a file that is a link to somewhere outside the theme, a device or a file larger than
THEME_FILE_MB, is never read (render.py renders its layouts in Jinja's sandbox).
"""

from __future__ import annotations

import base64
import importlib.resources
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.loaders import split_template_path

from studyguide.errors import GuideError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

KINDS = ("layouts", "styles")
THEME_FILE_MB = 20  # no layout, stylesheet or logo is larger; a bigger file is not one
DEFAULT_PREFIX = "default/"  # {% extends "default/guide.html" %} reaches the default layout


def default_folder(kind: str) -> Traversable:
    """The default theme's layouts/ or styles/, wherever studyguide is installed."""
    return importlib.resources.files(f"studyguide.{kind}")


def plain_name(relative: str) -> bool:
    """Whether a name such as 'layouts/logo.svg' stays where it starts: no '..', no '/x'."""
    return all(part not in {"", ".", ".."} for part in relative.split("/"))


@dataclass(frozen=True)
class Theme:
    """Where a build's layouts and styles come from: the project's own first, then the default.

    ``folder`` holds the project's layouts/ and styles/ (either may be missing); None is the
    default theme alone.
    """

    folder: Path | None = None

    def own(self, relative: str) -> Path | None:
        """The project's own file for 'layouts/guide.html' or 'styles/print.css', if it has one."""
        if self.folder is None or not plain_name(relative):
            return None
        path = self.folder.joinpath(*relative.split("/"))
        return path if self.holds(path) else None

    def holds(self, path: Path) -> bool:
        """Whether a path is a file of the theme: a regular file inside its folder (also once
        links are followed) and of a size a theme file has."""
        if self.folder is None or not path.is_file():
            return False
        if not path.resolve().is_relative_to(self.folder.resolve()):
            raise GuideError(
                "is a link to a file outside the theme folder, which the build does not read",
                "copy the file into the theme instead of linking to it",
                path,
            )
        if path.stat().st_size > THEME_FILE_MB * 1_000_000:
            raise GuideError(
                f"is larger than the {THEME_FILE_MB} MB a theme's file may be",
                "make it smaller, or remove it from the theme",
                path,
            )
        return True

    def default(self, relative: str) -> Traversable | None:
        """The default theme's file for a relative name, if there is one."""
        kind, _, name = relative.partition("/")
        if kind not in KINDS or not name or not plain_name(relative):
            return None
        file = default_folder(kind).joinpath(*name.split("/"))
        return file if file.is_file() else None

    def find(self, relative: str) -> Path | Traversable:
        """The file a build reads for a name: the project's own, else the default's."""
        if not plain_name(relative):
            raise GuideError(
                f"'{relative}' names a file outside the theme, which the build does not read",
                "name a file inside the theme's layouts/ or styles/",
                self.folder,
            )
        found = self.own(relative) or self.default(relative)
        if found is None:
            raise GuideError(
                f"the theme has no {relative}",
                f"add {relative} to the theme folder, or remove what refers to it",
                self.folder,
            )
        return found

    def layout_file(self, name: str) -> Path | Traversable:
        """The file of a layout: 'guide.html' from the project or the default theme,
        'default/guide.html' always from the default theme."""
        # Jinja's own splitting refuses '..', so that a layout cannot reach outside the theme.
        relative = "layouts/" + "/".join(split_template_path(name.removeprefix(DEFAULT_PREFIX)))
        if not name.startswith(DEFAULT_PREFIX):
            if self.own(relative) is None and self.default(relative) is None:
                raise jinja2.TemplateNotFound(name)
            return self.find(relative)  # a link out of the theme is refused as itself
        found = self.default(relative)
        if found is None:
            raise jinja2.TemplateNotFound(name)
        return found

    def style(self, name: str) -> str:
        """The text of one stylesheet, 'print.css': the project's own, else the default's."""
        return self.find(f"styles/{name}").read_text(encoding="utf-8")

    def used(self, relative: str) -> list[tuple[str, Path | Traversable]]:
        """What a build reads for a name, labelled: the project's own file and the default
        (which the own file may extend), or the default alone."""
        files: list[tuple[str, Path | Traversable]] = []
        own, default = self.own(relative), self.default(relative)
        if own:
            files.append((f"own/{relative}", own))
        if default:
            files.append((f"default/{relative}", default))
        return files

    def extras(self) -> list[tuple[str, Path]]:
        """The project's theme files that replace nothing: partials its layouts include, logos.

        Any layout may read them, so each counts towards every format's fingerprint.
        """
        if self.folder is None:
            return []
        found = []
        for kind in KINDS:
            if not (self.folder / kind).is_dir():
                continue
            if not (self.folder / kind).resolve().is_relative_to(self.folder.resolve()):
                raise GuideError(
                    "is a link to a folder outside the theme, which the build does not read",
                    f"make {kind}/ a folder of the theme's own",
                    self.folder / kind,
                )
            for path in sorted((self.folder / kind).rglob("*")):
                relative = path.relative_to(self.folder).as_posix()
                if (
                    "__pycache__" not in path.parts
                    and not self.default(relative)
                    and self.holds(path)
                ):
                    found.append((f"own/{relative}", path))
        return found

    def data_url(self, relative: str) -> str:
        """A theme file, such as 'layouts/logo.svg', as a data: URL a page can show on its own."""
        file = self.find(relative)
        kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"

    def loader(self) -> jinja2.BaseLoader:
        """A Jinja loader over this theme's layouts (reloading a layout that was edited)."""
        return jinja2.FunctionLoader(self._source)

    def _source(self, name: str) -> tuple[str, str, Callable[[], bool]]:
        file = self.layout_file(name)
        text = file.read_text(encoding="utf-8")
        if not isinstance(file, Path):
            return text, name, lambda: True
        modified = file.stat().st_mtime
        return text, str(file), lambda: file.is_file() and file.stat().st_mtime == modified


DEFAULT = Theme()  # the default theme alone, as tests and tools without a project use it
