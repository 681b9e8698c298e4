"""HTML + CSS -> laid-out pages -> PDF bytes, with WeasyPrint.

This is the only module that imports WeasyPrint. Laying out and writing are two steps, so
that a caller can count pages (the cheat sheet must be one) before anything is written.
Formulas are drawn as SVG before the layout (render/math.py).
WeasyPrint reads files only from the folders it is given, and fetches nothing remote.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from studyguide.errors import GuideError
from studyguide.limits import drawing, laying_out
from studyguide.render import fonts
from studyguide.render.math import drawn

# The Debian package of each system library WeasyPrint loads, by a part of the name it asks for
# ("libpangoft2-1.0-0"); the first that matches. pip installs WeasyPrint, but not these.
DEBIAN_PACKAGES = (
    ("gobject", "libglib2.0-0"),
    ("pangoft2", "libpangoft2-1.0-0"),
    ("pango", "libpango-1.0-0"),
    ("harfbuzz-subset", "libharfbuzz-subset0"),
    ("harfbuzz", "libharfbuzz0b"),
    ("fontconfig", "libfontconfig1"),
)
ALL_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def missing_library(error: OSError) -> GuideError:
    """What to install when WeasyPrint cannot load a system library, as on a fresh machine."""
    found = re.search(r"library '([^']+)'", str(error))
    library = found.group(1) if found else "a system library"
    package = next((deb for part, deb in DEBIAN_PACKAGES if part in library), ALL_PACKAGES)
    return GuideError(
        f"WeasyPrint, which lays out the PDFs, cannot load {library}",
        f"install it: sudo apt-get install {package} on Debian or Ubuntu (Pango on other "
        "systems), or build only other formats with --format",
    )


try:
    # WeasyPrint prints a page of links to stdout before it fails: the line below says more.
    with contextlib.redirect_stdout(io.StringIO()):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher
except OSError as error:
    raise missing_library(error) from error

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class SandboxedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves data: URLs and files inside the allowed folders; refuses everything else."""

    def __init__(self, allowed: Iterable[Path]) -> None:
        super().__init__(allow_redirects=False, allowed_protocols={"file", "data"})
        self.allowed = tuple(folder.resolve() for folder in allowed)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if any(path.is_relative_to(folder) for folder in self.allowed):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"studyguide does not fetch {url}")


@dataclass(frozen=True)
class Box:
    """Where one element was laid out: its page, and its border box in CSS pixels."""

    page: int
    value: str  # the value of the attribute it was looked up by
    left: float
    top: float
    width: float
    height: float
    content_bottom: float  # where its content area ends, above its padding and border

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Pages:
    """A laid-out document: count its pages, measure it, then write it as PDF."""

    document: Any  # weasyprint.Document
    timeout: float  # the seconds drawing it into a PDF may take

    @property
    def count(self) -> int:
        return len(self.document.pages)

    def content_height(self, page: int = 0) -> float:
        """How tall the content of a page is, in CSS pixels (for fitting)."""
        page_box = self.document.pages[page]._page_box
        html_box = page_box.children[0]
        return float(html_box.margin_height())

    def vertical_margins(self) -> float:
        """The first page's top and bottom margins, in CSS pixels."""
        page_box = self.document.pages[0]._page_box
        return float(page_box.margin_height() - page_box.height)

    def boxes(self, attribute: str) -> list[Box]:
        """Where each element carrying an HTML attribute was laid out, page by page."""
        found = []
        for number, page in enumerate(self.document.pages):
            seen: set[int] = set()
            for box in _preorder(page._page_box):
                element = getattr(box, "element", None)
                value = element.get(attribute) if element is not None else None
                if value is None or id(element) in seen or not hasattr(box, "border_height"):
                    continue
                seen.add(id(element))  # its first box is the outermost: the element's own
                top = float(box.position_y + box.margin_top)
                content_bottom = float(box.content_box_y() + box.height)
                found.append(
                    Box(
                        page=number,
                        value=str(value),
                        left=float(box.position_x + box.margin_left),
                        top=top,
                        width=float(box.border_width()),
                        height=float(box.border_height()),
                        content_bottom=content_bottom,
                    )
                )
        return found

    @classmethod
    def combine(cls, parts: list[Pages]) -> Pages:
        """One document of the pages of several, in order."""
        if len(parts) == 1:
            return parts[0]
        pages = [page for part in parts for page in part.document.pages]
        return cls(parts[0].document.copy(pages), parts[0].timeout)

    def pdf(self) -> bytes:
        with drawing(self.timeout):
            # Tagged, so that screen readers and reflowing viewers know headings, lists and
            # order.
            data: bytes = self.document.write_pdf(pdf_identifier=b"studyguide", pdf_tags=True)
        return data


def _preorder(root: Any) -> Iterator[Any]:
    """Every box under a page, parents first; unlike WeasyPrint's own descendants(), this
    also enters absolutely positioned boxes."""
    stack = [root]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", ())))


class Typesetter:
    """Lays out HTML with the packaged fonts; one per build, so fonts load once."""

    def __init__(self, base_folder: Path, timeout: float = 300.0) -> None:
        self.timeout = timeout
        self.font_config = FontConfiguration()
        self.cache: dict[str, Any] = {}
        self.fetcher = SandboxedFetcher((base_folder, *fonts.font_folders()))
        self.base_url = base_folder.resolve().as_uri() + "/"
        self.font_css = weasyprint.CSS(
            string=fonts.font_face_css(), font_config=self.font_config, url_fetcher=self.fetcher
        )

    def layout(self, html: str) -> Pages:
        """A page laid out; its MathML formulas drawn first, as WeasyPrint lays out no MathML."""
        with laying_out(self.timeout):
            document = weasyprint.HTML(
                string=drawn(html), base_url=self.base_url, url_fetcher=self.fetcher
            ).render(
                stylesheets=[self.font_css],
                font_config=self.font_config,
                cache=self.cache,
                # what HTML itself says of its layout: where a numbered list starts (<ol start>),
                # how it numbers (<ol type="a">), a picture's size (<img width>)
                presentational_hints=True,
            )
        return Pages(document, self.timeout)
