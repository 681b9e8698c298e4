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

How well a unit explains a section is how much of the section it covers; whether its texts
ask something (a question mark, a question word, an imperative, numbering) only breaks ties.
Front matter may name the convention for the guide or per section.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from studyguide.model import Reading
from studyguide.read import containers, tree
from studyguide.read.pandoc import Node

BLOCK_CONVENTIONS = (
    "container",
    "dialogue",
    "list",
    "bold",
    "details",
    "qa",
    "card",
    "quote",
    "table",
    "definition",
)
CONVENTIONS = ("heading", *BLOCK_CONVENTIONS)
DESCRIPTIONS = {
    "heading": "headings under section headings",
    "container": "exercise and solution containers (fenced divs, directives, callouts)",
    "dialogue": "interview dialogues ('**Interviewer:** …' answered by '**Candidate:** …')",
    "list": "numbered list items or bullet lists of questions",
    "bold": "bold paragraphs or bold-numbered paragraphs",
    "details": "<details><summary> blocks",
    "qa": "'Q:' paragraphs",
    "card": "cards with a '?' line between question and answer",
    "quote": "paragraphs answered in a block quote",
    "table": "two-column question | answer tables",
    "definition": "definition lists",
}

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
ANSWER_KEY = re.compile(
    r"^\s*(?:q(?:uestion)?\s*)?(?P<number>\d{1,4})\s*[:.)\-\u2013\u2014]\s*"
    r"(?:\(?(?P<letter>[A-Ha-h])\)|(?P<dotted>[A-Ha-h])[.:)]\s)",
    re.IGNORECASE,
)
ANSWER_SECTION = re.compile(r"\b(answers?|answer key|solutions?|respuestas?|ответы)\b", re.I)
QUESTION_PREFIX = re.compile(r"^\s*q(?:uestion)?\s*(?:\d{1,4}\s*[.:)]?|[.:)])(?=\s|$)", re.I)
BOLD_LABEL = re.compile(r"(?:q(?:uestion)?\s*)?\d{1,4}\s*[.:)]?|q(?:uestion)?\s*\d*\s*[.:)]?", re.I)
QUESTION_NOUN = re.compile(r"question|вопрос|pregunta|pergunta|питання|问题|질문", re.I)
DETAILS_OPEN = re.compile(
    r"^\s*(?:<details\b[^>]*>\s*)?<summary\b[^>]*>(.*?)</summary>\s*(?:(?:<p>|<br\s*/?>)\s*)?$",
    re.DOTALL | re.IGNORECASE,
)
DETAILS_START = re.compile(r"<details\b", re.IGNORECASE)
DETAILS_END = re.compile(r"</details>", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"^\s*(?:</p>\s*)?</details>\s*$", re.IGNORECASE)
ANSWER_MARKER = re.compile(r"^\s*<br\s*/?>\s*$", re.IGNORECASE)
ANSWER_SUMMARY = re.compile(r"^(show |see |the )?(answer|solution|explanation)s?\b", re.IGNORECASE)
CHOICE_LABEL = re.compile(r"^\s*\(?(?P<label>[A-Ha-h])\s*[.):]\s+\S")
TASK_BOX = re.compile(r"^\s*(?:\[([ xX]?)\]|([\u2610\u2611\u2612]))\s*")
TAGS = re.compile(r"<[^>]+>")
TEXT_BLOCKS = frozenset({"Para", "Plain"})
ANY_BREAK = frozenset({"SoftBreak", "LineBreak"})


@dataclass
class Draft:
    """A section or question while its blocks are gathered (it never leaves parsing)."""

    heading: list[Node]
    line: int
    blocks: list[Node] = field(default_factory=list)
    questions: list[Draft] = field(default_factory=list)
    after: list[Node] = field(default_factory=list)  # a section's blocks after its questions
    misplaced: list[Node] = field(default_factory=list)  # answer lists not indented under it
    number: int | None = None  # the author's number for a question
    labelled: bool = False  # the author marked it as a unit: "**Q3.**", "**1)**"
    named: bool = False  # the author's mark calls it a question: "**Q3.**", "Question 3:"
    original: list[Node] = field(default_factory=list)  # the unit's own blocks, as written
    stem: list[Node] = field(default_factory=list)  # a question's own blocks: its task, code
    reading: Reading | None = None  # how a section was read


@dataclass(frozen=True)
class Evidence:
    """What the whole guide says about how it marks its questions."""

    bold_labels: int  # paragraphs led by a bold label ('**1)**', '**Q3.**')
    explicit: str | None  # 'container' or 'dialogue': the author marks every question so


@dataclass
class Segmented:
    """A guide cut into what comes before the first section, and the sections."""

    intro: list[Node]
    sections: list[Draft]


# --- what a text says ------------------------------------------------------------------------


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
    while content and (
        content[0]["t"] in {"Space", "SoftBreak"}
        or (content[0]["t"] == "RawInline" and not tree.plain_text([content[0]]).strip())
        or (
            content[0]["t"] == "Span"
            and not tree.plain_text(tree.inner_inlines(content[0])).strip()
        )
    ):
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


# --- the outline of headings -----------------------------------------------------------------


@dataclass
class Part:
    """A heading with the blocks under it before its first sub-heading, and its sub-headings."""

    heading: Node | None
    level: int
    body: list[Node] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        return tree.plain_text(tree.heading_inlines(self.heading)) if self.heading else ""

    def all_blocks(self) -> list[Node]:
        """Everything under the heading, sub-headings included."""
        blocks = list(self.body)
        for child in self.children:
            blocks += [child.heading, *child.all_blocks()] if child.heading else child.all_blocks()
        return blocks


def outline(blocks: list[Node]) -> Part:
    """The heading tree. Headings inside a <details> block belong to its answer; a numbered
    heading that continues its neighbour's numbering at another level is read at that level."""
    levels = _levels(blocks)
    root = Part(None, 0)
    stack = [root]
    depth = 0
    for index, block in enumerate(blocks):
        if block["t"] == "Header" and depth == 0:
            level = levels[index]
            while stack[-1].level >= level:
                stack.pop()
            part = Part(block, level)
            stack[-1].children.append(part)
            stack.append(part)
            continue
        if block["t"] == "RawBlock":
            raw = tree.raw_text(block)
            depth = max(0, depth + len(DETAILS_START.findall(raw)) - len(DETAILS_END.findall(raw)))
        stack[-1].body.append(block)
    return root


def _levels(blocks: list[Node]) -> dict[int, int]:
    headings = [(i, b) for i, b in enumerate(blocks) if b["t"] == "Header"]
    levels = {i: tree.heading_level(b) for i, b in headings}
    numbered = [(i, author_number(tree.plain_text(tree.heading_inlines(b)))) for i, b in headings]
    for (first, one), (second, two) in itertools.pairwise(numbered):
        if one is not None and two == one + 1 and levels[first] != levels[second]:
            deeper = max(levels[first], levels[second])
            levels[first] = levels[second] = deeper
    return levels


# --- reading the guide -----------------------------------------------------------------------


@dataclass(frozen=True)
class Forced:
    """The conventions the front matter names: for the whole guide, and per section title."""

    default: str | None = None
    sections: tuple[tuple[str, str], ...] = ()
    pattern: re.Pattern[str] | None = None  # a line pattern: each unit that opens with it

    def named(self, title: str) -> str | None:
        """The convention named for the section of this title, if any."""
        for name, convention in self.sections:
            if name.casefold() == title.casefold():
                return convention
        return None


def read(blocks: list[Node], forced: Forced = Forced()) -> Segmented:
    """Cut a guide's blocks into its intro and its sections of questions."""
    root = outline(blocks)
    intro: list[Node] = []
    # How many paragraphs the guide leads with a bold label ('**1)**', '**Q3.**'): a label
    # that repeats across the guide marks its units, even one to a section.
    every = [block for block, _ in tree.walk(blocks, blocks=True)]
    marks = Evidence(
        bold_labels=sum(map(_is_bold_label, every)),
        explicit=_explicit_convention(every),
    )
    lead: list[Draft] = []
    if forced.pattern is not None:
        sections = _pattern_sections(root, forced, marks)
        return Segmented([], [_named(section) for section in sections])
    if root.children and not _heading_mode(root, forced, marks):
        # The blocks before the first heading introduce a guide that has headings, unless
        # they hold questions: then they are a section of their own, the guide's first.
        default = forced.default if forced.default in BLOCK_CONVENTIONS else None
        preamble = _body_section(Part(None, 0, root.body), default, marks)
        if _a_section_of_questions(preamble, root.body):
            lead = [preamble]
        else:
            intro = root.body
        root.body = []
    sections = lead + _read_part(root, forced, marks)
    _refuse_what_is_not_studied(sections, blocks, forced, marks)
    return Segmented(intro, [_named(section) for section in sections])


def _a_section_of_questions(preamble: Draft, blocks: list[Node]) -> bool:
    """Whether what comes before the first heading is questions, not an introduction: they
    make up most of it, and most of them ask in their own words (an introduction's bold
    bullets repeat, but say what the guide holds)."""
    if not preamble.questions or preamble.reading is None:
        return False
    if preamble.reading.convention == "none":
        return False
    total = sum(map(_weight, blocks)) or 1
    text = sum(map(_weight, [*preamble.blocks, *preamble.after]))
    asking = sum(
        asks(tree.plain_text(q.heading)) or q.named or (q.labelled and q.number is not None)
        for q in preamble.questions
    )
    return text * 2 < total and asking * 2 > len(preamble.questions)


# A speaker's name leading what they asked, as minutes write it: 'Josh: shouldn't …?'
SPEAKER_NAME = re.compile(r"^([A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20})?):\s")
# Below this share of the text, questions are asides in a document about something else.
LEAST_SHARE = 0.03
LONE_SHARE = 0.2  # a single unmarked question must be at least this much of the text
LONE_DOCUMENT = 1000  # of a document this long (in characters)


def _refuse_what_is_not_studied(
    sections: list[Draft], blocks: list[Node], forced: Forced, marks: Evidence
) -> None:
    """Take back questions that only look like a guide's: a meeting's queue of questions
    asked by named people, and a few questions lost in a document about something else
    (unless the author marks them or a heading names them)."""
    for section in sections:
        speakers = [SPEAKER_NAME.match(tree.plain_text(q.heading)) for q in section.questions]
        names = {match.group(1) for match in speakers if match is not None}
        explicit = section.reading is not None and section.reading.convention in {
            "container",
            "dialogue",
        }
        if (
            section.questions
            and not explicit
            and sum(match is not None for match in speakers) * 2 >= len(speakers)
            and len(names) >= 2
            and not names & {"Q", "Question", "Interviewer"}
        ):
            _take_back(section, f"questions asked by {len(names)} named speakers: minutes")
    if forced.default or forced.sections or marks.explicit:
        return
    studied = [section for section in sections if section.questions]
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
            _take_back(section, f"its questions are {asked / total:.1%} of the document's text")


def _take_back(section: Draft, why: str) -> None:
    """A section's questions back into its text, in order."""
    text = list(section.blocks)
    for question in section.questions:
        inside = {id(node) for node, _ in tree.walk(question.original, blocks=True)}
        text += question.original + [b for b in question.blocks if id(b) not in inside]
    section.blocks, section.questions, section.after = text + section.after, [], []
    candidates = section.reading.candidates if section.reading else ()
    section.reading = Reading("none", candidates, why)


def _named(section: Draft) -> Draft:
    if not section.heading:
        section.heading = [{"t": "Str", "c": "Questions"}]
    return section


def _read_part(part: Part, forced: Forced, marks: Evidence) -> list[Draft]:
    """The sections a part of the outline makes: itself with its sub-headings as questions,
    or its own blocks as a section and each sub-heading read in turn.

    A convention the front matter names for this section's title decides; one named for
    the whole guide applies to each section the structure gives."""
    named = forced.named(part.text)
    default = forced.default
    blocks_default = default if default in BLOCK_CONVENTIONS else None
    if named in BLOCK_CONVENTIONS:
        return [_body_section(part, named, marks, whole=True)]
    if not part.children:
        return [_body_section(part, blocks_default, marks)] if part.heading or part.body else []
    plans = [_read_part(child, forced, marks) for child in part.children]
    asking, holding = _votes(part, plans)
    leaves = all(not child.children for child in part.children)
    by_headings = named == "heading" or (
        asking > holding and asking * 2 > len(plans) and marks.explicit is None
    )
    if by_headings and blocks_default and named is None and part.heading is not None:
        return [_body_section(part, blocks_default, marks, whole=True)]
    if by_headings and named is None and holding:
        # Section levels are found per branch: a sub-heading that holds questions of its own
        # ('### Languages' among '### What is …?') is a section beside this one.
        holders = [i for i, plan in enumerate(plans) if _holds(part.children[i], plan)]
        asking_part = Part(part.heading, part.level, part.body)
        asking_part.children = [c for i, c in enumerate(part.children) if i not in holders]
        first = _heading_section(asking_part, asking, holding)
        return [first, *(section for i in holders for section in plans[i])]
    if by_headings or (default == "heading" and leaves and part.heading is not None):
        return [_heading_section(part, asking, holding, forced=not by_headings or bool(named))]
    sections = []
    if part.heading is not None or part.body:
        own = _body_section(part, blocks_default, marks)
        if own.questions or part.body or part.heading is None:
            sections.append(own)
    for plan in plans:
        sections.extend(plan)
    return sections


def _pattern_sections(part: Part, forced: Forced, marks: Evidence) -> list[Draft]:
    """A part read by the front matter's line pattern: every paragraph, list item or heading
    whose first line it finds opens a question. A heading it finds is a question of its
    part; any other heading is a section of its own."""
    pattern = forced.pattern
    assert pattern is not None
    if any(pattern.search(child.text) for child in part.children):
        return [_body_section(part, "pattern", marks, whole=True, pattern=pattern)]
    sections = []
    if part.heading is not None or part.body:
        sections.append(_body_section(part, "pattern", marks, pattern=pattern))
    for child in part.children:
        sections += _pattern_sections(child, forced, marks)
    return sections


def _holds(child: Part, plan: list[Draft]) -> bool:
    """Whether a sub-heading holds questions of its own rather than being one: it asks
    nothing, and two of its questions ask (or it holds exercise containers)."""
    if asks(child.text):
        return False
    return sum(asks(tree.plain_text(q.heading)) for s in plan for q in s.questions) >= 2 or any(
        s.reading is not None and s.reading.convention == "container" for s in plan
    )


def _a_step(title: str) -> bool:
    """A numbered heading that is a sentence ('1. First, search for it yourself.') states a
    step of advice; a numbered title ('2. Valid brackets') names a task."""
    return title.rstrip().endswith((".", "\u3002", "!", "\uff01"))


def _votes(part: Part, plans: list[list[Draft]]) -> tuple[int, int]:
    """How many sub-headings ask something, and how many hold questions of their own.

    Sub-headings numbered 1, 2, 3 … in order ask by their numbering alone ('## 2. Valid
    brackets' and its task), unless they hold questions of their own."""
    asking = sum(asks(child.text) for child in part.children)
    numbers = [author_number(child.text) for child in part.children]
    in_order = sum(
        1 for one, two in itertools.pairwise(numbers) if one is not None and two == one + 1
    )
    if in_order * 2 >= len(part.children):
        asking = max(
            asking,
            sum(
                number is not None and not _holds(child, plan) and not _a_step(child.text)
                for number, child, plan in zip(numbers, part.children, plans, strict=True)
            ),
        )
    holding = sum(
        sum(asks(tree.plain_text(q.heading)) for s in plan for q in s.questions) >= 2
        or any(s.reading is not None and s.reading.convention == "container" for s in plan)
        for plan in plans
    )
    return asking, holding


def _heading_mode(part: Part, forced: Forced, marks: Evidence) -> bool:
    named = forced.named(part.text) or forced.default
    if named is not None:
        return named == "heading" and all(not child.children for child in part.children)
    if marks.explicit is not None:
        return False  # the guide marks its exercises: its headings are sections
    plans = [_read_part(child, forced, marks) for child in part.children]
    asking, holding = _votes(part, plans)
    return asking > holding and asking * 2 > len(part.children)


def _heading_section(part: Part, asking: int, holding: int, *, forced: bool = False) -> Draft:
    """A section whose sub-headings are its questions."""
    section = _section_draft(part)
    section.blocks = list(part.body)
    notes: list[Node] = []
    numbered = sum(author_number(child.text) is not None for child in part.children)
    in_sequence = numbered * 2 > len(part.children)
    for child in part.children:
        assert child.heading is not None
        content = child.all_blocks()
        if forced:
            counted = True
        elif in_sequence:
            counted = author_number(child.text) is not None or asks(child.text)
        else:
            counted = _is_question_heading(child, content, bool(section.questions))
        if not counted:
            notes += [child.heading, *content]
            continue
        if section.questions:
            section.questions[-1].blocks += notes
        else:
            section.blocks += notes
        notes = []
        section.questions.append(_heading_question(child, content))
    section.after = notes
    count = len(section.questions)
    why = (
        "named in the front matter"
        if forced
        else f"{asking} of {len(part.children)} sub-headings ask something, "
        f"{holding} hold questions of their own"
    )
    section.reading = Reading("heading", (("heading", count),), why)
    return section


def _is_question_heading(child: Part, content: list[Node], after_first: bool) -> bool:
    """A sub-heading that neither asks nor has an answer of its own beyond links, or that
    comes before the first question, is a note among the questions."""
    if asks(child.text):
        return True
    if not after_first:
        return False
    return bool(content) and not _only_links(content)


def _only_links(blocks: list[Node]) -> bool:
    for block in blocks:
        if block["t"] in tree.LISTS:
            if not all(_is_link_item(item) for item in tree.list_items(block)):
                return False
        elif block["t"] in TEXT_BLOCKS:
            if not any(node["t"] == "Link" for node in tree.unwrap(block["c"])):
                return False
        elif block["t"] not in {"HorizontalRule", "RawBlock"}:
            return False
    return True


def _is_link_item(item: list[Node]) -> bool:
    blocks = list(tree.unwrap(item))
    if not blocks or blocks[0]["t"] not in TEXT_BLOCKS:
        return False
    shown = [n for n in tree.unwrap(blocks[0]["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    if len(shown) == 1 and shown[0]["t"] == "Link":
        return True
    return bool(re.fullmatch(r"(https?://|www\.)\S+", tree.plain_text(blocks[0]["c"])))


def _heading_question(child: Part, content: list[Node]) -> Draft:
    assert child.heading is not None
    line = tree.line_of(child.heading) or 0
    inlines, number = without_number(tree.heading_inlines(child.heading))
    label = LABEL.match(tree.plain_text(tree.heading_inlines(child.heading)))
    if label and content and content[0]["t"] in TEXT_BLOCKS:
        # "### Card 3" or "## Question 2": the label numbers the question, the text follows.
        number = int(label.group("number")) if label.group("number") else number
        first, *rest = content
        card = _card_split(first)
        if card is not None:
            prompt, answer = card
            return Draft(prompt, line, [*answer, *rest], number=number, original=[child.heading])
        return Draft(
            tree.strip_positions(first["c"]), line, rest, number=number, original=[child.heading]
        )
    return Draft(inlines, line, content, number=number, original=[child.heading])


def _section_draft(part: Part) -> Draft:
    if part.heading is None:
        return Draft([], tree.first_line(part.body) or 0)
    return Draft(tree.heading_inlines(part.heading), tree.line_of(part.heading) or 0)


def _body_section(
    part: Part,
    named: str | None,
    marks: Evidence,
    *,
    whole: bool = False,
    pattern: re.Pattern[str] | None = None,
) -> Draft:
    """A section whose questions are blocks within it, read by the unit that explains it best
    (or the one the front matter names); ``whole`` reads its sub-headings' blocks too."""
    section = _section_draft(part)
    body = part.all_blocks() if whole or not part.children else part.body
    answers = bool(ANSWER_SECTION.search(part.text)) and not QUESTION_NOUN.search(part.text)
    weights = [_weight(block) for block in body]  # once: every convention reads them
    names = (named,) if named == "pattern" else BLOCK_CONVENTIONS
    readings = {
        name: _read_body(body, weights, name, forced=name == named, pattern=pattern)
        for name in names
    }
    candidates = tuple((name, len(r.questions)) for name, r in readings.items())
    if named in readings:
        chosen, why = named, "named in the front matter"
    else:
        titled = containers.role_of_words(part.text) == "question"
        chosen, why = _best(readings, marks, titled=titled)
        if answers and chosen != "none":
            chosen, why = "none", f"the heading names answers ({why} otherwise)"
    if chosen == "none":
        section.blocks = list(body)
        section.reading = Reading("none", candidates, why + _link_lists(body, chosen))
        return section
    found = readings[chosen]
    section.blocks, section.questions, section.after = found.lead, found.questions, found.after
    section.reading = Reading(chosen, candidates, why + _link_lists(body, chosen))
    return section


def _link_lists(body: list[Node], chosen: str) -> str:
    """What --explain says of a section's lists of links: a question bank, or resources."""
    lists = [
        block
        for block in body
        if block["t"] in tree.LISTS and all(map(_is_link_item, tree.list_items(block)))
    ]
    if not lists:
        return ""
    if chosen == "list":
        return f"; {len(lists)} list(s) of links whose texts ask: a question bank"
    return f"; {len(lists)} list(s) of links whose texts ask nothing: resources, not questions"


@dataclass
class _BodyReading:
    lead: list[Node]
    questions: list[Draft]
    after: list[Node]
    covered: float


def _best(
    readings: dict[str, _BodyReading], marks: Evidence, *, titled: bool = False
) -> tuple[str, str]:
    """The reading that covers most of the section; what its units say breaks ties."""
    if marks.explicit is not None:
        return _explicit(readings, marks.explicit)
    scored = []
    rejected: list[str] = []
    for name, reading in readings.items():
        if not reading.questions:
            continue
        prompts = [tree.plain_text(q.heading) for q in reading.questions]
        # A unit the author marked (bold, a label) counts as asking where it repeats: in the
        # section, or, for paragraphs led by a bold label ('**1)**'), across the guide. A
        # single unit shows no repetition, so only its wording, or a mark that calls it a
        # question ("Q3.", "Exercise 2"), can say so.
        marked = len(prompts) > 1 or (name == "bold" and marks.bold_labels > 1)
        asking = sum(
            (marked and q.labelled) or q.named or asks(text)
            for q, text in zip(reading.questions, prompts, strict=True)
        ) / len(prompts)
        if titled and len(prompts) > 1:
            asking = 1.0  # '## Problems', '## Exercises': what repeats under it is set
        if asking < 0.5:
            rejected.append(f"{name}'s {len(prompts)} units mostly ask nothing")
            continue  # units that repeat but ask nothing: steps, notes, facts
        scored.append((round(reading.covered, 1), asking, len(prompts), name))
    if not scored:
        return "none", "; ".join(rejected) or "no unit repeats here"
    scored.sort(reverse=True)
    covered, asking, count, name = scored[0]
    if covered < 0.2:
        return "none", f"the best unit ({name}) covers only {covered:.0%} of the section"
    why = f"covers {covered:.0%} of the section, {asking:.0%} of its {count} units ask"
    if len(scored) > 1:
        runner = scored[1]
        why += f"; next best {runner[3]} covers {runner[0]:.0%}"
    return name, why


def _explicit(readings: dict[str, _BodyReading], convention: str) -> tuple[str, str]:
    """In a guide that marks every question (containers, a dialogue), only those marks count:
    no other unit explains a section better, and a section without them holds none."""
    found = readings[convention].questions
    if not found:
        return "none", f"the guide marks its questions as {convention}s, and none is here"
    if convention == "dialogue":
        return "dialogue", f"{len(found)} interviewer turn(s) answered by the candidate"
    kinds = sorted({(kind, role) for q in found for kind, role in containers.kinds(q.original)})
    named = ", ".join(f"'{kind}' as {role}" for kind, role in kinds)
    named = named or "answer containers after the paragraphs they answer"
    return "container", f"{len(found)} exercise container(s): {named}"


def _weight(block: Node) -> int:
    """How much of a section a block is, to say how much of it a reading covers."""
    return len(tree.plain_text([block])) + 20


def _read_body(
    blocks: list[Node],
    weights: list[int],
    convention: str,
    *,
    forced: bool = False,
    pattern: re.Pattern[str] | None = None,
) -> _BodyReading:
    """Cut a section's blocks by one convention: what leads, the questions, what follows.
    A ``forced`` reader takes every unit of its kind, whatever it says; ``weights`` are the
    blocks' own."""
    reader = _PatternReader(pattern) if pattern is not None else _READERS[convention]()
    reader.forced = forced
    reader.begin(blocks)
    lead: list[Node] = []
    questions: list[Draft] = []
    after: list[Node] = []
    covered = 0  # the weight of the blocks this reading explains
    open_question: Draft | None = None
    depth = 0
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        raw = tree.raw_html(block)
        nested = depth > 0 and convention != "details"
        depth = max(0, depth + len(DETAILS_START.findall(raw)) - len(DETAILS_END.findall(raw)))
        found = [] if nested else list(reader.units(block, following))
        if found or (not nested and reader.consumes(block)):
            for unit in found:
                if isinstance(unit, Draft):
                    questions.append(unit)
                    open_question = unit
                elif open_question is not None:
                    open_question.blocks.append(unit)
                else:
                    lead.append(unit)
            covered += weights[index]
            continue
        if reader.ends_answer(block):
            open_question = None
            if questions:
                covered += weights[index]
            continue
        if open_question is not None and reader.extends_answer(block):
            open_question.blocks.append(block)
            covered += weights[index]
            if not reader.answer_follows:
                open_question.misplaced.append(block)
            continue
        open_question = None
        (after if questions else lead).append(block)
    total = sum(weights)
    return _BodyReading(lead, questions, after, covered / total if total else 0.0)


class _Reader:
    """How one convention recognises a question among a section's blocks and where its
    answer ends. ``units`` gives the questions a block starts, or blocks kept as text."""

    answer_follows = True  # False: the answer is nested in the question's own block
    forced = False  # the front matter names this convention: take every unit of its kind

    def begin(self, blocks: list[Node]) -> None:
        """Look at the whole section before reading it block by block."""

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        raise NotImplementedError

    def consumes(self, block: Node) -> bool:
        """Whether a block that gave no unit still belongs to the reading (an empty slot)."""
        return False

    def ends_answer(self, block: Node) -> bool:
        return False

    def extends_answer(self, block: Node) -> bool:
        return True


class _ListReader(_Reader):
    answer_follows = False

    def __init__(self) -> None:
        self.announced: set[int] = set()  # lists after a 'Questions:' or 'Tasks:' line

    def begin(self, blocks: list[Node]) -> None:
        for block, following in itertools.pairwise(blocks):
            if following["t"] in tree.LISTS and _announces_questions(block):
                self.announced.add(id(following))

    def extends_answer(self, block: Node) -> bool:
        # A list right after a question's item but not indented under it: its answer, misplaced.
        return bool(block["t"] in tree.LISTS) and not is_choice_list(block)

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] not in tree.LISTS or is_choice_list(block):
            return
        items = tree.list_items(block)
        announced = id(block) in self.announced
        questions = self.forced or announced or block["t"] != "BulletList"
        if not questions and not _mostly_questions(items):
            return
        for unit in self._items(block, items):
            if isinstance(unit, Draft) and announced:
                unit.named = True  # the line before the list says what its items are
            yield unit

    def _items(self, block: Node, items: list[list[Node]]) -> Iterator[Draft | Node]:
        start = tree.list_start(block) if block["t"] == "OrderedList" else None
        for index, item in enumerate(items):
            blocks = list(tree.unwrap(item))
            line = tree.first_line(item) or 0
            single = _single_item_list(block, item)
            number = start + index if start is not None else None
            if blocks and blocks[0]["t"] == "Header":
                inlines, written = without_number(tree.heading_inlines(blocks[0]))
                yield Draft(inlines, line, blocks[1:], number=written or number, original=single)
            elif blocks and blocks[0]["t"] in TEXT_BLOCKS:
                lead = _bold_lead(blocks[0])
                if lead is not None and lead[2] == "fact":
                    yield from single
                    continue
                answer = blocks[1:]
                if lead is not None and lead[2] == "term":
                    # "**What is X?** - [Learn from here](…)": the bold text asks, the rest answers
                    rest = _after_bold(blocks[0], lead[1])
                    answer = ([{"t": "Para", "c": rest}] if rest else []) + answer
                inlines = lead[0] if lead is not None and lead[2] != "whole" else blocks[0]["c"]
                inlines, written = without_number(inlines)
                yield Draft(
                    inlines,
                    line,
                    answer,
                    number=written or number,
                    labelled=lead is not None,
                    original=single,
                )
            else:
                yield Draft([], line, blocks, number=number, original=single)


def _announces_questions(block: Node) -> bool:
    """A line that only names what follows as questions: 'Questions:', 'Tasks', 'Übungen:'."""
    if block["t"] not in TEXT_BLOCKS:
        return False
    text = tree.plain_text([block]).strip().rstrip(":\uff1a").strip()
    return 0 < len(text.split()) <= 2 and containers.role_of_words(text) == "question"


def _single_item_list(block: Node, item: list[Node]) -> list[Node]:
    return [tree.list_with(block, [item])]


def _mostly_questions(items: list[list[Node]]) -> bool:
    asking = 0
    for item in items:
        blocks = list(tree.unwrap(item))
        first = blocks[:1]
        lead = _bold_lead(first[0]) if first and first[0]["t"] in TEXT_BLOCKS else None
        if lead is not None:
            asking += lead[2] != "fact"
        elif first and first[0]["t"] == "Header":
            asking += 1
        elif _is_link_item(item):
            # A link's text is a title, and titles open with "How to …" or "What I learned …"
            # without asking: only a question mark (in any script) makes it a question.
            asking += bool(ASKING_ANYWHERE.search(tree.plain_text(first)))
        else:
            asking += asks(tree.plain_text(first))
    return asking * 2 > len(items)


def is_sub_parts(block: Node) -> bool:
    """Whether a list holds a question's own sub-parts: numbered or lettered items that ask
    or set tasks ('a. Show that …', '1. Explain …'), not options and not answer steps."""
    if block["t"] != "OrderedList":
        return False
    texts = [tree.plain_text(list(tree.unwrap(item))[:1]) for item in tree.list_items(block)]
    if len(texts) < 2 or any(TASK_BOX.match(text) for text in texts):
        return False
    asking = sum(asks(text) for text in texts) * 2 > len(texts)
    lettered = tree.lettered(block)
    sentences = sum(len(text) for text in texts) / len(texts) > 60
    return asking or (lettered and sentences)


def is_choice_list(block: Node) -> bool:
    """Whether a list holds a multiple-choice question's options: lettered items or boxes."""
    if tree.lettered(block) and not is_sub_parts(block):
        return True
    items = tree.list_items(block)
    return len(items) >= 2 and all(choice_of(item) is not None for item in items)


def choice_of(item: list[Node]) -> tuple[str, bool | None, list[Node]] | None:
    """(label, checked or None, the option's inlines) of a list item that is an option."""
    blocks = list(tree.unwrap(item))
    if not blocks or blocks[0]["t"] not in TEXT_BLOCKS:
        return None
    inlines: list[Node] = tree.strip_positions(blocks[0]["c"])
    checked: bool | None = None
    box = TASK_BOX.match(tree.plain_text(inlines))
    if box is not None:
        mark = box.group(1) if box.group(1) is not None else box.group(2)
        checked = mark in {"x", "X", "\u2611", "\u2612"}
        inlines = _drop_text(inlines, box.end())
    text = tree.plain_text(inlines)
    match = CHOICE_LABEL.match(text)
    if match is None:
        return ("", checked, inlines) if checked is not None else None
    label = match.group("label")
    first = inlines[0]["c"] if inlines and inlines[0]["t"] == "Str" else ""
    cut = re.match(r"^\(?[A-Ha-h]\s*[.):]", first)
    if cut:
        rest = first[cut.end() :]
        inlines = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
        while inlines and inlines[0]["t"] == "Space":
            inlines = inlines[1:]
    return label, checked, inlines


def _drop_text(inlines: list[Node], characters: int) -> list[Node]:
    """Inlines without their first characters of text (a task box, a label)."""
    rest = list(inlines)
    while rest and characters > 0:
        node = rest.pop(0)
        text = tree.plain_text([node]) if node["t"] != "Space" else " "
        if node["t"] == "Str" and len(node["c"]) > characters:
            rest.insert(0, {"t": "Str", "c": node["c"][characters:]})
            break
        characters -= len(text)
    while rest and rest[0]["t"] in {"Space", "SoftBreak"}:
        rest.pop(0)
    return rest


def _bold_lead(block: Node) -> tuple[list[Node], list[Node], str] | None:
    """A paragraph led by bold text: (the question's inlines, the bold inlines, kind).

    kind is "whole" (the paragraph is entirely bold), "label" (a bold number or label such
    as "1)", "Q1.", "Question 4:" leads plain text), "term" (a bold term leads text or a link)
    or "fact" (a bold key with a colon and its value: "**Total:** 50")."""
    content = [n for n in tree.unwrap(block["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    if not content or content[0]["t"] != "Strong":
        return None
    strong = content[0]
    bold_text = tree.plain_text(strong["c"]).strip()
    if not any(c.isalnum() for c in bold_text):
        return None
    if len(content) == 1:
        return strong["c"], strong["c"], "whole"
    inlines = list(tree.unwrap(block["c"]))
    rest = inlines[inlines.index(strong) + 1 :]
    rest_text = tree.plain_text(rest)
    if rest_text.startswith(":"):
        bold_text += ":"
        rest = _after_colon(rest)
    if BOLD_LABEL.fullmatch(bold_text):
        kind = "label"
    elif NUMBER.match(bold_text) and NUMBER.sub("", bold_text, count=1).strip():
        # "**1) Reverse.** Write a function …": a numbered title leads the task
        return list(tree.unwrap(block["c"])), strong["c"], "numbered"
    elif re.match(r"^\s*\([^)]*\)\s*:", rest_text) or (
        bold_text.endswith(":") and not asks(bold_text)
    ):
        kind = "fact"  # "**Total:** 50", "**Term** (`3`): what it means"
    else:
        return strong["c"], strong["c"], "term"
    return rest, strong["c"], kind


def _unbolded_number(inlines: list[Node]) -> list[Node]:
    """'**1) Reverse.** Write …' as '1) **Reverse.** Write …': the number leads as text."""
    content: list[Node] = tree.strip_positions(inlines)
    first = content[0] if content else None
    if first is None or first["t"] != "Strong":
        return content
    bold = list(first["c"])
    match = NUMBER.match(tree.plain_text(bold[:1])) if bold and bold[0]["t"] == "Str" else None
    if match is None:
        return content
    rest = bold[0]["c"][match.end() :]
    bold = ([{"t": "Str", "c": rest}] if rest else []) + bold[1:]
    while bold and bold[0]["t"] in {"Space", "SoftBreak"}:
        bold = bold[1:]
    number = {"t": "Str", "c": match.group(0).strip()}
    return [number, {"t": "Space"}, {"t": "Strong", "c": bold}, *content[1:]]


def _is_bold_label(block: Node) -> bool:
    """Whether a paragraph is led by a bold number or label such as '**1)**' or '**Q3.**'."""
    if block["t"] not in TEXT_BLOCKS:
        return False
    lead = _bold_lead(block)
    return lead is not None and lead[2] in {"label", "numbered"}


def _after_bold(block: Node, bold: list[Node]) -> list[Node]:
    """What follows a paragraph's leading bold text, without the dash or colon after it."""
    inlines = list(tree.unwrap(block["c"]))
    index = next(i for i, n in enumerate(inlines) if n["t"] == "Strong" and n["c"] is bold)
    rest: list[Node] = tree.strip_positions(inlines[index + 1 :])
    while rest and (
        rest[0]["t"] in {"Space", "SoftBreak"}
        or (rest[0]["t"] == "Str" and rest[0]["c"].strip(":-\u2013\u2014 ") == "")
    ):
        rest = rest[1:]
    if rest and rest[0]["t"] == "Str" and rest[0]["c"][:1] in ":-\u2013\u2014":
        rest = [{"t": "Str", "c": rest[0]["c"].lstrip(":-\u2013\u2014 ")}, *rest[1:]]
    return rest


def _after_colon(inlines: list[Node]) -> list[Node]:
    rest: list[Node] = tree.strip_positions(inlines)
    if rest and rest[0]["t"] == "Str" and rest[0]["c"].startswith(":"):
        text = rest[0]["c"][1:]
        rest = ([{"t": "Str", "c": text}] if text else []) + rest[1:]
    while rest and rest[0]["t"] in {"Space", "SoftBreak"}:
        rest = rest[1:]
    return rest


class _BoldReader(_Reader):
    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] not in TEXT_BLOCKS:
            return
        lead = _bold_lead(block)
        if lead is not None and self.forced and lead[2] in {"fact", "term"}:
            # named in the front matter: every paragraph a bold text leads is a question
            prompt, answer = _split_first_line(block["c"], ANY_BREAK)
            inlines, number = without_number(prompt)
            yield Draft(
                inlines, tree.first_line([block]) or 0, answer, number=number, original=[block]
            )
            return
        if lead is None or lead[2] in {"fact", "term"}:
            return
        inlines, _, kind = lead
        text = tree.plain_text(inlines)
        if ANSWER_KEY.match(text) or (kind == "label" and not text):
            return
        if kind == "numbered":
            prompt, number = without_number(_unbolded_number(inlines))
            yield Draft(
                prompt,
                tree.first_line([block]) or 0,
                number=number,
                labelled=True,
                original=[block],
            )
            return
        if kind == "label":
            number = author_number(tree.plain_text(lead[1])) or author_number(
                tree.plain_text(lead[1]).lstrip("Qq").lstrip("uestion ")
            )
            prompt, answer = _split_first_line(inlines)
            yield Draft(
                prompt,
                tree.first_line([block]) or 0,
                answer,
                number=number,
                labelled=True,
                named=bool(LABEL.match(tree.plain_text(lead[1]))),
                original=[block],
            )
            return
        prompt, number = without_number(inlines)
        yield Draft(prompt, tree.first_line([block]) or 0, number=number, original=[block])

    def ends_answer(self, block: Node) -> bool:
        return bool(block["t"] == "RawBlock" and ANSWER_MARKER.match(tree.raw_text(block)))


def _split_first_line(
    inlines: list[Node], breaks: frozenset[str] = frozenset({"LineBreak"})
) -> tuple[list[Node], list[Node]]:
    """A paragraph's first line, and the rest as a paragraph of its own: by default cut at a
    hard break (a label-led question, its option lines after it), or at any of ``breaks``."""
    content: list[Node] = tree.strip_positions(inlines)
    for index, node in enumerate(content):
        if node["t"] in breaks:
            rest = content[index + 1 :]
            return content[:index], [{"t": "Para", "c": rest}] if rest else []
    return content, []


class _QAReader(_Reader):
    PREFIX = re.compile(r"^\s*(?:q(?:uestion)?\s*(\d{1,4})?\s*[:.)])\s*", re.IGNORECASE)

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] not in TEXT_BLOCKS or not block["c"]:
            return
        inlines: list[Node] = tree.strip_positions(block["c"])
        if not inlines or inlines[0]["t"] != "Str":
            return
        match = self.PREFIX.match(inlines[0]["c"])
        if match is None or not (len(inlines) > 1 or inlines[0]["c"][match.end() :]):
            return
        rest = inlines[0]["c"][match.end() :]
        prompt = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
        while prompt and prompt[0]["t"] == "Space":
            prompt = prompt[1:]
        number = int(match.group(1)) if match.group(1) else None
        yield Draft(
            prompt, tree.first_line([block]) or 0, number=number, labelled=True, original=[block]
        )


class _CardReader(_Reader):
    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] not in TEXT_BLOCKS:
            return
        line = tree.first_line([block]) or 0
        split = _card_split(block) or _one_line_card(block)
        if split is not None:
            prompt, answer = split
            yield Draft(prompt, line, answer, named=True, original=[block])
        elif CLOZE.search(tree.plain_text([block])):
            # '… {@{hidden}@} …': the sentence is the card, the blocks after it its answer
            yield Draft(_without_cloze_marks(block["c"]), line, named=True, original=[block])


# Cloze deletions as spaced-repetition notes write them: '{@{text}@}', Anki's '{{c1::text}}'.
CLOZE = re.compile(r"\{@\{.+?\}@\}|\{\{c\d+::.+?\}\}")
CLOZE_MARK = re.compile(r"\{@\{|\}@\}|\{\{c\d+::|(?<=\S)\}\}")
# One-line cards: 'front ::@:: back', 'front :: back', 'front ;; back' (also reversed ':::').
ONE_LINE_CARD = re.compile(r"^(?P<front>\S.*?)\s+(?:::@::|:::|::|;;)\s+(?P<back>\S.*)$")


def _without_cloze_marks(inlines: list[Node]) -> list[Node]:
    content: list[Node] = tree.strip_positions(inlines)
    return [
        {"t": "Str", "c": CLOZE_MARK.sub("", node["c"])} if node["t"] == "Str" else node
        for node in content
        if node["t"] != "Str" or CLOZE_MARK.sub("", node["c"])
    ]


def _one_line_card(block: Node) -> tuple[list[Node], list[Node]] | None:
    """A one-line card's front and back, split at its separator."""
    inlines: list[Node] = tree.strip_positions(block["c"])
    if any(node["t"] in {"SoftBreak", "LineBreak"} for node in inlines):
        return None
    for index, node in enumerate(inlines):
        if (
            node["t"] == "Str"
            and node["c"] in {"::@::", ":::", "::", ";;"}
            and 0 < index < len(inlines) - 2
            and inlines[index - 1]["t"] == "Space"
            and inlines[index + 1]["t"] == "Space"
        ):
            return inlines[: index - 1], [{"t": "Para", "c": inlines[index + 2 :]}]
    return None


def _card_split(block: Node) -> tuple[list[Node], list[Node]] | None:
    """A card's question and answer, split at a line that holds only '?'."""
    inlines: list[Node] = tree.strip_positions(block["c"])
    breaks = {"SoftBreak", "LineBreak"}
    for index in range(1, len(inlines) - 1):
        node = inlines[index]
        if (
            node["t"] == "Str"
            and node["c"] == "?"
            and inlines[index - 1]["t"] in breaks
            and inlines[index + 1]["t"] in breaks
        ):
            prompt = inlines[: index - 1]
            rest = inlines[index + 2 :]
            return prompt, [{"t": "Para", "c": rest}] if rest else []
    return None


class _QuoteReader(_Reader):
    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] in TEXT_BLOCKS and following is not None and following["t"] == "BlockQuote":
            inlines, number = without_number(block["c"])
            yield Draft(inlines, tree.first_line([block]) or 0, number=number, original=[block])


class _DetailsReader(_Reader):
    def __init__(self) -> None:
        self.summaries: set[int] = set()  # summaries read with the <details> line before them
        self.depth = 0  # <details> open inside the current question's: its follow-ups

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        raw = tree.raw_html(block)
        opened = len(DETAILS_START.findall(raw)) - len(DETAILS_END.findall(raw))
        if self.depth > 0 or id(block) in self.summaries:
            # a <details> inside an answer (a follow-up question) is part of that answer
            self.depth = max(0, self.depth + opened)
            return
        summary = details_summary(block)
        if summary is None and following is not None and _bare_details(block):
            # '<details>' alone, a blank line, then '<summary>…</summary>': one opening
            summary = details_summary(following)
            if summary is not None and not _opens_details(following):
                self.summaries.add(id(following))
            else:
                summary = None
        elif summary is not None and not _opens_details(block):
            return  # a summary without its <details>: not a question of this kind
        if summary is None or ANSWER_SUMMARY.match(summary):
            return
        inlines, number = without_number([{"t": "Str", "c": summary}])
        self.depth = max(0, opened)
        yield Draft(inlines, tree.line_of(block) or 0, number=number, original=[block])

    def consumes(self, block: Node) -> bool:
        return id(block) in self.summaries

    def ends_answer(self, block: Node) -> bool:
        return (
            self.depth == 0
            and block["t"] == "RawBlock"
            and bool(DETAILS_CLOSE.match(tree.raw_text(block)))
        )


def _bare_details(block: Node) -> bool:
    return block["t"] == "RawBlock" and bool(
        re.fullmatch(r"\s*<details\b[^>]*>\s*", tree.raw_text(block), re.IGNORECASE)
    )


def _opens_details(block: Node) -> bool:
    return block["t"] == "RawBlock" and bool(DETAILS_START.match(tree.raw_text(block).lstrip()))


class _TableReader(_Reader):
    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] != "Table":
            return
        if tree.table_columns(block) != 2:
            return
        rows = tree.table_rows(block)
        header = " ".join(tree.plain_text(cell) for cell in tree.table_head(block))
        prompts = [tree.plain_text(row[0]) for row in rows if len(row) == 2]
        if not prompts or not (
            re.search(r"question|q\b|вопрос|pregunta|问题", header, re.I)
            or sum(map(asks, prompts)) * 2 > len(prompts)
        ):
            return
        line = tree.first_line([block]) or 0
        for row in rows:
            question, answer = row[0], row[1]
            text = [n for b in question for n in (b["c"] if b["t"] in TEXT_BLOCKS else [])]
            inlines, number = without_number(text)
            yield Draft(inlines, line, list(answer), number=number, original=[])


class _DefinitionReader(_Reader):
    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if block["t"] != "DefinitionList":
            return
        for term, definitions in block["c"]:
            inlines, number = without_number(term)
            answer = [b for definition in definitions for b in definition]
            line = tree.first_line([{"t": "Plain", "c": term}]) or tree.first_line([block]) or 0
            original = [{"t": "DefinitionList", "c": [[term, definitions]]}]
            yield Draft(inlines, line, answer, number=number, original=original)


# A prompt's own label, left out of the question: "**Exercise:** Sort the file…".
EXERCISE_LABEL = re.compile(r"^\W*(\w+)(?:\s+\d{1,4})?\s*[:.]?\s*$")
# What a prompt may be separated from its answer by: a note box, the code it asks about.
BETWEEN_PROMPT_AND_ANSWER = frozenset(
    {"CodeBlock", "Div", "BulletList", "OrderedList", "Table", "BlockQuote", "RawBlock"}
)
EMPTY_SLOT = re.compile(r"^\s*(?:(?:NULL|None|pass|\.\.\.|TODO)\s*|#.*|//.*)*$", re.IGNORECASE)


class _ContainerReader(_Reader):
    """Exercise containers (containers.py): a question container is a question, the answer
    containers inside or right after it its answer; an answer container after a paragraph
    answers that paragraph, with the boxes or code between them (at most three blocks) as
    the question's own."""

    def __init__(self) -> None:
        self.prompts: dict[int, int | None] = {}  # id(paragraph) -> the slot's number
        self.between: set[int] = set()  # ids of blocks between a prompt and its answer
        self.open: Draft | None = None  # answers and hints that follow are this question's

    def begin(self, blocks: list[Node]) -> None:
        for index, block in enumerate(blocks):
            found = containers.container(block)
            if found is None or found.role != "answer":
                continue
            skipped: list[Node] = []
            for earlier in reversed(blocks[:index]):
                kind = containers.role(earlier)
                if kind is not None or id(earlier) in self.prompts:
                    break
                if earlier["t"] in TEXT_BLOCKS and not _is_layout_label(earlier):
                    self.prompts[id(earlier)] = found.number
                    self.between.update(map(id, skipped))
                    break
                if earlier["t"] not in BETWEEN_PROMPT_AND_ANSWER or len(skipped) == 3:
                    break
                skipped.append(earlier)

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        if id(block) in self.between and self.open is not None:
            self.open.stem.append(block)  # the box or code between a prompt and its answer
            return
        line = tree.line_of(block) or tree.first_line([block]) or 0
        if id(block) in self.prompts:
            inlines, number = without_number(_without_exercise_label(block["c"]))
            self.open = Draft(
                inlines,
                line,
                number=self.prompts[id(block)] or number,
                named=True,
                original=[block],
            )
            yield self.open
            return
        found = containers.container(block)
        if found is None or found.role is None:
            self.open = None
            return
        if found.role == "question":
            self.open = _container_question(block, found, line)
            yield self.open
        elif self.open is not None and found.role == "answer":
            if self.open.original[-1:] != [block]:
                self.open.original.append(block)  # as written: the prompt and its answer
            yield from _answer_content(block)
        elif self.open is not None:
            yield block  # a hint, shown as one
        else:
            self.open = None

    def consumes(self, block: Node) -> bool:
        if self.open is None:
            return False
        return id(block) in self.between or containers.role(block) == "answer"

    def extends_answer(self, block: Node) -> bool:
        return False


def _is_layout_label(block: Node) -> bool:
    """A tab's label kept as an emphasized line (containers.resolve): not a prompt."""
    content = [n for n in tree.unwrap(block["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    return len(content) == 1 and content[0]["t"] == "Emph"


def _without_exercise_label(inlines: list[Node]) -> list[Node]:
    """A prompt without the label that announces it: '**Exercise:**', 'Task 3:'."""
    content: list[Node] = tree.strip_positions(inlines)
    first = content[0] if content else None
    if first is not None and first["t"] == "Strong":
        label = tree.plain_text(first["c"])
        if EXERCISE_LABEL.match(label) and containers.role_of_words(label) == "question":
            return _after_colon(content[1:])
    return content


def _container_question(block: Node, found: containers.Container, line: int) -> Draft:
    """A question container's prompt (its title, else its first heading or paragraph), its
    own blocks, and the answers inside it, several of them one answer."""
    body = list(tree.unwrap(tree.div_blocks(block))) if block["t"] == "Div" else []
    title = found.title.strip()
    labelled_only = not title or (
        bool(EXERCISE_LABEL.match(title)) and containers.role_of_words(title) is not None
    )
    prompt: list[Node]
    if not labelled_only:
        prompt = containers.title_inlines(title)
    elif body and body[0]["t"] == "Header":
        prompt, body = tree.strip_positions(tree.heading_inlines(body[0])), body[1:]
    elif body and body[0]["t"] in TEXT_BLOCKS:
        prompt, body = tree.strip_positions(body[0]["c"]), body[1:]
    else:
        prompt = containers.title_inlines(title or found.kind.capitalize())
    own: list[Node] = []
    answer: list[Node] = []
    for inner in body:
        if containers.role(inner) == "answer":
            answer += _answer_content(inner)
        else:
            own.append(inner)
    if found.folded and not answer:
        own, answer = [], own  # a folded question reveals its answer
    inlines, number = without_number(prompt)
    label_number = author_number(title) if labelled_only and title else None
    return Draft(
        inlines,
        line,
        answer,
        number=found.number or number or label_number,
        named=True,
        original=[block],
        stem=own,
    )


def _answer_content(block: Node) -> list[Node]:
    """What an answer container says: its blocks without a heading that only names it, or a
    chunk's code unless the slot is still empty."""
    if block["t"] == "CodeBlock":
        return [] if EMPTY_SLOT.match(tree.code_text(block)) else [block]
    content = list(tree.unwrap(tree.div_blocks(block)))
    if (
        content
        and content[0]["t"] == "Header"
        and containers.role_of_words(tree.plain_text(tree.heading_inlines(content[0]))) == "answer"
        and len(tree.plain_text(tree.heading_inlines(content[0])).split()) <= 3
    ):
        content = content[1:]
    nested: list[Node] = []
    for inner in content:
        nested += _answer_content(inner) if containers.role(inner) == "answer" else [inner]
    return nested


# Who speaks in an interview dialogue, in the twelve languages: the one who asks, the one who
# answers. A guide is a dialogue when both speak in it.
INTERVIEWER = re.compile(
    r"^(?:the\s+)?(?:interviewer|interviewerin|recruiter|hiring manager|entrevistadora?|"
    r"intervieweur|intervieweuse|recruteur|интервьюер|интерв['ʼ’]?юер|面试官|面試官|면접관|面接官|"
    r"المحاور|المقابل|מראיי?ן|מראיינת)\b",
    re.IGNORECASE,
)
CANDIDATE = re.compile(
    r"^(?:the\s+)?(?:expected\s+)?(?:candidate|interviewee|applicant|you|kandidat(?:in)?|"
    r"bewerber(?:in)?|candidato|candidata|candidat|candidate|кандидат|кандидатка|候选人|应聘者|"
    r"求职者|面试者|지원자|候補者|応募者|المرشح|מועמד|מועמדת)\b",
    re.IGNORECASE,
)


def _speaker(block: Node) -> tuple[str, list[Node]] | None:
    """A paragraph's bold speaker label ('**Interviewer:**', '**Candidate**\uff1a') and what the
    speaker says, or None."""
    if block["t"] not in TEXT_BLOCKS:
        return None
    content = [n for n in tree.unwrap(block["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    if not content or content[0]["t"] != "Strong":
        return None
    label = tree.plain_text(content[0]["c"]).strip().rstrip(":\uff1a").strip()
    if not label or len(label.split()) > 4:
        return None
    inlines = list(tree.unwrap(block["c"]))
    rest: list[Node] = tree.strip_positions(inlines[inlines.index(content[0]) + 1 :])
    while rest and (
        rest[0]["t"] in {"Space", "SoftBreak"}
        or (rest[0]["t"] == "Str" and not rest[0]["c"].strip(':\uff1a"“”「」 '))
    ):
        rest = rest[1:]
    if (
        rest
        and rest[0]["t"] == "Quoted"
        and all(n["t"] != "Str" or n["c"] in {".", "!", "?"} for n in rest[1:])
    ):
        rest = [
            *tree.inner_inlines(rest[0]),
            *rest[1:],
        ]  # "…" around the whole turn: the words only
    if rest and rest[0]["t"] == "Str":
        rest = [{"t": "Str", "c": rest[0]["c"].lstrip(':\uff1a"“「 ')}, *rest[1:]]
    if rest and rest[-1]["t"] == "Str":
        rest = [*rest[:-1], {"t": "Str", "c": rest[-1]["c"].rstrip('"”」')}]
    return label, rest


def _explicit_convention(blocks: list[Node]) -> str | None:
    """The convention a guide marks every question with, if it has one: exercise containers,
    or an interview dialogue (both speakers labelled)."""
    if any(containers.role(block) in {"question", "answer"} for block in blocks):
        return "container"
    asking = answering = False
    for block in blocks:
        spoken = _speaker(block)
        if spoken is not None:
            asking = asking or bool(INTERVIEWER.match(spoken[0]))
            answering = answering or bool(CANDIDATE.match(spoken[0]))
    return "dialogue" if asking and answering else None


class _DialogueReader(_Reader):
    """An interviewer's turn is a question; what follows, up to the next turn, its answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        spoken = _speaker(block)
        if spoken is None or not INTERVIEWER.match(spoken[0]) or not spoken[1]:
            return
        yield Draft(spoken[1], tree.first_line([block]) or 0, named=True, original=[block])


class _PatternReader(_Reader):
    """The front matter's line pattern: a paragraph, a list item or a heading whose first
    line it finds is a question, whatever it says; what follows is its answer."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def units(self, block: Node, following: Node | None) -> Iterator[Draft | Node]:
        line = tree.first_line([block]) or 0
        if block["t"] == "Header" and self.pattern.search(
            tree.plain_text(tree.heading_inlines(block))
        ):
            inlines, number = without_number(tree.heading_inlines(block))
            yield Draft(inlines, line, number=number, named=True, original=[block])
        elif block["t"] in TEXT_BLOCKS and self._opens(block["c"]):
            prompt, answer = _split_first_line(block["c"], ANY_BREAK)
            inlines, number = without_number(prompt)
            yield Draft(inlines, line, answer, number=number, named=True, original=[block])
        elif block["t"] in tree.LISTS:
            items = tree.list_items(block)
            firsts = [list(tree.unwrap(item))[:1] for item in items]
            if not any(f and f[0]["t"] in TEXT_BLOCKS and self._opens(f[0]["c"]) for f in firsts):
                return
            for item, first in zip(items, firsts, strict=True):
                blocks = list(tree.unwrap(item))
                if first and first[0]["t"] in TEXT_BLOCKS and self._opens(first[0]["c"]):
                    inlines, number = without_number(first[0]["c"])
                    yield Draft(
                        inlines,
                        tree.first_line(item) or line,
                        blocks[1:],
                        number=number,
                        named=True,
                        original=_single_item_list(block, item),
                    )
                else:
                    yield from _single_item_list(block, item)

    def _opens(self, inlines: list[Node]) -> bool:
        first = _split_first_line(inlines, ANY_BREAK)[0]
        return bool(self.pattern.search(tree.plain_text(first)))


def answer_key(sections: list[Draft]) -> dict[int, str]:
    """Question number -> correct letter, from answer-key lines ("**Q1: B) …**") in sections
    that hold no questions."""
    key: dict[int, str] = {}
    for section in sections:
        if section.questions:
            continue
        for block in [*section.blocks, *section.after]:
            if block["t"] in TEXT_BLOCKS and (match := ANSWER_KEY.match(tree.plain_text([block]))):
                letter = match.group("letter") or match.group("dotted")
                key.setdefault(int(match.group("number")), letter.upper())
    return key


def details_summary(block: Node) -> str | None:
    """The text of a ``<details><summary>`` opening block, or None for any other block."""
    if block["t"] != "RawBlock" or tree.raw_format(block) != "html":
        return None
    match = DETAILS_OPEN.match(tree.raw_text(block))
    if match is None:
        return None
    return " ".join(TAGS.sub("", match.group(1)).split())


_READERS: dict[str, Callable[[], _Reader]] = {
    "container": _ContainerReader,
    "dialogue": _DialogueReader,
    "list": _ListReader,
    "bold": _BoldReader,
    "details": _DetailsReader,
    "qa": _QAReader,
    "card": _CardReader,
    "quote": _QuoteReader,
    "table": _TableReader,
    "definition": _DefinitionReader,
}
