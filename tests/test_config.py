"""[tool.studyguide] and flags -> one BuildConfig: declared once, type-checked, with defaults."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

import pytest

from studyguide import config
from studyguide.config import BuildConfig, make_config, parse_formats, with_defaults
from studyguide.errors import GuideError
from tests.models import guide


def pyproject(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.studyguide]\n{table}\n", encoding="utf-8")
    return path


def test_every_setting_but_the_source_is_a_flag_with_its_help() -> None:
    made = {options["dest"]: (names, options) for names, options in config.flags()}
    assert set(made) == {item.name for item in fields(BuildConfig)} - {"source"}
    for item in fields(BuildConfig):
        if item.name in made:
            assert made[item.name][1]["help"].startswith(item.metadata["help"])
    assert made["formats"][0] == ("-f", "--format")
    assert made["cheatsheet_min_font"][0] == ("--cheatsheet-min-font",)


def test_flags_parse_into_the_config(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    for names, options in config.flags():
        parser.add_argument(*names, **options)
    given = vars(
        parser.parse_args(["-f", "pdf,epub", "--paper", "letter", "--cheatsheet-per-section"])
    )
    built = make_config(tmp_path / "none.toml", **given)
    assert built.formats == ("pdf", "epub")
    assert (built.paper, built.cheatsheet_per_section, built.output) == (
        "letter",
        True,
        Path("output"),
    )


def test_flags_override_the_project_settings_which_override_the_defaults(tmp_path: Path) -> None:
    path = pyproject(
        tmp_path, 'paper = "letter"\nauthor = "Ada"\nformats = ["epub"]\nmax_guide_mb = 1'
    )
    built = make_config(path, paper="a4", output=None)
    assert (built.paper, built.author, built.formats, built.max_guide_mb) == (
        "A4",
        "Ada",
        ("epub",),
        1.0,
    )
    assert built.output == Path("output")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("paper = 4", "[tool.studyguide] paper must be text, not 4"),
        ('cheatsheet_min_font = "small"', "cheatsheet_min_font must be a number, not 'small'"),
        ('cheatsheet_per_section = "yes"', "cheatsheet_per_section must be true or false"),
        ("max_image_mb = true", "max_image_mb must be a number, not True"),
        ("formats = [1, 2]", "formats must be a list of names"),
        ('colour = "red"', "unknown setting 'colour' in [tool.studyguide]"),
        ("paper = ", "invalid TOML"),
    ],
)
def test_a_wrong_project_setting_is_one_line_naming_the_file(
    tmp_path: Path, table: str, message: str
) -> None:
    path = pyproject(tmp_path, table)
    with pytest.raises(GuideError) as caught:
        make_config(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def test_unknown_papers_and_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GuideError, match="unknown paper size 'A3'"):
        make_config(tmp_path / "none.toml", paper="A3")
    with pytest.raises(GuideError, match="unknown format 'docx'"):
        parse_formats("pdf,docx")
    with pytest.raises(GuideError, match="no format given"):
        parse_formats(" , ")
    assert parse_formats("PDF, pdf ,epub") == ("pdf", "epub")
    assert parse_formats("all") == config.FORMATS


def test_front_matter_defaults_fill_only_what_the_guide_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764403200")
    settings = BuildConfig(author="Ada", subtitle="Notes")
    filled = with_defaults(guide(author="", subtitle="Own"), settings)
    assert (filled.author, filled.subtitle, filled.date) == ("Ada", "Own", "2025-11-29")
    kept = with_defaults(guide(date="2024-05", author="Grace"), settings)
    assert (kept.author, kept.date) == ("Grace", "2024-05")
