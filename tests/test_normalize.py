"""Raw guide text -> canonical Markdown: repairs, findings with file:line, idempotence."""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

import pytest

from studyguide.errors import GuideError
from studyguide.read.normalize import NormalizedGuide, decode, normalize_file, normalize_text
from tests.conftest import SEED, SMALL, fold


@functools.cache
def normalized_file(path: Path) -> NormalizedGuide:
    """A guide file normalized once for the tests that only read the result."""
    return normalize_file(path)


def messages(path: Path) -> list[str]:
    return [str(finding) for finding in normalized_file(path).findings]


def test_mojibake_is_repaired_and_reported() -> None:
    normalized = normalized_file(SEED)
    assert "Fréchet Inception Distance" in normalized.markdown
    assert "√" not in normalized.markdown
    assert f"{SEED}:29: repaired mojibake: '**Fr√©chet' -> '**Fréchet'" in messages(SEED)


def test_a_glued_copy_of_a_nearby_item_is_named_as_a_paste_error_and_kept() -> None:
    found = [m for m in messages(SEED) if "glued" in m]
    assert found == [
        f"{SEED}:23: 'Supervised Learning:' is glued to the end of a sentence "
        "('variations.Supervised') and repeats the text on line 6: likely a paste error "
        "— delete 'Supervised Learning:' or start a new line"
    ]
    assert "variations.Supervised Learning:" in fold(normalized_file(SEED).markdown)


def test_a_glued_copy_of_the_next_heading_is_a_paste_error(tmp_path: Path) -> None:
    text = (
        "# T\n\n## Basics\n\n1. Why?\n   - It depends on the data.Model Selection\n\n"
        "## Model Selection\n"
    )
    found = [str(f) for f in normalize_text(text, tmp_path / "g.md").findings]
    assert found == [
        f"{tmp_path / 'g.md'}:6: 'Model Selection' is glued to the end of a sentence "
        "('data.Model') and repeats the text on line 8: likely a paste error "
        "— delete 'Model Selection' or start a new line"
    ]


def test_other_glued_sentences_are_reported_as_such(tmp_path: Path) -> None:
    text = "# T\n\n## Basics\n\n1. Why?\n   - It depends on the data.Then we train it.\n"
    found = [str(f) for f in normalize_text(text, tmp_path / "g.md").findings]
    assert found == [
        f"{tmp_path / 'g.md'}:6: two sentences are glued together: 'data.Then' "
        "(kept as written; add the missing space or line break)"
    ]


def test_list_indentation_is_made_consistent_and_reported() -> None:
    normalized = normalized_file(SEED)
    assert any(m.startswith(f"{SEED}:6: re-indented a nested list") for m in messages(SEED))
    # pandoc's writer puts every nested list under its parent's text, the same way everywhere
    assert "\n    - **Supervised Learning**:" in normalized.markdown
    assert "\n    - **Quantitative Metrics**:" in normalized.markdown


def test_trailing_whitespace_is_removed_and_reported() -> None:
    normalized = normalized_file(SEED)
    assert all(line == line.rstrip() for line in normalized.markdown.splitlines())
    assert (
        f"{SEED}:47: removed trailing whitespace (and on 4 more: lines 112, 113, 121, 127)"
        in messages(SEED)
    )


@pytest.mark.parametrize("path", [SEED, SMALL], ids=["seed", "small"])
def test_normalizing_twice_changes_nothing(path: Path) -> None:
    once = normalized_file(path).markdown
    twice = normalize_text(once, path).markdown
    assert twice == once


def test_every_question_is_in_the_normalized_markdown(
    built_guide_texts: tuple[list[str], str],
) -> None:
    prompts, markdown = built_guide_texts

    def without_markup(text: str) -> str:
        # Markdown spells `code`, **bold** and escapes with these; the prompts are plain text.
        return fold(re.sub(r"[`*_\\]", "", text))

    missing = [
        prompt for prompt in prompts if without_markup(prompt) not in without_markup(markdown)
    ]
    assert missing == []


@pytest.fixture(params=[SEED, SMALL], ids=["seed", "small"])
def built_guide_texts(request: pytest.FixtureRequest) -> tuple[list[str], str]:
    from studyguide.read.parse import parse_guide  # noqa: PLC0415

    read = normalized_file(request.param)
    guide, _ = parse_guide(read, "guide", "en")
    return [q.prompt for q in guide.questions], read.markdown


def test_front_matter_is_kept_and_read(tmp_path: Path) -> None:
    text = (
        "---\ntitle: From front matter\nauthor: [Ada, Grace]\n---\n\n## Only section\n\n1. Why?\n"
    )
    normalized = normalize_text(text, tmp_path / "g.md")
    assert normalized.front_matter == {"title": "From front matter", "author": ["Ada", "Grace"]}
    assert normalized.markdown.startswith("---\ntitle: From front matter\n")
    assert normalize_text(normalized.markdown, tmp_path / "g.md").markdown == normalized.markdown


def test_invalid_front_matter_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as caught:
        normalize_text("---\ntitle: ok\nsubtitle: [unclosed\n---\n# T\n", tmp_path / "g.md")
    assert caught.value.line is not None
    assert caught.value.line >= 3
    assert "front matter" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF8 + "# Café".encode(), "# Café"),
        (codecs.BOM_UTF16_LE + "# Café".encode("utf-16-le"), "# Café"),
        (codecs.BOM_UTF16_BE + "# Café".encode("utf-16-be"), "# Café"),
        (b"# Caf\xc3\xa9\r\n", "# Café\n"),
    ],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be", "crlf"],
)
def test_decodes_what_editors_write(raw: bytes, expected: str) -> None:
    assert decode(Path("g.md"), raw) == expected


def test_latin1_bytes_are_an_error_with_the_line() -> None:
    with pytest.raises(GuideError) as caught:
        decode(Path("g.md"), b"# Title\n\n## Caf\xe9\n")
    assert str(caught.value).startswith("g.md:3: not UTF-8 text (byte 0xe9 cannot be decoded)")


def test_nul_byte_is_an_error_with_the_line() -> None:
    with pytest.raises(GuideError) as caught:
        decode(Path("g.md"), b"# Title\nok\x00\n")
    assert str(caught.value).startswith("g.md:2: contains a NUL byte")
