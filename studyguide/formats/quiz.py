"""A rendered guide -> output/<name>-quiz.html: a self-quiz page that stands alone, offline.

Every answered question, its answer hidden until asked for; its script, styles and images are
inlined, so the one file works from a phone's downloads folder. Without JavaScript the page is
a plain list of questions whose answers open one by one.
"""

from __future__ import annotations

from studyguide.formats import Output, Rendition, file_name
from studyguide.render import render_quiz


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    data = render_quiz(guide).encode("utf-8")
    summary = f"{guide.answered_count} questions, {len(data) // 1024} KB"
    return (Output(file_name("quiz", guide.name), data, summary),)
