"""A rendered guide -> output/<name>.pdf, the print edition: its web page laid out by WeasyPrint."""

from __future__ import annotations

from studyguide.format import Format, Output, Rendition
from studyguide.render.pages import PAGE_INPUTS


def build(rendition: Rendition) -> tuple[Output, ...]:
    pages = rendition.typesetter().layout(rendition.page_html)
    name = FORMAT.file_names(rendition.guide.name)[0]
    return (Output(name, pages.pdf(), f"{pages.count} pages"),)


FORMAT = Format(
    name="pdf",
    description="the print edition, output/<guide>.pdf",
    label="PDF",
    files=("{name}.pdf",),
    inputs=PAGE_INPUTS,
    settings=("paper",),
    paged=True,
    weight=1.0,
    needs_page=True,
    build=build,
)
