"""The cover's SVG -> the same picture as a PNG, painted with the packaged fonts.

E-readers that do not draw SVG covers (several Kindle and older Kobo models) show a PNG. The
SVG from layouts/cover.svg stays the one description of the cover: its rectangles and lines of
text are painted here at twice their size, in the faces the PDFs use (Source Serif Pro and
Source Sans Pro from their wheels). A character those faces lack (a Chinese or Arabic title)
is painted in the font fontconfig names for it, as a reader's own fallback would. Pillow's
basic text layout and PNG writer give the same bytes for the same SVG on every build.

This is the only module that imports Pillow.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from lxml import etree
from PIL import Image, ImageDraw, ImageFont

from studyguide.fonts import FACES, font_folder

SVG = "{http://www.w3.org/2000/svg}"
SCALE = 2  # a 600 by 900 cover becomes 1200 by 1800 pixels, sharp on a phone's screen
BOLD = 600  # the lightest weight painted in the bold face


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
            _paint_text(draw, element)
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


def _paint_text(draw: ImageDraw.ImageDraw, element: etree._Element) -> None:
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
                draw.text((x, y), character, font=font, fill=fill, anchor="ls")
                x += font.getlength(character) + spacing
        else:
            draw.text((x, y), run, font=font, fill=fill, anchor="ls")
            x += font.getlength(run)


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
    for character in text:
        path = face if face and ord(character) in _characters(face) else _fallback(character)
        if runs and runs[-1][1] == path:
            runs[-1] = (runs[-1][0] + character, path)
        else:
            runs.append((character, path))
    return runs


@functools.cache
def _characters(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    if path.suffix.lower() in {".ttc", ".otc"}:
        with TTCollection(str(path)) as collection:
            return frozenset(collection.fonts[0].getBestCmap() or {})
    with TTFont(str(path)) as font:
        return frozenset(font.getBestCmap() or {})


@functools.cache
def _fallback(character: str) -> Path | None:
    """The font fontconfig picks for a character the packaged faces lack."""
    if character.isspace() or shutil.which("fc-match") is None:
        return None
    found = subprocess.run(
        ["fc-match", "--format=%{file}", f":charset={ord(character):x}"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    path = Path(found) if found else None
    return path if path and path.is_file() and ord(character) in _characters(path) else None


@functools.cache
def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
