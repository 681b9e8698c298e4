"""The build cache: an output is rebuilt when, and only when, what it is made from changed."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
import pytest

from studyguide import cache, render
from studyguide.config import BuildConfig
from studyguide.format import Rendition
from studyguide.formats import REGISTRY
from studyguide.paged import Typesetter
from studyguide.pipeline import build
from studyguide.sources import read
from tests.conftest import ROOT, SMALL

ALL = set(REGISTRY)


class RecordingLoader(jinja2.BaseLoader):
    """Jinja's loader, noting each layout a render reads."""

    def __init__(self, inner: jinja2.BaseLoader, reads: set[str]) -> None:
        self.inner, self.reads = inner, reads

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        self.reads.add(f"layouts/{template}")
        return self.inner.get_source(environment, template)


def test_each_format_declares_the_layouts_and_styles_it_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = BuildConfig(source=SMALL, output=tmp_path)
    guide = read(SMALL, config).guide
    typesetter = Typesetter(SMALL.parent)
    reads: set[str] = set()
    read_text = Path.read_text

    def recording_read_text(path: Path, *args: Any, **kwargs: Any) -> str:
        if path.parent == render.STYLES:
            reads.add(f"styles/{path.name}")
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", recording_read_text)
    for name, record in REGISTRY.items():
        render.environment.cache_clear()  # a fresh environment reads every layout again
        environment = render.environment(guide.language)
        environment.loader = RecordingLoader(environment.loader, reads)  # type: ignore[arg-type]
        reads.clear()
        # The pipeline renders the guide's page once, for the formats that use it.
        page = render.render_page(guide, "A4") if record.needs_page else ""
        record.build(Rendition(guide, page, config, lambda: typesetter))
        assert reads == set(record.inputs), name
    render.environment.cache_clear()


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A copy of the layouts and styles, which the fingerprints read instead of the real ones."""
    copy = tmp_path / "project"
    for folder in ("layouts", "styles"):
        shutil.copytree(ROOT / folder, copy / folder)
    monkeypatch.setattr(cache, "PROJECT", copy)
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
    config = BuildConfig(source=guide, output=tmp_path / "out")
    before = cache.fingerprints(guide, "g", config)
    with (project / changed).open("a", encoding="utf-8") as stream:
        stream.write("\n/* changed */\n")
    assert rebuilt(before, cache.fingerprints(guide, "g", config)) == expected


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"paper": "letter"}, ALL - {"epub", "anki", "csv", "quiz"}),
        ({"cards_per_page": 4}, {"cards"}),
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


def test_a_changed_guide_or_image_rebuilds_everything(tmp_path: Path) -> None:
    guide = tmp_path / "g.md"
    guide.write_text("# T\n\n## S\n\n1. Why?\n", encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out")
    before = cache.fingerprints(guide, "g", config)
    (tmp_path / "diagram.png").write_bytes(b"\x89PNG not really")
    with_image = cache.fingerprints(guide, "g", config)
    assert rebuilt(before, with_image) == ALL | {"md"}
    guide.write_text("# T\n\n## S\n\n1. Why not?\n", encoding="utf-8")
    assert rebuilt(with_image, cache.fingerprints(guide, "g", config)) == ALL | {"md"}


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
