"""A guide's blocks -> the tree of its headings, each with the blocks under it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from studyguide.read import tree
from studyguide.read.conventions._details import opened
from studyguide.read.conventions._draft import SectionDraft
from studyguide.read.conventions._wording import author_number
from studyguide.read.pandoc import Node


@dataclass
class Part:
    """A heading with the blocks under it before its first sub-heading, and its sub-headings."""

    heading: Node | None
    level: int
    body: list[Node] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The heading's text ('' for the blocks before the first heading)."""
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
        depth = max(0, depth + opened(block))  # 0 but inside a <details> block
        stack[-1].body.append(block)
    return root


def _levels(blocks: list[Node]) -> dict[int, int]:
    """Each heading's level by its index, numbered neighbours brought to one level."""
    headings = [(i, b) for i, b in enumerate(blocks) if b["t"] == "Header"]
    levels = {i: tree.heading_level(b) for i, b in headings}
    numbered = [(i, author_number(tree.plain_text(tree.heading_inlines(b)))) for i, b in headings]
    for (first, one), (second, two) in itertools.pairwise(numbered):
        if one is not None and two == one + 1 and levels[first] != levels[second]:
            deeper = max(levels[first], levels[second])
            levels[first] = levels[second] = deeper
    return levels


def section_draft(part: Part) -> SectionDraft:
    """A section begun at a part's heading, or before the first heading if it has none."""
    if part.heading is None:
        return SectionDraft([], tree.first_line(part.body) or 0)
    return SectionDraft(tree.heading_inlines(part.heading), tree.line_of(part.heading) or 0)
