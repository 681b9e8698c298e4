"""Raw HTML blocks -> the ``<details><summary>`` openings and closings among them."""

from __future__ import annotations

import re

from studyguide.read import tree
from studyguide.read.pandoc import Node

DETAILS_OPEN = re.compile(
    r"^\s*(?:<details\b[^>]*>\s*)?<summary\b[^>]*>(.*?)</summary>\s*(?:(?:<p>|<br\s*/?>)\s*)?$",
    re.DOTALL | re.IGNORECASE,
)
DETAILS_START = re.compile(r"<details\b", re.IGNORECASE)
DETAILS_END = re.compile(r"</details>", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"^\s*(?:</p>\s*)?</details>\s*$", re.IGNORECASE)
ANSWER_SUMMARY = re.compile(r"^(show |see |the )?(answer|solution|explanation)s?\b", re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")


def details_summary(block: Node) -> str | None:
    """The text of a ``<details><summary>`` opening block, or None for any other block."""
    if block["t"] != "RawBlock" or tree.raw_format(block) != "html":
        return None
    match = DETAILS_OPEN.match(tree.raw_text(block))
    if match is None:
        return None
    return " ".join(TAGS.sub("", match.group(1)).split())


def opened(block: Node) -> int:
    """How many more ``<details>`` a block opens than it closes (0 for any but raw HTML)."""
    raw = tree.raw_html(block)
    return len(DETAILS_START.findall(raw)) - len(DETAILS_END.findall(raw))
