"""A rendered guide -> output/<name>.html, one self-contained web page in the PDF's faces."""

from __future__ import annotations

from studyguide.format import Format, Output, Rendition
from studyguide.render.fonts import web_font_face_css
from studyguide.render.pages import PAGE_INPUTS


def build(rendition: Rendition) -> tuple[Output, ...]:
    page = rendition.page_html
    # Only the web page carries the fonts: the PDFs load the same faces whole, from the wheels.
    fonts = f"<style>\n{web_font_face_css(page, rendition.memo)}\n</style>\n</head>"
    data = page.replace("</head>", fonts, 1).encode("utf-8")
    return (Output(FORMAT.file_names(rendition.guide.name)[0], data, f"{len(data) // 1024} KB"),)


FORMAT = Format(
    name="html",
    description="the self-contained web page, output/<guide>.html",
    label="web page",
    files=("{name}.html",),
    inputs=PAGE_INPUTS,
    settings=("paper",),
    needs_page=True,
    build=build,
)
