"""A guide -> output/<name>.epub: EPUB 3 with one XHTML file per section.

This is the only module that imports ebooklib. What ebooklib wrote is checked with lxml:
ebooklib turns malformed XHTML into an empty chapter without a word.
"""

from __future__ import annotations

import importlib.metadata
import io
import re
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ebooklib import epub
from lxml import etree

from studyguide.build.memo import Memo
from studyguide.clock import build_time
from studyguide.errors import GuideError
from studyguide.format import Format, Output, Rendition
from studyguide.model import Guide, Section
from studyguide.render import i18n
from studyguide.render.pages import (
    plain_prompt,
    render_chapter,
    render_cover,
    render_cover_page,
    render_title_page,
    shorten,
    style,
)
from studyguide.render.theme import Theme

XHTML = "{http://www.w3.org/1999/xhtml}"
XML = "{http://www.w3.org/XML/1998/namespace}"
COVER = "cover.png"
EMPTY_HEADER = re.compile(r"<th(\s[^>]*?)?(?:\s*/>|>\s*</th>)")
HEADING = re.compile(r"<h([1-6])\b(.*?)</h\1>", re.DOTALL)
ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityHazard", "none"),
)


def identifier(guide: Guide) -> str:
    """The same guide gets the same identifier on every build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'studyguide:' + guide.title)}"


def painted_cover(svg: str, memo: Memo) -> bytes:
    """The cover's PNG: from the memo when an earlier build painted the same SVG with the same
    code, fonts and Pillow, else painted (and Pillow imported) now."""

    def paint() -> bytes:
        from studyguide.render.cover import cover_png  # noqa: PLC0415 - Pillow: see studyguide/__init__.py

        return cover_png(svg)

    painter = Path(__file__).resolve().parent.parent / "render" / "cover.py"
    versions = [
        _version(name) for name in ("pillow", "font-source-serif-pro", "font-source-sans-pro")
    ]
    question = (svg.encode("utf-8"), painter.read_bytes(), " ".join(versions).encode())
    return memo.answer("cover", question, paint)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    words = i18n.words(guide.language)
    direction = words.language.direction
    book = epub.EpubBook()
    book.set_identifier(identifier(guide))
    book.set_title(guide.title)
    book.set_language(guide.language)
    if direction == "rtl":  # the spine's page-progression-direction: pages turn leftwards
        book.set_direction(direction)
    if guide.author:
        book.add_author(guide.author)
    description = guide.description or words.gettext("Study guide: %(title)s", title=guide.title)
    book.add_metadata("DC", "description", description)
    for section in guide.sections:
        book.add_metadata("DC", "subject", section.title)
    for property_name, value in ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": property_name})
    summary = words.gettext(
        "Text only, in reading order: each section is a chapter, each question a heading with "
        "its answer below it; the table of contents lists every section and question."
    )
    book.add_metadata(None, "meta", summary, {"property": "schema:accessibilitySummary"})
    theme = Theme(rendition.config.theme)
    # A PNG, which e-readers that draw no SVG show too, on a page of our own: ebooklib's
    # cover page would drop the style that fits the picture to the screen.
    cover = painted_cover(render_cover(guide, theme), rendition.memo)
    book.set_cover(COVER, cover, create_page=False)
    cover_page = epub.EpubItem(
        uid="cover", file_name="cover.xhtml", media_type="application/xhtml+xml",
        content=render_cover_page(guide, COVER, theme).encode("utf-8"),
    )  # fmt: skip
    cover_page.is_linear = True  # the first page a reader opens on
    book.add_item(cover_page)

    stylesheet = epub.EpubItem(
        uid="style", file_name="style/ereader.css", media_type="text/css",
        content="\n".join(
            style(name, theme) for name in ("ereader.css", "code.css", "scripts.css")
        ).encode(),
    )  # fmt: skip
    book.add_item(stylesheet)
    for number, image in enumerate(guide.images, start=1):
        book.add_item(
            epub.EpubImage(
                uid=f"image-{number}",
                file_name=image.href,
                media_type=image.media_type,
                content=image.path.read_bytes(),
            )
        )

    title_page = epub.EpubHtml(
        uid="title-page",
        title=guide.title,
        file_name="title.xhtml",
        lang=guide.language,
        direction=direction,
    )
    title_page.content = render_title_page(guide, theme)
    chapters = []
    for number, section in enumerate(guide.sections, start=1):
        chapter = epub.EpubHtml(
            uid=f"section-{number}",
            title=section.title,
            file_name=f"section-{number:02d}.xhtml",
            lang=guide.language,
            direction=direction,
        )
        chapter.content = without_skipped_levels(
            without_empty_headers(render_chapter(guide, section, theme))
        )
        chapters.append(chapter)
    for document in (title_page, *chapters):
        if "<math" in document.content:  # EPUB 3 asks that a document holding MathML say so
            document.properties.append("mathml")
        document.add_item(stylesheet)
        book.add_item(document)

    book.toc = [
        epub.Link(title_page.file_name, words.gettext("Title page"), "toc-title"),
        *(
            toc_entry(section, chapter.file_name)
            for section, chapter in zip(guide.sections, chapters, strict=True)
        ),
    ]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=words.gettext("Contents"), direction=direction))
    book.spine = ["cover", title_page, "nav", *chapters]
    book.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": words.gettext("Cover")},
        {"type": "toc", "href": "nav.xhtml", "title": words.gettext("Contents")},
        {"type": "text", "href": chapters[0].file_name, "title": words.gettext("Start of content")},
    ]

    when = build_time()
    buffer = io.BytesIO()
    # No page list: ebooklib would list every element with an epub:type as a page of a print
    # edition the EPUB does not follow, and Ace by DAISY rightly reports each as broken.
    options = {
        "mtime": when,
        "raise_exceptions": True,
        "epub3_pages": False,
        "landmark_title": words.gettext("Landmarks"),
        "package_direction": direction == "rtl",
    }
    epub.write_epub(buffer, book, options)
    data = reproducible_zip(
        buffer.getvalue(), when.timetuple()[:6], declare_language(guide.language)
    )
    check_chapters(data, guide)
    return (Output(FORMAT.file_names(guide.name)[0], data, f"{len(chapters)} sections"),)


def toc_entry(section: Section, file_name: str) -> Any:
    """A section in the contents with its questions under it; a section without questions is
    a plain link, since an empty list of entries is not valid in the navigation document."""
    if not section.questions:
        return epub.Link(f"{file_name}#{section.id}", section.title, f"toc-{section.id}")
    return (
        epub.Section(section.title, f"{file_name}#{section.id}"),
        [
            epub.Link(
                f"{file_name}#{q.id}", f"{q.number}. {shorten(plain_prompt(q), 80)}", f"toc-{q.id}"
            )
            for q in section.questions
        ],
    )


def without_skipped_levels(xhtml: str) -> str:
    """Headings that go down one level at a time: an answer's own '#####' heading under a
    question's <h3> becomes an <h4>, as screen readers (and Ace) expect."""
    previous = 0

    def relevel(match: re.Match[str]) -> str:
        nonlocal previous
        level = min(int(match.group(1)), previous + 1)
        previous = level
        return f"<h{level}{match.group(2)}</h{level}>"

    return HEADING.sub(relevel, xhtml)


def without_empty_headers(xhtml: str) -> str:
    """Empty table header cells (a table's blank corner) as data cells, which may be empty."""
    return EMPTY_HEADER.sub(r"<td\1></td>", xhtml)


def declare_language(tag: str) -> Callable[[str, bytes], bytes]:
    """A change to the package document: xml:lang on its root, the language of its metadata."""

    def change(name: str, content: bytes) -> bytes:
        if not name.endswith(".opf"):
            return content
        root = etree.fromstring(content)
        root.set(f"{XML}lang", tag)
        declaration = b'<?xml version="1.0" encoding="utf-8"?>\n'
        written: bytes = etree.tostring(root, encoding="utf-8")
        return declaration + written

    return change


def reproducible_zip(
    data: bytes,
    date_time: tuple[int, ...],
    change: Callable[[str, bytes], bytes] = lambda name, content: content,
) -> bytes:
    """The same archive with fixed entry times, 'mimetype' first and stored uncompressed.

    ``change`` may rewrite an entry on the way (its name and bytes -> new bytes).
    """
    stamp = max(date_time, (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = sorted(source.namelist(), key=lambda name: name != "mimetype")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
                info.compress_type = (
                    zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                )
                info.external_attr = 0o644 << 16
                target.writestr(info, change(name, source.read(name)))
    return out.getvalue()


def check_chapters(data: bytes, guide: Guide) -> None:
    """Every section's file parses as XML and holds all its questions; else stop the build."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for number, section in enumerate(guide.sections, start=1):
            name = f"EPUB/section-{number:02d}.xhtml"
            try:
                root = etree.fromstring(archive.read(name))
            except (KeyError, etree.XMLSyntaxError) as error:
                raise GuideError(
                    f"the EPUB chapter for section '{section.title}' is not well-formed ({error})",
                    "look for unclosed raw HTML tags in that section",
                    guide.source,
                ) from error
            found = {element.get("id") for element in root.iter(f"{XHTML}article")}
            missing = [q for q in section.questions if q.id not in found]
            if missing:
                raise GuideError(
                    f"the EPUB chapter for section '{section.title}' lost "
                    f"{len(missing)} question(s), starting with '{shorten(missing[0].prompt, 50)}'",
                    "look for malformed raw HTML in that section",
                    guide.source,
                    missing[0].line,
                )


FORMAT = Format(
    name="epub",
    description="the e-reader edition, output/<guide>.epub",
    label="EPUB",
    files=("{name}.epub",),
    inputs=(
        "layouts/chapter.xhtml",
        "layouts/title.xhtml",
        "layouts/cover.svg",
        "layouts/cover.xhtml",
        "layouts/macros.html",
        "styles/ereader.css",
        "styles/code.css",
        "styles/scripts.css",
    ),
    build=build,
)
