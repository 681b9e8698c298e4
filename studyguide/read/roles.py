"""Sphinx and MyST roles in a guide's source -> the text they stand for, and which were rewritten.

Guides taken from Sphinx or Jupyter Book projects write ``{numref}`fig-x` ``, ``:cite:`knuth` ``
or ``{math}`x^2` ``, which pandoc prints as they are, a name and a code span. A study guide
has no numbered figures, bibliography or other documents to point into, so each known role
becomes what a reader needs of it, line for line (source positions stay right):

- references (``numref``, ``ref``, ``eq``, ``doc``, ``any``): their explicit text if they
  give one (``{ref}`the setup <setup>` ``), else the title of the heading or directive the
  guide labels with that name (``(setup)=`` above a heading, ``{#setup}`` after it,
  ``:name: setup``), else the name itself (an equation's in parentheses);
- citations (``cite``, ``cite:p``, ``cite:t``...): their keys in brackets, ``[knuth]``;
- ``math``: the formula between dollar signs, as the guide's other math;
- code-like roles (``code``, ``kbd``, ``file``, ``func``...): a code span of their content;
- words (``term``, ``abbr``, ``guilabel``, ``sub``, ``sup``...): their text.

A MyST target line, ``(label)=``, is left out. Code fences (but not the Markdown inside a
directive's fence) and code spans are left alone: they show the syntax, not use it.
Unknown roles stay as they are written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studyguide.read.containers import (
    CHUNK,
    CHUNK_ENGINES,
    CODE_DIRECTIVES,
    DIRECTIVE,
    FENCE,
    OPTION,
)

# A role, ":name:`content`" (Sphinx, also in MyST) or "{name}`content`" (MyST), or a code span:
# whichever starts first on the line wins, so that a role shown in code stays code.
ROLE_OR_CODE = re.compile(
    r"(?P<role>(?:\{(?P<braced>[A-Za-z][\w:+.-]*)\}|(?<![\w`]):(?P<colons>[A-Za-z][\w:+.-]*):)"
    r"`(?P<content>[^`]+)`)"
    r"|(?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))"
)
TARGET = re.compile(r"^\s{0,3}\((?P<label>[^()\s]+)\)=\s*$")
HEADING = re.compile(
    r"^\s{0,3}#{1,6}\s+(?P<title>.*?)(?:\s+\{#(?P<label>[^}\s]+)[^}]*\})?\s*#*\s*$"
)
NAME_OPTION = re.compile(r"^\s*:(?:name|label):\s*(?P<label>\S+)\s*$")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#$|~^])")

REFERENCES = frozenset({"numref", "ref", "eq", "doc", "any", "download"})
CODE = frozenset(
    {
        "code", "kbd", "samp", "file", "command", "program", "envvar", "option", "makevar",
        "regexp", "mimetype", "func", "class", "meth", "mod", "attr", "data", "exc", "obj",
        "const", "var", "type", "member", "macro", "struct", "enum", "function", "method",
        "module",
    }
)  # fmt: skip
WORDS = frozenset(
    {
        "term", "abbr", "index", "guilabel", "menuselection", "dfn", "title-reference", "pep",
        "rfc", "sub", "sup",
    }
)  # fmt: skip


@dataclass
class Rewritten:
    """A guide's text with its known roles as text, and the roles found (name -> first line)."""

    text: str
    roles: dict[str, int] = field(default_factory=dict)


def rewrite(text: str) -> Rewritten:
    """The text with every known role written as what it stands for, line for line."""
    lines = text.split("\n")
    labels = _labels(lines)
    result = Rewritten("")
    fences: list[tuple[str, int, bool]] = []  # the open fences: character, length, code?
    rewritten = []
    for number, line in enumerate(lines, start=1):
        fence = FENCE.match(line)
        if fence is not None:
            _after_fence(fences, fence)
        elif not (fences and fences[-1][2]):
            rewritten.append("" if TARGET.match(line) else _line(line, number, labels, result))
            continue
        rewritten.append(line)
    result.text = "\n".join(rewritten)
    return result


def _after_fence(fences: list[tuple[str, int, bool]], fence: re.Match[str]) -> None:
    """The open fences after a fence line, which closes one or opens one. A directive's
    fence holds Markdown (an exercise, a note), unless the directive is code or math."""
    char, length = fence.group("fence")[0], len(fence.group("fence"))
    info = fence.group("info").strip()
    closes = [i for i, (c, n, _) in enumerate(fences) if c == char and length >= n]
    if closes and not info:
        del fences[closes[0] :]
        return
    if fences and fences[-1][2]:
        return  # a fence shown inside code
    directive = DIRECTIVE.match(info)
    chunk = CHUNK.match(info)
    code = directive is None or (
        chunk is not None and chunk.group("engine").casefold() in CHUNK_ENGINES
    )
    if directive is not None and not code:
        code = directive.group("name").rsplit(":", maxsplit=1)[-1].casefold() in CODE_DIRECTIVES
    fences.append((char, length, code))


def _labels(lines: list[str]) -> dict[str, str]:
    """Each label the guide gives, and the title of what it labels."""
    labels: dict[str, str] = {}
    pending = ""  # a '(label)=' waiting for the heading or directive below it
    title = ""  # the argument of the directive whose options are being read
    for line in lines:
        target, heading = TARGET.match(line), HEADING.match(line)
        option, fence = NAME_OPTION.match(line), FENCE.match(line)
        if target is not None:
            pending = target.group("label")
        elif heading is not None:
            if heading.group("label"):
                labels.setdefault(heading.group("label"), heading.group("title"))
            if pending:
                labels.setdefault(pending, heading.group("title"))
            pending = title = ""
        elif fence is not None:
            directive = DIRECTIVE.match(fence.group("info").strip())
            title = directive.group("argument") if directive else ""
            if pending and title:
                labels.setdefault(pending, title)
            pending = ""
        elif option is not None:
            if title:
                labels.setdefault(option.group("label"), title)
        elif line.strip() and not OPTION.match(line):
            pending = title = ""
    return labels


def _line(line: str, number: int, labels: dict[str, str], result: Rewritten) -> str:
    def shown(found: re.Match[str]) -> str:
        if found.group("code"):
            return found.group(0)
        name = found.group("braced") or found.group("colons")
        text = _as_text(name.casefold(), found.group("content"), labels)
        if text is None:
            return found.group(0)
        result.roles.setdefault(name, number)
        return text

    return ROLE_OR_CODE.sub(shown, line)


def _as_text(name: str, content: str, labels: dict[str, str]) -> str | None:
    """What a role stands for, as Markdown; None for a role studyguide does not know."""
    if name == "cite" or name.startswith("cite:"):
        keys = ", ".join(key.strip() for key in content.split(",") if key.strip())
        return f"\\[{_escaped(keys)}\\]"
    if name == "math":
        return f"${content}$"
    explicit = EXPLICIT.match(content)
    text, target = explicit.group("text", "target") if explicit else ("", content)
    bare = name.rsplit(":", maxsplit=1)[-1]
    if bare in REFERENCES:
        return _reference(bare, text, target.strip(), labels)
    if bare in CODE:
        return _code(text or target.strip().lstrip("!"))
    if bare in WORDS:
        marks = {"sub": "~", "sup": "^"}.get(bare, "")
        words = (text or target.strip()).replace("-->", "\u2192")  # a menu's path
        return f"{marks}{_escaped(content if marks else words)}{marks}"
    return None


def _code(shown: str) -> str:
    """A code span; '~numpy.linalg.norm' shows its last part, as Sphinx does."""
    if shown.startswith("~"):
        shown = shown[1:].rsplit(".", maxsplit=1)[-1]
    ticks = "``" if "`" in shown else "`"
    return f"{ticks}{shown}{ticks}"


def _reference(kind: str, text: str, target: str, labels: dict[str, str]) -> str:
    """A reference as text: its own text (where '%s' stands for the title), else the title
    of what the guide labels with its target, else the target (an equation's in brackets)."""
    title = labels.get(target)
    if text:
        return _escaped(text.replace("%s", title or target))
    if title:
        return title
    return f"({_escaped(target)})" if kind == "eq" else _escaped(target)


def _escaped(text: str) -> str:
    """Text that Markdown reads as the same text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def summary(rewritten: Rewritten) -> tuple[int, str] | None:
    """The line of the first role rewritten and one warning naming them all, or None."""
    if not rewritten.roles:
        return None
    names = ", ".join(sorted(rewritten.roles))
    return (
        min(rewritten.roles.values()),
        f"Sphinx/MyST roles written as plain text ({names}): a study guide has no numbered "
        "references or bibliography; check that they read well, or write the text itself",
    )
