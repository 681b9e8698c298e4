"""The registry: each module of studyguide/formats/ declares one format, and only one."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from studyguide.config import FORMATS, BuildConfig
from studyguide.format import declared
from studyguide.formats import REGISTRY, collect
from tests.conftest import ROOT, SMALL


def test_every_module_of_the_folder_is_a_format_under_its_own_name() -> None:
    modules = sorted(path.stem for path in (ROOT / "studyguide" / "formats").glob("[!_]*.py"))
    assert sorted(REGISTRY) == modules
    assert tuple(REGISTRY) == FORMATS
    assert [record.name for record in REGISTRY.values()] == list(FORMATS)


def test_each_record_names_real_inputs_settings_and_files() -> None:
    settings = {item.name for item in fields(BuildConfig)}
    for record in REGISTRY.values():
        assert record.description and "\n" not in record.description
        assert record.label and "\n" not in record.label
        assert all("{name}" in pattern for pattern in record.files), record.name
        assert all((ROOT / path).is_file() for path in record.inputs), record.name
        assert set(record.settings) <= settings, record.name
    files = [file for record in REGISTRY.values() for file in record.file_names("g")]
    assert len(files) == len(set(files)) and "g.md" not in files


def test_no_format_module_imports_another() -> None:
    """What two formats share lives where both can reach it: condensing in studyguide.read.gist,
    the page's inputs and the notes' tags in studyguide.render.pages."""
    package = "studyguide.formats"
    for path in sorted((ROOT / "studyguide" / "formats").glob("[!_]*.py")):
        others = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                others += [alias.name for alias in node.names if alias.name.startswith(package)]
            elif isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith(package)
            ):
                others += [f"{node.module}: {alias.name}" for alias in node.names]
        assert not others, f"{path.name} imports {others}"


def write_format(folder: Path, module: str, name: str) -> None:
    folder.joinpath(f"{module}.py").write_text(
        "from studyguide.format import Format\n"
        f"FORMAT = Format({name!r}, 'x', 'x', ('{{name}}.x',), (), lambda rendition: ())\n",
        encoding="utf-8",
    )


def format_package(
    folder: Path, monkeypatch: pytest.MonkeyPatch, package: str, **records: str
) -> Path:
    """A package of format modules on the import path: each module by the name its record
    gives its format."""
    made = folder / package
    made.mkdir()
    for module, name in records.items():
        write_format(made, module, name)
    monkeypatch.syspath_prepend(str(folder))
    return made


def test_a_module_is_imported_only_when_its_record_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = format_package(tmp_path, monkeypatch, "lazy", first="first", second="second")
    registry = collect("lazy", [str(package)])
    assert (list(registry), "second" in registry, "third" in registry) == (
        ["first", "second"],
        True,
        False,
    )
    assert registry.get("third") is None
    assert "lazy.first" not in sys.modules and "lazy.second" not in sys.modules
    assert registry["second"].name == "second"
    assert "lazy.first" not in sys.modules and "lazy.second" in sys.modules
    assert [record.name for record in registry.values()] == ["first", "second"]
    assert "lazy.first" in sys.modules


def test_a_module_whose_record_has_another_name_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two modules cannot claim one name: each format's name is its module's."""
    package = format_package(tmp_path, monkeypatch, "clashing", first="first", second="first")
    registry = collect("clashing", [str(package)])
    assert registry["first"].name == "first"
    with pytest.raises(ValueError, match=r"clashing\.second names its format 'first'"):
        registry["second"]
    with pytest.raises(ValueError, match=r"named after it, first\.py"):
        list(registry.values())


def test_a_module_without_a_record_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "recordless"
    package.mkdir()
    package.joinpath("stray.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = collect("recordless", [str(package)])
    assert list(registry) == ["stray"]  # named, since nothing is imported to list them
    with pytest.raises(TypeError, match=r"recordless\.stray declares no FORMAT"):
        registry["stray"]


CHECK_EPUB_ONLY = """
import sys
from pathlib import Path
from studyguide.render import pages
from studyguide.config import BuildConfig
from studyguide.build.pipeline import build

def no_page(*args, **kwargs):
    raise AssertionError("an EPUB-only build rendered the web page")

pages.render_page = no_page
report = build(BuildConfig(source=Path(sys.argv[1]), output=Path(sys.argv[2]), formats=("epub",)))
assert [path.suffix for path, _ in report.written] == [".md", ".epub"], report.written
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {"weasyprint", "pydyf"})
assert not loaded, loaded
"""


def test_an_epub_only_build_renders_no_web_page_and_loads_no_weasyprint(tmp_path: Path) -> None:
    # In a process of its own: this one has long since loaded WeasyPrint for other tests.
    subprocess.run(
        [sys.executable, "-c", CHECK_EPUB_ONLY, str(SMALL), str(tmp_path)],
        check=True,
        cwd=ROOT,
        timeout=120,
    )


def test_nox_reads_every_record_without_importing_the_formats() -> None:
    """The noxfile makes a session per format with the Python nox runs on, where none of
    studyguide's dependencies is installed: it reads the records from their source."""
    records = [(record.name, record.description) for record in REGISTRY.values()]
    assert declared(ROOT / "studyguide" / "formats") == records
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studyguide.format import declared\n"
        "assert declared(Path('studyguide/formats'))\n"
        "tops = {name.split('.')[0] for name in sys.modules}\n"
        "loaded = [top for top in sorted(tops - set(sys.stdlib_module_names) - {'__main__'})\n"
        "           if 'studyguide' not in top]\n"
        "assert not loaded, loaded\n"
        "assert 'studyguide.formats' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
