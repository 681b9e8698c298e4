"""pandoc's AST -> source lines, plain text and named views, on small trees."""

from __future__ import annotations

from pathlib import Path

from studyguide.read import tree
from studyguide.read.normalize import normalize_text
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


def test_named_views_read_the_trees_pandoc_writes(tmp_path: Path) -> None:
    text = (
        "# Title\n\n## Part *two*\n\n3. three\n4. four\n\nb. x\nc. y\n\n"
        "| Q | A |\n|---|---|\n| What? | This. |\n| Why? | That. |\n\n"
        "<details>\n\n::: note\nInside.\n:::\n\n```py\nx = 1\n```\n"
    )
    blocks = list(tree.unwrap(normalize_text(text, tmp_path / "g.md").document["blocks"]))
    heading, numbered, lettered, table, raw, div, code = blocks[1:]
    assert tree.heading_level(heading) == 2
    assert tree.plain_text(tree.heading_inlines(heading)) == "Part two"
    assert (tree.list_start(numbered), tree.list_style(numbered)) == (3, "Decimal")
    assert tree.lettered(lettered) and not tree.lettered(numbered)
    alone = tree.list_with(numbered, tree.list_items(numbered)[1:])
    assert (tree.list_start(alone), tree.plain_text(alone)) == (3, "four")
    assert tree.table_columns(table) == 2
    assert [tree.plain_text(cell) for cell in tree.table_head(table)] == ["Q", "A"]
    assert [[tree.plain_text(cell) for cell in row] for row in tree.table_rows(table)] == [
        ["What?", "This."],
        ["Why?", "That."],
    ]
    assert (tree.raw_format(raw), tree.raw_text(raw)) == ("html", "<details>\n")
    assert tree.raw_html(raw) == "<details>\n" and tree.raw_html(code) == ""
    assert tree.plain_text(tree.div_blocks(div)) == "Inside."
    assert tree.code_text(code) == "x = 1"
