"""Themes: a project's own layouts and styles replace the default's, and can extend them."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.model import Guide
from studyguide.read.sources import read
from studyguide.render import pages
from studyguide.render.theme import Theme, default_folder
from tests.conftest import ROOT, SMALL


@pytest.fixture(scope="module")
def guide() -> Guide:
    return read(SMALL, BuildConfig(source=SMALL)).guide


def theme_with(folder: Path, files: dict[str, str]) -> Theme:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Theme(folder)


def test_the_default_theme_is_the_repositorys_layouts_and_styles() -> None:
    for kind in ("layouts", "styles"):
        shipped = {item.name for item in default_folder(kind).iterdir() if item.is_file()}
        in_repository = {path.name for path in (ROOT / kind).iterdir() if path.is_file()}
        assert shipped == in_repository


def test_one_block_replaced_keeps_the_rest_of_the_default_layout(
    guide: Guide, tmp_path: Path
) -> None:
    theme = theme_with(
        tmp_path,
        {
            "layouts/guide.html": '{% extends "default/guide.html" %}\n'
            '{% block title_page %}<img src="{{ data_url(\'logo.svg\') }}" alt="">'
            '{{ super() }}<p class="licence">CC BY 4.0, Example College</p>{% endblock %}\n',
            "layouts/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        },
    )
    page = pages.render_page(guide, "A4", theme=theme)
    default = pages.render_page(guide, "A4", theme=Theme())
    assert "CC BY 4.0, Example College" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "CC BY 4.0" not in default
    # Everything outside the block is the default's: the contents and every question.
    assert page.split("</header>", 1)[1] == default.split("</header>", 1)[1]


def test_a_projects_stylesheet_replaces_the_default_one_of_that_name(
    guide: Guide, tmp_path: Path
) -> None:
    theme = theme_with(tmp_path, {"styles/screen.css": ":root { --accent: #8b1a1a; }"})
    page = pages.render_page(guide, "A4", theme=theme)
    assert "--accent: #8b1a1a" in page
    assert "--accent: #1f5f8b" not in page  # the default screen.css is not read
    assert "@media print" in page  # print.css still is


def test_a_macro_of_the_projects_own_is_used_by_the_default_layouts(
    guide: Guide, tmp_path: Path
) -> None:
    macros = (ROOT / "layouts" / "macros.html").read_text(encoding="utf-8")
    theme = theme_with(
        tmp_path, {"layouts/macros.html": macros.replace("Your answer", "Write here")}
    )
    assert "Write here" in pages.render_page(guide, "A4", practice=True, theme=theme)


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("{% block title_page %}{{ super() }\n", "guide.html:1: the layout cannot be used"),
        ('{% extends "default/nothing.html" %}', "no layout named 'default/nothing.html'"),
        ("{{ undefined_name.title }}", "'undefined_name' is undefined"),
    ],
)
def test_a_broken_layout_of_the_projects_own_is_a_user_error(
    guide: Guide, tmp_path: Path, layout: str, expected: str
) -> None:
    theme = theme_with(tmp_path, {"layouts/guide.html": layout})
    with pytest.raises(GuideError, match=expected):
        pages.render_page(guide, "A4", theme=theme)


def test_the_default_namespace_cannot_leave_the_theme(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {"layouts/guide.html": '{% extends "default/../../x" %}'})
    with pytest.raises(GuideError, match="the layout cannot be used"):
        pages.fill(theme, "guide.html", {})
