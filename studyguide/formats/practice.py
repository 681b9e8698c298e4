"""A guide -> output/<name>-practice.pdf: every question, no answers, room to write under each.

The same layout as the print edition, rendered with the answers left out. A question with
choices gets boxes to tick instead of lines, so a multiple-choice guide prints as an exam
paper, its questions flowing several to a page, with an answer key on its last page
(unless no_answer_key).
"""

from __future__ import annotations

from studyguide.format import Format, Output, Rendition
from studyguide.render.pages import PAGE_INPUTS, render_page
from studyguide.render.theme import Theme


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide, config = rendition.guide, rendition.config
    html = render_page(
        guide,
        config.paper,
        practice=True,
        answer_key=not config.no_answer_key,
        theme=Theme(config.theme),
    )
    pages = rendition.typesetter().layout(html)
    return (Output(FORMAT.file_names(guide.name)[0], pages.pdf(), f"{pages.count} pages"),)


FORMAT = Format(
    name="practice",
    description="the practice edition (questions and room to write), output/<guide>-practice.pdf",
    label="practice",
    files=("{name}-practice.pdf",),
    inputs=PAGE_INPUTS,
    settings=("paper", "no_answer_key"),
    paged=True,
    weight=0.6,
    build=build,
)
