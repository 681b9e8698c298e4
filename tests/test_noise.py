"""Top-level blocks -> the same without copied contents, badges and MDX lines."""

from __future__ import annotations

from studyguide.read import pandoc, tree
from studyguide.read.noise import is_contents_list, without_noise


def blocks(markdown: str) -> list[tree.Node]:
    return list(tree.unwrap(pandoc.read_markdown(markdown)["blocks"]))


def test_a_copied_table_of_contents_and_its_heading_are_left_out() -> None:
    kept = without_noise(
        blocks("# Guide\n\n## Contents\n\n- [Basics](#basics)\n- [More](#more)\n\n## Basics\n")
    )
    assert [tree.plain_text(block) for block in kept] == ["Guide", "Basics"]


def test_badges_back_to_top_links_and_mdx_lines_are_left_out() -> None:
    markdown = (
        "[![build](https://img.shields.io/badge/x.svg)](https://ci.example)\n\n"
        "import Ad from '@site/src/Ad';\n\n"
        "**[Back to top](#top)**\n\n"
        "<InDocAd />\n\n"
        "A real paragraph.\n"
    )
    assert [tree.plain_text(block) for block in without_noise(blocks(markdown))] == [
        "A real paragraph."
    ]


def test_a_guides_own_picture_named_badge_stays() -> None:
    kept = without_noise(blocks("![our badge](badge.png)\n"))
    assert len(kept) == 1


def test_a_list_of_links_to_other_pages_is_not_a_table_of_contents() -> None:
    (links,) = blocks("- [Docs](https://example.com)\n- [Home](https://example.org)\n")
    assert not is_contents_list(links)
