"""Formulas: MathML in the web page, the quiz page and the EPUB, SVG drawings in every PDF,
MathJax's delimiters in the cards; TeX left only as alternative text, or where it is broken."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.errors import Finding
from studyguide.read.formulas import formula_in_url, mathml
from studyguide.read.sanitize import sanitize
from studyguide.render.math import drawn
from tests.conftest import EPOCH, ROOT, Built
from tests.epubcheck_server import epubcheck_messages

GUIDE = ROOT / "tests" / "guides" / "math" / "math.md"
BROKEN = r"\frac{a}"  # the fixture's one formula that cannot be read
# TeX that must not show as text where a formula is typeset.
LEAKS = (r"\frac", r"\mathcal", r"\sum", r"\sqrt", r"\boldsymbol", r"\stackrel", "$$", r"\(")
PAGED = ("", "-practice", "-cheatsheet", "-cards")


@pytest.fixture(scope="module")
def math_guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[Finding]]:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    folder = tmp_path_factory.mktemp("math")
    warned: list[Finding] = []
    report = build(BuildConfig(source=GUIDE, output=folder), warned.append)
    (guide,) = report.guides
    return Built(guide, GUIDE, folder), warned


@pytest.fixture(scope="module")
def built(math_guide: tuple[Built, list[Finding]]) -> Built:
    return math_guide[0]


def text_of(page: Path) -> str:
    """What a web page shows as text (MathML's alttext is an attribute, not text)."""
    root = lxml_html.fromstring(page.read_bytes())
    for program in root.xpath("//script | //style"):
        program.drop_tree()  # the quiz's script has regular expressions with "\("
    return str(root.text_content())


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def leaks(text: str) -> list[str]:
    """The TeX shown as text, but for the broken formula, which stays TeX on purpose."""
    return [tex for tex in LEAKS if tex in text.replace(BROKEN, "")]


@pytest.mark.parametrize(
    ("url", "tex"),
    [
        ("https://latex.codecogs.com/svg.latex?\\frac{a}{b}", r"\frac{a}{b}"),
        ("https://latex.codecogs.com/png.latex?\\dpi{110}\\bg_white%20x^2%2By", "x^2+y"),
        ("https://latex.codecogs.com/svg.image?\\large%20\\sqrt{n}", r"\sqrt{n}"),
        ("https://render.githubusercontent.com/render/math?math=a+b%3Dc&mode=inline", "a+b=c"),
        ("https://chart.googleapis.com/chart?cht=tx&chl=%5Csum_i%20x_i", r"\sum_i x_i"),
        ("https://example.com/svg.latex?x", None),
        ("https://chart.googleapis.com/chart?cht=p3&chd=t:60,40", None),
    ],
)
def test_the_tex_of_a_formula_image_is_read_from_its_url(url: str, tex: str | None) -> None:
    assert formula_in_url(url) == tex


@pytest.mark.parametrize(
    "tex", [r"\frac{a}", r"\frac{a}{b", "x^", r"\left( x", r"\unknowncommand{x}", "a}"]
)
def test_a_formula_that_cannot_be_read_gives_no_mathml(tex: str) -> None:
    assert mathml(tex, display=False) is None


def test_mathml_keeps_the_tex_as_alternative_text_and_lays_out_aligned_lines() -> None:
    made = mathml(r"\begin{aligned} a &= \frac{1}{2} \\ b &< c \end{aligned}", display=True)
    assert made is not None
    element = etree.fromstring(made)
    assert element.get("display") == "block"
    assert element.get("alttext") == r"\begin{aligned} a &= \frac{1}{2} \\ b &< c \end{aligned}"
    assert element.find(".//{*}mtable") is not None  # two aligned rows, no stray '&'
    assert "&amp;" not in made.split(">", 1)[1]


def test_the_sanitizer_turns_marks_and_formula_images_into_mathml(tmp_path: Path) -> None:
    html = (
        '<p>Odds <span class="math inline">\\(\\frac{p}{1-p}\\)</span> and '
        '<span class="math inline">\\(\\frac{a}\\)</span>.</p>'
        '<p><img src="https://latex.codecogs.com/svg.latex?\\sqrt{x}" alt="root" /></p>'
    )
    cleaned = sanitize(html, tmp_path, tmp_path / "guide.md", 7)
    root = etree.fromstring(f"<div>{cleaned.xhtml}</div>")
    formulas = root.findall(".//{http://www.w3.org/1998/Math/MathML}math")
    assert [(f.get("alttext"), f.get("display")) for f in formulas] == [
        (r"\frac{p}{1-p}", "inline"),
        (r"\sqrt{x}", "block"),  # an image alone in its paragraph is a display formula
    ]
    assert root.findtext(".//code[@class='math-tex']") == BROKEN
    assert cleaned.images == ()
    assert [(f.line, f.message) for f in cleaned.findings] == [
        (7, f"formula kept as TeX, as it cannot be read: {BROKEN}")
    ]


def test_a_column_named_by_a_formula_has_a_name_screen_readers_announce(tmp_path: Path) -> None:
    html = (
        '<table><thead><tr><th>Case</th><th><span class="math inline">\\(H=1\\)</span></th></tr>'
        '</thead><tbody><tr><td><span class="math inline">\\(x\\)</span></td><td>1</td></tr>'
        "</tbody></table>"
    )
    cleaned = sanitize(html, tmp_path, tmp_path / "guide.md", 1)
    root = etree.fromstring(f"<div>{cleaned.xhtml}</div>")
    header, cell = root.findall(".//{http://www.w3.org/1998/Math/MathML}math")
    assert header.get("aria-label") == "H=1"
    assert cell.get("aria-label") is None  # elsewhere the MathML itself is read


def test_drawings_sit_on_the_baseline_and_display_formulas_are_centred() -> None:
    inline, display = (mathml(r"P(\mathcal{A})", display=flag) for flag in (False, True))
    assert inline and display
    page = drawn(f"<p>The chance {inline} of it.</p>{display}")
    assert "<math" not in page
    inline_svg, display_svg = re.findall(r"<svg\b[^>]*>", page)
    # The parentheses reach below the baseline: the drawing is lowered by as much.
    assert re.search(r'style="vertical-align: -0\.[1-9]\d*em"', inline_svg)
    assert "display: block; margin: 0.5em auto" in display_svg
    for opening in (inline_svg, display_svg):
        assert 'role="img"' in opening
        assert r'aria-label="P(\mathcal{A})"' in opening
    assert page.count(r"<title>P(\mathcal{A})</title>") == 2


def test_a_broken_formula_is_warned_of_once_at_its_line(
    math_guide: tuple[Built, list[Finding]],
) -> None:
    _, warned = math_guide
    about = [f for f in warned if "formula" in f.message]
    line = next(n for n, text in enumerate(GUIDE.read_text().splitlines(), 1) if BROKEN in text)
    assert [(f.path, f.line) for f in about] == [(GUIDE, line)]
    assert BROKEN in about[0].message
    assert not [f for f in warned if "image" in f.message]  # the formula image is typeset


@pytest.mark.parametrize("suffix", [".html", "-quiz.html"])
def test_web_pages_carry_mathml_and_no_tex(built: Built, suffix: str) -> None:
    page = built.path(suffix)
    assert leaks(text_of(page)) == []
    root = lxml_html.fromstring(page.read_bytes())
    formulas = root.xpath("//*[local-name()='math']")
    assert len(formulas) > 10
    assert all(formula.get("alttext") for formula in formulas)
    assert any(formula.get("display") == "block" for formula in formulas)
    assert r"\bar{x} = \frac{1}{n}\sum_{i} x_i" in {f.get("alttext") for f in formulas}


def test_the_epub_declares_its_mathml_and_passes_epubcheck(built: Built) -> None:
    with zipfile.ZipFile(built.path(".epub")) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        chapters = {
            name: epub.read(name).decode("utf-8")
            for name in epub.namelist()
            if re.search(r"(section-\d+|title)\.xhtml$", name)
        }
        contents = epub.read("EPUB/nav.xhtml")
    items = {
        item.get("href"): (item.get("properties") or "").split()
        for item in opf.iterfind(".//{*}manifest/{*}item")
    }
    for name, xhtml in chapters.items():  # the title page holds the introduction
        assert ("mathml" in items[name.removeprefix("EPUB/")]) == ("<math" in xhtml)
        assert leaks(str(lxml_html.fromstring(xhtml.encode()).text_content())) == []
    assert any("<math" in xhtml for xhtml in chapters.values())
    # The contents are text: a prompt's formulas are written out in a line.
    assert leaks(str(lxml_html.fromstring(contents).text_content())) == []
    event = "an event \N{MATHEMATICAL SCRIPT CAPITAL A} in a sample space"
    assert event in contents.decode()
    assert epubcheck_messages(built.path(".epub")) == []


@pytest.mark.parametrize("suffix", PAGED)
def test_every_pdf_draws_its_formulas(built: Built, suffix: str) -> None:
    text = pdf_text(built.path(f"{suffix}.pdf"))
    assert leaks(text) == []
    assert "\u2060" not in text  # a key point's formula, set and not left as text
    assert "Bayes" in text  # the text around the formulas is there


def bookmarks(outline: list[Any]) -> list[str]:
    """The titles of a PDF's bookmarks, those nested under others too."""
    return [
        title
        for item in outline
        for title in (bookmarks(item) if isinstance(item, list) else [item.title])
    ]


def test_the_pdf_bookmarks_write_formulas_out_in_a_line(built: Built) -> None:
    titles = bookmarks(PdfReader(built.path(".pdf")).outline)
    assert "1. What does Bayes\u2019 theorem say about P(A \u2223 B)?" in titles
    assert leaks(" ".join(titles)) == []


def test_cards_give_anki_mathjax_delimiters(built: Built) -> None:
    cards = built.path("-cards.tsv").read_text(encoding="utf-8")
    assert "<math" not in cards
    assert r"\(P(A \mid B)\)" in cards
    assert r"\[P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)}.\]" in cards


def test_the_same_guide_gives_the_same_bytes(built: Built, tmp_path: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(BuildConfig(source=GUIDE, output=tmp_path))
    names = sorted(path.name for path in built.folder.iterdir() if not path.name.startswith("."))
    assert names == sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    for name in names:
        assert (tmp_path / name).read_bytes() == (built.folder / name).read_bytes(), name
