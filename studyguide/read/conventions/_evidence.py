"""A guide's front matter and blocks -> what they say about how it marks its questions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention
from studyguide.read.pandoc import Node


@dataclass(frozen=True)
class Evidence:
    """What the whole guide says about how it marks its questions."""

    # conventions whose marks repeat across the guide ('**1)**' … '**2)**' for 'bold')
    repeated: frozenset[str]
    explicit: str | None  # 'container' or 'dialogue': the author marks every question so


def gather(blocks: list[Node], table: Mapping[str, Convention]) -> Evidence:
    """What a guide's blocks, nested ones included, show of how it marks its questions."""
    every = [block for block, _ in tree.walk(blocks, blocks=True)]
    repeated = frozenset(
        convention.name
        for convention in table.values()
        if convention.repeated_mark is not None and sum(map(convention.repeated_mark, every)) > 1
    )
    explicit = next(
        (
            convention.name
            for convention in table.values()
            if convention.marks_every_question is not None
            and convention.marks_every_question(every)
        ),
        None,
    )
    return Evidence(repeated, explicit)


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


@dataclass(frozen=True)
class Rules:
    """How a guide is read: the conventions there are (in the order they are tried), the ones
    its front matter names, and what its blocks show."""

    table: Mapping[str, Convention]
    forced: Forced
    evidence: Evidence

    @property
    def tried(self) -> tuple[str, ...]:
        """The conventions tried on each section's blocks, in order: all but 'heading'."""
        return tuple(
            name
            for name, convention in self.table.items()
            if convention.reader is not None and not convention.by_pattern_only
        )

    def block_convention(self, name: str | None) -> str | None:
        """The name, if it names a convention that reads a section's blocks."""
        return name if name in self.tried else None

    def marks_every_question(self, name: str) -> bool:
        """Whether a convention marks every question it reads (containers, a dialogue)."""
        convention = self.table.get(name)
        return convention is not None and convention.marks_every_question is not None
