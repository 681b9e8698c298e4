"""Hostile input within limits: linear-time reading, a time limit on every stage, one line for
every failure a user can cause."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from studyguide import tree
from studyguide.model import Guide
from studyguide.normalize import GLUED_SENTENCE, _changed_words, normalize_text
from studyguide.parse import parse_guide

MEGABYTE = 1_000_000
# A linear pass over a megabyte takes a fraction of a second; the quadratic ones it replaced
# took minutes. The margin is for a shared, busy test machine.
FEW_SECONDS = 5.0


@contextmanager
def finishes_within(seconds: float) -> Iterator[None]:
    started = time.perf_counter()
    yield
    took = time.perf_counter() - started
    assert took < seconds, f"took {took:.1f} s"


def test_a_megabyte_of_letters_and_division_signs_is_searched_for_glued_sentences_quickly() -> None:
    # Every letter after a '÷' started a run of "lower-case letters" to the end of the text.
    with finishes_within(FEW_SECONDS):
        assert list(GLUED_SENTENCE.finditer("a÷" * (MEGABYTE // 2))) == []
    assert [m.group(0) for m in GLUED_SENTENCE.finditer("Die Stadt ist groß.Dann")] == ["groß.Dann"]


def with_raw_html(markdown: str, raw_html: str, tmp_path: Path) -> Guide:
    """The guide parse_guide makes of a guide whose first raw HTML block is ``raw_html``
    (put in after pandoc has read the rest, which for a megabyte takes a while)."""
    normalized = normalize_text(markdown, tmp_path / "g.md")
    raw = next(
        node for node, _ in tree.walk(normalized.document["blocks"]) if node["t"] == "RawBlock"
    )
    raw["c"][1] = raw_html
    guide, _ = parse_guide(normalized, "g", "en")
    return guide


def title_of_raw_html(raw_html: str, tmp_path: Path) -> str:
    """The title of a guide that opens with this raw HTML block."""
    return with_raw_html("<h1>x</h1>\n\n## S\n\n1. What is it?\n", raw_html, tmp_path).title


@pytest.mark.parametrize(
    ("raw_html", "title"),
    [
        ("<h1>" * (MEGABYTE // 4), "G"),  # no '</h1>': each '<h1' was scanned to the end
        ("<h1 " * (MEGABYTE // 4), "G"),  # no '>' either
        ("<h1>" + "<" * MEGABYTE + "</h1>", "<" * MEGABYTE),  # a tag that never ends
        ("<h1>" + "<b>x</b> " * (MEGABYTE // 9) + "</h1>", " ".join(["x"] * (MEGABYTE // 9))),
    ],
    ids=["opening-tags", "unclosed-tags", "less-than-signs", "many-tags"],
)
def test_a_megabyte_of_raw_h1_tags_is_read_for_the_title_quickly(
    raw_html: str, title: str, tmp_path: Path
) -> None:
    with finishes_within(FEW_SECONDS):
        assert title_of_raw_html(raw_html, tmp_path) == title


def test_the_title_in_a_raw_h1_is_found_as_before(tmp_path: Path) -> None:
    assert title_of_raw_html('<p>x</p><H1 class="t">A <i>raw</i>\ntitle</H1>', tmp_path) == (
        "A raw title"
    )
    assert title_of_raw_html("<h1>open<h1 x>and closed</h1>", tmp_path) == "openand closed"
    assert title_of_raw_html("<h10>not a heading</h10>", tmp_path) == "G"


def test_a_megabyte_of_less_than_signs_in_an_answer_is_read_quickly(tmp_path: Path) -> None:
    # The answer's raw HTML is searched for "Answer: B" with its tags taken out.
    markdown = "# T\n\n## S\n\n1. Which port is it?\n\n   - A: 80\n   - B: 443\n\n   <div>x</div>\n"
    with finishes_within(FEW_SECONDS):
        guide = with_raw_html(markdown, "<div>" + "<" * MEGABYTE, tmp_path)
    assert len(guide.questions) == 1
    answer = with_raw_html(markdown, "<div><b>Answer:</b> B</div>", tmp_path).questions[0]
    assert [choice.correct for choice in answer.choices] == [False, True]


MOJIBAKE = "Café naïve “quoted” résumé".encode().decode("latin-1")
REPAIRED = "Café naïve “quoted” résumé"
REPEATS = MEGABYTE // len(MOJIBAKE)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (f"{MOJIBAKE} " * REPEATS, f"{REPAIRED} " * REPEATS),
        # No word is left the same: each change is looked for its end, in vain.
        (
            " ".join(f"Ã©{n}" for n in range(MEGABYTE // 8)),
            " ".join(f"é{n}" for n in range(MEGABYTE // 8)),
        ),
    ],
    ids=["repeated-words", "every-word-changed"],
)
def test_a_megabyte_line_of_mojibake_is_reported_quickly_and_briefly(
    before: str, after: str
) -> None:
    with finishes_within(FEW_SECONDS):
        changes = _changed_words(before, after)
    assert len(changes) < 1_000
    assert changes.endswith(" more)")


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        (f"a {MOJIBAKE} b", f"a {REPAIRED} b", f"'{MOJIBAKE}' -> '{REPAIRED}'"),
        ("**Fr√©chet distance", "**Fréchet distance", "'**Fr√©chet' -> '**Fréchet'"),
        ("a Ã© b Ã© c", "a é b é c", "'Ã©' -> 'é', 'Ã©' -> 'é'"),
        ("a b", "a x b", "'' -> 'x'"),
        ("a Â b", "a b", "'Â' -> ''"),
        ("a\u00a0b", "a b", "invisible characters"),
    ],
)
def test_the_changed_words_of_a_repair_are_named(before: str, after: str, changes: str) -> None:
    assert _changed_words(before, after) == changes
