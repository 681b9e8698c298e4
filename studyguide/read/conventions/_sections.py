"""A guide's blocks -> its sections of questions: at each heading of the outline, whether its
sub-headings are questions or sections of their own, and which convention reads each."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from studyguide.read import tree
from studyguide.read.conventions._choosing import body_section, weight
from studyguide.read.conventions._convention import Convention
from studyguide.read.conventions._draft import SectionDraft, Segmented
from studyguide.read.conventions._evidence import Forced, Rules, gather
from studyguide.read.conventions._outline import Part, outline
from studyguide.read.conventions._refusal import refuse_what_is_not_studied
from studyguide.read.conventions._wording import asks, author_number
from studyguide.read.pandoc import Node

HEADINGS = "heading"  # the convention whose questions are sub-headings
LINE_PATTERN = "pattern"  # the convention that reads by the front matter's line pattern


def read(blocks: list[Node], forced: Forced, table: Mapping[str, Convention]) -> Segmented:
    """Cut a guide's blocks into its intro and its sections of questions."""
    root = outline(blocks)
    intro: list[Node] = []
    rules = Rules(table, forced, gather(blocks, table))
    lead: list[SectionDraft] = []
    if forced.pattern is not None:
        sections = _pattern_sections(root, rules)
        return Segmented([], [_named(section) for section in sections])
    if root.children and not _heading_mode(root, rules):
        # The blocks before the first heading introduce a guide that has headings, unless
        # they hold questions: then they are a section of their own, the guide's first.
        default = rules.block_convention(forced.default)
        preamble = body_section(Part(None, 0, root.body), default, rules)
        if _a_section_of_questions(preamble, root.body):
            lead = [preamble]
        else:
            intro = root.body
        root.body = []
    sections = lead + _read_part(root, rules)
    refuse_what_is_not_studied(sections, blocks, rules)
    return Segmented(intro, [_named(section) for section in sections])


def _a_section_of_questions(preamble: SectionDraft, blocks: list[Node]) -> bool:
    """Whether what comes before the first heading is questions, not an introduction: they
    make up most of it, and most of them ask in their own words (an introduction's bold
    bullets repeat, but say what the guide holds)."""
    if not preamble.questions or preamble.reading is None:
        return False
    if preamble.reading.convention == "none":
        return False
    total = sum(map(weight, blocks)) or 1
    text = sum(map(weight, [*preamble.blocks, *preamble.after]))
    asking = sum(
        asks(tree.plain_text(q.heading)) or q.named or (q.labelled and q.number is not None)
        for q in preamble.questions
    )
    return text * 2 < total and asking * 2 > len(preamble.questions)


def _named(section: SectionDraft) -> SectionDraft:
    """A section with a title: the questions before the first heading are 'Questions' (which
    the renderer says in the guide's language)."""
    if not section.heading:
        section.heading = [{"t": "Str", "c": "Questions"}]
        section.named_by_author = False
    return section


def _read_part(part: Part, rules: Rules) -> list[SectionDraft]:
    """The sections a part of the outline makes: itself with its sub-headings as questions,
    or its own blocks as a section and each sub-heading read in turn.

    A convention the front matter names for this section's title decides; one named for
    the whole guide applies to each section the structure gives."""
    named = rules.forced.named(part.text)
    blocks_default = rules.block_convention(rules.forced.default)
    if rules.block_convention(named):
        return [body_section(part, named, rules, whole=True)]
    if not part.children:
        return [body_section(part, blocks_default, rules)] if part.heading or part.body else []
    plans = [_read_part(child, rules) for child in part.children]
    asking, holding = _votes(part, plans)
    if named is None and _headings_ask(part, asking, holding, rules):
        return _read_by_headings(part, plans, (asking, holding), rules)
    if named == HEADINGS or _headings_by_default(part, rules):
        return [_heading_section(part, rules, asking, holding, forced=True)]
    return _own_and_sub_sections(part, plans, blocks_default, rules)


def _own_and_sub_sections(
    part: Part, plans: list[list[SectionDraft]], named: str | None, rules: Rules
) -> list[SectionDraft]:
    """A part's own blocks as a section (unless they are only its heading), then the
    sections its sub-headings make."""
    sections = []
    if part.heading is not None or part.body:
        own = body_section(part, named, rules)
        if own.questions or part.body or part.heading is None:
            sections.append(own)
    for plan in plans:
        sections.extend(plan)
    return sections


def _headings_ask(part: Part, asking: int, holding: int, rules: Rules) -> bool:
    """Whether most sub-headings ask, more of them than hold questions of their own, in a
    guide that does not mark its questions otherwise."""
    return asking > holding and asking * 2 > len(part.children) and rules.evidence.explicit is None


def _headings_by_default(part: Part, rules: Rules) -> bool:
    """Whether the front matter names headings for the guide, and this section's
    sub-headings have none of their own."""
    leaves = all(not child.children for child in part.children)
    return rules.forced.default == HEADINGS and leaves and part.heading is not None


def _read_by_headings(
    part: Part, plans: list[list[SectionDraft]], votes: tuple[int, int], rules: Rules
) -> list[SectionDraft]:
    """A part whose sub-headings ask: its questions, unless the front matter names a
    convention for the blocks of every section."""
    asking, holding = votes
    blocks_default = rules.block_convention(rules.forced.default)
    if blocks_default and part.heading is not None:
        return [body_section(part, blocks_default, rules, whole=True)]
    if not holding:
        return [_heading_section(part, rules, asking, holding)]
    # Section levels are found per branch: a sub-heading that holds questions of its own
    # ('### Languages' among '### What is …?') is a section beside this one.
    holders = [i for i, plan in enumerate(plans) if _holds(part.children[i], plan)]
    asking_part = Part(part.heading, part.level, part.body)
    asking_part.children = [c for i, c in enumerate(part.children) if i not in holders]
    first = _heading_section(asking_part, rules, asking, holding)
    return [first, *(section for i in holders for section in plans[i])]


def _pattern_sections(part: Part, rules: Rules) -> list[SectionDraft]:
    """A part read by the front matter's line pattern: every paragraph, list item or heading
    whose first line it finds opens a question. A heading it finds is a question of its
    part; any other heading is a section of its own."""
    pattern = rules.forced.pattern
    assert pattern is not None
    if any(pattern.search(child.text) for child in part.children):
        return [body_section(part, LINE_PATTERN, rules, whole=True)]
    sections = []
    if part.heading is not None or part.body:
        sections.append(body_section(part, LINE_PATTERN, rules))
    for child in part.children:
        sections += _pattern_sections(child, rules)
    return sections


def _holds(child: Part, plan: list[SectionDraft]) -> bool:
    """Whether a sub-heading holds questions of its own rather than being one: it asks
    nothing, and two of its questions ask (or it holds exercise containers)."""
    return not asks(child.text) and _holds_questions(plan)


def _holds_questions(plan: list[SectionDraft]) -> bool:
    """Whether the sections a sub-heading makes hold questions: two that ask, or exercise
    containers."""
    return sum(asks(tree.plain_text(q.heading)) for s in plan for q in s.questions) >= 2 or any(
        s.reading is not None and s.reading.convention == "container" for s in plan
    )


def _a_step(title: str) -> bool:
    """A numbered heading that is a sentence ('1. First, search for it yourself.') states a
    step of advice; a numbered title ('2. Valid brackets') names a task."""
    return title.rstrip().endswith((".", "\u3002", "!", "\uff01"))


def _votes(part: Part, plans: list[list[SectionDraft]]) -> tuple[int, int]:
    """How many sub-headings ask something, and how many hold questions of their own."""
    asking = max(sum(asks(child.text) for child in part.children), _asking_by_number(part, plans))
    return asking, sum(map(_holds_questions, plans))


def _asking_by_number(part: Part, plans: list[list[SectionDraft]]) -> int:
    """How many sub-headings ask by their numbering alone: numbered 1, 2, 3 … in order
    ('## 2. Valid brackets' and its task), unless they hold questions of their own."""
    numbers = [author_number(child.text) for child in part.children]
    in_order = sum(
        1 for one, two in itertools.pairwise(numbers) if one is not None and two == one + 1
    )
    if in_order * 2 < len(part.children):
        return 0
    return sum(
        number is not None and not _holds(child, plan) and not _a_step(child.text)
        for number, child, plan in zip(numbers, part.children, plans, strict=True)
    )


def _heading_mode(part: Part, rules: Rules) -> bool:
    """Whether the guide's own sub-headings are its questions (it has no section headings)."""
    named = rules.forced.named(part.text) or rules.forced.default
    if named is not None:
        return named == HEADINGS and all(not child.children for child in part.children)
    if rules.evidence.explicit is not None:
        return False  # the guide marks its exercises: its headings are sections
    plans = [_read_part(child, rules) for child in part.children]
    asking, holding = _votes(part, plans)
    return asking > holding and asking * 2 > len(part.children)


def _heading_section(
    part: Part, rules: Rules, asking: int, holding: int, *, forced: bool = False
) -> SectionDraft:
    """A section whose sub-headings are its questions, read by the heading convention."""
    why = (
        "named in the front matter"
        if forced
        else f"{asking} of {len(part.children)} sub-headings ask something, "
        f"{holding} hold questions of their own"
    )
    reader = rules.table[HEADINGS].heading_reader
    if reader is None:
        raise TypeError(f"the '{HEADINGS}' convention declares no heading_reader")
    return reader(part, why, forced)
