"""A rendered guide -> output/<name>.pdf, the print edition, laid out by WeasyPrint."""

from __future__ import annotations

from studyguide.formats import Output, Rendition


def build(rendition: Rendition) -> tuple[Output, ...]:
    pages = rendition.typesetter().layout(rendition.page_html)
    return (Output(f"{rendition.guide.name}.pdf", pages.pdf(), f"{pages.count} pages"),)
