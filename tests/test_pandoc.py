"""Markdown <-> pandoc's AST <-> HTML, through the pinned pandoc, always sandboxed."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from studyguide import limits
from studyguide.errors import GuideError
from studyguide.read import pandoc, tree


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


class Shelf:
    """A shelf as the memo keeps one, in memory."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def recalled(self, keys: Sequence[str]) -> dict[str, str]:
        return {key: self.kept[key] for key in keys if key in self.kept}

    def remember(self, html: dict[str, str]) -> None:
        self.kept = dict(html)


def test_a_fragment_written_before_is_taken_from_the_shelf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = pandoc.read_markdown("Some *text* and `code`.\n\n* one\n* two\n")
    plain = tree.strip_positions(document["blocks"])
    api, shelf = document["pandoc-api-version"], Shelf()
    first = pandoc.write_html_fragments(api, [plain[:1], plain[1:]], shelf)
    assert first == [
        "<p>Some <em>text</em> and <code>code</code>.</p>",
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
    ]
    assert len(shelf.kept) == 2
    log = pandoc_in_front(tmp_path, monkeypatch, LOGGING)
    # The same fragments again: no pandoc at all.
    assert pandoc.write_html_fragments(api, [plain[1:], plain[:1]], shelf) == first[::-1]
    assert not log.exists()
    # One fragment changed: pandoc writes it alone; the shelf keeps what this call used.
    changed = [{"t": "Para", "c": [{"t": "Str", "c": "new"}]}]
    assert pandoc.write_html_fragments(api, [plain[:1], changed], shelf) == [first[0], "<p>new</p>"]
    assert len(calls_logged(log)) == 1
    assert sorted(shelf.kept.values()) == sorted([first[0], "<p>new</p>"])


def test_the_markdown_is_written_while_the_caller_goes_on() -> None:
    document = pandoc.read_markdown("Title\n=====\n\n* one\n* two\n")
    plain = {**document, "blocks": tree.strip_positions(document["blocks"])}
    waiting = pandoc.begin_markdown(plain)
    assert pandoc.write_markdown(plain) == waiting() == "# Title\n\n- one\n- two\n"


def pandoc_in_front(folder: Path, monkeypatch: pytest.MonkeyPatch, shell: str) -> Path:
    """Put a script in front of the pinned pandoc, as PYPANDOC_PANDOC; its log of calls."""
    log = folder / "calls.log"
    script = folder / "pandoc"
    script.write_text(f"#!/bin/sh\nLOG={log}\nPANDOC={os.environ['PYPANDOC_PANDOC']}\n{shell}\n")
    script.chmod(0o755)
    monkeypatch.setenv("PYPANDOC_PANDOC", str(script))
    return log


def calls_logged(log: Path) -> list[list[str]]:
    return [line.split() for line in log.read_text().splitlines()]


LOGGING = 'echo "$@" >> "$LOG"\nexec "$PANDOC" "$@"'


def test_a_guide_is_read_once_and_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyguide.read.normalize import normalize_text  # noqa: PLC0415
    from studyguide.read.parse import parse_guide  # noqa: PLC0415

    log = pandoc_in_front(tmp_path, monkeypatch, LOGGING)
    normalized = normalize_text(
        "# Guide\n\n## Basics\n\n1. What is X?\n\n   X is Y.\n", Path("g.md")
    )
    guide, _ = parse_guide(normalized, "g", "en")
    assert normalized.markdown.startswith("# Guide\n")
    assert [q.prompt for q in guide.questions] == ["What is X?"]
    called = [call[1] for call in calls_logged(log)]
    assert called == ["--to=json", "--to=html5", "--to=commonmark_x-yaml_metadata_block"]


def test_every_call_runs_pandoc_sandboxed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = pandoc_in_front(tmp_path, monkeypatch, LOGGING)
    document = pandoc.read_markdown("x\n")
    pandoc.write_markdown(document)
    pandoc.write_html_fragments(document["pandoc-api-version"], [document["blocks"]])
    pandoc.begin_markdown(document)()
    calls = calls_logged(log)
    assert len(calls) == 4
    assert all("--sandbox" in call for call in calls)


def test_a_failing_pandoc_is_a_guide_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pandoc_in_front(
        tmp_path, monkeypatch, "echo 'pandoc: something' >&2\necho 'went wrong' >&2\nexit 1"
    )
    with pytest.raises(GuideError, match="pandoc failed: pandoc: something went wrong"):
        pandoc.read_markdown("x")


def test_pandoc_is_given_the_time_left_to_its_stage_and_ended_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = tmp_path / "pid"
    pandoc_in_front(tmp_path, monkeypatch, f"echo $$ > {pid}\nexec sleep 60")
    started = time.monotonic()
    with (
        pytest.raises(GuideError, match=r"^reading took longer than 0.5 s \(pandoc was still"),
        limits.time_limit("reading", 0.5, "read_timeout", "split the guide"),
    ):
        pandoc.read_markdown("x")
    assert time.monotonic() - started < 10
    assert not Path(f"/proc/{pid.read_text().strip()}").exists()


def test_pandoc_begun_in_the_background_keeps_to_its_stage_and_says_why_it_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = tmp_path / "pid"
    document = pandoc.read_markdown("x\n")
    pandoc_in_front(tmp_path, monkeypatch, f"echo $$ > {pid}\nexec sleep 60")
    started = time.monotonic()
    with limits.time_limit("reading", 0.5, "read_timeout", "split the guide"):
        waiting = pandoc.begin_markdown(document)
    # Waited for after its stage: the stage's line all the same, never a traceback.
    with pytest.raises(GuideError, match=r"^reading took longer than 0.5 s \(pandoc was still"):
        waiting()
    assert time.monotonic() - started < 10
    assert not Path(f"/proc/{pid.read_text().strip()}").exists()
    pandoc_in_front(tmp_path, monkeypatch, "echo 'pandoc: no writer' >&2\nexit 1")
    with pytest.raises(GuideError, match="pandoc failed: pandoc: no writer"):
        pandoc.begin_markdown(document)()


def test_pandoc_begun_and_never_waited_for_is_ended_with_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that stops before it asks for the Markdown it began leaves no pandoc running
    and no file open."""
    pid = tmp_path / "pid"
    document = pandoc.read_markdown("x\n")
    pandoc_in_front(tmp_path, monkeypatch, f"echo $$ > {pid}\nexec sleep 60")
    waiting = pandoc.begin_markdown(document)
    while not pid.exists() or not pid.read_text().strip():
        time.sleep(0.01)
    del waiting
    gc.collect()
    assert not Path(f"/proc/{pid.read_text().strip()}").exists()
