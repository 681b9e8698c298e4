"""A saved guide and its last reading -> the new reading with only the changed sections read
again, equal to reading the whole guide; or a whole reading when the outline changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_guide
from studyguide.build.pipeline import build, build_page_again
from studyguide.config import BuildConfig
from studyguide.read import sources
from studyguide.read.patch import Outline, Parsed, outline
from tests.conftest import SEED


def reading(path: Path, text: str) -> tuple[BuildConfig, Parsed]:
    path.write_text(text, encoding="utf-8")
    config = BuildConfig(source=path, output=path.parent / "out", language="en")
    parsed = sources.read(path, config).parsed
    assert parsed is not None and parsed.text == text
    return config, parsed


def after_saving(path: Path, config: BuildConfig, last: Parsed, text: str) -> Parsed | None:
    """The patched reading of a save, checked against reading the whole guide again."""
    path.write_text(text, encoding="utf-8")
    patched = sources.reread(path, config, last)
    if patched is None:
        return None
    whole = sources.read(path, config)
    assert patched[0] == whole.guide
    assert patched[2].guide == whole.parsed.guide  # type: ignore[union-attr]
    return patched[2]


SYNTHETIC = synthetic_guide(60, sections=4)  # with code blocks, numbered through the page


EDITS_INSIDE_A_SECTION = {
    "an answer reworded": lambda text: text.replace("system number 20 ", "system number 20 (b) "),
    "lines added above later sections": lambda text: text.replace(
        "   - **Latency 1**", "   - **Latency 1**: first\n\n     more\n   - **Latency 1**", 1
    ),
    "a code block added in the first section": lambda text: text.replace(
        "1. How would you explain latency in system number 0",
        "1. How would you explain latency in system number 0 (see below)?\n\n"
        "   ```python\n   print(0)\n   ```\n\n1. Then: latency in system number 0",
        1,
    ),
    "a question added": lambda text: text.replace(
        "## Databases 2\n", "## Databases 2\n\n1. A new question?\n   - **New**: its answer.\n", 1
    ),
    "nothing changed": lambda text: text,
}


@pytest.mark.parametrize("edit", list(EDITS_INSIDE_A_SECTION), ids=list(EDITS_INSIDE_A_SECTION))
def test_an_edit_inside_sections_reads_as_the_whole_guide_does(tmp_path: Path, edit: str) -> None:
    path = tmp_path / "g.md"
    config, last = reading(path, SYNTHETIC)
    edited = EDITS_INSIDE_A_SECTION[edit](SYNTHETIC)
    assert edited != SYNTHETIC or edit == "nothing changed"
    assert after_saving(path, config, last, edited) is not None


def test_the_seed_guide_is_patched_edit_after_edit(tmp_path: Path) -> None:
    path = tmp_path / "seed.md"
    original = SEED.read_text(encoding="utf-8")
    config, last = reading(path, original)
    sections = outline(original).sections
    for number, (_, text) in enumerate(sections):
        lines = text.splitlines(keepends=True)
        lines[-2] = lines[-2].rstrip("\n") + f" (revision {number})\n"
        edited = last.text.replace(text, "".join(lines))
        patched = after_saving(path, config, last, edited)
        assert patched is not None
        last = patched


OUTLINE_CHANGES = {
    "a section added": lambda text: text + "\n## Another section\n\n1. Why?\n   - **Because**\n",
    "a heading renamed": lambda text: text.replace("## Databases 2", "## Databases two", 1),
    "the title changed": lambda text: text.replace("# Synthetic guide", "# A guide", 1),
    "a footnote, numbered through the guide": lambda text: text.replace(
        "to a colleague?", "to a colleague?[^1]\n\n[^1]: Or to a friend.", 1
    ),
    "a heading that repeats another": lambda text: text.replace(
        "## Databases 2\n", "## Databases 2\n\n### Data structures 1\n", 1
    ),
    "a heading alike another but for its punctuation": lambda text: text.replace(
        "## Databases 2\n", "## Databases 2\n\n### Data structures: 1!\n", 1
    ),
}


@pytest.mark.parametrize("change", list(OUTLINE_CHANGES), ids=list(OUTLINE_CHANGES))
def test_an_outline_change_is_read_whole(tmp_path: Path, change: str) -> None:
    path = tmp_path / "g.md"
    config, last = reading(path, SYNTHETIC)
    assert after_saving(path, config, last, OUTLINE_CHANGES[change](SYNTHETIC)) is None


def test_a_guide_without_sections_is_all_head() -> None:
    assert outline("# T\n\n1. Q?\n") == Outline("# T\n\n1. Q?\n", ())


def test_a_heading_in_fenced_code_is_not_a_section() -> None:
    text = "# T\n\n## A\n\n1. Q?\n\n   ```\n## not a heading\n   ```\n\n## B\n\n1. R?\n"
    found = outline(text)
    assert [line for line, _ in found.sections] == [3, 11]
    assert found.head == "# T\n\n"


def test_the_patched_page_is_the_page_a_whole_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764403200")  # the same date stamped in both
    path = tmp_path / "g.md"
    config, _ = reading(path, SYNTHETIC)
    config = BuildConfig(source=path, output=tmp_path / "out", formats=("html",), language="en")
    first = build(config)
    (last,) = first.parsed
    path.write_text(SYNTHETIC.replace("number 30 ", "number 30 (edited) "), encoding="utf-8")
    again = build_page_again(config, last, lambda finding: None)
    assert again is not None
    assert [written.name for written, _ in again.written] == ["g.html"]
    whole = build(BuildConfig(source=path, output=tmp_path / "whole", formats=("html",),
                              language="en"))  # fmt: skip
    assert (tmp_path / "out" / "g.html").read_bytes() == (
        tmp_path / "whole" / "g.html"
    ).read_bytes()
    assert re.search(rb"number 30 \(edited\)", (tmp_path / "out" / "g.html").read_bytes())
    assert [name for name, _ in whole.written if name.suffix == ".md"]
    # The Markdown is not written by the patched build: its record says it is out of date.
    assert build(config).written[0][0].name == "g.md"


def test_code_blocks_pandoc_counts_but_does_not_show_are_read_whole(tmp_path: Path) -> None:
    text = (
        "# T\n\n## A\n\n1. What prints?\n\n   ```text\n   hello\n   ```\n\n"
        "   - **Hello**: it prints hello.\n\n## B\n\n1. And this?\n\n   ```python\n   print(1)\n"
        "   ```\n\n   - **One**: it prints 1.\n"
    )
    path = tmp_path / "g.md"
    config, last = reading(path, text)
    # The text block is counted ('cb2' is the Python one) without showing its number: the
    # numbers of the sections after an edit could not be told, so the guide is read whole.
    assert 'id="cb2"' in last.guide.sections[1].questions[0].stem_html + "".join(
        question.answer_html for question in last.guide.sections[1].questions
    )
    assert after_saving(path, config, last, text.replace("it prints 1", "it prints one")) is None
