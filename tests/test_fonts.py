"""The packaged fonts -> @font-face rules, from the pinned wheels only."""

from __future__ import annotations

from pathlib import Path

from studyguide.build.memo import Memo
from studyguide.render import fonts


def test_every_face_comes_from_an_installed_wheel() -> None:
    css = fonts.font_face_css()
    assert css.count("@font-face") == len(fonts.FACES)
    assert 'font-family: "Source Serif Pro"' in css and 'font-family: "Source Sans Pro"' in css
    assert "http" not in css.replace("file://", "")


def test_the_renderer_may_read_only_the_font_folders() -> None:
    folders = fonts.font_folders()
    assert len(folders) == 2
    assert all(folder.is_dir() and folder.name == "files" for folder in folders)
    assert fonts.font_folder("no_such_font_package") is None


def test_web_font_subsets_are_kept_in_the_memo(tmp_path: Path) -> None:
    text = "A guide\u2019s few characters: \u00df, \u00e9, 0\u20139."
    fresh = fonts.web_font_face_css(text)
    memo = Memo(tmp_path)
    assert fonts.web_font_face_css(text, memo) == fresh
    memo.keep()
    kept = Memo(tmp_path)
    assert kept.answer(
        "fonts",
        ("".join(sorted(set(text) | set(text.upper()) | set(text.lower()))).encode(),
         *fonts._subsetting_inputs()),
        lambda: b"not made again",
    ) == fresh.encode()  # fmt: skip
    assert fonts.web_font_face_css(text, kept) == fresh
