"""HTML fragments -> safe, well-formed XHTML, and a guide's own images."""

from __future__ import annotations

from pathlib import Path

from studyguide.read.sanitize import local_image, sanitize

PNG = b"\x89PNG\r\n\x1a\n"  # how every PNG file begins


def test_scripts_handlers_and_javascript_links_are_removed(tmp_path: Path) -> None:
    cleaned = sanitize(
        '<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:x()">link</a></p>'
        "<iframe src='https://example.com'></iframe>",
        tmp_path,
        tmp_path / "g.md",
        4,
    )
    assert "script" not in cleaned.xhtml
    assert "onclick" not in cleaned.xhtml
    assert "javascript" not in cleaned.xhtml
    assert "iframe" not in cleaned.xhtml
    assert "Hi" in cleaned.xhtml and "link" in cleaned.xhtml


def test_kept_tags_come_out_as_well_formed_xhtml(tmp_path: Path) -> None:
    cleaned = sanitize("<p>a<br>b <kbd>Ctrl</kbd><sup>2</sup>", tmp_path, tmp_path / "g.md", 1)
    assert cleaned.xhtml == "<p>a<br/>b <kbd>Ctrl</kbd><sup>2</sup></p>"
    assert sanitize("  ", tmp_path, tmp_path / "g.md", 1).xhtml == ""


def test_a_local_image_is_kept_and_a_remote_one_named(tmp_path: Path) -> None:
    (tmp_path / "diagram.png").write_bytes(PNG)
    source = tmp_path / "g.md"
    cleaned = sanitize(
        '<p><img src="diagram.png" alt="d"> <img src="https://example.com/x.png" alt="remote"></p>',
        tmp_path,
        source,
        9,
    )
    assert [image.href for image in cleaned.images] == ["diagram.png"]
    assert 'src="https://example.com' not in cleaned.xhtml
    (finding,) = cleaned.findings
    assert (finding.path, finding.line) == (source, 9)
    assert "nothing is downloaded" in finding.message


def test_images_outside_the_folder_of_other_types_or_too_large_are_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "drawing.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "big.png").write_bytes(PNG + bytes(2000))
    assert local_image("../secret.png", tmp_path, 10_000)[1] == "the path leaves the guide's folder"
    assert local_image("drawing.svg", tmp_path, 10_000)[1].startswith("only PNG, JPEG")
    assert local_image("missing.png", tmp_path, 10_000)[1] == "the file does not exist"
    assert "larger than" in local_image("big.png", tmp_path, 1_000)[1]
    image, problem = local_image("big.png", tmp_path, 10_000)
    assert image is not None and problem == ""


def test_a_details_block_without_its_summary_becomes_a_plain_block(tmp_path: Path) -> None:
    kept = sanitize("<details><summary>Q</summary><p>A</p></details>", tmp_path, tmp_path, 1)
    assert kept.xhtml == "<details><summary>Q</summary><p>A</p></details>"
    stray = sanitize("<details open><p>left open</p>", tmp_path, tmp_path / "g.md", 1)
    assert stray.xhtml == "<div><p>left open</p></div>"
