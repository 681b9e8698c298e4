"""A rendered guide -> output/<name>-quiz.html: a self-quiz page that stands alone, offline.

Every answered question, its answer hidden until asked for; its script, styles and images are
inlined, so the one file works from a phone's downloads folder. Without JavaScript the page is
a plain list of questions whose answers open one by one.

The page's script finds its own elements by id ("navigation", "next"); an id written in the
guide's HTML gets the prefix GUIDE_ID, which no id of the page or of a question can start
with, so that an answer's id="navigation" cannot take the place of the page's own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypedDict

from studyguide import __version__
from studyguide.clock import build_time
from studyguide.format import Format, Output, Rendition
from studyguide.model import Guide, Question, Section
from studyguide.render import i18n, short_ids
from studyguide.render.i18n import Language
from studyguide.render.pages import embed_images, fill, shown_code, style
from studyguide.render.theme import Theme

GUIDE_ID = "guide_"  # question ids are made of a-z, 0-9 and '-': never this
# An id attribute in sanitized XHTML: inside a tag, where a '<' or '>' cannot be.
ID_ATTRIBUTE = re.compile(r'(<[A-Za-z][^<>]*?\sid=")')


class ReviewGuide(TypedDict):
    """What the review mode's script knows of the guide: whose history it keeps, and the
    short id of each question, by id."""

    guide: str  # the guide's name: the history's key, and what an imported file must name
    title: str
    ids: dict[str, str]


class QuizContext(TypedDict):
    guide: Guide
    language: Language
    questions: list[tuple[Section, Question, str, str]]  # and its shown code, and its answer
    css: str
    script: str
    storage_key: str
    review: ReviewGuide
    review_script: str  # the review mode (layouts/review.html): FSRS and its controls
    digits: str  # 0 to 9 as the language writes them, for the numbers the script writes
    plural_samples: dict[str, int]  # a count in each of the language's plural categories
    version: str
    built: str


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    data = render_quiz(guide, Theme(rendition.config.theme)).encode("utf-8")
    summary = f"{guide.answered_count} questions, {len(data) // 1024} KB"
    return (Output(FORMAT.file_names(guide.name)[0], data, summary),)


FORMAT = Format(
    name="quiz",
    description="the self-quiz web page, output/<guide>-quiz.html",
    label="quiz",
    files=("{name}-quiz.html",),
    inputs=(
        "layouts/quiz.html",
        "layouts/note.html",
        "layouts/macros.html",
        "styles/quiz.css",
        "styles/quiz.js",
        "styles/code.css",
        "styles/code-colours.css",
        "layouts/review.html",
        "styles/review.css",
        "styles/review.js",
        "styles/fsrs.js",
    ),
    build=build,
)


def render_quiz(guide: Guide, theme: Theme) -> str:
    """The self-quiz page: every answered question, its answer hidden until asked for."""
    code_css = f"{style('code.css', theme)}\n{style('code-colours.css', theme)}"
    words = i18n.words(guide.language)
    context: QuizContext = {
        "guide": guide,
        "language": words.language,
        "questions": [
            (s, q, *shown_code(q))
            for s in guide.sections
            for q in map(with_guide_ids, s.questions)
            if q.answered
        ],
        "css": f"{style('quiz.css', theme)}\n{style('review.css', theme)}\n{code_css}",
        "script": style("quiz.js", theme),
        "storage_key": f"studyguide-quiz:{guide.name}",
        "review": {"guide": guide.name, "title": guide.title, "ids": short_ids.of_guide(guide)},
        "review_script": f"{style('fsrs.js', theme)}\n{style('review.js', theme)}",
        "digits": "".join(words.number(digit) for digit in range(10)),
        "plural_samples": plural_samples(words.language),
        "version": __version__,
        "built": build_time().isoformat(),
    }
    return embed_images(fill(theme, "quiz.html", context, guide.language), guide)


def with_guide_ids(question: Question) -> Question:
    """A question whose HTML's own ids carry the prefix GUIDE_ID."""

    def prefixed(html: str) -> str:
        return ID_ATTRIBUTE.sub(rf"\g<1>{GUIDE_ID}", html)

    return replace(
        question,
        prompt_html=prefixed(question.prompt_html),
        answer_html=prefixed(question.answer_html),
        choices=tuple(replace(c, text_html=prefixed(c.text_html)) for c in question.choices),
    )


def plural_samples(language: Language) -> dict[str, int]:
    """The smallest count in each plural category (CLDR's names, as Intl.PluralRules gives
    them) of a language: {"one": 1, "other": 0} in English. "other" is always there."""
    samples: dict[str, int] = {}
    rule = language.locale.plural_form if language.locale else None
    for count in range(1000):
        samples.setdefault(rule(count) if rule else "one" if count == 1 else "other", count)
    samples.setdefault("other", 100)  # Russian counts no whole number as "other"
    return samples
