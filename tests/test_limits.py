"""Hostile input within limits: linear-time reading, a time limit on every stage, one line for
every failure a user can cause."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyguide import limits
from studyguide.cli import main
from studyguide.errors import GuideError
from studyguide.model import Guide
from studyguide.read import tree
from studyguide.read.normalize import GLUED_SENTENCE, _changed_words, normalize_text
from studyguide.read.parse import parse_guide
from studyguide.render.paged import Typesetter
from tests.command_line import run
from tests.conftest import ROOT, SMALL
from tests.test_hardening import assert_one_clean_line

MEGABYTE = 1_000_000
# A linear pass over a megabyte takes a fraction of a second; the quadratic ones it replaced
# took minutes. The margin is for a shared, busy test machine.
FEW_SECONDS = 5.0


@contextlib.contextmanager
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


def test_a_megabyte_word_split_at_every_symbol_is_joined_again_quickly() -> None:
    # "a÷a÷…": pandoc gives each letter and sign a Str of its own (and, with source positions,
    # a wrapper each); they were joined two at a time, copying the word so far each time.
    letters = [{"t": "Str", "c": "a÷"[n % 2]} for n in range(MEGABYTE)]
    wrapped = {"t": "Span", "c": [["", [], [["wrapper", "1"], ["data-pos", "1:1-1:3"]]],
               [{"t": "Str", "c": "a"}, {"t": "Str", "c": "÷"}]]}  # fmt: skip
    with finishes_within(FEW_SECONDS):
        stripped = tree.strip_positions([{"t": "Para", "c": [*letters, wrapped, {"t": "Space"}]}])
    word = "a÷" * (MEGABYTE // 2 + 1)
    assert stripped == [{"t": "Para", "c": [{"t": "Str", "c": word}, {"t": "Space"}]}]


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


def settings(folder: Path, text: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f"[tool.studyguide]\n{text}\n", encoding="utf-8")
    return path


def test_pandoc_reading_nested_brackets_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    # pandoc's reader takes minutes on a hundred thousand nested brackets, and ran unlimited.
    source = tmp_path / "brackets.md"
    source.write_text(f"# T\n\n## S\n\n1. Q?\n\n   {'[' * 100_000}x{']' * 100_000}\n")
    # The command runs forked from this process, its imports done: the reading stage's time
    # goes to pandoc however busy the machine, and pandoc spends all of it.
    config = settings(tmp_path, "read_timeout = 3")
    with finishes_within(60):
        result = run("build", source, "-o", tmp_path / "out", "--config", config)
    assert_one_clean_line(
        result, "brackets.md: reading the guide took longer than 3 s (pandoc was still running)"
    )
    assert "raise read_timeout in [tool.studyguide]" in result.stderr
    assert not (tmp_path / "out").exists()


def fanned_out_svg(levels: int) -> str:
    """An SVG of one square drawn 10**levels times: each level uses the one below ten times."""
    groups = "".join(
        f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, levels + 1)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>'
        f'<rect id="l0" width="1" height="1"/>{groups}</defs><use href="#l{levels}"/></svg>'
    )


@pytest.mark.weasyprint_warnings  # that it failed to draw the SVG: it was stopped
def test_drawing_a_pdf_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    # An image is drawn only when the PDF is written, after the layout and its time limit.
    pages = Typesetter(tmp_path, timeout=1).layout(
        f"<html lang='en'><body>{fanned_out_svg(9)}</body></html>"
    )
    with (
        finishes_within(20),
        pytest.raises(GuideError, match=r"^drawing a PDF took longer than 1 s"),
    ):
        pages.pdf()


def test_an_svg_named_as_a_png_cannot_keep_the_build_busy(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_text(fanned_out_svg(9), encoding="utf-8")
    source = tmp_path / "chart.md"
    source.write_text("# Charts\n\n## S\n\n1. What does it show?\n\n   ![chart](chart.png)\n")
    config = settings(tmp_path, "layout_timeout = 2")
    with finishes_within(60):
        result = run("build", source, "-o", tmp_path / "out", "-f", "pdf", "--config", config)
    if result.returncode == 0:  # an image whose bytes are not a PNG's may be left out instead
        assert "chart.png" in result.stderr
    else:
        assert_one_clean_line(result, "chart.md: drawing a PDF took longer than 2 s")


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("date: 2024-13-45", "g.md:2: invalid date in the YAML front matter (month must be"),
        ("title: T\ndates: [2024-01-01, 2024-02-30]", "g.md:3: invalid date in the YAML front"),
        ("date: 2024-01-01T25:00:00", "g.md:2: invalid date in the YAML front matter (hour"),
    ],
    ids=["month-13", "february-30th-in-a-list", "hour-25"],
)
def test_an_impossible_date_in_the_front_matter_is_one_line(
    tmp_path: Path, front_matter: str, expected: str
) -> None:
    source = tmp_path / "g.md"
    source.write_text(f"---\n{front_matter}\n---\n# T\n\n## S\n\n1. What is it?\n")
    result = run("build", source, "-o", tmp_path / "out", "-f", "html")
    assert_one_clean_line(result, expected)
    assert "quote it to keep it as text" in result.stderr


def test_a_full_disk_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(*arguments: object, **options: object) -> object:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", full_disk)  # how each output's bytes are written
    status = main(["build", str(SMALL), "-o", str(tmp_path / "out"), "-f", "html"])
    errors = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert errors == [
        f"studyguide: error: {tmp_path / 'out'}: the outputs could not be written "
        "(No space left on device) — free some space on the disk, or choose another folder "
        "with -o"
    ]
    assert list((tmp_path / "out").iterdir()) == []


WITHOUT_PANGO = """
import sys

import cffi

load = cffi.FFI.dlopen


def dlopen(ffi, name, *arguments):
    if "pango" in str(name):  # as cffi says it when the library is not installed
        raise OSError(f"cannot load library '{name}': {name}: cannot open shared object file")
    return load(ffi, name, *arguments)


cffi.FFI.dlopen = dlopen
from studyguide.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_a_missing_system_library_is_one_line_naming_the_package(tmp_path: Path) -> None:
    # A fresh machine after `pipx install studyguide`: WeasyPrint's libraries are not there.
    script = tmp_path / "without_pango.py"
    script.write_text(WITHOUT_PANGO, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), "build", str(SMALL), "-o", str(tmp_path / "out"),
         "-f", "html,pdf,practice"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert_one_clean_line(result, "WeasyPrint, which lays out the PDFs, cannot load libpango-1.0-0")
    assert "sudo apt-get install libpango-1.0-0" in result.stderr
    assert result.stdout == ""  # not WeasyPrint's own page of advice
    assert not (tmp_path / "out").exists()


def busy() -> None:
    while True:
        pass


def test_stages_nest_and_the_first_to_run_out_says_so() -> None:
    with (
        pytest.raises(GuideError, match=r"^outer took longer than 0\.3 s — fix, or raise x"),
        limits.time_limit("outer", 0.3, "x", "fix"),
        limits.time_limit("inner", 60, "y", "fix"),
    ):
        busy()
    with limits.time_limit("outer", 60, "x", "fix"):
        with (
            pytest.raises(GuideError, match=r"^inner took longer than 0\.2 s"),
            limits.time_limit("inner", 0.2, "y", "fix"),
        ):
            busy()
        assert 59 < (limits.time_left() or 0) <= 60  # the outer stage's own time goes on


def test_a_stage_whose_stop_is_caught_and_ignored_fails_all_the_same() -> None:
    # As WeasyPrint does with whatever stops an SVG that it is drawing.
    with (
        finishes_within(10),
        pytest.raises(GuideError, match=r"^drawing took longer than 0\.2 s"),
        limits.time_limit("drawing", 0.2, "x", "fix"),
    ):
        for _ in range(2):
            with contextlib.suppress(BaseException):
                busy()
