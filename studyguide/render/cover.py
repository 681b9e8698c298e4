"""The cover's SVG -> the same picture as a PNG, painted with the packaged fonts.

E-readers that do not draw SVG covers (several Kindle and older Kobo models) show a PNG. The
SVG from layouts/cover.svg stays the one description of the cover: its rectangles and lines of
text are painted here at twice their size, in the faces the PDFs use (Source Serif Pro and
Source Sans Pro from their wheels). A character those faces lack (a Chinese or Arabic title)
is painted in the font fontconfig names for it, as a reader's own fallback would; an emoji in
the colour font, which has its pictures at one size only (Noto Color Emoji's 109 pixels),
drawn at that size and scaled to the text's. Pillow's basic text layout and PNG writer give
the same bytes for the same SVG on every build.

This is the only module that imports Pillow.
"""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from lxml import etree
from PIL import Image, ImageDraw, ImageFont

from studyguide.render.fonts import FACES, font_folder

SVG = "{http://www.w3.org/2000/svg}"
SCALE = 2  # a 600 by 900 cover becomes 1200 by 1800 pixels, sharp on a phone's screen
BOLD = 600  # the lightest weight painted in the bold face
EMOJI_STYLE = "\ufe0f"  # variation selector 16: the character before it is shown as an emoji


def cover_png(svg: str) -> bytes:
    """The PNG of a cover drawn by layouts/cover.svg."""
    root = etree.fromstring(svg.encode("utf-8"))
    width, height = (round(float(root.get(side, "0"))) for side in ("width", "height"))
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    for element in root.iter(f"{SVG}rect", f"{SVG}text"):
        if element.tag == f"{SVG}rect":
            _paint_rect(draw, element)
        else:
            _paint_text(image, element)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _number(element: etree._Element, name: str, default: float = 0.0) -> float:
    return float(element.get(name, default)) * SCALE


def _paint_rect(draw: ImageDraw.ImageDraw, element: etree._Element) -> None:
    x, y = _number(element, "x"), _number(element, "y")
    box = (x, y, x + _number(element, "width") - 1, y + _number(element, "height") - 1)
    fill = element.get("fill", "black")
    stroke = element.get("stroke")
    draw.rectangle(
        box,
        fill=None if fill == "none" else fill,
        outline=stroke,
        width=round(_number(element, "stroke-width", 1)) if stroke else 0,
    )


def _paint_text(image: Image.Image, element: etree._Element) -> None:
    text = "".join(element.itertext())
    size = round(_number(element, "font-size", 16))
    serif = "serif" in element.get("font-family", "").lower().replace("sans-serif", "")
    weight = 700 if element.get("font-weight") == "bold" else int(element.get("font-weight", 400))
    italic = element.get("font-style") == "italic"
    face = _face("Source Serif Pro" if serif else "Source Sans Pro", weight >= BOLD, italic)
    spacing = _number(element, "letter-spacing")
    x, y = _number(element, "x"), _number(element, "y")
    fill = element.get("fill", "black")
    for run, path in _runs(text, face):
        font = _font(path, size)
        if spacing:  # letter by letter, as SVG spaces them
            for character in run:
                x += _paint_run(image, (x, y), character, font, fill) + spacing
        else:
            x += _paint_run(image, (x, y), run, font, fill)


def _paint_run(
    image: Image.Image, at: tuple[float, float], text: str, font: Font, fill: str
) -> float:
    """Paint text from its baseline's left end; how far it reaches to the right."""
    if isinstance(font, ScaledBitmaps):
        return font.paint(image, at, text)
    ImageDraw.Draw(image).text(at, text, font=font, fill=fill, anchor="ls")
    return font.getlength(text)


@dataclass(frozen=True)
class ScaledBitmaps:
    """A font of pictures at fixed sizes (colour emoji), drawn at one and scaled to another."""

    font: ImageFont.FreeTypeFont  # at the fixed size
    scale: float  # the text's size over the fixed size

    def paint(self, image: Image.Image, at: tuple[float, float], text: str) -> float:
        left, top, right, bottom = (round(n) for n in self.font.getbbox(text, anchor="ls"))
        if right > left and bottom > top:
            drawn = Image.new("RGBA", (right - left, bottom - top))
            ImageDraw.Draw(drawn).text(
                (-left, -top), text, font=self.font, anchor="ls", embedded_color=True
            )
            size = (
                max(1, round(drawn.width * self.scale)),
                max(1, round(drawn.height * self.scale)),
            )
            drawn = drawn.resize(size, Image.Resampling.LANCZOS)
            x, y = at
            image.paste(drawn, (round(x + left * self.scale), round(y + top * self.scale)), drawn)
        return self.font.getlength(text) * self.scale


def _face(family: str, bold: bool, italic: bool) -> Path | None:
    """The packaged font file of a family in a weight and style, if it is installed."""
    for name, package, stem, weight, style in FACES:
        if name == family and (weight >= BOLD) == bold and (style == "italic") == italic:
            if weight not in {400, 700}:
                continue
            folder = font_folder(package)
            path = folder / f"{stem}.otf" if folder else None
            return path if path and path.is_file() else None
    return None


def _runs(text: str, face: Path | None) -> list[tuple[str, Path | None]]:
    """The text in runs of characters that one font file draws."""
    runs: list[tuple[str, Path | None]] = []
    for place, character in enumerate(text):
        if text[place + 1 : place + 2] == EMOJI_STYLE:  # "❤️": the picture, not the letter
            path = _fallback(character, colour=True) or _fallback(character)
        elif face and ord(character) in _characters(face):
            path = face
        else:
            path = _fallback(character)
        if runs and runs[-1][1] == path:
            runs[-1] = (runs[-1][0] + character, path)
        else:
            runs.append((character, path))
    return runs


@functools.cache
def _characters(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    with _opened(path) as font:
        return frozenset(font.getBestCmap() or {})


@functools.cache
def _fixed_sizes(path: Path) -> tuple[int, ...]:
    """The pixel sizes of a font drawn from pictures only (colour emoji); () for outlines."""
    with _opened(path) as font:
        for table in ("CBLC", "EBLC"):
            if table in font:
                return tuple(strike.bitmapSizeTable.ppemY for strike in font[table].strikes)
        return tuple(sorted(font["sbix"].strikes)) if "sbix" in font else ()


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[TTFont]:
    """A font file, or the first font of a collection."""
    if path.suffix.lower() in {".ttc", ".otc"}:
        with TTCollection(str(path)) as collection:
            yield collection.fonts[0]
    else:
        with TTFont(str(path)) as font:
            yield font


@functools.cache
def _fallback(character: str, *, colour: bool = False) -> Path | None:
    """The font fontconfig picks for a character the packaged faces lack (a colour one, for
    a character asked to look like an emoji)."""
    if character.isspace() or shutil.which("fc-match") is None:
        return None
    pattern = f":charset={ord(character):x}{':color=true' if colour else ''}"
    found = subprocess.run(
        ["fc-match", "--format=%{file}", pattern],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    path = Path(found) if found else None
    return path if path and path.is_file() and ord(character) in _characters(path) else None


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont | ScaledBitmaps


@functools.cache
def _font(path: Path | None, size: int) -> Font:
    if path is None:
        return ImageFont.load_default(size)
    try:
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    except OSError:  # "invalid pixel size": its pictures come in a few sizes only
        sizes = _fixed_sizes(path)
        if not sizes:
            return ImageFont.load_default(size)
    fixed = min((fixed for fixed in sizes if fixed >= size), default=max(sizes))
    font = ImageFont.truetype(str(path), fixed, layout_engine=ImageFont.Layout.BASIC)
    return ScaledBitmaps(font, size / fixed)
