"""Markdown text <-> pandoc AST <-> HTML, through the pandoc that pypandoc-binary ships.

This is the only module that talks to pandoc. Every call runs pandoc with ``--sandbox``,
so a guide can never make pandoc read or fetch anything, and within the time left to the
stage it runs in (see limits.py): some inputs keep pandoc's reader busy for hours (a hundred
thousand nested brackets), and pandoc is then ended. pandoc is started here, not through
pypandoc, which waits for it without a time limit (and runs it twice more on first use to
ask for its version and formats).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Protocol, TypeAlias

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
INSTALL_HINT = (
    "reinstall the pinned pypandoc-binary package, which ships pandoc (pip install -e .), "
    "or set PYPANDOC_PANDOC to a working pandoc"
)


def _run(source: str, to: str, fmt: str, extra: Sequence[str] = ()) -> str:
    if limits.time_left() is None:  # run outside a build's stages, as by `questions --explain`
        with limits.reading(BuildConfig.read_timeout):
            return _run(source, to, fmt, extra)
    return _begun(source, to, fmt, extra)()


def _begun(source: str, to: str, fmt: str, extra: Sequence[str] = ()) -> Callable[[], str]:
    """A pandoc run begun while the caller goes on, given the time left to the stage it is
    begun in; calling what is returned waits for its output (or raises what stopped it), and
    a stage that runs out meanwhile ends pandoc with it.

    pandoc reads its input from a file and writes its output to one: no thread of ours has to
    feed it or drain it while the build goes on (one that waits for Python's lock to read a
    full pipe holds pandoc up), and nothing it writes can fill a pipe no one reads.
    """
    stage = limits.current_stage()
    seconds = limits.time_left() if stage else BuildConfig.read_timeout
    ends = time.monotonic() + (seconds or 0)
    output, said = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 - closed by written()
    with tempfile.TemporaryFile() as given:
        given.write(source.encode("utf-8"))
        given.seek(0)
        try:
            process = subprocess.Popen(
                _command(to, fmt, extra), stdin=given, stdout=output, stderr=said
            )
        except OSError as error:
            output.close()
            said.close()
            reason = " ".join(str(error).split())[:160]
            raise GuideError(f"pandoc could not be started ({reason})", INSTALL_HINT) from error
    ended = threading.Thread(target=process.wait, name="pandoc", daemon=True)
    ended.start()

    def written() -> str:
        with output, said, limits.running("pandoc"):
            try:
                ended.join(max(ends - time.monotonic(), 0))
            except BaseException:  # the stage ran out (its alarm) while pandoc ran
                _end(process)
                raise
            if ended.is_alive():  # (in a thread of the preview, which no alarm stops)
                _end(process)
                raise stage.error("pandoc") if stage else _too_long(seconds)
            output.seek(0)
            said.seek(0)
            return _said(process.returncode, output.read(), said.read())

    # Never waited for (the build stopped first): pandoc is ended and its files closed all the
    # same, when what waits for it goes.
    weakref.finalize(written, _abandoned, process, output, said)
    return written


def _abandoned(process: subprocess.Popen[bytes], *files: IO[bytes]) -> None:
    if process.poll() is None:
        _end(process)
    for file in files:
        file.close()


def _end(process: subprocess.Popen[bytes]) -> None:
    process.kill()
    process.wait()


def _too_long(seconds: float | None) -> GuideError:
    return GuideError(
        f"pandoc took longer than {seconds or 0:g} s",
        "simplify or split the guide, or raise read_timeout in [tool.studyguide]",
    )


def _program() -> str:
    """The pandoc to run: PYPANDOC_PANDOC's (the pinned one, see SHIPPED), else PATH's."""
    return os.environ.get("PYPANDOC_PANDOC") or shutil.which("pandoc") or "pandoc"


def _command(to: str, fmt: str, extra: Sequence[str]) -> list[str]:
    return [_program(), f"--from={fmt}", f"--to={to}", "--sandbox", *extra]


def _said(returncode: int, stdout: bytes, stderr: bytes) -> str:
    """pandoc's output, or one line of what it said when it failed."""
    if returncode != 0:
        said = stderr.decode("utf-8", "replace") or f"exit status {returncode}"
        message = " ".join(said.split())[:300]
        raise GuideError(f"pandoc failed: {message}", INSTALL_HINT)
    return stdout.decode("utf-8")


def read_markdown(text: str) -> Document:
    """Parse Markdown into pandoc's AST, every block and inline tagged with its source position."""
    document: Document = json.loads(_run(text, "json", READER + "+sourcepos"))
    return document


def begin_reading(text: str) -> Callable[[], Document]:
    """Begin parsing Markdown into pandoc's AST (as ``read_markdown``) while the caller goes
    on; calling what is returned waits for the AST."""
    output = _begun(text, "json", READER + "+sourcepos")

    def document() -> Document:
        read: Document = json.loads(output())
        return read

    return document


def write_markdown(document: Document) -> str:
    """Write an AST back as canonical Markdown."""
    return begin_markdown(document)()


def begin_markdown(document: Document) -> Callable[[], str]:
    """Begin writing an AST back as canonical Markdown while the caller goes on; calling what
    is returned waits for the Markdown."""
    return _begun(json.dumps(document), WRITER, "json", ["--wrap=auto", "--columns=88"])


class Shelf(Protocol):
    """HTML written by earlier builds, by its fragment's key (build/memo.py keeps it)."""

    def recalled(self, keys: Sequence[str]) -> dict[str, str]: ...

    def remember(self, html: dict[str, str]) -> None: ...


def write_html_fragments(
    api_version: list[int], fragments: Sequence[list[Node]], shelf: Shelf | None = None
) -> list[str]:
    """Turn many lists of blocks into HTML, one string per list: those the shelf holds from
    an earlier build as they were, all others with a single pandoc call.

    A fragment's HTML is a pure function of its blocks and of the pandoc that writes it
    (footnotes are each fragment's own, read/footnotes.py), so it is kept by their hash.
    """
    keys = [_fragment_key(fragment) for fragment in fragments]
    known = shelf.recalled(keys) if shelf is not None else {}
    missing = [place for place, key in enumerate(keys) if key not in known]
    if missing:
        marker, blocks = _separated([fragments[place] for place in missing])
        document = {"pandoc-api-version": api_version, "meta": {}, "blocks": blocks}
        output = _run(json.dumps(document), "html5", "json", ["--wrap=none", "--mathjax"])
        written = _split(output, marker, missing)
        known.update((keys[place], html) for place, html in zip(missing, written, strict=True))
    if shelf is not None:
        shelf.remember({key: known[key] for key in keys})
    return [known[key] for key in keys]


def _fragment_key(fragment: list[Node]) -> str:
    blocks = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{_pandoc_identity()}\n{blocks}".encode()).hexdigest()


@functools.cache
def _pandoc_identity() -> str:
    """Which pandoc writes: its path, size and time, so that another pandoc's HTML is not
    taken for this one's."""
    program = _program()
    found = shutil.which(program) or program
    try:
        stat = Path(found).stat()
    except OSError:
        return found
    return f"{found} {stat.st_size} {stat.st_mtime_ns}"


def _separated(fragments: Sequence[list[Node]]) -> tuple[str, list[Node]]:
    """The fragments' blocks in one list, each fragment ended by a comment no guide holds."""
    marker = f"studyguide-fragment-{secrets.token_hex(8)}"
    separator: Node = {"t": "RawBlock", "c": ["html", f"<!--{marker}-->"]}
    blocks: list[Node] = []
    for fragment in fragments:
        blocks.extend(fragment)
        blocks.append(separator)
    return marker, blocks


def _split(html: str, marker: str, fragments: Sequence[object]) -> list[str]:
    parts = re.split(rf"\n?<!--{marker}-->\n?", html)
    if len(parts) != len(fragments) + 1:
        raise AssertionError(f"pandoc returned {len(parts) - 1} fragments for {len(fragments)}")
    return [part.strip() for part in parts[:-1]]
