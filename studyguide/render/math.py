"""A page's MathML formulas -> SVG drawings, for WeasyPrint, which lays out no MathML.

WeasyPrint lays a ``<math>`` element out as the bare text of its children (``\\frac{a}{b}``
prints as "ab"), so before the print and practice editions, the cheat sheet and the cards
are laid out, ``drawn`` replaces each ``<math>`` (made while the guide was read:
studyguide/read/formulas.py) with an SVG drawing of its ``alttext``, which keeps the TeX as
its ``<title>`` and aria-label. Inline formulas sit on the baseline (the drawing's descent is
its vertical-align), display formulas are centred blocks of their own; sizes are in em,
so a formula follows its text's size.

ziamath draws TeX (through latex2mathml, as the web page's MathML is made) as SVG paths in
the STIX Two Math font it ships: pure Python, no TeX installation, no browser or JavaScript
(MathJax through Node) at build time, and the same formula gives the same paths. It takes a
quarter of a second to import; only the formats laid out into pages load this module.
"""

from __future__ import annotations

import functools
import html
import re
import warnings

with warnings.catch_warnings():
    # ziamath 0.13 finds its font with importlib.resources.path, deprecated since Python 3.11.
    warnings.simplefilter("ignore", DeprecationWarning)
    from ziamath.config import config
    from ziamath.zmath import Latex

# Each glyph drawn as its own path: <symbol>s would repeat their ids across a page's drawings.
config.svg2 = False

# Each <math> element the reader made: its attributes and its content (math does not nest).
MATH_ELEMENT = re.compile(r"<math\b([^>]*)>.*?</math>", re.DOTALL)
ALTTEXT = re.compile(r'\balttext="([^"]*)"')
VIEW_BOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
SVG_OPENING = re.compile(r"<svg\b[^>]*?(?= viewBox=)")  # all but the drawing's viewBox
SIZE = 20.0  # the size ziamath draws at, in px; the drawing is then sized in em
DISPLAY_SIZE = 1.1  # a display formula's size, relative to its paragraph's text


def drawn(page: str) -> str:
    """A page's <math> elements replaced by SVG drawings, for WeasyPrint, which lays out no
    MathML; a formula ziamath cannot draw is printed as its TeX."""
    if "<math" not in page:
        return page

    def draw(found: re.Match[str]) -> str:
        attributes = found.group(1)
        alttext = ALTTEXT.search(attributes)
        tex = html.unescape(alttext.group(1)) if alttext else ""
        return svg(tex, display='display="block"' in attributes)

    return MATH_ELEMENT.sub(draw, page)


@functools.lru_cache(maxsize=4096)
def svg(tex: str, *, display: bool) -> str:
    """One formula drawn as inline SVG, sized in em so that it follows its text's size."""
    try:
        formula = Latex(tex, size=SIZE, inline=not display, margin=0, title=tex)
        width, height = formula.getsize()
        drawing = formula.svg()
    except Exception:  # ziamath fails in many ways on TeX it cannot lay out
        return f'<code class="math-tex">{html.escape(tex)}</code>'
    found = VIEW_BOX.search(drawing)
    top = float(found.group(2)) if found else -height
    descent = height + top  # the viewBox starts at the top; y = 0 is the baseline
    scale = (DISPLAY_SIZE if display else 1.0) / SIZE
    kind = "math-display" if display else "math-inline"
    if display:  # centred on a line of its own, never wider than its column
        style = ' style="display: block; margin: 0.5em auto; max-width: 100%"'
    else:
        style = f' style="vertical-align: {-descent * scale:.3f}em"'
    label = html.escape(tex, quote=True)
    opening = (
        f'<svg class="{kind}" role="img" aria-label="{label}" width="{width * scale:.3f}em" '
        f'height="{height * scale:.3f}em"{style}'
    )
    return SVG_OPENING.sub(lambda _: opening, drawing, count=1)
