"""Costly pure answers -> entries in the output folder's memo, verified before they are used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from studyguide.build.memo import FOLDER, MOST_OF_A_KIND, Memo, this_machine


def counted(answer: bytes) -> tuple[list[int], Callable[[], bytes]]:
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        return answer

    return calls, make


def test_an_answer_is_kept_only_when_the_build_keeps_it(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    calls, make = counted(b"subset")
    assert memo.answer("fonts", (b"abc",), make) == b"subset"
    assert memo.answer("fonts", (b"abc",), make) == b"subset"
    assert calls == [1]
    assert not (tmp_path / FOLDER).exists()  # nothing on disk before the build succeeded
    memo.keep()
    later_calls, later = counted(b"other")
    assert Memo(tmp_path).answer("fonts", (b"abc",), later) == b"subset"
    assert later_calls == []
    assert Memo(tmp_path).answer("fonts", (b"abd",), later) == b"other"


def test_a_damaged_entry_is_made_again_and_replaced(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    memo.answer("fonts", (b"abc",), lambda: b"the right answer")
    memo.keep()
    (entry,) = (tmp_path / FOLDER).iterdir()
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")  # a flipped tail
    again = Memo(tmp_path)
    assert again.answer("fonts", (b"abc",), lambda: b"the right answer") == b"the right answer"
    assert not entry.exists()  # the damaged entry is gone, not trusted
    again.keep()
    assert Memo(tmp_path).answer("fonts", (b"abc",), lambda: b"made") == b"the right answer"
    entry.write_bytes(b"")  # cut short
    assert Memo(tmp_path).answer("fonts", (b"abc",), lambda: b"made") == b"made"


def test_the_parts_of_a_question_cannot_run_into_each_other(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    memo.answer("k", (b"ab", b"c"), lambda: b"first")
    assert memo.answer("k", (b"a", b"bc"), lambda: b"second") == b"second"


def test_without_a_folder_nothing_is_kept(tmp_path: Path) -> None:
    memo = Memo(None)
    memo.answer("k", (b"x",), lambda: b"y")
    memo.keep()
    assert list(tmp_path.iterdir()) == []


def test_a_kind_keeps_only_its_newest_answers(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    for number in range(MOST_OF_A_KIND + 5):
        memo.answer("fonts", (str(number).encode(),), lambda: b"subset")
    memo.answer("language", (b"text",), lambda: b"de 0.99")
    memo.keep()
    names = [path.name for path in (tmp_path / FOLDER).iterdir()]
    assert sum("-fonts-" in name for name in names) == MOST_OF_A_KIND
    assert sum("-language-" in name for name in names) == 1


def test_a_folder_that_refuses_costs_only_time(tmp_path: Path) -> None:
    (tmp_path / FOLDER).write_text("a file where the folder would be")
    memo = Memo(tmp_path)
    memo.answer("k", (b"x",), lambda: b"y")
    memo.keep()  # no error: the answer is made again next time
    assert Memo(tmp_path).answer("k", (b"x",), lambda: b"z") == b"z"


def test_a_shelf_keeps_the_answers_a_build_used_in_one_entry(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    shelf = memo.shelf("html", "/guides/a.md")
    assert shelf.recalled(["k1", "k2"]) == {}
    shelf.remember({"k1": "<p>one</p>", "k2": "<p>two</p>"})
    assert not (tmp_path / FOLDER).exists()  # nothing on disk before the build succeeded
    memo.keep()
    assert len(list((tmp_path / FOLDER).iterdir())) == 1
    later = Memo(tmp_path).shelf("html", "/guides/a.md")
    assert later.recalled(["k2", "k3"]) == {"k2": "<p>two</p>"}
    assert Memo(tmp_path).shelf("html", "/guides/b.md").recalled(["k2"]) == {}
    # The next build used k2 and k3: k1, asked for by no one, goes.
    later.remember({"k2": "<p>two</p>", "k3": "<p>three</p>"})
    later.memo.keep()
    assert Memo(tmp_path).shelf("html", "/guides/a.md").recalled(["k1", "k2", "k3"]) == {
        "k2": "<p>two</p>",
        "k3": "<p>three</p>",
    }


def test_a_damaged_shelf_is_not_trusted(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    memo.shelf("html", "a").remember({"k": "<p>x</p>"})
    memo.keep()
    (entry,) = (tmp_path / FOLDER).iterdir()
    entry.write_bytes(entry.read_bytes().replace(b"<p>x</p>", b"<p>y</p>"))
    assert Memo(tmp_path).shelf("html", "a").recalled(["k"]) == {}


def test_a_memo_made_on_another_machine_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cloned project may ship its output folder, memo and all: answers kept under another
    machine's key (entries as well made as any) are not this machine's, and are made again."""
    elsewhere, here = tmp_path / "elsewhere", tmp_path / "here"
    output = tmp_path / "output"
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere))
    this_machine.cache_clear()
    try:
        made_there = this_machine()
        memo = Memo(output)
        memo.answer("language", (b"text",), lambda: b"xx 1.0")
        memo.shelf("html", "a.md").remember({"k": "<p>planted</p>"})
        memo.keep()
        assert Memo(output).answer("language", (b"text",), lambda: b"en 1.0") == b"xx 1.0"
        monkeypatch.setenv("XDG_CACHE_HOME", str(here))
        this_machine.cache_clear()
        assert this_machine() != made_there
        assert this_machine() == (here / "studyguide" / "memo-key").read_bytes()
        assert Memo(output).answer("language", (b"text",), lambda: b"en 1.0") == b"en 1.0"
        assert Memo(output).shelf("html", "a.md").recalled(["k"]) == {}
    finally:
        this_machine.cache_clear()


def test_the_machines_key_is_made_once_and_a_key_cut_short_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = tmp_path / "studyguide" / "memo-key"
    this_machine.cache_clear()
    try:
        first = this_machine()
        this_machine.cache_clear()
        assert this_machine() == first == kept.read_bytes()
        kept.write_bytes(first[:5])
        this_machine.cache_clear()
        again = this_machine()
        assert len(again) == len(first) and again == kept.read_bytes() and again != first
    finally:
        this_machine.cache_clear()


def test_a_shelf_keeps_every_chapter_a_build_read(tmp_path: Path) -> None:
    """A book's chapters are each written in their own pandoc call, onto the book's one shelf:
    the next build finds all of them, not only the last chapter's."""
    memo = Memo(tmp_path)
    shelf = memo.shelf("html", "/guides/book")
    shelf.remember({"first": "<p>1</p>"})
    shelf.remember({"second": "<p>2</p>"})
    memo.keep()
    later = Memo(tmp_path).shelf("html", "/guides/book")
    assert later.recalled(["first", "second"]) == {"first": "<p>1</p>", "second": "<p>2</p>"}
