"""A rendered guide -> output/<name>.html, one self-contained web page."""

from __future__ import annotations

from studyguide.formats import Output, Rendition, file_name


def build(rendition: Rendition) -> tuple[Output, ...]:
    data = rendition.page_html.encode("utf-8")
    return (Output(file_name("html", rendition.guide.name), data, f"{len(data) // 1024} KB"),)
