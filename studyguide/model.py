"""The study guide as immutable values: a Guide has Sections, a Section has Questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The pictures a guide may show from its folder, by suffix, with their media types. Not SVG:
# an SVG file can fetch other files and carry scripts of its own.
IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp",
}  # fmt: skip


@dataclass(frozen=True)
class Image:
    """A picture the guide shows from its own folder: the file, and how its pages refer to it."""

    path: Path
    href: str  # relative, '/'-separated, as written in the HTML
    media_type: str  # what its bytes are ("image/png"), whatever its name says


@dataclass(frozen=True)
class KeyPoint:
    """One line of an answer's gist: a lead term and the first sentence after it, or, without
    a term, a sentence or a short item whole."""

    term: str  # "" for a point that is only a sentence (a prose answer, a plain bullet)
    gist: str
    level: int  # 1 for the answer's top-level bullets, 2 for the bullets under them
    sub_terms: tuple[str, ...] = ()  # what a label's sub-points say ("Strengths:" and what)
    sub_leads: tuple[str, ...] = ()  # the same by their lead terms, for the tersest sheet
    code: str = ""  # a short code snippet the answer shows, as plain text


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question, as the guide lists it."""

    label: str  # the author's letter or number ("A", "b", "1"); empty for a task-list box
    text: str  # plain text, as the reader sees it
    text_html: str
    correct: bool  # marked as the answer (a checked box, or named by an "Answer: B" line)


@dataclass(frozen=True)
class Reading:
    """How one section was read: the convention chosen, every candidate's count, and why."""

    convention: str  # "heading", "list", ... or "none" when the section holds no questions
    candidates: tuple[tuple[str, int], ...]  # each convention tried, with its question count
    why: str


@dataclass(frozen=True)
class Question:
    """A numbered question with its answer, which may be empty ("tell your own story")."""

    id: str
    number: int  # the author's number when the guide gives one, else its place in the section
    prompt: str  # plain text, as the reader sees it
    prompt_html: str
    answer_html: str  # empty when the guide gives no answer
    key_points: tuple[KeyPoint, ...]
    line: int  # where the question starts in the source file
    choices: tuple[Choice, ...] = ()  # a multiple-choice question's options, in order
    stem_html: str = ""  # the question's own code, data or sub-parts, shown with it

    @property
    def answered(self) -> bool:
        """The guide gives an answer: text, or a choice marked correct."""
        return bool(self.answer_html) or any(choice.correct for choice in self.choices)


@dataclass(frozen=True)
class Section:
    """A ``##`` heading of the guide and the questions under it."""

    id: str
    title: str
    title_html: str
    intro_html: str  # anything written under the heading before the first question
    outro_html: str  # notes after the questions that belong to no answer
    questions: tuple[Question, ...]
    line: int = 0  # where its heading is in the source file
    source: Path = Path()  # the file it comes from (a book has several)
    reading: Reading | None = None  # how studyguide found its questions
    named_by_author: bool = True  # False: the guide gives it no heading, studyguide names it


@dataclass(frozen=True)
class Guide:
    """A whole study guide, ready to render into any format."""

    name: str  # the output files' base name, from the source file name
    source: Path
    title: str
    subtitle: str
    author: str
    date: str
    language: str
    description: str
    intro_html: str
    sections: tuple[Section, ...]
    convention: str = "list"  # how most of its sections write their questions (read/conventions/)
    images: tuple[Image, ...] = ()  # every local image the guide shows, once each
    language_origin: str = ""  # how the language was chosen: front matter, setting, detected

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for section in self.sections for question in section.questions)

    @property
    def answered_count(self) -> int:
        return sum(question.answered for question in self.questions)

    @property
    def unanswered_count(self) -> int:
        return len(self.questions) - self.answered_count
