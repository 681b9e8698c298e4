"""A question's text -> what it says: whether it asks something, and the number it was given."""

from __future__ import annotations

import re

from studyguide.read import containers, tree
from studyguide.read.pandoc import Node

CJK_NUMERALS = "一二三四五六七八九十百"
NUMBER = re.compile(
    r"^\s*(?:(?P<arabic>\d{1,4})\s*[.)、:\uff0e]|(?P<cjk>[一二三四五六七八九十百]+)\s*[、.\uff0e:\uff1a\s])\s*",
)
LABEL = re.compile(
    r"^\s*(?:q(?:uestion)?|card|exercise|problem|task|quiz|ex\.?|вопрос|pregunta|pergunta|"
    r"задача|问题|题目?)\s*#?\s*(?P<number>\d{1,4})?\s*[.:)\-\u2013\u2014]?\s*$",
    re.IGNORECASE,
)
ASKING_WORDS = re.compile(
    r"^(?:\W*)(what|why|how|when|where|which|who|whom|whose|tell|describe|explain|give|talk|"
    r"share|walk|imagine|name|list|compare|discuss|define|outline|present|can|could|do|does|"
    r"did|is|are|was|were|have|has|would|should|will|if|in what|suppose|create|write|"
    r"implement|make|find|build|design|show|consider|given|calculate|compute|prove|derive|"
    r"convert|declare|print|reverse|sort|swap|solve|use|print|difference|"
    r"qué|que|cómo|como|cuál|cuáles|cuándo|dónde|por qué|explica|describe|o que|qual|quais|"
    r"explique|descreva|что|как|какой|какие|каким|зачем|почему|чем|объясните|напишите|"
    r"опишите|расскажите|реализовать|реализуйте|найти|найдите|исправить|исправьте|объяснить|"
    r"переписать|перепишите|нарисовать|написать|описать|сравнить|сравните|"
    r"що|як|яка|який|які|поясніть|опишіть|"
    r"说说|解释|什么|如何|怎么|为什么|谈谈|简述|请|무엇|어떻게|왜)\b",
    re.IGNORECASE,
)
ASKING_ANYWHERE = re.compile(r"[?\uff1f\u061f]|^\W*¿|什么|为什么|如何|怎么|区别|理解")
ANSWER_SECTION = re.compile(r"\b(answers?|answer key|solutions?|respuestas?|ответы)\b", re.I)
QUESTION_PREFIX = re.compile(r"^\s*q(?:uestion)?\s*(?:\d{1,4}\s*[.:)]?|[.:)])(?=\s|$)", re.I)
QUESTION_NOUN = re.compile(r"question|вопрос|pregunta|pergunta|питання|问题|질문", re.I)


def asks(text: str) -> bool:
    """Whether a text asks or sets something: a question mark, a question word, an imperative,
    or a label such as "Question 3" or "Challenge 2: …"; only a tie-breaker between units."""
    bare = NUMBER.sub("", text, count=1).strip()
    return bool(
        ASKING_ANYWHERE.search(bare)
        or ASKING_WORDS.match(bare)
        or LABEL.match(text)
        or _numbered_task(text)
    )


def _numbered_task(text: str) -> bool:
    """A title that a question word and a number lead: 'Challenge 2: XSS', 'Übung 3.1'."""
    match = re.match(r"^\W*(\w[\w']*)\s*#?\s*\d{1,4}(?:\.\d{1,3})*\b", text)
    return match is not None and containers.role_of_words(match.group(1)) == "question"


def author_number(text: str) -> int | None:
    """The number an author wrote before a question: '12. …', '3) …', '十一、…', 'Q4: …'."""
    match = NUMBER.match(text)
    if match is None:
        match = re.match(r"^\s*q(?:uestion)?\s*(\d{1,4})\b", text, re.IGNORECASE)
        return int(match.group(1)) if match else None
    if match.group("arabic"):
        return int(match.group("arabic"))
    return cjk_number(match.group("cjk"))


def cjk_number(numeral: str) -> int | None:
    """一 -> 1, 十一 -> 11, 二十三 -> 23; None for what is not such a numeral."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    total, current = 0, 0
    for character in numeral:
        if character in digits:
            current = digits[character]
        elif character == "十":
            total += (current or 1) * 10
            current = 0
        elif character == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def without_number(inlines: list[Node]) -> tuple[list[Node], int | None]:
    """A question's inlines without the author's leading number (or an anchor before it)."""
    content: list[Node] = tree.strip_positions(inlines)
    while content and _unseen(content[0]):
        content = content[1:]
    if not content or content[0]["t"] != "Str":
        return content, None
    first = content[0]["c"]
    if len(content) > 1 and content[1]["t"] == "Space":
        first += " "  # "二 数组…": the space after the numeral separates it
    number = author_number(tree.plain_text(content))
    match = NUMBER.match(first) or QUESTION_PREFIX.match(first)
    if match is None:
        return content, None
    rest = first[match.end() :]
    content = ([{"t": "Str", "c": rest}] if rest else []) + content[1:]
    while content and content[0]["t"] in {"Space", "SoftBreak"}:
        content = content[1:]
    return content, number


def _unseen(node: Node) -> bool:
    """Whether an inline shows nothing before a question's text: a space, an empty anchor."""
    if node["t"] == "RawInline":
        return not tree.plain_text([node]).strip()
    if node["t"] == "Span":
        return not tree.plain_text(tree.inner_inlines(node)).strip()
    return node["t"] in {"Space", "SoftBreak"}
