"""A rendered guide -> output/<name>.html, one self-contained web page in the PDF's faces."""

from __future__ import annotations

from studyguide.fonts import web_font_face_css
from studyguide.format import Format, Output, Rendition

# The layouts and styles of the guide's web page, which the PDF editions lay out too.
PAGE_INPUTS = ("layouts/guide.html", "layouts/macros.html", "styles/screen.css",
               "styles/print.css", "styles/code.css", "styles/code-colours.css",
               "styles/scripts.css", "styles/scripts-page.css")  # fmt: skip


def build(rendition: Rendition) -> tuple[Output, ...]:
    page = rendition.page_html
    # Only the web page carries the fonts: the PDFs load the same faces whole, from the wheels.
    fonts = f"<style>\n{web_font_face_css(page)}\n</style>\n</head>"
    data = page.replace("</head>", fonts, 1).encode("utf-8")
    return (Output(FORMAT.file_names(rendition.guide.name)[0], data, f"{len(data) // 1024} KB"),)


FORMAT = Format(
    name="html",
    description="the self-contained web page, output/<guide>.html",
    files=("{name}.html",),
    inputs=PAGE_INPUTS,
    settings=("paper",),
    needs_page=True,
    build=build,
)
