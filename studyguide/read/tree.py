"""Pandoc's JSON AST -> source lines, plain text and position-free trees.

Pandoc's ``sourcepos`` extension wraps blocks and inlines in Divs and Spans marked
``wrapper=1`` that carry a ``data-pos`` attribute ("line:column-line:column"). These helpers
read those positions and take the wrappers away again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

# A pandoc AST node, as pandoc's JSON gives it: {"t": type, "c": contents}.
Node = dict[str, Any]
Document = dict[str, Any]  # a whole document: {"pandoc-api-version", "meta", "blocks"}

POSITION = re.compile(r"^(\d+):(\d+)-")
LISTS = frozenset({"BulletList", "OrderedList"})
TEXT_BLOCKS = frozenset({"Para", "Plain", "Header", "LineBlock", "CodeBlock", "RawBlock"})
_ATTRIBUTE_SLOT = {
    "Div": 0, "Span": 0, "Header": 1, "CodeBlock": 0, "Code": 0,
    "Link": 0, "Image": 0, "Table": 0, "Figure": 0,
}  # fmt: skip


def attributes(node: Node) -> list[Any] | None:
    """A node's [id, classes, key-value pairs], for the node types that have them."""
    slot = _ATTRIBUTE_SLOT.get(node.get("t", ""))
    if slot is None:
        return None
    found: list[Any] = node["c"][slot]
    return found


def position(node: Node) -> tuple[int, int] | None:
    """(line, column), both 1-based, where pandoc says a node starts."""
    found = attributes(node)
    for key, value in found[2] if found else ():
        if key == "data-pos" and (match := POSITION.match(value)):
            return int(match.group(1)), int(match.group(2))
    return None


def line_of(node: Node) -> int | None:
    """The source line where a node starts, if pandoc recorded it."""
    found = position(node)
    return found[0] if found else None


def is_wrapper(node: Any) -> bool:
    """Whether a node is a Div or Span that sourcepos added around the real node."""
    return (
        isinstance(node, dict)
        and node.get("t") in {"Div", "Span"}
        and ["wrapper", "1"] in node["c"][0][2]
    )


def unwrap(blocks: Iterable[Node]) -> Iterator[Node]:
    """The nodes inside sourcepos wrappers, in order, with the wrappers opened."""
    for block in blocks:
        if is_wrapper(block):
            yield from unwrap(block["c"][1])
        else:
            yield block


def first_line(nodes: Iterable[Node]) -> int | None:
    """The first source line recorded on any of these nodes or inside them."""
    for _, line in walk(list(nodes)):
        if line:
            return line
    return None


def list_items(node: Node) -> list[list[Node]]:
    """The items of a BulletList or OrderedList, each a list of blocks."""
    items: list[list[Node]] = node["c"] if node["t"] == "BulletList" else node["c"][1]
    return items


# Named views of the node types whose contents pandoc gives as positional lists.


def heading_level(node: Node) -> int:
    """A Header's level, 1 for '#'."""
    level: int = node["c"][0]
    return level


def heading_inlines(node: Node) -> list[Node]:
    """A Header's text."""
    inlines: list[Node] = node["c"][2]
    return inlines


def raw_format(node: Node) -> str:
    """The format a RawBlock or RawInline is written in: 'html', 'tex'."""
    name: str = node["c"][0]
    return name


def raw_text(node: Node) -> str:
    """A RawBlock's or RawInline's source text."""
    text: str = node["c"][1]
    return text


def raw_html(node: Node) -> str:
    """A RawBlock's text, or '' for any other block: where HTML tags are counted."""
    return raw_text(node) if node["t"] == "RawBlock" else ""


def code_text(node: Node) -> str:
    """A CodeBlock's or Code's text."""
    text: str = node["c"][1]
    return text


def div_blocks(node: Node) -> list[Node]:
    """A Div's blocks."""
    inside: list[Node] = node["c"][1]
    return inside


def inner_inlines(node: Node) -> list[Node]:
    """The inlines a Span or a Quoted holds."""
    inside: list[Node] = node["c"][1]
    return inside


def list_start(node: Node) -> int:
    """The number an OrderedList starts at."""
    start: int = node["c"][0][0]
    return start


def list_style(node: Node) -> str:
    """An OrderedList's numbering: 'Decimal', 'LowerAlpha', 'UpperRoman'…"""
    style: str = node["c"][0][1]["t"]
    return style


def lettered(node: Node) -> bool:
    """Whether a list is an OrderedList numbered with letters."""
    return node["t"] == "OrderedList" and list_style(node) in {"LowerAlpha", "UpperAlpha"}


def list_with(node: Node, items: list[list[Node]]) -> Node:
    """A list like this one (bullets, or the same numbering) holding only these items."""
    if node["t"] == "BulletList":
        return {"t": "BulletList", "c": items}
    return {"t": "OrderedList", "c": [node["c"][0], items]}


def table_columns(node: Node) -> int:
    """How many columns a Table has."""
    return len(node["c"][2])


def table_head(node: Node) -> list[list[Node]]:
    """The cells of a Table's head rows, each a list of blocks."""
    head = node["c"][3]
    return [cell[4] for row in head[1] for cell in row[1]]


def table_rows(node: Node) -> list[list[list[Node]]]:
    """The rows of a Table's bodies, each a list of cells, each cell a list of blocks."""
    bodies = node["c"][4]
    return [[cell[4] for cell in row[1]] for body in bodies for row in body[3]]


def walk(value: Any, line: int = 0, *, blocks: bool = False) -> Iterator[tuple[Node, int]]:
    """Every node under ``value``, in document order, with the nearest source line at or above it.

    With ``blocks``, the text of paragraphs, headings and the like is not entered: the
    inlines (most of a document's nodes) and the footnotes among them are left out.
    An explicit stack rather than recursion: each node costs the same however deep it sits.
    """
    stack: list[tuple[Any, int]] = [(value, line)]
    while stack:
        item, line = stack.pop()
        if isinstance(item, dict):
            if "t" in item:
                line = line_of(item) or line
                yield item, line
                if "c" in item and not (blocks and item["t"] in TEXT_BLOCKS):
                    stack.append((item["c"], line))
        elif isinstance(item, list):
            stack.extend((child, line) for child in reversed(item))


def strip_positions(value: Any) -> Any:
    """A copy of the tree without sourcepos wrappers and attributes, as pandoc reads it without.

    The hottest walk of a build (every inline of a guide passes through it, twice): scalars are
    not recursed into, and neighbouring Str nodes are joined into one as their run ends.
    """
    kind = type(value)
    if kind is list:
        return _stripped_list(value)
    if kind is dict:
        return _stripped_node(value)
    return value


def _stripped_list(items: list[Any]) -> list[Any]:
    stripped: list[Any] = []
    run: list[str] = []  # the texts of neighbouring Str nodes, one Str when the run ends
    for child in items:
        kind = type(child)
        if kind is dict:
            node_type = child.get("t")
            if node_type == "Str":  # most of a guide's nodes: copied without a walk
                run.append(child["c"])
                continue
            if node_type in _WRAPPERS and ["wrapper", "1"] in child["c"][0][2]:
                for inner in _stripped_list(child["c"][1]):
                    if type(inner) is dict and inner.get("t") == "Str":
                        run.append(inner["c"])
                    else:
                        _end_run(stripped, run)
                        stripped.append(inner)
                continue
            _end_run(stripped, run)
            if node_type in _LEAVES and len(child) == 1:
                stripped.append({"t": node_type})
            else:
                stripped.append(_stripped_node(child))
        else:
            _end_run(stripped, run)
            stripped.append(_stripped_list(child) if kind is list else child)
    _end_run(stripped, run)
    return stripped


def _stripped_node(node: dict[str, Any]) -> dict[str, Any]:
    copy = {
        key: strip_positions(item) if type(item) in _CONTAINERS else item
        for key, item in node.items()
    }
    slot = _ATTRIBUTE_SLOT.get(copy.get("t", ""))
    if slot is not None:
        found = copy["c"][slot]
        found[2] = [pair for pair in found[2] if pair[0] != "data-pos"]
    return copy


def _end_run(nodes: list[Any], run: list[str]) -> None:
    """Add the Str nodes of a run as one (sourcepos splits text at punctuation), joined once:
    joined two at a time, a long run of them took time that grew with its square."""
    if run:
        nodes.append({"t": "Str", "c": "".join(run)})
        run.clear()


_WRAPPERS = frozenset({"Div", "Span"})
_LEAVES = frozenset({"Space", "SoftBreak", "LineBreak"})
_CONTAINERS = (list, dict)


QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}


def plain_text(value: Any) -> str:
    """The text a reader sees in some inlines or blocks, with line breaks as spaces."""
    parts: list[str] = []
    _collect_text(value, parts)
    return " ".join("".join(parts).split())


def lines(inlines: list[Node]) -> list[list[Node]]:
    """Some inlines cut at their line breaks, one list a line (an empty line stays empty)."""
    cut: list[list[Node]] = [[]]
    for node in inlines:
        if node["t"] in {"LineBreak", "SoftBreak"}:
            cut.append([])
        else:
            cut[-1].append(node)
    return cut


def text_with_line_breaks(inlines: list[Node]) -> str:
    """The text of some inlines where each source line break stays a newline, to count lines."""
    parts: list[str] = []
    _collect_text(inlines, parts, breaks="\n")
    return "".join(parts)


def _collect_text(value: Any, parts: list[str], breaks: str = " ") -> None:
    """The hottest walk of reading a guide (its conventions ask for the text of the same
    blocks again and again): words and spaces, most of the nodes, are taken without a call."""
    if isinstance(value, list):
        for child in value:
            kind = child.get("t") if type(child) is dict else None
            if kind == "Str":
                parts.append(child["c"])
            elif kind == "Space":
                parts.append(" ")
            elif kind is not None:
                _collect_node(child, kind, parts, breaks)
            else:
                _collect_text(child, parts, breaks)
    elif isinstance(value, dict):
        _collect_node(value, value.get("t"), parts, breaks)


def _collect_node(value: Node, kind: Any, parts: list[str], breaks: str) -> None:
    """(A Note is none of the kinds below: a footnote's text is not its line's.)"""
    content: Any = value.get("c")
    if kind == "Str":
        parts.append(content)
    elif kind in {"Space", "SoftBreak", "LineBreak"}:
        parts.append(" " if kind == "Space" else breaks)
    elif kind in {"Code", "Math"}:
        parts.append(content[1])
    elif kind == "Quoted":
        opening, closing = QUOTES[content[0]["t"]]
        parts.append(opening)
        _collect_text(content[1], parts, breaks)
        parts.append(closing)
    elif kind in {
        "Emph",
        "Strong",
        "Underline",
        "Strikeout",
        "Superscript",
        "Subscript",
        "SmallCaps",
    }:
        _collect_text(content, parts, breaks)
    elif kind in {"Span", "Link", "Cite", "Image"}:
        _collect_text(content[1], parts, breaks)
    elif kind in {"Para", "Plain", "Header", "BlockQuote", "Div", "LineBlock"}:
        _collect_text(content if kind not in {"Header", "Div"} else content[-1], parts)
        parts.append(" ")
    elif kind == "CodeBlock":
        parts.append(content[1] + " ")
    elif kind in {"BulletList", "OrderedList", "DefinitionList", "Table", "Figure"}:
        _collect_text(content, parts)
        parts.append(" ")
