"""A parsed guide -> the same guide with each multiple-choice answer said once.

A multiple-choice question whose correct choices are known shows them marked among its
choices, in every format. What the author wrote to name them again is left out of the answer,
so that it is not said two or three times: a line that only names the correct letters
("Correct answer: D", "#### Answer: B, E") and the <details> toggle labelled "Answer" that
held it (its content stays). What remains is the explanation, or nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree
from lxml import html as lxml_html

from studyguide.model import Guide, Question
from studyguide.read.containers import ROLES
from studyguide.read.sanitize import inner_xhtml

# The words that name an answer, in the languages studyguide reads containers in ("Answer",
# "Resposta", "Ответ"): a toggle or a line may name the correct choices with them.
ANSWER_WORDS = "|".join(
    sorted(
        (re.escape(word) for word, role in ROLES.items() if role == "answer"),
        key=len,
        reverse=True,
    )
)
# The label of a toggle that only hides the answer: "Answer", "Show the solution", "Answers:".
ANSWER_LABEL = re.compile(
    rf"(show\s+)?(the\s+)?(correct\s+)?({ANSWER_WORDS}|explanation)s?\s*[:\uff1a]?",
    re.IGNORECASE,
)
# A line that only names the correct choices: "Correct answer: D", "Answer: B, E", "Answer - C."
NAMED_CHOICES = re.compile(
    rf"(the\s+)?(correct\s+)?({ANSWER_WORDS})s?(\s+is)?\s*[:\uff1a.\-\u2013\u2014]?\s*"
    r"(?P<labels>[A-Za-z0-9]{1,2}(\s*(,|&|/|\band\b)\s*[A-Za-z0-9]{1,2})*)\s*\.?",
    re.IGNORECASE,
)
LABEL = re.compile(r"[A-Za-z0-9]{1,2}")
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "div")


def said_once(guide: Guide) -> Guide:
    """The guide with the answers of its multiple-choice questions said once."""
    sections = []
    for section in guide.sections:
        questions = tuple(answer_said_once(question) for question in section.questions)
        changed = any(a is not b for a, b in zip(questions, section.questions, strict=True))
        sections.append(replace(section, questions=questions) if changed else section)
    if all(a is b for a, b in zip(sections, guide.sections, strict=True)):
        return guide
    return replace(guide, sections=tuple(sections))


def answer_said_once(question: Question) -> Question:
    """A question whose answer no longer names the correct choices its choices already mark."""
    correct = {choice.label.lower() for choice in question.choices if choice.correct}
    if not correct or "" in correct or not question.answer_html.strip():
        return question
    parser = lxml_html.HTMLParser(huge_tree=True)
    root = lxml_html.fragment_fromstring(question.answer_html, create_parent="div", parser=parser)
    changed = _open_answer_toggles(root)
    changed = _drop_named_choices(root, correct) or changed
    if not changed:
        return question
    return replace(question, answer_html=inner_xhtml(root))


def _open_answer_toggles(root: etree._Element) -> bool:
    """Replace each top-level <details> labelled only "Answer" with what it holds."""
    changed = False
    for details in root.findall("details"):
        summary = details.find("summary")
        if summary is None or not ANSWER_LABEL.fullmatch(_text(summary)):
            continue
        details.remove(summary)
        if summary.tail and summary.tail.strip():
            details.text = (details.text or "") + summary.tail
        details.drop_tag()
        changed = True
    return changed


def _drop_named_choices(root: etree._Element, correct: set[str]) -> bool:
    """Drop the answer's first line when it only names the correct choices."""
    if (root.text or "").strip():
        first_line, _, rest = root.text.strip().partition("\n")
        if not _names(first_line, correct):
            return False
        root.text = rest
        return True
    first = root[0] if len(root) else None
    if first is None or first.tag not in BLOCKS or not _names(_text(first), correct):
        return False
    tail = first.tail
    root.remove(first)
    if tail and tail.strip():
        root.text = tail
    return True


def _names(line: str, correct: set[str]) -> bool:
    """Whether a line says only which choices are correct, naming exactly those."""
    found = NAMED_CHOICES.fullmatch(line.strip())
    if not found:
        return False
    named = {label.lower() for label in LABEL.findall(re.sub(r"\band\b", ",", found["labels"]))}
    return named == correct


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())
