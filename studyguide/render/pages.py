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
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from studyguide import __version__
from studyguide.clock import build_time
from studyguide.errors import GuideError
from studyguide.model import Guide, Question, Section
from studyguide.render import i18n
from studyguide.render.i18n import Language
from studyguide.render.theme import DEFAULT, Theme


class PageContext(TypedDict):
    guide: Guide
    language: Language
    margin_font: str
    practice: bool
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
LEFT_TO_RIGHT_CODE = re.compile(r"<(pre|code|kbd|samp)(?![^>]*\sdir=)")


@functools.cache
def environment(theme: Theme = DEFAULT, language_tag: str = "en") -> jinja2.Environment:
    """The Jinja environment a theme's layouts are rendered with in one language."""
    env = SandboxedEnvironment(
        loader=theme.loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
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


def render_page(guide: Guide, paper: str, *, practice: bool = False, theme: Theme = DEFAULT) -> str:
    """The guide as one self-contained HTML page; its print styles make the PDF edition.

    ``practice`` leaves the answers out and gives every question room to write.
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
        "css": css,
        "keywords": keywords(guide),
        "version": __version__,
        "built": build_time().isoformat(),
    }
    return embed_images(fill(theme, "guide.html", context, guide.language), guide)


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
    return str(front).strip(), str(back).strip()
