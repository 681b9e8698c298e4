"""The build as a whole: reproducible bytes, and nothing written when any part fails."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest

from studyguide.build import cache
from studyguide.build.pipeline import build, make
from studyguide.build.progress import Timings
from studyguide.build.workers import Job, Runner
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.format import Format, Output
from studyguide.model import Guide
from studyguide.read import sources
from tests.conftest import SMALL, Built, build_all, built_files


def test_same_input_and_epoch_give_the_same_bytes(seed: Built, tmp_path: Path) -> None:
    again = build_all(seed.source, tmp_path)
    suffixes = (".md", ".html", ".pdf", ".epub", "-cheatsheet.pdf", ".apkg", "-cards.tsv",
                "-cards.pdf", "-quiz.html")  # fmt: skip
    for suffix in suffixes:
        assert again.path(suffix).read_bytes() == seed.path(suffix).read_bytes(), suffix


def test_pdfs_from_the_workers_are_the_pdfs_of_one_process(
    small: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # no workers: this process lays out
    alone = build_all(small.source, tmp_path)
    for name in built_files(small.folder):
        assert (alone.folder / name).read_bytes() == (small.folder / name).read_bytes(), name


def crowded_guide(questions: int) -> str:
    """A guide whose answers cannot all fit on one page, however small the type."""
    lines = ["# Crowded", "", "## Everything", ""]
    for number in range(1, questions + 1):
        marker = f"{number}. "
        lines.append(f"{marker}What is the meaning of concept number {number} in this field?")
        for point in range(1, 7):
            lines.append(
                f"{' ' * len(marker)}- **Term {number}.{point}**: an explanation long "
                "enough to need a line of its own on any sheet, and then some more words"
            )
    return "\n".join(lines) + "\n"


def test_a_one_page_cheat_sheet_that_cannot_fit_fails_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "crowded.md"
    # 30 questions where nothing may be smaller than 9 pt overflow as 90 do at 6 pt, in a
    # third of the layouts' time.
    source.write_text(crowded_guide(30), encoding="utf-8")
    output = tmp_path / "out"
    config = BuildConfig(
        source=source,
        output=output,
        formats=("html", "cheatsheet"),
        cheatsheet_one_page=True,
        cheatsheet_min_font=9,
    )
    with pytest.raises(GuideError) as caught:
        build(config)
    message = str(caught.value)
    assert message.startswith(
        f"{source}: the cheat sheet does not fit on one page: it holds about "
    )
    assert "pages of text at 9 pt even with lead terms only (30 questions)" in message
    assert "build without --cheatsheet-one-page to let it run over more pages" in message
    assert not output.exists() or list(output.iterdir()) == []


def write_book(folder: Path) -> Path:
    book = folder / "backend-interviews"
    book.mkdir(parents=True)
    (book / "01-databases.md").write_text(
        "---\ntitle: Backend Interviews\nauthor: Ada\n---\n# Databases\n\n1. What is an index?\n"
        "   - **B-tree**: keeps keys sorted\n2. When would you denormalize?\n",
        encoding="utf-8",
    )
    (book / "02-caching.md").write_text(
        "# Caching\n\n## Basics\n\n1. What is cache invalidation?\n\n"
        "## Basics\n\n1. Why is it hard?\n",
        encoding="utf-8",
    )
    (book / "10-queues.md").write_text("1. What is back-pressure?\n", encoding="utf-8")
    return book


def test_a_folder_of_numbered_chapters_is_one_book(tmp_path: Path) -> None:
    guides = tmp_path / "guide"
    book = write_book(guides)
    (guides / "single.md").write_text("# Single\n\n## S\n\n1. Alone?\n", encoding="utf-8")
    report = build(BuildConfig(source=guides, output=tmp_path / "out", formats=("html", "epub")))
    bound, single = report.guides
    assert (bound.name, bound.title, bound.author, bound.source) == (
        "backend-interviews",
        "Backend Interviews",
        "Ada",
        book,
    )
    assert single.title == "Single"
    assert [(s.title, len(s.questions)) for s in bound.sections] == [
        ("Databases", 2),
        ("Basics", 1),
        ("Basics", 1),
        ("Queues", 1),
    ]
    ids = [q.id for q in bound.questions]
    assert len(set(ids)) == len(ids) == 5
    assert [s.source.name for s in bound.sections] == [
        "01-databases.md", "02-caching.md", "02-caching.md", "10-queues.md"
    ]  # fmt: skip
    names = built_files(tmp_path / "out")
    assert names == [
        "backend-interviews.epub", "backend-interviews.html", "backend-interviews.md",
        "single.epub", "single.html", "single.md",
    ]  # fmt: skip
    markdown = (tmp_path / "out" / "backend-interviews.md").read_text(encoding="utf-8")
    assert markdown.index("What is an index?") < markdown.index("What is back-pressure?")


def test_a_book_can_be_built_on_its_own(tmp_path: Path) -> None:
    book = write_book(tmp_path)
    report = build(BuildConfig(source=book, output=tmp_path / "out", formats=("html",)))
    (guide,) = report.guides
    assert len(guide.questions) == 5


def test_an_unchanged_guide_is_not_built_again(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("# T\n\n## S\n\n1. First?\n   - **Yes**: it is\n", encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out", formats=("html", "epub"))
    first = build(config)
    assert first.guides and not first.unchanged
    page = (tmp_path / "out" / "guide.html").stat().st_mtime_ns

    again = build(config)
    assert again.guides == () and again.unchanged == (guide,)
    assert (tmp_path / "out" / "guide.html").stat().st_mtime_ns == page

    forced = build(config, force=True)
    assert [g.name for g in forced.guides] == ["guide"]

    guide.write_text("# T\n\n## S\n\n1. Second?\n", encoding="utf-8")
    changed = build(config)
    assert [q.prompt for q in changed.guides[0].questions] == ["Second?"]

    (tmp_path / "out" / "guide.epub").unlink()
    assert build(config).guides  # a missing output is built again

    wider = BuildConfig(source=guide, output=tmp_path / "out", formats=("html", "epub", "pdf"))
    assert build(wider).guides  # so is a format not built before
    assert build(wider).unchanged == (guide,)


class RecordingRunner:
    """A runner that lays out nothing, and notes what is started and when it is waited for."""

    def __init__(self, config: BuildConfig) -> None:
        self.config = config
        self.events: list[str] = []

    def lays_out(self, record: Format) -> bool:
        return record.paged

    def submit(self, record: Format, guide: Guide, page_html: str) -> Job:
        self.events.append(f"start {record.name}")

        def done() -> tuple[tuple[Output, ...], float]:
            self.events.append(f"wait {record.name}")
            return (Output(f"{guide.name}.{record.name}", b"", ""),), 0.0

        return done


def test_the_longest_layouts_start_first_and_the_rest_is_made_meanwhile(tmp_path: Path) -> None:
    """Two workers end together when the print edition and the cheat sheet start before the
    practice edition; the web page and EPUB are made while the workers lay out; the files are
    still listed in the order of their names."""
    config = BuildConfig(source=SMALL, output=tmp_path)
    prepared = sources.read(SMALL, config)
    formats = ("cheatsheet", "epub", "html", "pdf", "practice")
    plan = cache.Plan(SMALL, SMALL.stem, fingerprints={}, formats=formats, markdown=False)
    runner = RecordingRunner(config)
    outputs = make([prepared], [plan], cast(Runner, runner), Timings(None))
    started = [event for event in runner.events if event.startswith("start")]
    assert started[:2] == ["start cheatsheet", "start pdf"] and started[2] == "start practice"
    waited = [event.split()[1] for event in runner.events if event.startswith("wait")]
    assert waited[:2] == ["epub", "html"]  # before any layout is waited for
    assert [output.name.rsplit(".", 1)[1] for output in outputs] == list(formats)


def test_after_an_edit_pandoc_writes_only_the_html_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps each fragment's HTML in the memo; the next build, after one answer was
    edited, has pandoc write that answer alone, and makes the same page as a build without
    the memo."""
    guide = tmp_path / "guide.md"
    guide.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out", formats=("html",))
    build(config, force=True)
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("lists suit collections", "lists suit heaps"),
        encoding="utf-8",
    )
    log = tmp_path / "written.log"
    real = os.environ["PYPANDOC_PANDOC"]
    wrapper = tmp_path / "pandoc"
    wrapper.write_text(
        f'#!/bin/sh\ncase "$*" in *--to=html5*) tee -a {log} | exec {real} "$@";;\n'
        f'*) exec {real} "$@";; esac\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PYPANDOC_PANDOC", str(wrapper))
    build(config, force=True)
    written = log.read_text(encoding="utf-8")
    assert "heaps" in written
    assert "Generators" not in written and "Isolation" not in written  # kept from the memo
    page = (tmp_path / "out" / "guide.html").read_bytes()
    alone = replace(config, output=tmp_path / "alone")
    build(alone, force=True)
    assert (tmp_path / "alone" / "guide.html").read_bytes() == page
