"""A normalized guide's pandoc AST -> model.Guide.

Noise (copied tables of contents, badges, MDX lines...) is taken away first; the guide's
convention (see conventions.py) then cuts it into sections and questions. All the HTML
of a guide is made by one pandoc call.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from studyguide import conventions, pandoc, tree
from studyguide.conventions import CONVENTIONS, DESCRIPTIONS, Draft
from studyguide.errors import Finding, GuideError
from studyguide.model import Guide, KeyPoint, Question, Section
from studyguide.noise import without_noise
from studyguide.normalize import NormalizedGuide
from studyguide.pandoc import Node
from studyguide.sanitize import sanitize

HOW_TO_WRITE = "write '## Section' headings with numbered questions ('1. …') under them"
ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "etc", "cf", "approx", "incl", "esp", "resp"})
GIST_WORDS = 14
PLACEHOLDER = re.compile(r"^(answer here|todo|tbd|to do|coming soon|fixme|\.\.\.|…)[.!]?$", re.I)
RAW_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.I | re.DOTALL)


def parse_guide(
    normalized: NormalizedGuide,
    name: str,
    language: str,
    *,
    chapter: bool = False,
    max_image_bytes: int = 10_000_000,
) -> tuple[Guide, tuple[Finding, ...]]:
    """Build the Guide from a normalized document; raise GuideError if it holds no questions.

    A ``chapter`` of a book needs no title: its '#' heading, or else its file name, is the
    title of its section, unless it has '##' sections of its own.
    """
    source, meta = normalized.source, normalized.front_matter
    findings: list[Finding] = []
    blocks = without_noise(tree.unwrap(normalized.document["blocks"]))
    if chapter:
        blocks = _chapter_sections(blocks, source)

    title = str(meta.get("title") or "")
    if blocks and blocks[0]["t"] == "Header" and blocks[0]["c"][0] == 1:
        heading = blocks.pop(0)
        title = title or tree.plain_text(heading["c"][2])
    title = title or _title_from_raw_html(blocks)
    if not title:
        title = title_from_file(source)
        if not chapter:  # a chapter's title is its section's; only a whole guide needs one
            findings.append(
                Finding(
                    source,
                    1,
                    f"the guide has no title; calling it '{title}' (add a '# Title' line)",
                )
            )

    named = meta.get("questions")
    if named is None:
        convention, segmented = conventions.detect(blocks)
    elif str(named) in CONVENTIONS:
        convention, segmented = str(named), conventions.segment(blocks, str(named))
    else:
        raise GuideError(
            f"unknown question convention '{named}' in the front matter",
            f"write 'questions:' as one of {', '.join(CONVENTIONS)}",
            source,
            1,
        )
    if not any(section.questions for section in segmented.sections):
        tried = "; ".join(DESCRIPTIONS[name] for name in CONVENTIONS)
        raise GuideError(
            f"no questions found (tried {tried})",
            HOW_TO_WRITE,
            source,
            tree.first_line(blocks) or 1,
        )
    for section in segmented.sections:
        for number, question in enumerate(section.questions, start=1):
            _check_prompt(question, source)
            if question.misplaced:
                findings.append(
                    Finding(
                        source,
                        tree.first_line(question.misplaced) or question.line,
                        f"a list after question {number} is not indented under it; "
                        "read as its answer (indent it to say so)",
                    )
                )
    guide = _render(
        normalized,
        name=name,
        title=title,
        meta=meta,
        language=language,
        intro=segmented.intro,
        sections=segmented.sections,
        convention=convention,
        findings=findings,
        max_image_bytes=max_image_bytes,
    )
    return guide, tuple(findings)


def _chapter_sections(blocks: list[Node], source: Path) -> list[Node]:
    """A chapter's blocks with a '##' section heading where the chapter has none of its own."""
    has_sections = any(b["t"] == "Header" and b["c"][0] == 2 for b in blocks)
    if has_sections:
        return blocks
    heading: list[Node] = [{"t": "Str", "c": title_from_file(source)}]
    line = 1
    if blocks and blocks[0]["t"] == "Header" and blocks[0]["c"][0] == 1:
        first = blocks.pop(0)
        heading, line = first["c"][2], tree.line_of(first) or 1
    section = {"t": "Header", "c": [2, ["", [], [["data-pos", f"{line}:1-{line}:1"]]], heading]}
    return [section, *blocks]


def _title_from_raw_html(blocks: list[Node]) -> str:
    for block in blocks:
        if block["t"] == "Header":
            return ""
        if block["t"] == "RawBlock" and (match := RAW_H1.search(block["c"][1])):
            return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())
    return ""


def title_from_file(source: Path) -> str:
    """'02-system-design.md' -> 'System design'; a README.md or index.md takes its folder's name."""
    stem = source.parent.name if source.stem.lower() in {"readme", "index"} else source.stem
    words = " ".join(re.sub(r"[-_]+", " ", re.sub(r"^\d+[-_. ]+", "", stem)).split())
    return words[:1].upper() + words[1:] if words else "Study guide"


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value or "")


def _check_prompt(question: Draft, source: Path) -> None:
    if not any(character.isalnum() for character in tree.plain_text(question.heading)):
        raise GuideError(
            "a question has no words, only punctuation or nothing",
            "write the question's text after its number, or remove the empty item",
            source,
            question.line,
        )


def _render(
    normalized: NormalizedGuide,
    *,
    name: str,
    title: str,
    meta: dict[str, Any],
    language: str,
    intro: list[Node],
    sections: list[Draft],
    convention: str,
    findings: list[Finding],
    max_image_bytes: int,
) -> Guide:
    """Turn every fragment into HTML in one pandoc call and assemble the Guide."""
    answers = [[_answer_blocks(q.blocks) for q in section.questions] for section in sections]
    fragments: list[list[Node]] = [_clean(intro)]
    lines = [tree.first_line(intro) or 1]
    for section, section_answers in zip(sections, answers, strict=True):
        fragments += [[_plain(section.heading)], _clean(section.blocks), _clean(section.after)]
        lines += [section.line] * 3
        for question, answer in zip(section.questions, section_answers, strict=True):
            fragments += [[_plain(question.heading)], answer]
            lines += [question.line] * 2
    raw_html = pandoc.write_html_fragments(normalized.document["pandoc-api-version"], fragments)
    folder = normalized.source.parent
    cleaned = [
        sanitize(fragment, folder, normalized.source, line, max_image_bytes)
        for fragment, line in zip(raw_html, lines, strict=True)
    ]
    findings.extend(finding for item in cleaned for finding in item.findings)
    images = {image.href: image for item in cleaned for image in item.images}
    html = iter(item.xhtml for item in cleaned)

    intro_html = next(html)
    section_ids = unique_ids(
        slug(tree.plain_text(section.heading)) or "section" for section in sections
    )
    built = []
    for section, section_id, section_answers in zip(sections, section_ids, answers, strict=True):
        title_html, section_intro, section_after = next(html), next(html), next(html)
        questions = []
        for number, (draft, answer) in enumerate(
            zip(section.questions, section_answers, strict=True), start=1
        ):
            prompt_html, answer_html = next(html), next(html)
            answer_text = tree.plain_text(answer).strip()
            placeholder = PLACEHOLDER.match(answer_text) is not None
            if placeholder:
                findings.append(
                    Finding(
                        normalized.source,
                        draft.line,
                        f"the answer is a placeholder ('{answer_text}'); "
                        "the question counts as unanswered",
                    )
                )
            questions.append(
                Question(
                    id=question_id(section_id, number),
                    number=number,
                    prompt=tree.plain_text(draft.heading),
                    prompt_html=prompt_html,
                    answer_html="" if placeholder else answer_html,
                    key_points=key_points(answer),
                    line=draft.line,
                )
            )
        built.append(
            Section(
                id=section_id,
                title=tree.plain_text(section.heading),
                title_html=title_html,
                intro_html=section_intro,
                outro_html=section_after,
                questions=tuple(questions),
                line=section.line,
                source=normalized.source,
            )
        )
    return Guide(
        name=name,
        source=normalized.source,
        title=title,
        subtitle=str(meta.get("subtitle") or ""),
        author=_text(meta.get("author")),
        date=str(meta.get("date") or ""),
        language=str(meta.get("lang") or meta.get("language") or language),
        description=str(meta.get("description") or ""),
        intro_html=intro_html,
        sections=tuple(built),
        convention=convention,
        images=tuple(images[href] for href in sorted(images)),
    )


def _answer_blocks(blocks: list[Node]) -> list[Node]:
    """An answer's blocks without the wrappers around it: answer-revealing <details>, rules."""
    kept = []
    for block in _clean(blocks):
        if block["t"] == "RawBlock":
            summary = conventions.details_summary(block)
            if summary is not None and conventions.ANSWER_SUMMARY.match(summary):
                continue
            if conventions.DETAILS_CLOSE.match(block["c"][1]):
                continue
        kept.append(block)
    while kept and kept[-1]["t"] == "HorizontalRule":
        kept.pop()
    while kept and kept[0]["t"] == "HorizontalRule":
        kept.pop(0)
    return kept


def _clean(blocks: list[Node]) -> list[Node]:
    """Blocks without source positions, and headings without ids: the layouts give the ids,
    and ids made from heading text collide (a guide may have a hundred "Answer" headings)."""
    cleaned: list[Node] = tree.strip_positions(blocks)
    for node, _ in tree.walk(cleaned, blocks=True):
        if node["t"] == "Header":
            node["c"][1][0] = ""
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


def question_id(section_id: str, number: int) -> str:
    """A question's anchor: its section's id and its number there, 'databases-q3'."""
    return f"{section_id}-q{number}"


def parse_book(
    chapters: list[NormalizedGuide],
    folder: Path,
    name: str,
    language: str,
    *,
    max_image_bytes: int = 10_000_000,
) -> tuple[Guide, tuple[Finding, ...]]:
    """A book's chapters, each parsed as a guide of its own, bound into one Guide.

    The first chapter's front matter describes the book; each chapter's findings come in
    the order of its lines.
    """
    parsed = [
        parse_guide(chapter, name, language, chapter=True, max_image_bytes=max_image_bytes)
        for chapter in chapters
    ]
    title = str(chapters[0].front_matter.get("title") or title_from_file(folder / "index.md"))
    findings = tuple(
        finding
        for chapter, (_, parse_findings) in zip(chapters, parsed, strict=True)
        for finding in sorted((*chapter.findings, *parse_findings), key=lambda f: f.line)
    )
    return bind_chapters(folder, title, [guide for guide, _ in parsed]), findings


def bind_chapters(folder: Path, title: str, chapters: list[Guide]) -> Guide:
    """One Guide of several chapters' sections, with ids unique across the book."""
    sections = [section for chapter in chapters for section in chapter.sections]
    ids = unique_ids(section.id for section in sections)
    bound = tuple(
        replace(
            section,
            id=section_id,
            questions=tuple(
                replace(q, id=question_id(section_id, q.number)) for q in section.questions
            ),
        )
        for section, section_id in zip(sections, ids, strict=True)
    )
    images = {image.href: image for chapter in chapters for image in chapter.images}
    return replace(
        chapters[0],
        source=folder,
        title=title,
        sections=bound,
        images=tuple(images[href] for href in sorted(images)),
    )
