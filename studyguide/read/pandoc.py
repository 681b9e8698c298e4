"""Markdown text <-> pandoc AST <-> HTML, through the pandoc that pypandoc-binary ships.

This is the only module that talks to pandoc. Every call runs pandoc with ``--sandbox``,
so a guide can never make pandoc read or fetch anything, and within the time left to the
stage it runs in (see limits.py): some inputs keep pandoc's reader busy for hours (a hundred
thousand nested brackets), and pandoc is then ended. pandoc is started here, not through
pypandoc, which waits for it without a time limit (and runs it twice more on first use to
ask for its version and formats).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

import pypandoc

from studyguide import limits
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.read import tree

Node: TypeAlias = tree.Node
Document: TypeAlias = tree.Document

# The Markdown dialect we read and write: CommonMark (what GitHub and most editors
# mean by Markdown) with pandoc's extensions for tables, footnotes, smart punctuation...
READER = "commonmark_x-yaml_metadata_block"
WRITER = "commonmark_x-yaml_metadata_block"
# Builds use the pinned pandoc that pypandoc-binary ships, unless PYPANDOC_PANDOC names another
# (as for pypandoc itself, which the benchmark asks for the same pandoc); without either, the
# pandoc on PATH.
SHIPPED = Path(pypandoc.__file__).parent / "files" / "pandoc"
if SHIPPED.is_file():
    os.environ.setdefault("PYPANDOC_PANDOC", str(SHIPPED))
# A custom writer that writes both of a guide's outputs in one run. Both write math as
# MathJax's marks, <span class="math inline">\(TeX\)</span> (display: \[TeX\]), which the
# sanitizer turns into MathML (sanitize.py): pandoc's own HTML math is TeX with italics.
BOTH_WRITER = Path(__file__).parent / "markdown_and_html.lua"
INSTALL_HINT = (
    "reinstall the pinned pypandoc-binary package, which ships pandoc (pip install -e .), "
    "or set PYPANDOC_PANDOC to a working pandoc"
)


def _run(source: str, to: str, fmt: str, extra: Sequence[str] = ()) -> str:
    if limits.time_left() is None:  # run outside a build's stages, as by `questions --explain`
        with limits.reading(BuildConfig.read_timeout):
            return _run(source, to, fmt, extra)
    program = os.environ.get("PYPANDOC_PANDOC") or shutil.which("pandoc") or "pandoc"
    command = [program, f"--from={fmt}", f"--to={to}", "--sandbox", *extra]
    with limits.running("pandoc") as seconds:
        try:
            finished = subprocess.run(
                command,
                input=source.encode("utf-8"),
                capture_output=True,
                timeout=seconds,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise limits.out_of_time() from None  # pandoc itself is ended by subprocess.run
        except OSError as error:
            reason = " ".join(str(error).split())[:160]
            raise GuideError(f"pandoc could not be started ({reason})", INSTALL_HINT) from error
    if finished.returncode != 0:
        said = finished.stderr.decode("utf-8", "replace") or f"exit status {finished.returncode}"
        message = " ".join(said.split())[:300]
        raise GuideError(f"pandoc failed: {message}", INSTALL_HINT)
    return finished.stdout.decode("utf-8")


def read_markdown(text: str) -> Document:
    """Parse Markdown into pandoc's AST, every block and inline tagged with its source position."""
    document: Document = json.loads(_run(text, "json", READER + "+sourcepos"))
    return document


def write_markdown(document: Document) -> str:
    """Write an AST back as canonical Markdown."""
    return _run(json.dumps(document), WRITER, "json", ["--wrap=auto", "--columns=88"])


def write_html_fragments(api_version: list[int], fragments: Sequence[list[Node]]) -> list[str]:
    """Turn many lists of blocks into HTML with a single pandoc call, one string per list."""
    if not fragments:
        return []
    marker, blocks = _separated(fragments)
    document = {"pandoc-api-version": api_version, "meta": {}, "blocks": blocks}
    output = _run(json.dumps(document), "html5", "json", ["--wrap=none", "--mathjax"])
    return _split(output, marker, fragments)


def write_markdown_and_html(
    document: Document, fragments: Sequence[list[Node]]
) -> tuple[str, list[str]]:
    """A guide's canonical Markdown and the HTML of its fragments, from one pandoc run.

    The same as `write_markdown` and `write_html_fragments`, byte for byte, for one process
    and one serialization of the guide instead of two.
    """
    marker, blocks = _separated(fragments)
    between = f"<!--{marker}-whole-->"
    both = {
        "pandoc-api-version": document["pandoc-api-version"],
        "meta": {"separator": {"t": "MetaString", "c": between}},
        "blocks": [
            {"t": "Div", "c": [["", [], []], document["blocks"]]},
            {"t": "Div", "c": [["", [], []], blocks]},
        ],
    }
    output = _run(json.dumps(both), str(BOTH_WRITER), "json")
    markdown, html = output.split(between)
    return markdown, _split(html, marker, fragments) if fragments else []


def _separated(fragments: Sequence[list[Node]]) -> tuple[str, list[Node]]:
    """The fragments' blocks in one list, each fragment ended by a comment no guide holds."""
    marker = f"studyguide-fragment-{secrets.token_hex(8)}"
    separator: Node = {"t": "RawBlock", "c": ["html", f"<!--{marker}-->"]}
    blocks: list[Node] = []
    for fragment in fragments:
        blocks.extend(fragment)
        blocks.append(separator)
    return marker, blocks


def _split(html: str, marker: str, fragments: Sequence[list[Node]]) -> list[str]:
    parts = re.split(rf"\n?<!--{marker}-->\n?", html)
    if len(parts) != len(fragments) + 1:
        raise AssertionError(f"pandoc returned {len(parts) - 1} fragments for {len(fragments)}")
    return [part.strip() for part in parts[:-1]]
