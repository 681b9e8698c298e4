"""The build cache: an output is rebuilt when, and only when, what it is made from changed."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pytest

from studyguide.build import cache
from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.format import Rendition
from studyguide.formats import REGISTRY
from studyguide.read.sources import read
from studyguide.render import pages
from studyguide.render.paged import Typesetter
from studyguide.render.theme import Theme
from tests.conftest import ROOT, SMALL

ALL = set(REGISTRY)


def test_each_format_declares_the_layouts_and_styles_it_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = BuildConfig(source=SMALL, output=tmp_path)
    guide = read(SMALL, config).guide
    typesetter = Typesetter(SMALL.parent)
    reads: set[str] = set()
    find = Theme.find

    def recording_find(theme: Theme, relative: str) -> Path | Traversable:
        reads.add(relative)
        return find(theme, relative)

    monkeypatch.setattr(Theme, "find", recording_find)
    theme = Theme(config.theme)
    for name, record in REGISTRY.items():
        pages.environment.cache_clear()  # a fresh environment reads every layout again
        reads.clear()
        # The pipeline renders the guide's page once, for the formats that use it.
        page = pages.render_page(guide, "A4", theme=theme) if record.needs_page else ""
        record.build(Rendition(guide, page, config, lambda: typesetter))
        assert reads == set(record.inputs), name
    pages.environment.cache_clear()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A theme folder holding a copy of every default layout and style."""
    copy = tmp_path / "project"
    for folder in ("layouts", "styles"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("*.py"))
    return copy


def rebuilt(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """The formats (and 'md' for the normalized Markdown) whose fingerprint changed."""
    formats = {file: name for name, record in REGISTRY.items() for file in record.file_names("g")}
    formats["g.md"] = "md"
    return {formats[file] for file in before if before[file] != after[file]}


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ("styles/cheatsheet.css", {"cheatsheet"}),
        ("layouts/cheatsheet.html", {"cheatsheet"}),
        ("styles/print.css", {"html", "pdf", "practice"}),
        ("layouts/guide.html", {"html", "pdf", "practice"}),
        ("styles/ereader.css", {"epub"}),
        ("layouts/chapter.xhtml", {"epub"}),
        ("styles/code.css", {"html", "pdf", "practice", "epub", "anki", "quiz"}),
        ("layouts/macros.html", ALL - {"anki", "csv"}),
        ("layouts/note.html", {"anki", "csv", "quiz"}),
        ("styles/cards.css", {"cards"}),
        ("styles/quiz.js", {"quiz"}),
    ],
)
def test_a_changed_layout_or_style_rebuilds_exactly_the_formats_that_use_it(
    project: Path, tmp_path: Path, changed: str, expected: set[str]
) -> None:
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n", encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out", theme=project)
    before = cache.fingerprints(guide, "g", config)
    with (project / changed).open("a", encoding="utf-8") as stream:
        stream.write("\n/* changed */\n")
    assert rebuilt(before, cache.fingerprints(guide, "g", config)) == expected


def test_a_theme_file_of_its_own_is_fingerprinted_for_every_format(tmp_path: Path) -> None:
    """A partial or a logo that replaces no default file may be read by any layout."""
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n", encoding="utf-8")
    theme = tmp_path / "theme"
    (theme / "layouts").mkdir(parents=True)
    config = BuildConfig(source=guide, output=tmp_path / "out", theme=theme)
    plain = cache.fingerprints(guide, "g", config)
    (theme / "layouts" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    with_logo = cache.fingerprints(guide, "g", config)
    assert rebuilt(plain, with_logo) == ALL | {"md"}
    (theme / "styles").mkdir()
    (theme / "styles" / "cheatsheet.css").write_text("h1 { color: red }", encoding="utf-8")
    assert rebuilt(with_logo, cache.fingerprints(guide, "g", config)) == {"cheatsheet"}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"paper": "letter"}, ALL - {"epub", "anki", "csv", "quiz"}),
        ({"cards_per_page": 4}, {"cards"}),
        ({"no_answer_key": True}, {"practice"}),
        ({"cheatsheet_min_font": 5.0}, {"cheatsheet"}),
        ({"cheatsheet_per_section": True}, {"cheatsheet"}),
        ({"language": "de"}, ALL | {"md"}),
        ({"author": "Someone Else"}, ALL | {"md"}),
    ],
)
def test_a_changed_setting_rebuilds_exactly_the_formats_that_read_it(
    tmp_path: Path, setting: dict[str, Any], expected: set[str]
) -> None:
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n", encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out")
    before = cache.fingerprints(guide, "g", config)
    after = cache.fingerprints(guide, "g", replace(config, **setting))
    assert rebuilt(before, after) == expected


def test_a_changed_guide_or_image_it_shows_rebuilds_everything(tmp_path: Path) -> None:
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n\n   ![d](diagram.png)\n", encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out")
    before = cache.fingerprints(guide, "g", config)
    (tmp_path / "unrelated.png").write_bytes(b"\x89PNG not shown")
    assert rebuilt(before, cache.fingerprints(guide, "g", config)) == set()
    (tmp_path / "diagram.png").write_bytes(b"\x89PNG not really")
    with_image = cache.fingerprints(guide, "g", config)
    assert rebuilt(before, with_image) == ALL | {"md"}
    (tmp_path / "diagram.png").write_bytes(b"\x89PNG changed!!")
    changed = cache.fingerprints(guide, "g", config)
    assert rebuilt(with_image, changed) == ALL | {"md"}
    guide.write_text("# T\n\n## S\n\n1. Why not?\n\n   ![d](diagram.png)\n", encoding="utf-8")
    assert rebuilt(changed, cache.fingerprints(guide, "g", config)) == ALL | {"md"}


def test_an_image_is_read_again_only_when_its_size_or_time_changed(tmp_path: Path) -> None:
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n\n   ![d](diagram.png)\n", encoding="utf-8")
    image = tmp_path / "diagram.png"
    image.write_bytes(b"\x89PNG first")
    config = BuildConfig(source=guide, output=tmp_path / "out")
    status = image.stat()
    vouched = {str(image.resolve()): cache.Seen(status.st_size, status.st_mtime_ns, "as recorded")}
    hashes = cache.InputHashes(vouched)
    trusted = cache.fingerprints(guide, "g", config, hashes)
    assert hashes.seen[str(image.resolve())].sha256 == "as recorded"  # not read again
    os.utime(image, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    hashes = cache.InputHashes(vouched)
    assert rebuilt(trusted, cache.fingerprints(guide, "g", config, hashes)) == ALL | {"md"}
    assert hashes.seen[str(image.resolve())].sha256 != "as recorded"


def test_a_build_writes_only_the_files_that_are_out_of_date(tmp_path: Path) -> None:
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n   - **Because**: it is\n", encoding="utf-8")
    formats = ("html", "epub", "cheatsheet")
    config = BuildConfig(source=guide, output=tmp_path / "out", formats=formats)
    first = build(config)
    assert sorted(path.name for path, _ in first.written) == [
        "g-cheatsheet.pdf", "g.epub", "g.html", "g.md",
    ]  # fmt: skip
    smaller = build(replace(config, cheatsheet_min_font=5.0))
    assert [path.name for path, _ in smaller.written] == ["g-cheatsheet.pdf"]
    assert build(replace(config, cheatsheet_min_font=5.0)).written == ()
    assert len(build(replace(config, cheatsheet_min_font=5.0), force=True).written) == 4
