"""The README and docs/: every relative link and #anchor leads somewhere; the README stays short."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
PAGES = (README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md")
README_LINES = 250  # the front door: what it makes, install, the commands, links into docs/

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)=\"([^\"]+)\"", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, …


def prose(markdown: str) -> str:
    """The Markdown without its code blocks: a `[x](y)` or `# x` in an example is no link."""
    return FENCE.sub("", markdown)


def slug(heading: str) -> str:
    """A heading -> its anchor, as GitHub makes it: the text lower-cased, punctuation dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"[`*]", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    """Every heading's anchor on a page; a repeated heading gets -1, -2, … as on GitHub."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(page.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(f"{base}-{count}" if count else base)
    return frozenset(found)


def links(page: Path) -> list[str]:
    """The targets of a page's Markdown links and images and of its HTML <a>/<img> tags."""
    text = CODE_SPAN.sub("", prose(page.read_text(encoding="utf-8")))
    return LINK.findall(text) + HTML_LINK.findall(text)


def broken(page: Path, target: str) -> str | None:
    """Why a link on a page leads nowhere, or None when its file (and heading) exist."""
    path, _, anchor = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    if not destination.exists():
        return f"{target}: no file {path}"
    if anchor and destination.suffix == ".md" and anchor not in anchors(destination):
        return f"{target}: no heading '#{anchor}' in {path or page.name}"
    return None


def test_the_readme_is_a_front_door_under_250_lines() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines < README_LINES, f"README.md has {lines} lines: move the detail into docs/"


def test_the_readme_links_to_every_page_of_the_docs() -> None:
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in links(README)}
    assert set(PAGES[1:]) <= linked


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file_and_heading(page: Path) -> None:
    targets = [target for target in links(page) if not SCHEME.match(target)]
    assert targets, f"{page.name} links to nothing"
    problems = [problem for target in targets if (problem := broken(page, target))]
    assert problems == []


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("What lands in `output/`", "what-lands-in-output"),
        ("A starter project: `studyguide init`", "a-starter-project-studyguide-init"),
        ("Safety, limits and reproducible builds", "safety-limits-and-reproducible-builds"),
        ("This version's numbers", "this-versions-numbers"),
        ("`[tool.studyguide]` and cheat_sheet", "toolstudyguide-and-cheat_sheet"),
    ],
)
def test_anchors_are_made_as_github_makes_them(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor


def test_a_link_into_a_missing_heading_or_file_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n## Where it is\n\n```sh\n# not a heading\n```\n\n"
        "[ok](#where-it-is) [code](#not-a-heading) [gone](missing.md) `[no](link.md)`\n",
        encoding="utf-8",
    )
    found = [broken(page, target) for target in links(page)]
    assert found[0] is None
    assert "no heading '#not-a-heading'" in str(found[1])
    assert "no file" in str(found[2])
    assert len(found) == 3
