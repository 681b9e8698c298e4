"""A right-to-left guide -> the same guide with its left-to-right runs isolated.

In Arabic or Hebrew text, an IPv6 address (``2001:db8::1``) or a version next to a Latin word
(``Python 3.11``) is reordered by the Unicode bidirectional algorithm: its colons and dots
take the direction of the text around them, and ``2001:db8::1`` shows as ``db8::1:2001``.
The rule: each maximal run of left-to-right text (it starts and ends with a Latin, Greek or
Cyrillic letter or a digit, and holds only those, spaces and punctuation) is isolated, unless
it is a plain number, which the algorithm already keeps whole. Code, keys and sample output
are isolated on their own (render.pages gives them dir="ltr").

In the guide's HTML the run becomes ``<bdi dir="ltr">``: <bdi> isolates it in browsers and
e-readers; WeasyPrint ignores <bdi> (and ``unicode-bidi: isolate``) but isolates an element
with a dir attribute. In its plain text (the title, section titles, prompts, choices and key
points, which the contents, the outline, the title's running head and the cards show) the
run is put between the Unicode isolate marks FIRST STRONG ISOLATE and POP DIRECTIONAL
ISOLATE, which all of them honour. (The section's running head is the text of its heading,
which a style sheet cannot take with its <bdi>: a run that starts with a Latin letter keeps its
order there anyway, one that starts with a digit may not.) This is done once, when the
guide's language is known, so that every format gets it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import replace

from studyguide.model import Choice, Guide, KeyPoint, Question, Section

# Elements whose text is left as it is: code has its own direction, <bdi> is isolated already.
KEPT = frozenset({"pre", "code", "kbd", "samp", "bdi", "math", "svg", "script", "style"})
TAG = re.compile(r"<!--.*?-->|<(?P<end>/?)(?P<name>[A-Za-z][\w:.-]*)(?P<rest>[^>]*)>", re.S)
STARTS = frozenset({"L", "EN"})  # a letter written left to right, or a digit
# What a run may hold between its first and last letter or digit: separators and terminators
# of numbers, common punctuation, other neutral signs and spaces (not line breaks).
CONTINUES = frozenset({"L", "EN", "ES", "ET", "CS", "ON", "WS", "NSM"})
PLAIN_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate_left_to_right(guide: Guide) -> Guide:
    """The guide with every left-to-right run in its HTML and its shown text isolated."""
    return replace(
        guide,
        title=isolated_text(guide.title),
        subtitle=isolated_text(guide.subtitle),
        intro_html=isolated_html(guide.intro_html),
        sections=tuple(_section(section) for section in guide.sections),
    )


def _section(section: Section) -> Section:
    return replace(
        section,
        title=isolated_text(section.title),
        title_html=isolated_html(section.title_html),
        intro_html=isolated_html(section.intro_html),
        outro_html=isolated_html(section.outro_html),
        questions=tuple(_question(question) for question in section.questions),
    )


def _question(question: Question) -> Question:
    return replace(
        question,
        prompt=isolated_text(question.prompt),
        prompt_html=isolated_html(question.prompt_html),
        answer_html=isolated_html(question.answer_html),
        stem_html=isolated_html(question.stem_html),
        key_points=tuple(_key_point(point) for point in question.key_points),
        choices=tuple(_choice(choice) for choice in question.choices),
    )


def _key_point(point: KeyPoint) -> KeyPoint:
    return replace(
        point,
        term=isolated_text(point.term),
        gist=isolated_text(point.gist),
        sub_terms=tuple(isolated_text(term) for term in point.sub_terms),
    )


def _choice(choice: Choice) -> Choice:
    return replace(
        choice, text=isolated_text(choice.text), text_html=isolated_html(choice.text_html)
    )


def isolated_html(fragment: str) -> str:
    """An HTML fragment with the left-to-right runs of its text in <bdi dir="ltr">, outside
    code and tags."""
    parts: list[str] = []
    kept = 0  # how deep inside an element whose text is left alone
    place = 0
    for tag in TAG.finditer(fragment):
        text = fragment[place : tag.start()]
        parts.append(text if kept else _isolated_text_of_html(text))
        parts.append(tag.group(0))
        place = tag.end()
        kept = _depth_after(tag, kept)
    tail = fragment[place:]
    parts.append(tail if kept else _isolated_text_of_html(tail))
    return "".join(parts)


def _depth_after(tag: re.Match[str], kept: int) -> int:
    """How deep inside elements left alone the text after a tag is."""
    if tag.group("name") is None:  # a comment
        return kept
    rest = tag.group("rest")
    closing, empty = tag.group("end") == "/", rest.endswith("/")
    if kept:
        return kept - 1 if closing else kept if empty else kept + 1
    opens_kept = tag.group("name").lower() in KEPT or " dir=" in f" {rest}"
    return 1 if opens_kept and not closing and not empty else 0


def _isolated_text_of_html(text: str) -> str:
    runs = left_to_right_runs(html.unescape(text))
    if not runs:
        return text
    plain = html.unescape(text)
    made, place = [], 0
    for start, end in runs:
        made.append(_escape(plain[place:start]))
        made.append(f'<bdi dir="ltr">{_escape(plain[start:end])}</bdi>')
        place = end
    made.append(_escape(plain[place:]))
    return "".join(made)


def isolated_text(text: str) -> str:
    """Plain text with each left-to-right run between Unicode isolate marks."""
    made, place = [], 0
    for start, end in left_to_right_runs(text):
        made.append(text[place:start])
        made.append(f"{FIRST_STRONG_ISOLATE}{text[start:end]}{POP_DIRECTIONAL_ISOLATE}")
        place = end
    made.append(text[place:])
    return "".join(made)


def left_to_right_runs(text: str) -> list[tuple[int, int]]:
    """Where each run of left-to-right text to isolate starts and ends."""
    runs = []
    index = 0
    while index < len(text):
        if unicodedata.bidirectional(text[index]) not in STARTS:
            index += 1
            continue
        end = look = index + 1
        while look < len(text) and unicodedata.bidirectional(text[look]) in CONTINUES:
            if unicodedata.bidirectional(text[look]) in STARTS:
                end = look + 1
            look += 1
        if not PLAIN_NUMBER.fullmatch(text[index:end]):
            runs.append((index, end))
        index = end
    return runs


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
