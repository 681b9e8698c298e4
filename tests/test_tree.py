"""pandoc's AST -> source lines and plain text, on small hand-made trees."""

from __future__ import annotations

from studyguide.read import tree
from studyguide.read.tree import Node


def wrapped(node: Node, pos: str) -> Node:
    """A node inside the Div that pandoc's sourcepos puts around it."""
    return {"t": "Div", "c": [["", [], [["wrapper", "1"], ["data-pos", pos]]], [node]]}


def para(*words: str) -> Node:
    inlines: list[Node] = []
    for word in words:
        inlines += [{"t": "Str", "c": word}, {"t": "Space"}]
    return {"t": "Para", "c": inlines[:-1]}


def test_positions_come_from_the_data_pos_attribute() -> None:
    header: Node = {"t": "Header", "c": [2, ["id", [], [["data-pos", "7:1-7:12"]]], []]}
    assert tree.position(header) == (7, 1)
    assert tree.line_of(header) == 7
    assert tree.line_of(para("no", "position")) is None


def test_wrappers_are_opened_and_lines_found_inside_them() -> None:
    blocks = [wrapped(para("first"), "3:1-3:6"), para("second")]
    assert [block["t"] for block in tree.unwrap(blocks)] == ["Para", "Para"]
    assert tree.first_line(blocks) == 3
    assert tree.first_line([para("none")]) is None


def test_plain_text_joins_what_a_reader_sees() -> None:
    inlines: list[Node] = [
        {"t": "Strong", "c": [{"t": "Str", "c": "Bold"}]},
        {"t": "Space"},
        {"t": "Code", "c": [["", [], []], "x = 1"]},
        {"t": "SoftBreak"},
        {"t": "Quoted", "c": [{"t": "DoubleQuote"}, [{"t": "Str", "c": "said"}]]},
    ]
    assert tree.plain_text(inlines) == "Bold x = 1 \u201csaid\u201d"
    assert tree.text_with_line_breaks(inlines) == "Bold x = 1\n\u201csaid\u201d"


def test_strip_positions_removes_wrappers_and_joins_split_words() -> None:
    inline_wrapper: Node = {
        "t": "Span",
        "c": [["", [], [["wrapper", "1"], ["data-pos", "1:1-1:4"]]], [{"t": "Str", "c": "ab"}]],
    }
    stripped = tree.strip_positions([inline_wrapper, {"t": "Str", "c": "c"}])
    assert stripped == [{"t": "Str", "c": "abc"}]


def test_walk_with_blocks_does_not_enter_paragraph_text() -> None:
    document = [wrapped({"t": "BulletList", "c": [[para("item")]]}, "5:1-5:7")]
    every = [node["t"] for node, _ in tree.walk(document)]
    blocks_only = [(node["t"], line) for node, line in tree.walk(document, blocks=True)]
    assert "Str" in every
    assert blocks_only == [("Div", 5), ("BulletList", 5), ("Para", 5)]


def test_list_items_of_both_kinds_of_list() -> None:
    bullets: Node = {"t": "BulletList", "c": [[para("a")], [para("b")]]}
    numbered: Node = {
        "t": "OrderedList",
        "c": [[1, {"t": "Decimal"}, {"t": "Period"}], [[para("c")]]],
    }
    assert len(tree.list_items(bullets)) == 2
    assert tree.plain_text(tree.list_items(numbered)) == "c"
