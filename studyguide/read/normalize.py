"""Raw guide bytes -> canonical Markdown and its pandoc AST, with a finding for every repair.

The repairs: text decoded from UTF-8 (or UTF-8/UTF-16 with a byte-order mark), mojibake
fixed with ftfy, and the document written back by pandoc, which gives every list the same
indentation and drops trailing whitespace. Suspicious spots the normalizer does not dare to
change (a sentence glued onto the next one) are reported and kept.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy
import yaml

from studyguide.errors import Finding, GuideError
from studyguide.read import containers, pandoc, roles, tree
from studyguide.read.pandoc import Document, Node

# Only encoding repairs: quotes, ligatures and full-width letters are the author's choice, and
# "&lt;role&gt;" in Markdown means the text "<role>", not a tag.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    explain=False,
)

# "...creative variations.Supervised Learning:": a sentence end glued to a capitalised word.
# Lower-case letters only (U+00F7, the division sign, is not one): every letter in the run is
# then a word character, a run is tried from its first letter only, and a long text takes
# linear time ("a÷a÷a÷…" made each letter a new start of a run to its end: quadratic).
GLUED_SENTENCE = re.compile(
    r"\b[a-z\u00df-\u00f6\u00f8-\u00ff]{3,}[.!?:;](?P<glued>[A-Z][a-z]{2,})\b"
)
# A glued-on tail this long that repeats a heading or list item this near is a stray paste.
GLUED_TAIL_CHARACTERS = 8
NEARBY_LINES = 40
# A repair changes words in place: the words after a change are found again within this many
# words of it, and a warning shows the first few changes, each cut to a readable length.
RESYNC_WORDS = 8
CHANGES_SHOWN = 5
CHANGE_CHARACTERS = 60
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class NormalizedGuide:
    """A guide's AST (read once), its canonical Markdown, and what was repaired.

    The Markdown is written when it is first asked for, or, in a build, by a pandoc begun
    (``begin_markdown``) as soon as the guide is read, which writes it while the guide is
    parsed.
    """

    source: Path
    front_matter: dict[str, Any]
    document: Document
    findings: tuple[Finding, ...]
    # The HTML of fragments an earlier build wrote (build/memo.py), in a build.
    shelf: pandoc.Shelf | None = field(default=None, compare=False, repr=False)

    def begin_markdown(self) -> Callable[[], str]:
        """Begin writing the guide's Markdown while the caller goes on; calling what is
        returned waits for it. What is returned holds nothing of the guide's AST (pandoc has
        it), so that a build lets the AST go once the guide is parsed: a guide of 2,000
        questions is half a gigabyte of it."""
        waiting = pandoc.begin_markdown(tree.strip_positions(self.document))
        front_matter = self.front_matter

        @functools.cache
        def markdown() -> str:
            return with_front_matter(front_matter, waiting())

        return markdown

    @functools.cached_property
    def markdown(self) -> str:
        return self.begin_markdown()()

    def html_of(self, fragments: Sequence[list[Node]]) -> list[str]:
        """The HTML of some of the guide's blocks, one string per list; those an earlier build
        wrote are taken from the shelf."""
        api_version = self.document["pandoc-api-version"]
        return pandoc.write_html_fragments(api_version, fragments, self.shelf)


def with_front_matter(front_matter: dict[str, Any], markdown: str) -> str:
    """A guide's Markdown under its front matter, if it has any."""
    if not front_matter:
        return markdown
    dumped = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n{markdown}"


def normalize_file(path: Path) -> NormalizedGuide:
    """Read a guide from disk and normalize it."""
    text = read_text(path)
    if path.suffix.lower() == ".ipynb":
        # nbformat (and the JSON schema library under it) only for notebooks
        from studyguide.read.notebooks import notebook_markdown  # noqa: PLC0415 - see studyguide/__init__.py

        text = notebook_markdown(path, text)
    return normalize_text(text, path)


def read_text(path: Path) -> str:
    """A guide file's text as the reader decodes it."""
    return decode(path, path.read_bytes())


def decode(path: Path, raw: bytes) -> str:
    """Decode a guide's bytes as UTF-8, or UTF-8/UTF-16 when a byte-order mark says so."""
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", raw
    else:
        encoding, body = "utf-8", raw
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise GuideError(
            f"not UTF-8 text (byte 0x{body[error.start]:02x} cannot be decoded)",
            "save the file as UTF-8 (most editors offer this under 'Save with encoding')",
            path,
            line,
        ) from error
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise GuideError(
            "contains a NUL byte, so it is not a text file",
            "make sure this is the Markdown guide and not a binary file",
            path,
            line,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_text(text: str, source: Path) -> NormalizedGuide:
    """Normalize a guide's text; raise GuideError for input no guide can be made from."""
    return begin_normalizing(text, source)()


def begin_normalizing(text: str, source: Path) -> Callable[[], NormalizedGuide]:
    """Normalize a guide's text as far as pandoc, which reads it while the caller goes on
    (a build imports the parser meanwhile); calling what is returned finishes. GuideError for
    input no guide can be made from."""
    if not text.strip():
        raise GuideError(
            "the guide is empty",
            "write a '# Title', a '## Section' and numbered questions under it",
            source,
        )
    front_matter, body = split_front_matter(text, source)
    lines = body.split("\n")
    findings: list[Finding] = []
    repaired: list[str] = []
    for number, line in enumerate(lines, start=1):
        fixed = ftfy.fix_text(line, FTFY_CONFIG)
        if fixed != line:
            findings.append(
                Finding(source, number, f"repaired mojibake: {_changed_words(line, fixed)}")
            )
        repaired.append(fixed)
    findings.extend(_trailing_whitespace(lines, source))

    with_roles = roles.rewrite("\n".join(repaired))
    told = roles.summary(with_roles)
    if told is not None:
        findings.append(Finding(source, *told))
    reading = pandoc.begin_reading(containers.rewrite(with_roles.text))

    def normalized() -> NormalizedGuide:
        document = reading()
        findings.extend(_glued_sentences(document, source))
        findings.extend(_list_indentation(document, repaired, source))
        findings.sort(key=lambda finding: finding.line)
        return NormalizedGuide(source, front_matter, document, tuple(findings))

    return normalized


def _front_matter_yaml(block: str, source: Path) -> Any:
    """The front matter's YAML as Python values, or one line saying where it is broken."""
    try:
        return yaml.safe_load(block)
    except yaml.YAMLError as error:
        # Where the broken construct starts says more than where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise GuideError(
            f"invalid YAML front matter: {problem}",
            "fix the block between the '---' lines (quote values that contain ':')",
            source,
            line,
        ) from error
    except ValueError as error:  # YAML read a date that no calendar has: 2024-13-45
        raise GuideError(
            f"invalid date in the YAML front matter ({error})",
            "write the date as YYYY-MM-DD, or quote it to keep it as text",
            source,
            _impossible_date_line(block),
        ) from error


def split_front_matter(text: str, source: Path) -> tuple[dict[str, Any], str]:
    """Take a YAML front-matter block off the top; blank lines keep the line numbers right."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    loaded = _front_matter_yaml(match.group(1) or "", source)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise GuideError(
            "the YAML front matter is not a set of 'key: value' lines",
            "write it as lines such as 'title: My guide'",
            source,
            1,
        )
    for key, value in loaded.items():
        if not _plain_value(value):
            line = next(
                (n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key}:")), 1
            )
            raise GuideError(
                f"the front matter's '{key}' is nested or too large",
                "give it as text, a number, a date or a short list of those",
                source,
                line,
            )
    blank = "\n" * match.group(0).count("\n")
    return {str(key): value for key, value in loaded.items()}, blank + text[match.end() :]


def _impossible_date_line(front_matter: str) -> int:
    """The line of the first value in front matter that YAML reads as a date, but cannot make
    into one; 1 if there is none."""
    loader = yaml.SafeLoader("")
    stack = [yaml.compose(front_matter, Loader=yaml.SafeLoader)]
    seen: set[int] = set()  # an alias is the node of its anchor again: each is looked at once
    while stack:
        node = stack.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack[:0] = [item for pair in node.value for item in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack[:0] = node.value
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
            try:
                loader.construct_yaml_timestamp(node)
            except ValueError:
                return int(node.start_mark.line) + 2  # below the opening '---'
    return 1


SCALARS = (str, int, float, bool, datetime.date)


def _plain_value(value: Any, depth: int = 0) -> bool:
    """Text, a number, a date, a short flat list of them, or a small table of such values
    nested a few levels (studyguide's own 'studyguide: {questions: …}' and other tools'
    settings): nothing that can blow up."""
    if isinstance(value, str):
        return len(value) <= 10_000
    if value is None or isinstance(value, SCALARS):
        return True
    if isinstance(value, list) and len(value) <= 1_000:
        return all(isinstance(item, SCALARS) and len(str(item)) <= 10_000 for item in value)
    if isinstance(value, dict) and len(value) <= 100 and depth < 3:
        return all(_plain_value(item, depth + 1) for item in value.values())
    return False


def _changed_words(before: str, after: str) -> str:
    """The words a repair changed, as "'old' -> 'new'", the first few of them.

    One pass over the words, each change ending where both lines have the same word again:
    difflib's matching took minutes on a long line of many changes (its time grows with the
    square of the words).
    """
    old, new = before.split(), after.split()
    changes: list[str] = []
    count = i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        end_old, end_new = _next_common_word(old, new, i, j)
        count += 1
        if len(changes) < CHANGES_SHOWN:
            was, now = (_clipped(" ".join(words)) for words in (old[i:end_old], new[j:end_new]))
            changes.append(f"'{was}' -> '{now}'")
        i, j = end_old, end_new
    more = f" (and {count - len(changes)} more)" if count > len(changes) else ""
    return ", ".join(changes) + more if changes else "invisible characters"


def _next_common_word(old: list[str], new: list[str], i: int, j: int) -> tuple[int, int]:
    """Where the two word lists agree again after differing at ``i`` and ``j``: the nearest
    pair of equal words (or both ends) within RESYNC_WORDS; else one word each was changed."""
    ahead: dict[str, int] = {}
    for b in range(j, min(j + RESYNC_WORDS, len(new) - 1) + 1):
        ahead.setdefault(new[b], b)
    nearest: tuple[int, int, int] | None = None
    if len(old) - i <= RESYNC_WORDS and len(new) - j <= RESYNC_WORDS:
        nearest = (len(old) - i + len(new) - j, len(old), len(new))
    for a in range(i, min(i + RESYNC_WORDS, len(old) - 1) + 1):
        b = ahead.get(old[a], -1)
        if b >= 0 and (a, b) != (i, j) and (nearest is None or a - i + b - j < nearest[0]):
            nearest = (a - i + b - j, a, b)
    if nearest is not None:
        return nearest[1], nearest[2]
    if i == len(old) or j == len(new):
        return len(old), len(new)  # words only added, or only removed, to the end
    return i + 1, j + 1


def _clipped(text: str) -> str:
    return text if len(text) <= CHANGE_CHARACTERS else text[: CHANGE_CHARACTERS - 1] + "…"


def _trailing_whitespace(lines: list[str], source: Path) -> Iterator[Finding]:
    numbers = [n for n, line in enumerate(lines, start=1) if line != line.rstrip()]
    if numbers:
        others = (
            f" (and on {len(numbers) - 1} more: {_line_list(numbers[1:])})" if numbers[1:] else ""
        )
        yield Finding(source, numbers[0], f"removed trailing whitespace{others}")


def _line_list(numbers: list[int], most: int = 8) -> str:
    shown = ", ".join(map(str, numbers[:most]))
    return f"lines {shown}, ..." if len(numbers) > most else f"lines {shown}"


def _glued_sentences(document: Document, source: Path) -> Iterator[Finding]:
    """Sentences glued together; a glued tail that repeats a nearby heading or item is pasted."""
    leads = _leads(document)
    for node, line in tree.walk(document["blocks"], blocks=True):
        if node.get("t") not in {"Para", "Plain"}:
            continue
        text = tree.text_with_line_breaks(node["c"])
        for match in GLUED_SENTENCE.finditer(text):
            where = line + text.count("\n", 0, match.start())
            # The glued-on words up to the end of the line: "Supervised Learning:".
            tail = text[match.start("glued") :].split("\n", 1)[0].strip()
            repeated = _repeated_lead(tail, where, leads)
            if repeated is not None:
                yield Finding(
                    source,
                    where,
                    f"'{tail}' is glued to the end of a sentence ('{match.group(0)}') and repeats "
                    f"the text on line {repeated}: likely a paste error — delete '{tail}' or "
                    "start a new line",
                )
                continue
            yield Finding(
                source,
                where,
                f"two sentences are glued together: '{match.group(0)}' "
                "(kept as written; add the missing space or line break)",
            )


def _leads(document: Document) -> list[tuple[int, str]]:
    """The line and folded text of every heading and of the start of every list item."""
    found = []
    for node, line in tree.walk(document["blocks"], blocks=True):
        if node.get("t") == "Header":
            found.append((line, _folded(tree.plain_text(node["c"][2]))))
        elif node.get("t") in tree.LISTS:
            for item in tree.list_items(node):
                first = list(tree.unwrap(item))[:1]
                if first and first[0].get("t") in {"Para", "Plain"}:
                    start = tree.first_line(first) or line
                    found.append((start, _folded(tree.plain_text(first[0]["c"]))))
    return found


def _repeated_lead(tail: str, line: int, leads: list[tuple[int, str]]) -> int | None:
    """The line of a heading or item near ``line`` that starts with the glued-on ``tail``."""
    folded = _folded(tail)
    if len(folded) < GLUED_TAIL_CHARACTERS:
        return None
    for start, lead in leads:
        if start != line and abs(start - line) <= NEARBY_LINES and lead.startswith(folded):
            return start
    return None


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("*", "").split()).rstrip(":.?! ")


def _list_indentation(document: Document, lines: list[str], source: Path) -> Iterator[Finding]:
    """Report nested lists whose markers do not line up with the text of their parent item."""
    for node, _ in tree.walk(document["blocks"], blocks=True):
        if node.get("t") not in tree.LISTS:
            continue
        for item in tree.list_items(node):
            parent = tree.position(item[0]) if item else None
            if parent is None:
                continue
            for child in tree.unwrap(item):
                if child.get("t") not in tree.LISTS:
                    continue
                line = tree.first_line([child])
                if line is None:
                    continue
                marker = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
                offset = marker - (parent[1] - 1)
                if offset:
                    yield Finding(
                        source,
                        line,
                        f"re-indented a nested list: its markers stood {abs(offset)} "
                        f"column{'s' if abs(offset) > 1 else ''} "
                        f"{'right' if offset > 0 else 'left'} of its parent item's text",
                    )
