"""Font files shipped by PyPI packages -> @font-face rules for the PDFs and the web page.

The print edition and the cheat sheet set Source Serif Pro and Source Sans Pro from the
pinned font-source-serif-pro and font-source-sans-pro wheels, so every machine that installs
the project lays the pages out with the same fonts, and nothing is downloaded at build time.
The web page carries the same faces inside it, as WOFF2 subsets of the characters it shows.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.metadata
import importlib.util
import io
from pathlib import Path

from studyguide.build.memo import Memo

# (family, package, file stem) for each face; weight and style follow from the stem.
FACES = (
    ("Source Serif Pro", "font_source_serif_pro", "SourceSerifPro-Regular", 400, "normal"),
    ("Source Serif Pro", "font_source_serif_pro", "SourceSerifPro-It", 400, "italic"),
    ("Source Serif Pro", "font_source_serif_pro", "SourceSerifPro-Semibold", 600, "normal"),
    ("Source Serif Pro", "font_source_serif_pro", "SourceSerifPro-Bold", 700, "normal"),
    ("Source Serif Pro", "font_source_serif_pro", "SourceSerifPro-BoldIt", 700, "italic"),
    ("Source Sans Pro", "font_source_sans_pro", "SourceSansPro-Regular", 400, "normal"),
    ("Source Sans Pro", "font_source_sans_pro", "SourceSansPro-It", 400, "italic"),
    ("Source Sans Pro", "font_source_sans_pro", "SourceSansPro-Semibold", 600, "normal"),
    ("Source Sans Pro", "font_source_sans_pro", "SourceSansPro-Bold", 700, "normal"),
    ("Source Sans Pro", "font_source_sans_pro", "SourceSansPro-BoldIt", 700, "italic"),
)


def font_folder(package: str) -> Path | None:
    """Where a font package keeps its files, or None if it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "files"


def font_folders() -> tuple[Path, ...]:
    """The folders the PDF renderer may read font files from."""
    folders = {font_folder(package) for _, package, *_ in FACES}
    return tuple(sorted(folder for folder in folders if folder is not None))


def font_face_css() -> str:
    """@font-face rules for every packaged face that is installed (missing ones fall back)."""
    rules = []
    for family, package, stem, weight, style in FACES:
        folder = font_folder(package)
        path = folder / f"{stem}.otf" if folder else None
        if path and path.is_file():
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                f"font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


# The faces the web page uses (styles/screen.css): its text, emphasis, and its headings.
WEB_FACES = frozenset({
    "SourceSerifPro-Regular", "SourceSerifPro-It", "SourceSerifPro-Bold",
    "SourceSansPro-Regular", "SourceSansPro-Semibold", "SourceSansPro-Bold",
})  # fmt: skip


LAYOUT_TABLES = {"GSUB", "GPOS", "GDEF"}


def web_font_face_css(text: str, memo: Memo | None = None) -> str:
    """@font-face rules embedding the web page's faces, cut to the characters of ``text``;
    ``memo`` keeps them for the next build with the same characters."""
    # Both cases: headings such as the title page's kicker are shown in capitals.
    characters = "".join(sorted(set(text) | set(text.upper()) | set(text.lower())))
    if memo is None:
        return _web_faces(characters)
    question = (characters.encode("utf-8", "surrogatepass"), *_subsetting_inputs())
    return memo.answer("fonts", question, lambda: _web_faces(characters).encode()).decode()


@functools.cache
def _subsetting_inputs() -> tuple[bytes, ...]:
    """What else a subset is a function of: this module's code, fontTools' version and the
    faces' files."""
    inputs = [Path(__file__).read_bytes(), importlib.metadata.version("fonttools").encode()]
    for _, package, stem, *_ in FACES:
        folder = font_folder(package)
        path = folder / f"{stem}.otf" if folder else None
        if stem in WEB_FACES and path is not None and path.is_file():
            inputs.append(hashlib.sha256(path.read_bytes()).digest())
    return tuple(inputs)


@functools.lru_cache(maxsize=4)
def _web_faces(characters: str) -> str:
    """The @font-face rules for a set of characters, kept: the live preview rebuilds the page
    on every save, and an edit seldom brings a character the guide did not already have."""
    from fontTools import subset, ttLib  # noqa: PLC0415 - see studyguide/__init__.py

    options = subset.Options()
    options.flavor = "woff2"
    # Without kerning and ligature tables: reading them costs seconds per face, and a screen
    # sets the text well enough without them (the PDFs keep them).
    options.layout_features = []
    rules = []
    for family, package, stem, weight, style in FACES:
        folder = font_folder(package)
        path = folder / f"{stem}.otf" if folder else None
        if stem not in WEB_FACES or path is None or not path.is_file():
            continue
        with ttLib.TTFont(str(path), recalcTimestamp=False) as font:
            for tag in LAYOUT_TABLES & set(font.keys()):
                del font[tag]
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=characters)
            subsetter.subset(font)
            font.flavor = "woff2"
            out = io.BytesIO()
            font.save(out)
        data = base64.b64encode(out.getvalue()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'font-display: swap; src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
        )
    return "\n".join(rules)
