"""The package's imports: at the top of each module, but for the few libraries that
studyguide/__init__.py names, each loaded only by the command that needs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SMALL

MOST_DEFERRED = 10
# What a command that builds nothing must not load: the libraries studyguide/__init__.py names.
DEFERRED = ("weasyprint", "pydyf", "pypandoc", "ftfy", "yaml", "nh3", "py3langid", "fontTools",
            "PIL", "genanki", "rich", "latex2mathml", "ziamath", "ziafont")  # fmt: skip


def test_imports_inside_functions_are_few_and_explained_in_one_place() -> None:
    deferred = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in sorted((ROOT / "studyguide").rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "noqa: PLC0415" in line
    ]
    assert len(deferred) <= MOST_DEFERRED, "\n".join(deferred)
    unexplained = [line for line in deferred if "see studyguide/__init__.py" not in line]
    assert not unexplained, "\n".join(unexplained)


def loaded_after(code: str, *arguments: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    report = "import sys\nprint(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    finished = subprocess.run(
        [sys.executable, "-c", code + "\n" + report, *arguments],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return set(finished.stdout.split())


def test_the_command_line_loads_none_of_the_deferred_libraries() -> None:
    loaded = loaded_after("import studyguide.cli")
    assert loaded.isdisjoint(DEFERRED), sorted(loaded.intersection(DEFERRED))


def test_a_web_page_build_loads_no_weasyprint(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studyguide.config import BuildConfig\n"
        "from studyguide.build.pipeline import build\n"
        "config = BuildConfig(Path(sys.argv[1]), Path(sys.argv[2]), ('html',), language='en')\n"
        "assert [path.suffix for path, _ in build(config).written] == ['.md', '.html']\n"
    )
    loaded = loaded_after(code, str(SMALL), str(tmp_path))
    assert "weasyprint" not in loaded and "pydyf" not in loaded
    assert "ziamath" not in loaded  # the PDFs' formula drawings
    assert "pypandoc" in loaded  # the guide was read
