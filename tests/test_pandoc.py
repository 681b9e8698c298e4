"""Markdown <-> pandoc's AST <-> HTML, through the pinned pandoc, always sandboxed."""

from __future__ import annotations

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
    assert len(calls) == 3
    assert all(extra[0] == "--sandbox" for extra in calls)


def test_a_failing_pandoc_is_a_guide_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("pandoc: something\nwent wrong")

    monkeypatch.setattr(pypandoc, "convert_text", broken)
    with pytest.raises(GuideError, match="pandoc failed: pandoc: something went wrong"):
        pandoc.read_markdown("x")
