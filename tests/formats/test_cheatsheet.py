"""The cheat sheet: one page, every question's full text, the answers' key terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.synthetic import synthetic_guide
from studyguide.formats.cheatsheet import fit
from studyguide.read.gist import CONDENSED
from studyguide.render.paged import Pages, Typesetter
from tests.command_line import run
from tests.conftest import SEED, Built, fold


def sheet(built: Built) -> PdfReader:
    return PdfReader(built.path("-cheatsheet.pdf"))


def test_exactly_one_landscape_page(built: Built) -> None:
    pdf = sheet(built)
    assert len(pdf.pages) == 1
    width, height = (float(value) for value in pdf.pages[0].mediabox.upper_right)
    assert width > height


def test_every_question_is_on_the_sheet(built: Built) -> None:
    text = fold(sheet(built).pages[0].extract_text())
    missing = [q.prompt for q in built.guide.questions if fold(q.prompt) not in text]
    assert missing == []


def test_key_terms_of_the_answers_are_on_the_sheet(seed: Built) -> None:
    text = fold(sheet(seed).pages[0].extract_text())
    for term in (
        "Fréchet Inception Distance",
        "Dropout",
        "SMOTE",
        "Situations for transfer learning",
    ):
        assert term in text
    assert "Supervised Learning --- Concept: Learns from labeled data" in text
    assert "√" not in text
    assert "\u2026" not in text


def test_unanswered_questions_are_in_the_stories_box(seed: Built) -> None:
    text = fold(sheet(seed).pages[0].extract_text())
    stories = text[text.index("Prepare your stories") :]
    for q in seed.guide.questions:
        assert (fold(q.prompt) in stories) == (not q.answered)


def build_synthetic(
    tmp_path: Path, questions: int, *flags: str, sections: int = 4
) -> tuple[Path, str]:
    source = tmp_path / f"synthetic-{questions}.md"
    source.write_text(synthetic_guide(questions, sections=sections), encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out", "-f", "cheatsheet", *flags)
    return tmp_path / "out" / f"synthetic-{questions}-cheatsheet.pdf", result.stdout + result.stderr


@pytest.mark.parametrize(
    "questions",
    [5, pytest.param(20, marks=pytest.mark.slow), pytest.param(40, marks=pytest.mark.slow)],
)
def test_generated_guides_fit_one_page_with_every_question(tmp_path: Path, questions: int) -> None:
    path, log = build_synthetic(tmp_path, questions)
    pdf = PdfReader(path)
    assert len(pdf.pages) == 1, log
    text = fold(pdf.pages[0].extract_text())
    prompts = re.findall(r"^1\. (.+)$", synthetic_guide(questions), re.MULTILINE)
    assert len(prompts) == questions
    assert [p for p in prompts if fold(p) not in text] == []
    size = float(re.search(r"1 page, ([\d.]+) pt", log).group(1))  # type: ignore[union-attr]
    assert 6 <= size <= 9


@pytest.mark.slow  # lays the sheet out at each size down to the floor
def test_the_font_size_is_never_below_the_floor(tmp_path: Path) -> None:
    _, log = build_synthetic(tmp_path, 20, "--cheatsheet-min-font", "8")
    if "wrote" in log:
        size = float(re.search(r"1 page, ([\d.]+) pt", log).group(1))  # type: ignore[union-attr]
        assert size >= 8
    else:
        assert "even with lead terms only" in log


# A guide too long for one page: 48 questions, where nothing may be smaller than 9 pt, run over
# it as far as 120 do at the 6 pt floor (about 1.2 pages), in half the layouts' time.
TOO_LONG = ("--cheatsheet-min-font", "9")


@pytest.mark.slow  # lays out sheets of several pages, trying sizes
def test_a_guide_too_long_for_one_page_flows_over_as_few_pages_as_it_needs(tmp_path: Path) -> None:
    path, log = build_synthetic(tmp_path, 48, *TOO_LONG, sections=4)
    warnings = [line for line in log.splitlines() if "warning:" in line]
    assert len(warnings) == 1, log
    assert "does not fit on one page" in warnings[0]
    pages = [fold(page.extract_text()) for page in PdfReader(path).pages]
    assert len(pages) >= 2, log
    assert f"so it runs over {len(pages)} pages at 9 pt" in warnings[0]
    assert "--cheatsheet-one-page" in warnings[0]
    # The sections follow one another: the second page goes on with what the first began.
    prompts = re.findall(r"^1\. (.+)\n   - ", synthetic_guide(48, sections=4), re.MULTILINE)
    text = " ".join(pages)
    positions = [text.find(fold(prompt)) for prompt in prompts]
    assert -1 not in positions
    assert positions == sorted(positions)


@pytest.mark.slow  # lays out sheets of several pages, trying sizes
def test_a_section_heading_stays_with_its_first_question(tmp_path: Path) -> None:
    path, log = build_synthetic(tmp_path, 48, *TOO_LONG, sections=12)
    pages = [fold(page.extract_text()) for page in PdfReader(path).pages]
    assert len(pages) > 1, log
    sections = re.findall(r"^## (.+)\n\n1\. (.+)$", synthetic_guide(48, sections=12), re.MULTILINE)
    for title, first in sections:
        (page,) = [page for page in pages if re.search(rf"{re.escape(title)}\b", page)]
        assert fold(first) in page, title


def test_one_page_only_makes_overflow_an_error(tmp_path: Path) -> None:
    path, log = build_synthetic(tmp_path, 48, *TOO_LONG, "--cheatsheet-one-page", sections=4)
    assert "error:" in log
    assert "does not fit on one page: it holds about" in log
    assert "without --cheatsheet-one-page" in log
    assert not path.exists()


def test_per_section_on_request(tmp_path: Path) -> None:
    path, log = build_synthetic(tmp_path, 12, "--cheatsheet-per-section", sections=4)
    assert len(PdfReader(path).pages) == 4, log
    assert "warning:" not in log


@pytest.mark.slow  # lays out sheets of several pages, trying sizes
def test_a_section_too_long_for_a_page_keeps_its_pages_in_order(tmp_path: Path) -> None:
    """One huge section among small ones: its pages, then the next section's page."""
    source = tmp_path / "lopsided.md"
    small = "## Warm-up\n\n1. Why this team?\n   - **Motivation**: what you want to learn.\n"
    huge = synthetic_guide(50, sections=1).split("\n## ", 1)[1]
    source.write_text(f"# Lopsided\n\n{small}\n## {huge}", encoding="utf-8")
    result = run(
        "build", source, "-o", tmp_path / "out", "-f", "cheatsheet", *TOO_LONG,
        "--cheatsheet-per-section",
    )  # fmt: skip
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    pdf = PdfReader(tmp_path / "out" / "lopsided-cheatsheet.pdf")
    pages = [fold(page.extract_text()) for page in pdf.pages]
    assert len(pages) >= 3, log
    warnings = [line for line in log.splitlines() if "warning:" in line]
    assert len(warnings) == 1, log
    assert f"takes {len(pages) - 1} pages" in warnings[0]
    prompts = re.findall(r"^1\. (.+)\n   - ", huge, re.MULTILINE)  # the answered ones
    # Every answered question of the long section, in the guide's order across its pages.
    text = " ".join(pages[1:])
    positions = [text.find(fold(prompt)) for prompt in prompts]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_letter_paper(tmp_path: Path) -> None:
    path, _ = build_synthetic(tmp_path, 5, "--paper", "letter")
    width, height = (float(value) for value in PdfReader(path).pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (792, 612)


def test_the_seed_needs_four_layouts_a_measure_and_a_sheet_for_two_steps(seed: Built) -> None:
    """All its key points run over one page even at 6 pt; without their second-level points
    they fit. Each step takes a measure and one layout of the sheet."""
    typesetter = Typesetter(SEED.parent)
    counted = []
    layout = typesetter.layout

    def counting(html: str) -> Pages:
        counted.append(html)
        return layout(html)

    typesetter.layout = counting  # type: ignore[method-assign]
    chosen = fit(seed.guide, "A4", 6.0, typesetter)
    assert chosen.sheet.count == 1
    assert chosen.layouts == len(counted) == 4
    assert CONDENSED[chosen.condensation] == "top-level points only"
