"""A path -> the guides and books in it, and each read with its defaults filled in."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.read.normalize import NormalizedGuide
from studyguide.read.sources import find_guides, guide_name, is_book, read

GUIDE = "# T\n\n## S\n\n1. Why?\n   - **Because**: it is\n"


def test_a_folder_gives_its_guides_and_books_by_name(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "a.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a guide", encoding="utf-8")
    book = tmp_path / "book"
    book.mkdir()
    (book / "01-one.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "images").mkdir()
    assert find_guides(tmp_path) == [tmp_path / "a.md", tmp_path / "b.md", book]
    assert find_guides(book) == [book]
    assert find_guides(tmp_path / "a.md") == [tmp_path / "a.md"]


def test_a_book_is_a_folder_of_numbered_chapters_only(tmp_path: Path) -> None:
    (tmp_path / "01-basics.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "2_more.md").write_text(GUIDE, encoding="utf-8")
    assert is_book(tmp_path)
    (tmp_path / "appendix.md").write_text(GUIDE, encoding="utf-8")
    assert not is_book(tmp_path)
    assert not is_book(tmp_path / "empty")


def test_missing_paths_empty_folders_and_outside_links_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GuideError, match="no such file or folder"):
        find_guides(tmp_path / "missing")
    with pytest.raises(GuideError, match=r"the folder holds no \.md files"):
        find_guides(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text(GUIDE, encoding="utf-8")
    folder = tmp_path / "guides"
    folder.mkdir()
    (folder / "linked.md").symlink_to(outside)
    with pytest.raises(GuideError, match="is a link to a file outside the guide folder"):
        find_guides(folder)


def test_outputs_are_named_after_the_file_or_its_folder(tmp_path: Path) -> None:
    assert guide_name(Path("guide/python.md")) == "python"
    assert guide_name(tmp_path / "project" / "README.md") == "project"
    assert guide_name(tmp_path / "docs" / "index.md") == "docs"
    assert guide_name(tmp_path) == tmp_path.name


def test_a_read_guide_has_its_defaults_and_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764403200")
    source = tmp_path / "g.md"
    source.write_text("---\nlang: de\n---\n# T\n\n## S\n\n1. Why?   \n", encoding="utf-8")
    prepared = read(source, BuildConfig(source=source, author="Ada"), markdown=True)
    assert (prepared.guide.author, prepared.guide.date) == ("Ada", "2025-11-29")
    assert prepared.guide.language == "de"
    assert [finding.line for finding in prepared.findings] == [8]
    assert prepared.markdown.startswith("---\nlang: de\n---\n")


def test_a_guide_larger_than_allowed_is_refused_before_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "g.md"
    source.write_text(GUIDE + "x" * 3000, encoding="utf-8")
    with pytest.raises(GuideError, match=r"more than the 0.001 MB allowed"):
        read(source, BuildConfig(source=source, max_guide_mb=0.001))


def test_a_books_chapters_are_read_in_order_into_one_guide(tmp_path: Path) -> None:
    book = tmp_path / "backend"
    book.mkdir()
    (book / "02-caching.md").write_text("# Caching\n\n1. Why cache?\n", encoding="utf-8")
    (book / "01-databases.md").write_text(
        "---\ntitle: Backend\n---\n# Databases\n\n1. What is an index?\n", encoding="utf-8"
    )
    prepared = read(book, BuildConfig(source=book), markdown=True)
    assert prepared.guide.title == "Backend"
    assert [s.title for s in prepared.guide.sections] == ["Databases", "Caching"]
    assert [q.id for q in prepared.guide.questions] == ["databases-q1", "caching-q1"]
    assert prepared.markdown.index("What is an index?") < prepared.markdown.index("Why cache?")


def test_a_guide_read_for_a_build_keeps_no_ast_once_read(tmp_path: Path) -> None:
    """What a build keeps of a guide it read is its model and the pandoc writing its Markdown,
    not pandoc's AST of it (half a gigabyte at 2,000 questions, held through every layout)."""
    source = tmp_path / "g.md"
    source.write_text(GUIDE, encoding="utf-8")
    prepared = read(source, BuildConfig(source=source), markdown=True)
    gc.collect()
    kept = [item for item in gc.get_objects() if isinstance(item, NormalizedGuide)]
    assert not [item for item in kept if item.source == source]
    assert prepared.markdown.startswith("# ")
    with pytest.raises(AssertionError, match="without its Markdown"):
        read(source, BuildConfig(source=source)).markdown  # noqa: B018 - what is asked for
