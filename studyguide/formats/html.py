"""A rendered guide -> output/<name>.html, one self-contained web page."""

from __future__ import annotations

from studyguide.formats import Output, Rendition


def build(rendition: Rendition) -> tuple[Output, ...]:
    data = rendition.page_html.encode("utf-8")
    return (Output(f"{rendition.guide.name}.html", data, f"{len(data) // 1024} KB"),)
