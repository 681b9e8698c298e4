"""A rendered guide -> output/<name>-quiz.html: a self-quiz page that stands alone, offline.

Every answered question, its answer hidden until asked for; its script, styles and images are
inlined, so the one file works from a phone's downloads folder. Without JavaScript the page is
a plain list of questions whose answers open one by one.
"""

from __future__ import annotations

from studyguide.format import Format, Output, Rendition


def build(rendition: Rendition) -> tuple[Output, ...]:
    from studyguide.render import render_quiz  # noqa: PLC0415

    guide = rendition.guide
    data = render_quiz(guide).encode("utf-8")
    summary = f"{guide.answered_count} questions, {len(data) // 1024} KB"
    return (Output(FORMAT.file_names(guide.name)[0], data, summary),)


FORMAT = Format(
    name="quiz",
    description="the self-quiz web page, output/<guide>-quiz.html",
    files=("{name}-quiz.html",),
    inputs=(
        "layouts/quiz.html",
        "layouts/note.html",
        "layouts/macros.html",
        "styles/quiz.css",
        "styles/quiz.js",
        "styles/code.css",
        "styles/code-colours.css",
    ),
    build=build,
)
