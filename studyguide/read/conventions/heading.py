"""Sub-headings under a section heading, each a question with the blocks under it its answer."""

from __future__ import annotations

from studyguide.model import Reading
from studyguide.read import tree
from studyguide.read.conventions._convention import Convention
from studyguide.read.conventions._draft import QuestionDraft, SectionDraft
from studyguide.read.conventions._outline import Part, section_draft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS, card_split, is_link_item
from studyguide.read.conventions._wording import LABEL, asks, author_number, without_number
from studyguide.read.pandoc import Node


def heading_section(part: Part, why: str, forced: bool) -> SectionDraft:
    """A section whose sub-headings are its questions (every one of them if ``forced``)."""
    section = section_draft(part)
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
    """Whether blocks hold nothing but links (lists of links, paragraphs with one, rules)."""
    for block in blocks:
        if block["t"] in tree.LISTS:
            if not all(is_link_item(item) for item in tree.list_items(block)):
                return False
        elif block["t"] in TEXT_BLOCKS:
            if not any(node["t"] == "Link" for node in tree.unwrap(block["c"])):
                return False
        elif block["t"] not in {"HorizontalRule", "RawBlock"}:
            return False
    return True


def _heading_question(child: Part, content: list[Node]) -> QuestionDraft:
    """The question a sub-heading asks; a heading that only labels it ('### Card 3') takes
    its prompt from the paragraph under it."""
    assert child.heading is not None
    line = tree.line_of(child.heading) or 0
    inlines, number = without_number(tree.heading_inlines(child.heading))
    label = LABEL.match(tree.plain_text(tree.heading_inlines(child.heading)))
    if label and content and content[0]["t"] in TEXT_BLOCKS:
        # "### Card 3" or "## Question 2": the label numbers the question, the text follows.
        number = int(label.group("number")) if label.group("number") else number
        first, *rest = content
        card = card_split(first)
        if card is not None:
            prompt, answer = card
            return QuestionDraft(
                prompt, line, [*answer, *rest], number=number, original=[child.heading]
            )
        return QuestionDraft(
            tree.strip_positions(first["c"]), line, rest, number=number, original=[child.heading]
        )
    return QuestionDraft(inlines, line, content, number=number, original=[child.heading])


CONVENTION = Convention(
    name="heading",
    describes="headings under section headings",
    place=0,
    heading_reader=heading_section,
)
