"""Sections read as questions -> the same, with questions that only look like a guide's
taken back into the text: a meeting's minutes, a few questions in a document about another
thing."""

from __future__ import annotations

import re

from studyguide.model import Reading
from studyguide.read import containers, tree
from studyguide.read.conventions._draft import SectionDraft
from studyguide.read.conventions._evidence import Rules
from studyguide.read.pandoc import Node

# A speaker's name leading what they asked, as minutes write it: 'Josh: shouldn't …?'
SPEAKER_NAME = re.compile(r"^([A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20})?):\s")
# Below this share of the text, questions are asides in a document about something else.
LEAST_SHARE = 0.03
LONE_SHARE = 0.2  # a single unmarked question must be at least this much of the text
LONE_DOCUMENT = 1000  # of a document this long (in characters)


def refuse_what_is_not_studied(
    sections: list[SectionDraft], blocks: list[Node], rules: Rules
) -> None:
    """Take back questions that only look like a guide's: a meeting's queue of questions
    asked by named people, and a few questions lost in a document about something else
    (unless the author marks them or a heading names them)."""
    for section in sections:
        explicit = section.reading is not None and rules.marks_every_question(
            section.reading.convention
        )
        speakers = _speakers(section)
        if section.questions and not explicit and speakers is not None:
            take_back(section, f"questions asked by {speakers} named speakers: minutes")
    if not (rules.forced.default or rules.forced.sections or rules.evidence.explicit):
        _refuse_asides([section for section in sections if section.questions], blocks)


def _refuse_asides(studied: list[SectionDraft], blocks: list[Node]) -> None:
    """Take back the questions of a document about something else: they are a small share of
    its text, or only one in a long document, and no heading names them."""
    if any(containers.role_of_words(tree.plain_text(s.heading)) == "question" for s in studied):
        return
    total = len(tree.plain_text(blocks)) or 1
    asked = sum(
        len(tree.plain_text(q.heading)) + len(tree.plain_text([*q.stem, *q.blocks]))
        for section in studied
        for q in section.questions
    )
    count = sum(len(section.questions) for section in studied)
    # one FAQ entry in a project's README (a short note of one question is a guide)
    lone = count == 1 and asked < LONE_SHARE * total and total > LONE_DOCUMENT
    if studied and (asked < LEAST_SHARE * total or lone):
        for section in studied:
            take_back(section, f"its questions are {asked / total:.1%} of the document's text")


def _speakers(section: SectionDraft) -> int | None:
    """How many named people ask a section's questions, if they are minutes: at least half
    of its questions open with a name, and two names or more that no interview uses."""
    speakers = [SPEAKER_NAME.match(tree.plain_text(q.heading)) for q in section.questions]
    names = {match.group(1) for match in speakers if match is not None}
    if (
        sum(match is not None for match in speakers) * 2 >= len(speakers)
        and len(names) >= 2
        and not names & {"Q", "Question", "Interviewer"}
    ):
        return len(names)
    return None


def take_back(section: SectionDraft, why: str) -> None:
    """A section's questions back into its text, in order."""
    text = list(section.blocks)
    for question in section.questions:
        inside = {id(node) for node, _ in tree.walk(question.original, blocks=True)}
        text += question.original + [b for b in question.blocks if id(b) not in inside]
    section.blocks, section.questions, section.after = text + section.after, [], []
    candidates = section.reading.candidates if section.reading else ()
    section.reading = Reading("none", candidates, why)
