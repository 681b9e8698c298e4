"""A guide's top-level blocks -> the same blocks without what only made sense on its website.

Taken away: hand-written tables of contents (lists of links to the guide's own headings,
and their "Table of contents" heading), "back to top" links, badge images, MDX ``import``
lines, JSX component tags such as ``<InDocAd />``, ``<head>`` blocks and HTML comments.
Every format builds its own contents, so a copied one would only repeat it with dead links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from studyguide.read import tree
from studyguide.read.tree import Node

CONTENTS_HEADING = re.compile(r"^(table of contents|contents|toc|index)$", re.IGNORECASE)
BACK_TO_TOP = re.compile(r"(back to (the )?(top|contents)|^top$|^[⬆↑⇧🔝]+)", re.IGNORECASE)
# A badge is a remote status image; the guide's own picture named "badge.png" is not one.
BADGE = re.compile(
    r"^https?://[^/]*(shields\.io|badgen\.net|travis-ci|circleci|codecov)"
    r"|^https?://[^?#]*(badge|github\.com/.*/workflows)"
)
MDX_LINE = re.compile(
    r"^(import|export)\s+\S.*?(from\s+)?['\"\u2018\u201c][^'\"]+['\"\u2019\u201d];?$"
)
JSX_TAG = re.compile(r"^\s*</?[A-Z][\w.]*(\s[^>]*)?/?>\s*$")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.DOTALL)
HEAD_OPEN, HEAD_CLOSE = re.compile(r"^\s*<head\b", re.I), re.compile(r"</head>\s*$", re.I)


def without_noise(blocks: Iterable[Node]) -> list[Node]:
    """The blocks a reader of the guide's content needs, in order."""
    kept: list[Node] = []
    in_head = False
    for block in blocks:
        raw = block["c"][1] if block["t"] == "RawBlock" else None
        if raw is not None and (in_head or HEAD_OPEN.match(raw)):
            in_head = not HEAD_CLOSE.search(raw)
            continue
        if block["t"] in tree.LISTS and is_contents_list(block):
            if kept and _is_contents_heading(kept[-1]):
                kept.pop()
            continue
        if not _is_noise(block, raw):
            kept.append(block)
    return kept


def _is_noise(block: Node, raw: str | None) -> bool:
    """A JSX tag or an HTML comment; a paragraph of badges, back-to-top links or MDX lines."""
    if raw is not None:
        return bool(JSX_TAG.match(raw) or COMMENT.match(raw))
    return block["t"] in {"Para", "Plain"} and _is_noise_paragraph(block)


def _is_contents_heading(block: Node) -> bool:
    """A "Table of contents" heading, which goes with the contents list under it."""
    return block["t"] == "Header" and bool(CONTENTS_HEADING.match(tree.plain_text(block["c"][2])))


def _is_noise_paragraph(block: Node) -> bool:
    text = tree.plain_text(block["c"])
    if MDX_LINE.match(text):
        return True
    content = _visible(block["c"])
    if not content:
        return False
    if all(node["t"] == "Link" and node["c"][2][0].startswith("#") for node in content):
        return bool(BACK_TO_TOP.search(text)) or not text.strip()
    return all(_is_badge(node) for node in content)


def _visible(inlines: list[Node]) -> list[Node]:
    """The inlines that show, with bold and italics opened: **[Back to top](#top)** is a link."""
    shown = []
    for node in tree.unwrap(inlines):
        if node["t"] in {"Strong", "Emph"}:
            shown.extend(_visible(node["c"]))
        elif node["t"] not in {"Space", "SoftBreak"}:
            shown.append(node)
    return shown


def _is_badge(node: Node) -> bool:
    if node["t"] == "Link":
        inner = [child for child in tree.unwrap(node["c"][1]) if child["t"] != "Space"]
        return bool(inner) and all(_is_badge(child) for child in inner)
    return node["t"] == "Image" and bool(BADGE.search(node["c"][2][0]))


def is_contents_list(block: Node) -> bool:
    """Whether a list is a table of contents: every item only a link to an anchor, nested alike."""
    items = tree.list_items(block)
    if not items:
        return False
    for item in items:
        blocks = list(tree.unwrap(item))
        if not blocks or blocks[0]["t"] not in {"Para", "Plain"}:
            return False
        content = [
            node for node in tree.unwrap(blocks[0]["c"]) if node["t"] not in {"Space", "SoftBreak"}
        ]
        if (
            len(content) != 1
            or content[0]["t"] != "Link"
            or not content[0]["c"][2][0].startswith("#")
        ):
            return False
        for nested in blocks[1:]:
            if nested["t"] not in tree.LISTS or not is_contents_list(nested):
                return False
    return True
