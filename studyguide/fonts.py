"""Font files shipped by PyPI packages -> @font-face rules for the PDFs.

The print edition and the cheat sheet set Source Serif Pro and Source Sans Pro from the
pinned font-source-serif-pro and font-source-sans-pro wheels, so every machine that installs
the project lays the pages out with the same fonts, and nothing is downloaded at build time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

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
