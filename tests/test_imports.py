"""The package's imports: at the top of each module, but for the few libraries that
studyguide/__init__.py names, each loaded only by the command that needs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SMALL

MOST_DEFERRED = 12
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
    """The top-level packages a fresh interpreter has loaded after running ``code``, and the
    modules of the few whose parts count (fontTools.subset, the subsetter; the process pool
    of concurrent.futures)."""
    report = (
        "import sys\n"
        "tops = {name.split('.')[0] for name in sys.modules}\n"
        "parts = {name for name in sys.modules\n"
        "         if name.startswith(('fontTools.', 'concurrent.futures.process'))}\n"
        "print(' '.join(sorted(tops | parts)))\n"
    )
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


def test_listing_the_questions_loads_no_format_and_nothing_that_makes_files() -> None:
    """The formats' modules are imported when their records are asked for, which `questions`
    never does: neither they nor what they import (ebooklib, SQLite) are loaded, nor the
    process pool that lays out PDFs."""
    code = (
        "import contextlib, io, sys\n"
        "from studyguide.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as printed:\n"
        "    assert main(['questions', sys.argv[1]]) == 0\n"
        "assert 'questions' in printed.getvalue()\n"
        "formats = [name for name in sys.modules if name.startswith('studyguide.formats.')]\n"
        "assert not formats, formats\n"
    )
    loaded = loaded_after(code, str(SMALL))
    # What makes files (the formats' libraries, the layout workers) and draws progress bars.
    makers = ("weasyprint", "pydyf", "PIL", "genanki", "fontTools", "ziamath", "ebooklib",
              "sqlite3", "concurrent.futures.process", "rich")  # fmt: skip
    assert loaded.isdisjoint(makers), sorted(loaded.intersection(makers))
    # Nor the pipeline that renders and writes (Jinja, the cache), nor the preview's server.
    builders = ("studyguide.build.pipeline", "studyguide.build.cache", "jinja2",
                "studyguide.serve", "http.server", "watchfiles")  # fmt: skip
    assert loaded.isdisjoint(builders), sorted(loaded.intersection(builders))
    assert "pypandoc" in loaded  # it did read the guide


def built_alone(format_name: str, output: Path) -> set[str]:
    """What a fresh interpreter loaded to build one format of the small guide, with force."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studyguide.config import BuildConfig\n"
        "from studyguide.build.pipeline import build\n"
        "config = BuildConfig(Path(sys.argv[1]), Path(sys.argv[2]), (sys.argv[3],))\n"
        "assert [path.suffix for path, _ in build(config, force=True).written][0] == '.md'\n"
    )
    return loaded_after(code, str(SMALL), str(output), format_name)


def test_a_web_page_build_loads_no_layout_no_pictures_no_deck(tmp_path: Path) -> None:
    loaded = built_alone("html", tmp_path)
    assert loaded.isdisjoint({"weasyprint", "pydyf", "PIL", "genanki", "ziamath"}), sorted(loaded)
    assert "concurrent.futures.process" not in loaded  # no PDF to lay out: no workers
    assert {"pypandoc", "fontTools.subset"} <= loaded  # read, subset
    assert "py3langid" not in loaded  # plainly English: told by its words, without the model
    # The next build finds the fonts' subset and the language in the memo the first one kept.
    again = built_alone("html", tmp_path)
    assert again.isdisjoint({"weasyprint", "pydyf", "PIL", "genanki", "fontTools", "py3langid"})


def test_an_epub_build_loads_pillow_for_its_first_cover_and_nothing_else_heavy(
    tmp_path: Path,
) -> None:
    loaded = built_alone("epub", tmp_path)
    # The cover reads the fonts' character maps with fontTools, but cuts no subset.
    assert loaded.isdisjoint(
        {"weasyprint", "pydyf", "genanki", "fontTools.subset", "concurrent.futures.process"}
    )
    assert "PIL" in loaded
    assert "PIL" not in built_alone("epub", tmp_path)  # the cover painted, kept in the memo


def test_a_chinese_guide_is_detected_without_the_model(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("# 面试题\n\n## 基础\n\n1. 什么是闭包?\n   - **闭包**: 函数和它的环境。\n")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studyguide.config import BuildConfig\n"
        "from studyguide.read.sources import inspect\n"
        "((guide, _),) = inspect(BuildConfig(Path(sys.argv[1]), Path(sys.argv[2])))\n"
        "assert guide.language == 'zh', guide.language\n"
    )
    assert "py3langid" not in loaded_after(code, str(guide), str(tmp_path / "out"))
