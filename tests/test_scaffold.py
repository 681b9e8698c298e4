"""`studyguide init`: a starter project, written without overwriting anything."""

from __future__ import annotations

import ast
import re
import shlex
import tomllib
from pathlib import Path

import yaml

from studyguide import __version__
from studyguide.cli import main
from studyguide.config import FORMATS, BuildConfig
from studyguide.read.sources import inspect
from studyguide.scaffold import starter_files, write_starter

STARTER = {
    ".github/workflows/publish.yml",
    ".gitignore",
    "guide/study-guide.md",
    "noxfile.py",
    "pyproject.toml",
}


def test_init_writes_the_starter_and_then_leaves_every_file_alone(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    written, kept = write_starter(folder)
    assert {path.relative_to(folder).as_posix() for path in written} == STARTER
    assert kept == []
    (folder / "noxfile.py").write_text("# mine\n", encoding="utf-8")
    (folder / "guide" / "study-guide.md").unlink()
    written, kept = write_starter(folder)
    assert [path.relative_to(folder).as_posix() for path in written] == ["guide/study-guide.md"]
    assert len(kept) == len(STARTER) - 1
    assert (folder / "noxfile.py").read_text(encoding="utf-8") == "# mine\n"


def test_the_command_says_which_files_it_left_alone(tmp_path: Path, capsys: object) -> None:
    folder = tmp_path / "course"
    assert main(["init", str(folder)]) == 0
    assert main(["init", str(folder)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert f"left {folder / 'noxfile.py'} alone: it exists" in out
    assert "Nothing written" in out


def test_the_example_guide_is_in_the_documented_convention(tmp_path: Path) -> None:
    write_starter(tmp_path)
    ((guide, findings),) = inspect(BuildConfig(source=tmp_path / "guide"))
    assert guide.convention == "list"
    assert findings == ()
    assert (len(guide.sections), len(guide.questions), guide.unanswered_count) == (2, 5, 1)


def test_the_settings_pin_this_version_and_name_only_known_settings(tmp_path: Path) -> None:
    write_starter(tmp_path)
    settings = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert settings["dependency-groups"]["guide"] == [f"studyguide=={__version__}"]
    assert set(settings["tool"]["studyguide"]) <= set(BuildConfig.__dataclass_fields__)


def sessions(noxfile: Path) -> dict[str, list[str]]:
    """Each nox session of a noxfile -> the formats it asks studyguide for."""
    found = {}
    for node in ast.parse(noxfile.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any(
            "nox.session" in ast.unparse(decorator) for decorator in node.decorator_list
        ):
            calls = [call for call in ast.walk(node) if isinstance(call, ast.Call)]
            found[node.name] = [
                arg.value
                for call in calls
                for arg in call.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    return found


def test_the_noxfile_mirrors_this_repositorys_build_sessions(tmp_path: Path) -> None:
    write_starter(tmp_path)
    starter = sessions(tmp_path / "noxfile.py")
    # This repository's noxfile makes a session per format of the registry, and `build`;
    # the starter has build and the editions a reader is given.
    assert {"build", "html", "pdf", "practice", "epub", "cheatsheet"} <= set(starter)
    assert set(starter) <= {"build", *FORMATS}
    assert starter["build"] == []
    assert all(starter[name] == [name] for name in starter if name != "build")


def test_the_workflow_is_valid_and_runs_only_documented_commands(tmp_path: Path) -> None:
    write_starter(tmp_path)
    workflow = yaml.safe_load((tmp_path / ".github/workflows/publish.yml").read_text("utf-8"))
    assert workflow[True] == {"release": {"types": ["published"]}, "workflow_dispatch": None}
    steps = workflow["jobs"]["publish"]["steps"]
    assert all(step["uses"].startswith("actions/") for step in steps if "uses" in step)
    commands = [
        shlex.split(re.sub(r"^[A-Z_]+=(\$\([^)]*\)|\S+)\s+", "", line))  # NAME=value first
        for step in steps
        if "run" in step
        for line in step["run"].splitlines()
        if line.strip()
    ]
    programs = {words[1] if words[0] == "sudo" else words[0] for words in commands}
    assert programs == {"apt-get", "python", "nox", "gh"}
    project_sessions = sessions(tmp_path / "noxfile.py")
    for words in commands:
        if words[0] == "nox":
            assert words[1] == "-s" and words[2] in project_sessions
        if words[0] == "gh":
            assert words[1:3] == ["release", "upload"]
    # docs/own-repository.md, "Publishing from CI", tells a user what the workflow runs.
    documented = Path(__file__).resolve().parent.parent / "docs" / "own-repository.md"
    publishing = documented.read_text(encoding="utf-8").partition("## Publishing from CI")[2]
    assert "nox -s build" in publishing
    assert "gh release upload" in publishing


def test_the_starter_ships_every_file_it_writes() -> None:
    assert {relative for relative, _ in starter_files()} == STARTER
