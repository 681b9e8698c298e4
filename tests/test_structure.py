"""The package's shape: folders named for the stages, small functions, no import cycle.

A newcomer reads the folder list and knows the data flow; a function that takes more than
fifteen paths through it (as radon counts them: every branch, loop and boolean operator) is
split into steps that have names.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from radon.complexity import cc_visit

from tests.conftest import ROOT

PACKAGE = ROOT / "studyguide"
MOST_COMPLEX = 15
MOST_AT_THE_TOP = 15
STAGES = ("read", "render", "build", "formats")


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a folder's __init__ by the folder's)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def test_no_function_takes_more_than_fifteen_paths() -> None:
    tangled = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in modules().values()
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if block.complexity > MOST_COMPLEX and not hasattr(block, "methods")  # not a class
    ]
    assert not tangled, "\n".join(tangled)


def test_the_top_of_the_package_holds_the_stages_and_few_modules() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MOST_AT_THE_TOP, top
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def imported_when_loaded(path: Path, known: set[str]) -> set[str]:
    """The package's modules a module imports as it is loaded: at its top, not inside a
    function and not only for the type checker."""
    imported = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("studyguide"):
            module = node.module or ""
            for alias in node.names:
                whole = f"{module}.{alias.name}"
                imported.add(whole if whole in known else module)
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names if a.name.startswith("studyguide"))
    return imported & known


def test_no_module_imports_itself_through_others() -> None:
    found = modules()
    known = set(found)
    graph = {name: imported_when_loaded(path, known) - {name} for name, path in found.items()}
    cycles = []
    for start in graph:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        seen = set()
        while stack:
            name, trail = stack.pop()
            for after in graph[name]:
                if after == start:
                    cycles.append(" -> ".join((*trail, start)))
                elif after not in seen:
                    seen.add(after)
                    stack.append((after, (*trail, after)))
    assert not cycles, "\n".join(sorted(cycles))


def test_every_folder_of_the_package_is_in_the_wheel() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        listed = set(tomllib.load(file)["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts) for path in PACKAGE.rglob("__init__.py")
    }
    assert folders <= listed, sorted(folders - listed)
