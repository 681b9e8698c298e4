"""The installed tool: the wheel in a fresh virtualenv, used in folders far from this repository.

These build the sdist and the wheel (from the sdist, as a user's installer would), install
the wheel with its dependencies into a new virtualenv with uv, and run studyguide in empty
temporary folders. About a minute; `-m "not package"` leaves them out, and so does the fast
tier, `-m "not corpus and not slow"`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import EPOCH, ROOT, SMALL, fold

# One worker builds and installs the wheel, once.
pytestmark = [pytest.mark.package, pytest.mark.slow, pytest.mark.xdist_group("package")]


@dataclass(frozen=True)
class Installed:
    """A virtualenv outside the repository with the wheel installed, and the files built."""

    bin: Path
    sdist: Path
    wheel: Path

    def run(self, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        # Nothing of this repository on the path: only what the wheel installed is found.
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "VIRTUAL_ENV"}
        }
        environment |= {"SOURCE_DATE_EPOCH": EPOCH, "PATH": f"{self.bin}:{os.environ['PATH']}"}
        program, *rest = arguments
        return subprocess.run(
            [str(self.bin / program), *rest],
            capture_output=True, text=True, cwd=cwd, env=environment, check=False, timeout=600,
        )  # fmt: skip


def uv(*arguments: str | Path, cwd: Path = ROOT) -> None:
    found = shutil.which("uv")
    if found is None:
        pytest.fail("uv is not installed: ./bootstrap.sh installs it")
    subprocess.run(
        [found, *map(str, arguments)], cwd=cwd, check=True, capture_output=True, timeout=600
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    dist = tmp_path_factory.mktemp("dist")
    uv("build", "--quiet", "--out-dir", dist, ROOT)
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path_factory.mktemp("venv") / "studyguide"
    uv("venv", "--quiet", "--python", "3.11", venv)
    uv("pip", "install", "--quiet", "--python", venv / "bin" / "python", wheel)
    return Installed(venv / "bin", sdist, wheel)


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "my-questions"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(ROOT)
    return folder


def test_the_sdist_and_the_wheel_carry_the_theme_and_the_starter(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        in_sdist = {
            Path(name).relative_to(Path(name).parts[0]).as_posix() for name in sdist.getnames()
        }
    with zipfile.ZipFile(installed.wheel) as wheel:
        in_wheel = set(wheel.namelist())
    for kind in ("layouts", "styles"):
        for path in (ROOT / kind).iterdir():
            if path.is_file():
                assert f"{kind}/{path.name}" in in_sdist
                assert f"studyguide/{kind}/{path.name}" in in_wheel
    for name in ("github/workflows/publish.yml", "noxfile.py", "guide/study-guide.md"):
        assert f"studyguide/starter/{name}" in in_wheel


def test_python_m_studyguide_runs_the_installed_package(installed: Installed, empty: Path) -> None:
    result = installed.run(
        "python", "-c", "import studyguide; print(studyguide.__file__)", cwd=empty
    )
    assert Path(result.stdout.strip()).is_relative_to(installed.bin.parent)
    version = installed.run("python", "-m", "studyguide", "--version", cwd=empty)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("studyguide ")


def test_a_readme_in_an_empty_folder_becomes_every_format(
    installed: Installed, empty: Path
) -> None:
    shutil.copy(SMALL, empty / "README.md")
    result = installed.run("studyguide", "build", cwd=empty)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (empty / "output").iterdir()) == [
        ".studyguide-cache.json",
        ".studyguide-memo",
        "my-questions-cards.pdf",
        "my-questions-cards.tsv",
        "my-questions-cheatsheet.pdf",
        "my-questions-practice.pdf",
        "my-questions-quiz.html",
        "my-questions.apkg",
        "my-questions.epub",
        "my-questions.html",
        "my-questions.md",
        "my-questions.pdf",
    ]
    text = fold(
        "".join(
            page.extract_text() for page in PdfReader(empty / "output" / "my-questions.pdf").pages
        )
    )
    assert "What is the difference between a list and a tuple?" in text


def test_init_gives_a_project_that_builds(installed: Installed, empty: Path) -> None:
    result = installed.run("studyguide", "init", "course", cwd=empty)
    assert result.returncode == 0, result.stderr
    project = empty / "course"
    assert (project / ".github" / "workflows" / "publish.yml").is_file()
    built = installed.run("studyguide", "build", cwd=project / "guide")  # from a subfolder too
    assert built.returncode == 0, built.stderr
    assert sorted(path.name for path in (project / "output").glob("study-guide*")) == [
        "study-guide-cards.pdf",
        "study-guide-cards.tsv",
        "study-guide-cheatsheet.pdf",
        "study-guide-practice.pdf",
        "study-guide-quiz.html",
        "study-guide.apkg",
        "study-guide.epub",
        "study-guide.html",
        "study-guide.md",
        "study-guide.pdf",
    ]
    again = installed.run("studyguide", "init", "course", cwd=empty)
    assert "Nothing written" in again.stdout


def test_a_one_block_theme_override_shows_in_the_pdf_and_the_web_page(
    installed: Installed, empty: Path
) -> None:
    shutil.copy(SMALL, empty / "README.md")
    (empty / "brand" / "layouts").mkdir(parents=True)
    (empty / "brand" / "layouts" / "guide.html").write_text(
        '{% extends "default/guide.html" %}\n'
        "{% block title_page %}{{ super() }}\n"
        '<p class="licence">Licensed CC BY 4.0 by the Example College</p>\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    (empty / "studyguide.toml").write_text('theme = "brand"\n', encoding="utf-8")
    result = installed.run("studyguide", "build", "--format", "html,pdf", cwd=empty)
    assert result.returncode == 0, result.stderr
    mark = "Licensed CC BY 4.0 by the Example College"
    title_page = PdfReader(empty / "output" / "my-questions.pdf").pages[0].extract_text()
    assert mark in fold(title_page)
    assert mark in (empty / "output" / "my-questions.html").read_text(encoding="utf-8")
    # The override changed the files made from guide.html, and nothing else is rebuilt.
    (empty / "brand" / "layouts" / "guide.html").write_text(
        '{% extends "default/guide.html" %}\n', encoding="utf-8"
    )
    rebuilt = installed.run("studyguide", "build", "--format", "html,pdf", cwd=empty)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "wrote output/my-questions.html" in rebuilt.stdout
    assert "wrote output/my-questions.pdf" in rebuilt.stdout
    assert "wrote output/my-questions.md" not in rebuilt.stdout
    assert mark not in (empty / "output" / "my-questions.html").read_text(encoding="utf-8")
