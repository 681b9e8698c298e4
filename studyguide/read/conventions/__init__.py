"""A guide's top-level blocks -> its sections and questions, read section by section.

A question is the unit that repeats within a section: the same kind of block at the same
level, each followed by its content. The guide's headings are first made into an outline;
at each heading studyguide decides whether its sub-headings are questions (``heading``) or
sections of their own, and the blocks of each section are read by whichever of these units
explains them best:

- ``list``: top-level items of a numbered list, or of a bullet list of questions (also items
  that hold a heading, and link lists whose link texts ask something);
- ``bold``: paragraphs that are entirely bold, or that a bold number or label leads
  (``**1)** …``, ``**Q1.** …``, ``**Question 4:** …``);
- ``details``: ``<details><summary>Question</summary> answer </details>`` blocks;
- ``qa``: ``Q: …`` paragraphs, each followed by its answer;
- ``card``: spaced-repetition cards (a question line, a line holding only ``?``, the answer);
- ``quote``: a paragraph followed by its answer in a block quote;
- ``table``: two-column question | answer tables;
- ``definition``: definition lists, the term asking and the definition answering.

A guide that marks every question (``container``: exercise containers; ``dialogue``: an
interviewer and a candidate) is read by those marks only.
How well a unit explains a section is how much of the section it covers; whether its texts
ask something (a question mark, a question word, an imperative, numbering) only breaks ties.
Front matter may name the convention for the guide or per section, or give a line ``pattern``.

Each public module of this folder is one convention and declares its record,
``CONVENTION = Convention(...)`` (see _convention.py); this module only collects them, in
the order of their places. Adding a convention is adding a module; two modules may not claim
one name or one place. The private modules are what the conventions share: the outline
(_outline), the choice of a convention per section (_sections, _choosing), what a guide shows
(_evidence), the refusal of what only looks like a guide (_refusal), and the reading of texts,
paragraphs, options and <details> blocks (_wording, _paragraphs, _choices, _details).
"""

from __future__ import annotations

import importlib
import pkgutil

from studyguide.read.conventions import _sections
from studyguide.read.conventions._choices import answer_key, choice_of, is_choice_list, is_sub_parts
from studyguide.read.conventions._convention import Convention
from studyguide.read.conventions._details import ANSWER_SUMMARY, DETAILS_CLOSE, details_summary
from studyguide.read.conventions._draft import QuestionDraft, SectionDraft, Segmented
from studyguide.read.conventions._evidence import Forced
from studyguide.read.conventions._wording import asks, author_number
from studyguide.read.pandoc import Node

__all__ = [
    "ANSWER_SUMMARY",
    "BLOCK_CONVENTIONS",
    "CONVENTIONS",
    "DESCRIPTIONS",
    "DETAILS_CLOSE",
    "REGISTRY",
    "Convention",
    "Forced",
    "QuestionDraft",
    "SectionDraft",
    "Segmented",
    "answer_key",
    "asks",
    "author_number",
    "choice_of",
    "details_summary",
    "is_choice_list",
    "is_sub_parts",
    "read",
]


def collect(package: str, folders: list[str]) -> dict[str, Convention]:
    """Every public module's CONVENTION, by name, in the order of their places; a module
    without one, or a name or place taken twice, is a bug."""
    found: list[Convention] = []
    for module_info in sorted(pkgutil.iter_modules(folders), key=lambda info: info.name):
        if module_info.name.startswith("_"):
            continue  # shared by the conventions, not one of them
        module = importlib.import_module(f"{package}.{module_info.name}")
        record = getattr(module, "CONVENTION", None)
        if not isinstance(record, Convention):
            raise TypeError(f"{module.__name__} declares no CONVENTION = Convention(...)")
        for other in found:
            if record.name == other.name or record.place == other.place:
                raise ValueError(f"{module.__name__} claims the name or place of '{other.name}'")
        if record.marks_every_question is not None and record.explains is None:
            raise TypeError(f"{module.__name__} marks every question but explains none")
        found.append(record)
    return {record.name: record for record in sorted(found, key=lambda record: record.place)}


REGISTRY: dict[str, Convention] = collect(__name__, __path__)
# The conventions the front matter may name, in order: all but the line pattern's.
CONVENTIONS: tuple[str, ...] = tuple(
    name for name, convention in REGISTRY.items() if not convention.by_pattern_only
)
# Those tried on the blocks of each section, in order: all but 'heading'.
BLOCK_CONVENTIONS: tuple[str, ...] = tuple(
    name for name in CONVENTIONS if REGISTRY[name].reader is not None
)
# What each looks like, for the error that says what was looked for.
DESCRIPTIONS: dict[str, str] = {name: REGISTRY[name].describes for name in CONVENTIONS}


NOTHING_NAMED = Forced()  # front matter that names no convention


def read(blocks: list[Node], forced: Forced = NOTHING_NAMED) -> Segmented:
    """Cut a guide's blocks into its intro and its sections of questions."""
    return _sections.read(blocks, forced, REGISTRY)
