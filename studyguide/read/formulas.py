"""pandoc's math marks and formula images -> MathML elements, each with its TeX as alttext.

pandoc writes each ``$...$`` and ``$$...$$`` of a guide as MathJax's mark, ``<span
class="math inline">\\(TeX\\)</span>`` (display: ``\\[TeX\\]``). While a fragment is
sanitized, ``to_mathml`` turns each mark, and each formula image whose URL carries its TeX
(``latex.codecogs.com/svg.latex?\\frac{a}{b}``: read from the URL, never fetched), into a
``<math>`` element with the TeX as its ``alttext``. Browsers and EPUB 3 readers typeset MathML
themselves and screen readers read it; the PDFs draw it (studyguide/render/math.py); Anki's
notes give it back to MathJax as ``\\(TeX\\)`` (studyguide/render/pages.py). A formula that
cannot be read stays as its TeX, in ``<code class="math-tex">``, and the sanitizer warns at
the fragment's line.

latex2mathml is pure Python (no TeX installation, no JavaScript at build time) and gives the
same MathML for the same TeX; formulas are read at the guide's reading, so a build with nothing
to read never loads it.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import unquote, urlparse

from latex2mathml.converter import convert
from lxml import etree

# The sites that draw a formula from the TeX in their URL: host, path, and the query parameter
# that holds the TeX ("" for the whole query).
FORMULA_SITES = (
    ("latex.codecogs.com", re.compile(r"/(svg|png|gif)\.(latex|image|download)$"), ""),
    ("render.githubusercontent.com", re.compile(r"/render/math$"), "math"),
    ("chart.googleapis.com", re.compile(r"/chart$"), "chl"),
)
# codecogs' own switches before the formula: resolution, background, size.
CODECOGS_SWITCHES = re.compile(
    r"^\s*(\\(dpi|bg|fg)\{[^}]*\}|\\bg_\w+"
    r"|\\(inline|tiny|small|normalsize|large|Large|LARGE|huge|Huge)\b)\s*"
)
# A command latex2mathml does not know comes out as an identifier holding the backslash.
UNKNOWN_COMMAND = re.compile(r"<mi>\\")
ESCAPED = re.compile(r"\\.", re.DOTALL)  # \{, \\ and every other escaped character
# How many parts each MathML layout takes: latex2mathml makes one of "\frac{a}" and goes on.
PARTS = {
    "mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3,
    "munderover": 3,
}  # fmt: skip


def _prepared(tex: str) -> str:
    """TeX as latex2mathml reads it best: as ziamath prepares it (ziamath/tex.py)."""
    tex = re.sub(r"\\mathrm\{(.+?)\}", r"\\mathrm {\1}", tex)  # its parser needs the space
    return tex.replace(r"\begin{aligned}", r"\begin{align*}").replace(
        r"\end{aligned}", r"\end{align*}"
    )


@functools.lru_cache(maxsize=4096)
def mathml(tex: str, *, display: bool) -> str | None:
    """A formula's MathML, its TeX as alternative text; None when the TeX cannot be read."""
    try:
        converted = convert(_prepared(tex), display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds of error on a guide's broken TeX
        return None
    if UNKNOWN_COMMAND.search(converted) or not _complete(tex, converted):
        return None
    converted = converted.replace('columnspacing="0em 2em"', 'columnspacing="0em 0.3em"')
    alttext = html.escape(tex.strip(), quote=True)
    return converted.replace("<math ", f'<math alttext="{alttext}" ', 1)


def _complete(tex: str, converted: str) -> bool:
    """Whether the TeX's braces pair up and each fraction, root, script or accent got all its
    parts: latex2mathml reads "\\frac{a}" and "{a" without a word."""
    depth = 0
    for brace in re.findall(r"[{}]", ESCAPED.sub("", tex)):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    if depth:
        return False
    tree = etree.fromstring(converted)
    return all(
        len(element) == PARTS[etree.QName(element).localname]
        for element in tree.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in PARTS
    )


def formula_in_url(url: str) -> str | None:
    """The TeX of a formula image's URL at a site that draws formulas; None for other URLs."""
    parsed = urlparse(url)
    for host, path, parameter in FORMULA_SITES:
        if parsed.hostname != host or not path.search(parsed.path):
            continue
        if not parameter:
            tex = CODECOGS_SWITCHES.sub("", unquote(parsed.query))
            while (shorter := CODECOGS_SWITCHES.sub("", tex)) != tex:
                tex = shorter
        else:
            # '+' stays a plus: in a formula it is far likelier than an encoded space.
            values = [
                unquote(part.partition("=")[2])
                for part in parsed.query.split("&")
                if part.partition("=")[0] == parameter
            ]
            tex = values[0] if values else ""
        return tex.strip() or None
    return None


def to_mathml(root: etree._Element) -> tuple[str, ...]:
    """Each math mark and formula image in a fragment's tree made MathML, in place; the TeX of
    the formulas that cannot be read, each left as TeX in a <code>."""
    broken: list[str] = []
    for element in list(root.iter("span", "img")):
        if element.tag == "img":
            tex = formula_in_url(element.get("src", ""))
            parent = element.getparent()
            alone = (
                parent is not None
                and parent.tag == "p"
                and len(parent) == 1
                and not (parent.text or "").strip()
                and not (element.tail or "").strip()
            )
            display = alone
        else:
            tex, display = _marked(element)
        if tex is None:
            continue
        made = mathml(tex, display=display)
        if made is None:
            broken.append(tex)
            replacement = etree.Element("code", {"class": "math-tex"})
            replacement.text = tex
        else:
            replacement = etree.fromstring(made)
            if any(a.tag == "th" for a in element.iterancestors()):
                # A column's name must be text screen readers can announce: a header that
                # is a formula is named by its TeX as well.
                replacement.set("aria-label", tex.strip())
        replacement.tail = element.tail
        element.getparent().replace(element, replacement)
    return tuple(broken)


def _marked(element: etree._Element) -> tuple[str | None, bool]:
    """The TeX of pandoc's math mark, and whether it is display math; (None, False) for another
    span."""
    classes = (element.get("class") or "").split()
    if "math" not in classes or len(element):
        return None, False
    text = element.text or ""
    display = "display" in classes
    opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
    if text.startswith(opening) and text.endswith(closing):
        text = text[len(opening) : -len(closing)]
    return text, display
