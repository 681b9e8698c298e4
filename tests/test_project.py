"""The project: settings found from the current folder upwards, what it builds by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.config import make_config
from studyguide.errors import GuideError
from studyguide.project import find_project


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_are_found_from_a_subfolder_and_paths_start_at_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "studyguide.toml", 'output = "site"\npaper = "letter"\ntheme = "brand"\n')
    (tmp_path / "brand").mkdir()
    write(tmp_path / "guide" / "a.md", "# A\n")
    monkeypatch.chdir(write(tmp_path / "guide" / "notes" / "x.txt").parent)
    config = make_config(None)
    assert config.paper == "letter"
    assert config.output.resolve() == tmp_path / "site"
    assert config.source.resolve() == tmp_path / "guide"
    assert config.theme.resolve() == tmp_path / "brand"


def test_a_pyproject_without_a_studyguide_table_is_not_the_project(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.studyguide]\nauthor = "Ada"\n')
    inner = tmp_path / "inner"
    write(inner / "pyproject.toml", '[project]\nname = "something-else"\n')
    project = find_project(inner)
    assert project.folder == tmp_path
    assert project.settings == {"author": "Ada"}


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "studyguide.toml", 'author = "Someone above"\n')
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    project = find_project(repository)
    assert (project.folder, project.settings_file, project.settings) == (repository, None, {})


def test_guide_folder_first_then_the_readme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert make_config(None).source == Path("guide")  # which the build says is missing
    write(tmp_path / "README.md", "# Questions\n\n1. Why?\n")
    assert make_config(None).source == Path("README.md")
    (tmp_path / "guide").mkdir()
    assert make_config(None).source == Path("guide")
    assert make_config(None, source=Path("README.md")).source == Path("README.md")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("studyguide.toml", 'colour = "red"\n', "unknown setting 'colour' in studyguide.toml"),
        ("studyguide.toml", "paper = \n", "invalid TOML"),
        ("pyproject.toml", '[tool.studyguide]\ntheme = "nowhere"\n', "theme folder nowhere"),
    ],
)
def test_bad_settings_name_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str
) -> None:
    write(tmp_path / name, text)
    write(tmp_path / "README.md", "# Questions\n\n1. Why?\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GuideError, match=expected) as raised:
        make_config(None)
    assert raised.value.path is not None
    assert raised.value.path.name == name
