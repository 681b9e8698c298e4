"""A section's blocks -> the convention that explains them best, and the section it reads."""

from __future__ import annotations

from dataclasses import dataclass

from studyguide.model import Reading
from studyguide.read import containers, tree
from studyguide.read.conventions._convention import Naming, Reader
from studyguide.read.conventions._details import opened
from studyguide.read.conventions._draft import QuestionDraft, SectionDraft
from studyguide.read.conventions._evidence import Evidence, Rules
from studyguide.read.conventions._outline import Part, section_draft
from studyguide.read.conventions._paragraphs import is_link_item
from studyguide.read.conventions._wording import ANSWER_SECTION, QUESTION_NOUN, asks
from studyguide.read.pandoc import Node


def body_section(
    part: Part,
    named: str | None,
    rules: Rules,
    *,
    whole: bool = False,
) -> SectionDraft:
    """A section whose questions are blocks within it, read by the unit that explains it best
    (or the one the front matter names); ``whole`` reads its sub-headings' blocks too."""
    section = section_draft(part)
    body = part.all_blocks() if whole or not part.children else part.body
    answers = bool(ANSWER_SECTION.search(part.text)) and not QUESTION_NOUN.search(part.text)
    weights = [weight(block) for block in body]  # once: every convention reads them
    by_pattern = named is not None and rules.table[named].by_pattern_only
    readings = {
        name: read_body(body, weights, _reader(rules, name, forced=name == named))
        for name in ((named,) if by_pattern and named else rules.tried)
    }
    candidates = tuple((name, len(r.questions)) for name, r in readings.items())
    if named in readings:
        chosen, why = named, "named in the front matter"
    else:
        titled = containers.role_of_words(part.text) == "question"
        chosen, why = _best(readings, rules, titled=titled)
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
        if block["t"] in tree.LISTS and all(map(is_link_item, tree.list_items(block)))
    ]
    if not lists:
        return ""
    if chosen == "list":
        return f"; {len(lists)} list(s) of links whose texts ask: a question bank"
    return f"; {len(lists)} list(s) of links whose texts ask nothing: resources, not questions"


@dataclass
class _BodyReading:
    """A section's blocks as one convention reads them, and the share of them it explains."""

    lead: list[Node]
    questions: list[QuestionDraft]
    after: list[Node]
    covered: float


def _best(
    readings: dict[str, _BodyReading], rules: Rules, *, titled: bool = False
) -> tuple[str, str]:
    """The reading that covers most of the section; what its units say breaks ties."""
    if rules.evidence.explicit is not None:
        return _explicit(readings, rules, rules.evidence.explicit)
    scored = []
    rejected: list[str] = []
    for name, reading in readings.items():
        if not reading.questions:
            continue
        count = len(reading.questions)
        asking = _asking(name, reading.questions, rules.evidence, titled=titled)
        if asking < 0.5:
            rejected.append(f"{name}'s {count} units mostly ask nothing")
            continue  # units that repeat but ask nothing: steps, notes, facts
        scored.append((round(reading.covered, 1), asking, count, name))
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


def _asking(name: str, questions: list[QuestionDraft], marks: Evidence, *, titled: bool) -> float:
    """The share of a reading's units that ask something."""
    prompts = [tree.plain_text(q.heading) for q in questions]
    if titled and len(prompts) > 1:
        return 1.0  # '## Problems', '## Exercises': what repeats under it is set
    # A unit the author marked (bold, a label) counts as asking where it repeats: in the
    # section, or, for marks such as a bold label ('**1)**'), across the guide. A single
    # unit shows no repetition, so only its wording, or a mark that calls it a question
    # ("Q3.", "Exercise 2"), can say so.
    marked = len(prompts) > 1 or name in marks.repeated
    return sum(
        (marked and q.labelled) or q.named or asks(text)
        for q, text in zip(questions, prompts, strict=True)
    ) / len(prompts)


def _explicit(readings: dict[str, _BodyReading], rules: Rules, convention: str) -> tuple[str, str]:
    """In a guide that marks every question (containers, a dialogue), only those marks count:
    no other unit explains a section better, and a section without them holds none."""
    found = readings[convention].questions
    if not found:
        return "none", f"the guide marks its questions as {convention}s, and none is here"
    explains = rules.table[convention].explains
    if explains is None:
        raise TypeError(f"the '{convention}' convention marks every question but explains none")
    return convention, explains(found)


def weight(block: Node) -> int:
    """How much of a section a block is, to say how much of it a reading covers."""
    return len(tree.plain_text([block])) + 20


def _reader(rules: Rules, name: str, *, forced: bool) -> Reader:
    """A new reader of a convention; a ``forced`` one takes every unit of its kind, whatever
    it says."""
    make = rules.table[name].reader
    if make is None:
        raise TypeError(f"the '{name}' convention declares no reader of blocks")
    return make(Naming(forced=forced, pattern=rules.forced.pattern))


def read_body(blocks: list[Node], weights: list[int], reader: Reader) -> _BodyReading:
    """Cut a section's blocks by one convention: what leads, the questions, what follows.
    ``weights`` are the blocks' own."""
    reader.begin(blocks)
    lead: list[Node] = []
    questions: list[QuestionDraft] = []
    after: list[Node] = []
    covered = 0  # the weight of the blocks this reading explains
    open_question: QuestionDraft | None = None
    depth = 0
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        nested = depth > 0 and not reader.reads_inside_details
        depth = max(0, depth + opened(block))
        found = [] if nested else list(reader.units(block, following))
        if found or (not nested and reader.consumes(block)):
            open_question = _place(found, open_question, lead, questions)
            covered += weights[index]
        elif reader.ends_answer(block):
            open_question = None
            covered += weights[index] if questions else 0
        elif open_question is not None and reader.extends_answer(block):
            open_question.blocks.append(block)
            covered += weights[index]
            if not reader.answer_follows:
                open_question.misplaced.append(block)
        else:
            open_question = None
            (after if questions else lead).append(block)
    total = sum(weights)
    return _BodyReading(lead, questions, after, covered / total if total else 0.0)


def _place(
    units: list[QuestionDraft | Node],
    open_question: QuestionDraft | None,
    lead: list[Node],
    questions: list[QuestionDraft],
) -> QuestionDraft | None:
    """Put the units a block gave where they belong: a question among the questions, a
    block in the open question's answer or else in what leads; the question left open."""
    for unit in units:
        if isinstance(unit, QuestionDraft):
            questions.append(unit)
            open_question = unit
        elif open_question is not None:
            open_question.blocks.append(unit)
        else:
            lead.append(unit)
    return open_question
