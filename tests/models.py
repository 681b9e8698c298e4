"""Small guides made by hand, for tests that need a model without reading Markdown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from studyguide.model import Guide, KeyPoint, Question, Section


def question(
    number: int, prompt: str, answer_html: str = "", line: int = 0, section: str = "s"
) -> Question:
    return Question(
        id=f"{section}-q{number}",
        number=number,
        prompt=prompt,
        prompt_html=prompt,
        answer_html=answer_html,
        key_points=(KeyPoint("Term", "its gist", 1),) if answer_html else (),
        line=line or number + 2,
    )


def section(
    title: str, *questions: Question, line: int = 1, source: Path = Path("g.md")
) -> Section:
    return Section(
        id=title.lower().replace(" ", "-"),
        title=title,
        title_html=title,
        intro_html="",
        outro_html="",
        questions=questions,
        line=line,
        source=source,
    )


def guide(*sections: Section, source: Path = Path("g.md"), **front_matter: Any) -> Guide:
    """A guide of these sections; front matter gives title, subtitle, author, date..."""
    made = Guide(
        name=source.stem,
        source=source,
        title="A guide",
        subtitle="",
        author="",
        date="",
        language="en",
        description="",
        intro_html="",
        sections=sections,
    )
    return replace(made, **front_matter)
