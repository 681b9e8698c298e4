"""A rendered guide -> output/<name>.pdf, the print edition, and output/<name>-practice.pdf.

Both are the guide's web page laid out by WeasyPrint with its print styles; the practice
edition is the same layout with the answers left out and room to write under each question.
"""

from __future__ import annotations

from studyguide.formats import Output, Rendition, file_name
from studyguide.render import render_page
from studyguide.theme import Theme


def build(rendition: Rendition) -> tuple[Output, ...]:
    pages = rendition.typesetter().layout(rendition.page_html)
    return (Output(file_name("pdf", rendition.guide.name), pages.pdf(), f"{pages.count} pages"),)


def build_practice(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    config = rendition.config
    html = render_page(guide, config.paper, Theme(config.theme), practice=True)
    pages = rendition.typesetter().layout(html)
    return (Output(file_name("practice", guide.name), pages.pdf(), f"{pages.count} pages"),)
