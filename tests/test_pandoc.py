"""Markdown <-> pandoc's AST <-> HTML, through the pinned pandoc, always sandboxed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypandoc
import pytest

from studyguide import pandoc, tree
from studyguide.errors import GuideError


def test_markdown_is_read_with_source_positions() -> None:
    document = pandoc.read_markdown("# Title\n\nSome *text*.\n")
    assert tree.first_line(document["blocks"]) == 1
    lines = [line for node, line in tree.walk(document["blocks"]) if node["t"] == "Para"]
    assert lines == [3]


def test_canonical_markdown_round_trips() -> None:
    document = pandoc.read_markdown("Title\n=====\n\n* one\n* two\n")
    plain = {**document, "blocks": tree.strip_positions(document["blocks"])}
    assert pandoc.write_markdown(plain) == "# Title\n\n- one\n- two\n"


def test_many_fragments_become_html_in_one_call() -> None:
    api = pandoc.read_markdown("x")["pandoc-api-version"]
    fragments = [
        [{"t": "Para", "c": [{"t": "Str", "c": "one"}]}],
        [],
        [{"t": "Plain", "c": [{"t": "Emph", "c": [{"t": "Str", "c": "two"}]}]}],
    ]
    assert pandoc.write_html_fragments(api, fragments) == ["<p>one</p>", "", "<em>two</em>"]
    assert pandoc.write_html_fragments(api, []) == []


def test_the_markdown_and_the_html_come_from_one_run_as_from_two() -> None:
    document = pandoc.read_markdown("# Title\n\n* one\n* two\n\nSome *text* and `code`.\n")
    plain = {**document, "blocks": tree.strip_positions(document["blocks"])}
    fragments = [plain["blocks"][1:2], [], plain["blocks"][2:]]
    markdown, html = pandoc.write_markdown_and_html(plain, fragments)
    assert markdown == pandoc.write_markdown(plain)
    assert html == pandoc.write_html_fragments(plain["pandoc-api-version"], fragments)
    assert html == [
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
        "",
        "<p>Some <em>text</em> and <code>code</code>.</p>",
    ]
    assert pandoc.write_markdown_and_html(plain, []) == (markdown, [])


def test_a_guide_is_read_once_and_written_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from studyguide.normalize import normalize_text  # noqa: PLC0415
    from studyguide.parse import parse_guide  # noqa: PLC0415

    calls: list[str] = []
    convert = pypandoc.convert_text

    def recording(source: str, to: str, *args: Any, **kwargs: Any) -> str:
        calls.append(to)
        result: str = convert(source, to, *args, **kwargs)
        return result

    monkeypatch.setattr(pypandoc, "convert_text", recording)
    normalized = normalize_text(
        "# Guide\n\n## Basics\n\n1. What is X?\n\n   X is Y.\n", Path("g.md")
    )
    guide, _ = parse_guide(normalized, "g", "en")
    assert normalized.markdown.startswith("# Guide\n")
    assert [q.prompt for q in guide.questions] == ["What is X?"]
    assert calls == ["json", str(pandoc.BOTH_WRITER)]


def test_every_call_runs_pandoc_sandboxed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    convert = pypandoc.convert_text

    def recording(*args: Any, extra_args: list[str], **kwargs: Any) -> str:
        calls.append(extra_args)
        result: str = convert(*args, extra_args=extra_args, **kwargs)
        return result

    monkeypatch.setattr(pypandoc, "convert_text", recording)
    document = pandoc.read_markdown("x\n")
    pandoc.write_markdown(document)
    pandoc.write_html_fragments(document["pandoc-api-version"], [document["blocks"]])
    pandoc.write_markdown_and_html(document, [document["blocks"]])
    assert len(calls) == 4
    assert all(extra[0] == "--sandbox" for extra in calls)


def test_a_failing_pandoc_is_a_guide_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("pandoc: something\nwent wrong")

    monkeypatch.setattr(pypandoc, "convert_text", broken)
    with pytest.raises(GuideError, match="pandoc failed: pandoc: something went wrong"):
        pandoc.read_markdown("x")
