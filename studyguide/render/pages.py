"""model.Guide -> HTML and XHTML documents, through the theme's Jinja layouts and CSS.

This module owns the Jinja environments, one per theme and language: each gives the layouts
the words of the guide's language (``_()``, ``ngettext()``, ``pgettext()``, from
studyguide.render.i18n), its dates and numbers, ``data_url('logo.svg')`` (a file from the theme's
layouts/ inlined so that the page stands alone) and the ``shorten`` filter. Each layout gets a
declared context (a TypedDict) and sees nothing else.

Every layout, the default theme's and a project's own alike, runs in Jinja's sandbox: a theme
from a cloned repository can shape its pages, but cannot reach Python's internals (and
through them the shell) from a template.
"""

from __future__ import annotations

import base64
import functools
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import TypedDict

import jinja2
import lxml.html
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from studyguide import __version__
from studyguide.build.memo import cache_folder
from studyguide.clock import build_time
from studyguide.errors import GuideError
from studyguide.model import Guide, Question, Section
from studyguide.read.gist import FORMULA_SPACE
from studyguide.render import i18n, short_ids
from studyguide.render.i18n import Language
from studyguide.render.theme import DEFAULT, Theme


class PageContext(TypedDict):
    guide: Guide
    language: Language
    margin_font: str
    practice: bool
    short_ids: dict[str, str]  # each question's id -> its short id, shown beside its number
    answer_keys: list[tuple[Section, list[tuple[int, str]]]]  # empty: no answer key
    css: str
    keywords: str
    version: str
    built: str


class ChapterContext(TypedDict):
    guide: Guide
    language: Language
    section: Section


class TitleContext(TypedDict):
    guide: Guide
    language: Language


class CoverPageContext(TypedDict):
    guide: Guide
    image: str


class CoverContext(TypedDict):
    guide: Guide
    language: Language
    title_lines: list[str]
    subtitle_lines: list[str]


class CheatsheetContext(TypedDict):
    guide: Guide
    language: Language
    css: str
    page_size: str
    font_size: float
    columns: int
    version: str
    built: str
    built_date: str


def shorten(text: str, width: int) -> str:
    """Cut text at a word boundary to at most ``width`` characters, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}\u2026"


# The fonts of the running heads and page numbers, for scripts Source Sans lacks. Margin boxes
# take no lang from the page, so styles/scripts-page.css cannot reach them; without these,
# Chinese heads came out in Japanese glyph forms and Arabic ones in DejaVu Sans.
MARGIN_FONTS = {
    "zh": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
    "ko": "Noto Sans CJK KR", "ar": "Noto Sans Arabic", "fa": "Noto Sans Arabic",
    "ur": "Noto Sans Arabic", "he": "Noto Sans Hebrew", "yi": "Noto Sans Hebrew",
}  # fmt: skip
LINK = re.compile(r"</?a\b[^>]*>")
# A MathML formula of the guide's (read/formulas.py), its attributes, and its TeX among them.
MATH = re.compile(r"<math\b([^>]*)>.*?</math>", re.DOTALL)
ALTTEXT = re.compile(r'\balttext="([^"]*)"')
# How a formula's scripts are written in a line of text: x_i, x^2 (as x²), both for Σ_i^n.
SCRIPTS = {"msub": "_", "munder": "_", "msup": "^", "mover": "^", "msubsup": "_^",
           "munderover": "_^"}  # fmt: skip
# Operators with a space either side: relations (equals, less or equal, element of, divides...),
# plus, minus and times.
SPACED = frozenset(
    "=<>\u2264\u2265\u2260\u2248\u223c\u221d\u2208\u2209\u2282\u2286\u222a\u2229\u2192\u21d2"
    "+\u2212\u00d7\u2223"
)
SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FORMULA_WORD = re.compile(r"\\\((\S+?)\\\)")  # a formula in a key point's text
LEFT_TO_RIGHT_CODE = re.compile(r"<(pre|code|kbd|samp)(?![^>]*\sdir=)")


@functools.cache
def environment(theme: Theme = DEFAULT, language_tag: str = "en") -> jinja2.Environment:
    """The Jinja environment a theme's layouts are rendered with in one language."""
    env = SandboxedEnvironment(
        loader=theme.loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=compiled_layouts(),
    )
    words = i18n.words(language_tag)
    env.globals.update(
        _=words.gettext,
        gettext=words.gettext,
        ngettext=words.ngettext,
        pgettext=words.pgettext,
        css_string=lambda text: Markup(i18n.css_string(str(text))),
        css_content=lambda text, **counters: Markup(i18n.css_content(str(text), **counters)),
        quotes=Markup(words.quotes()),
    )
    env.filters["shorten"] = shorten
    env.filters["unlinked"] = unlinked
    env.filters["formulas"] = formulas
    env.filters["plain_prompt"] = plain_prompt
    env.tests["about_the_reader"] = lambda prompt: i18n.asks_about_the_reader(
        str(prompt), language_tag
    )
    env.filters["number"] = words.number
    env.filters["localdate"] = words.date
    env.filters["content"] = (
        content_right_to_left if words.language.direction == "rtl" else content_as_is
    )
    env.globals["data_url"] = lambda name: theme.data_url(f"layouts/{name}")
    return env


@functools.cache
def compiled_layouts() -> jinja2.BytecodeCache | None:
    """The layouts as Jinja compiles them, kept in the user's cache folder by each layout's
    name and text: compiling the page's layouts anew took more time than rendering them.
    None when the folder cannot be made: they are compiled each time."""
    folder = cache_folder() / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def unlinked(html: str) -> str:
    """The guide's own HTML without its links (their text stays), to stand inside a link of
    the page's own, as a question's prompt in the table of contents does."""
    return LINK.sub("", html)


def formulas(text: str) -> Markup:
    """A key point's plain text, escaped, with each formula in it (read/gist.py) as MathML
    that holds only its TeX: the paged formats, which alone show key points, draw it."""

    def formula(found: re.Match[str]) -> str:
        tex = found.group(1).replace(FORMULA_SPACE, " ")  # escaped, as the text around it
        return f'<math alttext="{tex}" display="inline"></math>'

    return Markup(FORMULA_WORD.sub(formula, str(escape(text))))


def plain_prompt(question: Question) -> str:
    """A question's prompt as plain text, its formulas written out in a line ("x²",
    "1/√n") instead of in TeX: for the EPUB's contents and the PDF's bookmarks, which hold
    text only."""
    if "<math" not in question.prompt_html:
        return question.prompt
    fragment = lxml.html.fragment_fromstring(question.prompt_html, create_parent="p")
    for formula in fragment.xpath(".//*[local-name()='math']"):
        formula.tail = f"{_in_a_line(formula)}{formula.tail or ''}"
        formula.drop_tree()
    return " ".join(str(fragment.text_content()).split())


def _in_a_line(element: lxml.html.HtmlElement) -> str:
    """A MathML element written out as text in one line: a/b, √x, x², x_i."""
    name = etree.QName(element).localname
    parts = [_in_a_line(child) for child in element]
    if name in {"mi", "mn", "mo", "mtext"} or not parts:
        text = element.text_content().replace("\u00a0", " ")
        return f" {text} " if name == "mo" and text in SPACED else text
    if name == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if name in {"msqrt", "mroot"}:
        return f"\u221a{_grouped(parts[0])}"
    if name in SCRIPTS:
        base, scripts = parts[0], parts[1:]
        if name == "mover" and (base.strip() in SPACED or not scripts[0].isalnum()):
            return base if base.strip() in SPACED else base + scripts[0]  # ≝ as =, x̄ as x¯
        return base + "".join(
            _scripted(mark, part) for mark, part in zip(SCRIPTS[name], scripts, strict=False)
        )
    return "".join(parts)


def _scripted(mark: str, text: str) -> str:
    text = text.strip()
    if text.isdigit():
        return text.translate(SUBSCRIPT_DIGITS if mark == "_" else SUPERSCRIPT_DIGITS)
    return f"{mark}{_grouped(text)}"


def _grouped(text: str) -> str:
    """A fraction's or script's part, without spaces, in parentheses unless one symbol."""
    text = "".join(text.split())
    return text if len(text) <= 1 or text.isalnum() else f"({text})"


def content_as_is(html: str) -> Markup:
    """The guide's own HTML (sanitized when it was parsed), to be inserted as it is."""
    return Markup(html)


def content_right_to_left(html: str) -> Markup:
    """The guide's own HTML in a right-to-left page: code stays left to right, and isolated."""
    return Markup(LEFT_TO_RIGHT_CODE.sub(r'<\1 dir="ltr"', html))


def fill(theme: Theme, layout: str, context: Mapping[str, object], language_tag: str = "en") -> str:
    """One layout filled in; a mistake in a project's own layout is the user's to fix."""
    try:
        return environment(theme, language_tag).get_template(layout).render(context)
    except jinja2.TemplateError as error:
        name, line = _where_in_layout(error)
        fix = "fix it, or remove it to use the default layout"
        if isinstance(error, jinja2.TemplateNotFound):
            problem = f"no layout named '{error.name}'"
        elif isinstance(error, SecurityError):
            problem = f"it reaches outside the template ({(error.message or '').rstrip('.')})"
            fix = "remove that part: a layout may fill in the guide, not run code"
        else:
            problem = error.message or type(error).__name__
        raise GuideError(
            f"the layout cannot be used: {problem}",
            fix,
            Path(name or theme.own(f"layouts/{layout}") or f"layouts/{layout}"),
            line,
        ) from error


def _where_in_layout(error: jinja2.TemplateError) -> tuple[str | None, int | None]:
    """The layout file and line an error comes from: a syntax error says so itself; for one
    met while rendering, Jinja puts a frame of the layout's own into the traceback."""
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            name, line = trace.tb_frame.f_code.co_filename, trace.tb_lineno
        trace = trace.tb_next
    return name, line


def style(name: str, theme: Theme = DEFAULT) -> str:
    """The text of one of the theme's stylesheets."""
    return theme.style(name)


def keywords(guide: Guide) -> str:
    words = i18n.words(guide.language)
    return ", ".join(
        [
            words.pgettext("keyword", "study guide"),
            words.pgettext("keyword", "interview questions"),
            *(s.title for s in guide.sections),
        ]
    )


# The layouts and styles of the guide's web page (render_page), which the PDF editions lay out
# too: the inputs of every format made from it.
PAGE_INPUTS = ("layouts/guide.html", "layouts/macros.html", "styles/screen.css",
               "styles/print.css", "styles/code.css", "styles/code-colours.css",
               "styles/scripts.css", "styles/scripts-page.css")  # fmt: skip


def render_page(
    guide: Guide,
    paper: str,
    *,
    practice: bool = False,
    answer_key: bool = False,
    theme: Theme = DEFAULT,
) -> str:
    """The guide as one self-contained HTML page; its print styles make the PDF edition.

    ``practice`` leaves the answers out and gives every open question room to write, every
    multiple-choice one boxes to tick; ``answer_key`` then ends it with the letters of the
    correct choices.
    """
    print_css = f"@page {{ size: {paper}; }}\n{style('print.css', theme)}"
    code_css = f"{style('code.css', theme)}\n{style('code-colours.css', theme)}"
    script_css = f"{style('scripts.css', theme)}\n{style('scripts-page.css', theme)}"
    css = (
        f"{style('screen.css', theme)}\n{code_css}\n{script_css}\n@media print {{\n{print_css}\n}}"
    )
    context: PageContext = {
        "guide": guide,
        "language": i18n.language(guide.language),
        "margin_font": margin_font(i18n.language(guide.language)),
        "practice": practice,
        "short_ids": short_ids.of_guide(guide),
        "answer_keys": answer_keys(guide) if practice and answer_key else [],
        "css": css,
        "keywords": keywords(guide),
        "version": __version__,
        "built": build_time().isoformat(),
    }
    return embed_images(fill(theme, "guide.html", context, guide.language), guide)


def answer_keys(guide: Guide) -> list[tuple[Section, list[tuple[int, str]]]]:
    """Each section's multiple-choice questions: their numbers and the letters of their
    correct choices ("B, E"); a choice without a letter is named by its place ("2")."""
    separator = i18n.words(guide.language).pgettext(
        "between the letters of the correct choices", ", "
    )
    keys = []
    for section in guide.sections:
        answers = [
            (
                question.number,
                separator.join(
                    choice.label or str(place)
                    for place, choice in enumerate(question.choices, 1)
                    if choice.correct
                ),
            )
            for question in section.questions
            if any(choice.correct for choice in question.choices)
        ]
        if answers:
            keys.append((section, answers))
    return keys


def margin_font(language: Language) -> str:
    """The font for running heads and page numbers in a script Source Sans lacks, or ""."""
    script = language.locale.script if language.locale else None
    if (language.code == "zh" and script == "Hant") or language.tag in {"zh-TW", "zh-HK", "zh-MO"}:
        return MARGIN_FONTS["zh-Hant"]
    return MARGIN_FONTS.get(language.code, "")


def embed_images(html: str, guide: Guide) -> str:
    """The page with the guide's own images inlined as data: URLs, so that it stands alone."""
    for image in guide.images:
        data = base64.b64encode(image.path.read_bytes()).decode("ascii")
        html = html.replace(f'src="{image.href}"', f'src="data:{image.media_type};base64,{data}"')
    return html


def render_chapter(guide: Guide, section: Section, theme: Theme = DEFAULT) -> str:
    """One section as the body of an EPUB content document."""
    context: ChapterContext = {
        "guide": guide,
        "language": i18n.language(guide.language),
        "section": section,
    }
    return fill(theme, "chapter.xhtml", context, guide.language)


def render_title_page(guide: Guide, theme: Theme = DEFAULT) -> str:
    """The EPUB's title page."""
    context: TitleContext = {"guide": guide, "language": i18n.language(guide.language)}
    return fill(theme, "title.xhtml", context, guide.language)


def render_cover(guide: Guide, theme: Theme = DEFAULT) -> str:
    """The EPUB's cover, an SVG drawn from the title and subtitle (SVG text does not wrap)."""
    context: CoverContext = {
        "guide": guide,
        "language": i18n.language(guide.language),
        "title_lines": textwrap.wrap(guide.title, 15)[:7],
        "subtitle_lines": textwrap.wrap(guide.subtitle, 26)[:3],
    }
    return fill(theme, "cover.svg", context, guide.language)


def render_cover_page(guide: Guide, image: str, theme: Theme = DEFAULT) -> str:
    """The EPUB's cover page, which shows the cover image as large as the screen allows."""
    context: CoverPageContext = {"guide": guide, "image": image}
    return fill(theme, "cover.xhtml", context, guide.language)


def render_cheatsheet(
    guide: Guide, page_size: str, font_size: float, columns: int = 4, theme: Theme = DEFAULT
) -> str:
    """The cheat sheet at one font size, page size and number of columns."""
    built = build_time()
    context: CheatsheetContext = {
        "guide": guide,
        "language": i18n.language(guide.language),
        "css": "\n".join(
            style(name, theme) for name in ("cheatsheet.css", "scripts.css", "scripts-page.css")
        ),
        "page_size": page_size,
        "font_size": font_size,
        "columns": columns,
        "version": __version__,
        "built": built.isoformat(),
        "built_date": built.date().isoformat(),
    }
    return fill(theme, "cheatsheet.html", context, guide.language)


# The code a question shows before its answer ("What's the output?" and its program).
SHOWN_CODE = re.compile(r'\A\s*(<div class="sourceCode"[^>]*>.*?</div>|<pre[^>]*>.*?</pre>)', re.S)


def shown_code(question: Question) -> tuple[str, str]:
    """What a question shows before its answer (its own code, data or sub-parts), and the
    answer: the question's stem, else the code block its answer opens with.

    A guide that asks "What's the output?" shows the program first: a card that left it
    on the back would ask the same question on every front.
    """
    if question.stem_html:
        return question.stem_html, question.answer_html
    found = SHOWN_CODE.match(question.answer_html)
    if not found:
        return "", question.answer_html
    return found.group(1), question.answer_html[found.end() :].strip()


def note_tags(guide: Guide, section: Section) -> tuple[str, str]:
    """The tags of a question's note, for Anki and the tab-separated cards: its guide, and its
    guide's section as Anki names a tag below another ('guide::section')."""
    name = deck_level(guide.name)
    return _tag(name), _tag(f"{name}::{section.id}")


def deck_level(title: str) -> str:
    """A title as one level of a deck's name (or of a tag): its '::' would start a level."""
    return re.sub(r":(?=:)|(?<=:):", "\u2236", title)


def _tag(text: str) -> str:
    """A tag without spaces, which would make it several tags."""
    return re.sub(r"\s+", "-", text.strip())


def render_note(question: Question, language: str = "en") -> tuple[str, str]:
    """A question's two sides as HTML fragments: the prompt (with the code it shows and its
    choices), and the answer."""
    note = environment(DEFAULT, language).get_template("note.html").module
    code, answer = shown_code(question)
    front = note.front(question, code)  # type: ignore[attr-defined]
    back = note.back(question, answer)  # type: ignore[attr-defined]
    return for_mathjax(str(front).strip()), for_mathjax(str(back).strip())


def for_mathjax(html: str) -> str:
    """HTML with each MathML formula given back as its TeX between MathJax's delimiters,
    \\(...\\) or \\[...\\], which Anki typesets (its MathML support depends on the device)."""

    def delimited(found: re.Match[str]) -> str:
        alttext = ALTTEXT.search(found.group(1))
        tex = alttext.group(1) if alttext else ""  # escaped as the attribute was: HTML text
        return f"\\[{tex}\\]" if 'display="block"' in found.group(1) else f"\\({tex}\\)"

    return MATH.sub(delimited, html)
