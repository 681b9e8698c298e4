"""Exercise and solution containers (fenced divs, directives, callouts): the question
container asks, the answer containers in or after it answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import containers, tree
from studyguide.read.conventions._convention import Convention, Naming, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS, after_colon
from studyguide.read.conventions._wording import author_number, without_number
from studyguide.read.pandoc import Node

# A prompt's own label, left out of the question: "**Exercise:** Sort the file…".
EXERCISE_LABEL = re.compile(r"^\W*(\w+)(?:\s+\d{1,4})?\s*[:.]?\s*$")
# What a prompt may be separated from its answer by: a note box, the code it asks about.
BETWEEN_PROMPT_AND_ANSWER = frozenset(
    {"CodeBlock", "Div", "BulletList", "OrderedList", "Table", "BlockQuote", "RawBlock"}
)
EMPTY_SLOT = re.compile(r"^\s*(?:(?:NULL|None|pass|\.\.\.|TODO)\s*|#.*|//.*)*$", re.IGNORECASE)


class _ContainerReader(Reader):
    """Exercise containers (containers.py): a question container is a question, the answer
    containers inside or right after it its answer; an answer container after a paragraph
    answers that paragraph, with the boxes or code between them (at most three blocks) as
    the question's own."""

    def __init__(self, naming: Naming) -> None:
        super().__init__(naming)
        self.prompts: dict[int, int | None] = {}  # id(paragraph) -> the slot's number
        self.between: set[int] = set()  # ids of blocks between a prompt and its answer
        self.open: QuestionDraft | None = None  # answers and hints that follow are this question's

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

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        if id(block) in self.between and self.open is not None:
            self.open.stem.append(block)  # the box or code between a prompt and its answer
            return
        line = tree.line_of(block) or tree.first_line([block]) or 0
        if id(block) in self.prompts:
            inlines, number = without_number(_without_exercise_label(block["c"]))
            self.open = QuestionDraft(
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
            return after_colon(content[1:])
    return content


def _container_question(block: Node, found: containers.Container, line: int) -> QuestionDraft:
    """A question container's prompt (its title, else its first heading or paragraph), its
    own blocks, and the answers inside it, several of them one answer."""
    body = list(tree.unwrap(tree.div_blocks(block))) if block["t"] == "Div" else []
    title = found.title.strip()
    labelled_only = not title or (
        bool(EXERCISE_LABEL.match(title)) and containers.role_of_words(title) is not None
    )
    if labelled_only:
        prompt, body = _prompt_inside(body, title or found.kind.capitalize())
    else:
        prompt = containers.title_inlines(title)
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
    return QuestionDraft(
        inlines,
        line,
        answer,
        number=found.number or number or label_number,
        named=True,
        original=[block],
        stem=own,
    )


def _prompt_inside(body: list[Node], label: str) -> tuple[list[Node], list[Node]]:
    """A container's prompt when its title only labels it: its first heading or paragraph
    (and the blocks after it), else the label."""
    if body and body[0]["t"] == "Header":
        return tree.strip_positions(tree.heading_inlines(body[0])), body[1:]
    if body and body[0]["t"] in TEXT_BLOCKS:
        return tree.strip_positions(body[0]["c"]), body[1:]
    return containers.title_inlines(label), body


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


def _marks_every_question(blocks: list[Node]) -> bool:
    """Whether a guide marks its exercises with containers: one question or answer is enough."""
    return any(containers.role(block) in {"question", "answer"} for block in blocks)


def _explains(questions: list[QuestionDraft]) -> str:
    """What --explain says of a section of containers: how many, and of which kinds."""
    found = {(kind, role) for q in questions for kind, role in containers.kinds(q.original)}
    named = ", ".join(f"'{kind}' as {role}" for kind, role in sorted(found))
    named = named or "answer containers after the paragraphs they answer"
    return f"{len(questions)} exercise container(s): {named}"


CONVENTION = Convention(
    name="container",
    describes="exercise and solution containers (fenced divs, directives, callouts)",
    place=1,
    reader=_ContainerReader,
    marks_every_question=_marks_every_question,
    explains=_explains,
)
