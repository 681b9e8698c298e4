"""A normalized guide's pandoc AST -> model.Guide.

The seed's convention: ``#`` is the guide's title, each ``##`` a section, each top-level item
of a numbered list in a section a question, and the blocks nested under the item its answer.
Blocks that follow a question's list item at the top level still belong to its answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from studyguide import pandoc, tree
from studyguide.errors import GuideError
from studyguide.model import Guide, KeyPoint, Question, Section
from studyguide.normalize import NormalizedGuide
from studyguide.pandoc import Node

HOW_TO_WRITE = (
    "write a '# Title', then '## Section' headings with numbered questions ('1. …') under them"
)
ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "etc", "cf", "approx", "incl", "esp", "resp"})
GIST_WORDS = 14


@dataclass
class _Draft:
    """A question or section while its blocks are being gathered (never leaves this module)."""

    heading: list[Node]
    line: int
    blocks: list[Node] = field(default_factory=list)
    questions: list[_Draft] = field(default_factory=list)


def parse_guide(normalized: NormalizedGuide, name: str, language: str) -> Guide:
    """Build the Guide from a normalized document; raise GuideError if it is not a study guide."""
    source = normalized.source
    meta = normalized.front_matter
    blocks = list(tree.unwrap(normalized.document["blocks"]))

    title_inlines: list[Node] = []
    if blocks and blocks[0]["t"] == "Header" and blocks[0]["c"][0] == 1:
        title_inlines = blocks.pop(0)["c"][2]
    title = str(meta.get("title") or tree.plain_text(title_inlines))
    if not title:
        raise GuideError(
            "the guide has no title", f"start it with '# Title'; {HOW_TO_WRITE}", source, 1
        )

    intro: list[Node] = []
    sections: list[_Draft] = []
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] <= 2:
            sections.append(_Draft(block["c"][2], tree.line_of(block) or 1))
        elif not sections:
            intro.append(block)
        elif block["t"] == "OrderedList":
            for item in tree.list_items(block):
                _add_question(sections[-1], item, source)
        elif sections[-1].questions:
            sections[-1].questions[-1].blocks.append(block)
        else:
            sections[-1].blocks.append(block)

    if not sections:
        raise GuideError(
            "the guide has no '## Section' headings",
            HOW_TO_WRITE,
            source,
            tree.first_line(blocks) or 1,
        )
    if not any(section.questions for section in sections):
        raise GuideError(
            "no questions found: no numbered list items under the '##' sections",
            HOW_TO_WRITE,
            source,
            sections[0].line,
        )
    return Guide(
        **_render(
            normalized,
            name=name,
            title=title,
            meta=meta,
            language=language,
            intro=intro,
            sections=sections,
        )
    )


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value or "")


def _add_question(section: _Draft, item: list[Node], source: Any) -> None:
    blocks = list(tree.unwrap(item))
    line = tree.first_line(item) or section.line
    if blocks and blocks[0]["t"] in {"Para", "Plain"}:
        heading, answer = blocks[0]["c"], blocks[1:]
    else:
        heading, answer = [], blocks
    if not any(character.isalnum() for character in tree.plain_text(heading)):
        raise GuideError(
            "a question has no words, only punctuation or nothing",
            "write the question's text after its number, or remove the empty list item",
            source,
            line,
        )
    section.questions.append(_Draft(heading, line, answer))


def _render(
    normalized: NormalizedGuide,
    *,
    name: str,
    title: str,
    meta: dict[str, Any],
    language: str,
    intro: list[Node],
    sections: list[_Draft],
) -> dict[str, Any]:
    """Turn every fragment into HTML in one pandoc call and assemble the Guide's fields."""
    fragments: list[list[Node]] = [_clean(intro)]
    for section in sections:
        fragments += [[_plain(section.heading)], _clean(section.blocks)]
        for question in section.questions:
            fragments += [[_plain(question.heading)], _clean(question.blocks)]
    html = iter(pandoc.write_html_fragments(normalized.document["pandoc-api-version"], fragments))

    intro_html = next(html)
    section_ids = unique_ids(
        slug(tree.plain_text(section.heading)) or "section" for section in sections
    )
    built = []
    for section, section_id in zip(sections, section_ids, strict=True):
        title_html, section_intro = next(html), next(html)
        questions = []
        for number, draft in enumerate(section.questions, start=1):
            prompt_html, answer_html = next(html), next(html)
            questions.append(
                Question(
                    id=f"{section_id}-q{number}",
                    number=number,
                    prompt=tree.plain_text(draft.heading),
                    prompt_html=prompt_html,
                    answer_html=answer_html,
                    key_points=key_points(_clean(draft.blocks)),
                    line=draft.line,
                )
            )
        built.append(
            Section(
                section_id,
                tree.plain_text(section.heading),
                title_html,
                section_intro,
                tuple(questions),
            )
        )
    return {
        "name": name,
        "source": normalized.source,
        "title": title,
        "subtitle": str(meta.get("subtitle") or ""),
        "author": _text(meta.get("author")),
        "date": str(meta.get("date") or ""),
        "language": str(meta.get("lang") or meta.get("language") or language),
        "description": str(meta.get("description") or ""),
        "intro_html": intro_html,
        "sections": tuple(built),
    }


def _clean(blocks: list[Node]) -> list[Node]:
    cleaned: list[Node] = tree.strip_positions(blocks)
    return cleaned


def _plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": tree.strip_positions(inlines)}


def slug(text: str) -> str:
    """A readable anchor from a heading: 'Data Science & AI' -> 'data-science-ai'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    joined = "-".join(words)[:60].strip("-")
    return f"s-{joined}" if joined[:1].isdigit() else joined


def unique_ids(candidates: Iterable[str]) -> list[str]:
    """Make ids unique in order of appearance: 'basics', 'basics-2', 'basics-3'..."""
    seen: dict[str, int] = {}
    ids = []
    for candidate in candidates:
        count = seen.get(candidate, 0) + 1
        seen[candidate] = count
        ids.append(candidate if count == 1 else f"{candidate}-{count}")
    return ids


def key_points(answer: list[Node]) -> tuple[KeyPoint, ...]:
    """The lead terms of an answer's bullets (two levels deep), each with its first clause."""
    points: list[KeyPoint] = []
    for block in answer:
        if block["t"] not in tree.LISTS:
            continue
        for item in tree.list_items(block):
            points.extend(_key_point(item, 1))
            for child in item[1:]:
                if child["t"] in tree.LISTS:
                    for sub_item in tree.list_items(child):
                        points.extend(_key_point(sub_item, 2))
    return tuple(points)


def _key_point(item: list[Node], level: int) -> list[KeyPoint]:
    if not item or item[0]["t"] not in {"Para", "Plain"}:
        return []
    inlines = list(item[0]["c"])
    while inlines and inlines[0]["t"] == "Space":
        inlines.pop(0)
    if inlines and inlines[0]["t"] == "Strong":
        term = tree.plain_text(inlines[0]["c"]).rstrip(":").strip()
        rest = tree.plain_text(inlines[1:]).lstrip(":-\u2013\u2014 ").strip()
        return [KeyPoint(term, first_clause(rest), level)] if term else []
    text = tree.plain_text(inlines)
    if text.endswith(":") and len(text.split()) <= 6:
        return [KeyPoint(text.rstrip(":").strip(), "", level)]
    return []


def first_clause(text: str, most_words: int = GIST_WORDS) -> str:
    """The start of an explanation up to its first clause break, cut at a word boundary."""
    depth = 0
    end = len(text)
    for index, character in enumerate(text):
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and character in ".,;:" and text[index + 1 : index + 2] in {" ", ""}:
            word = text[:index].rsplit(" ", 1)[-1].lower()
            if character == "." and word in ABBREVIATIONS:
                continue
            end = index
            break
    clause = text[:end].strip()
    words = clause.split()
    if len(words) > most_words:
        return " ".join(words[:most_words]).rstrip(",;:") + "\u2026"
    return clause
