"""Hostile and broken guides and projects: one clear line, nothing fetched, nothing run, nothing
read or written outside the project, nothing half-written or lost."""

from __future__ import annotations

import csv
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyguide.build import cache
from studyguide.build.pipeline import build as build_in_process
from studyguide.config import BuildConfig
from studyguide.read.sanitize import sanitize
from tests.command_line import run, run_program, start
from tests.conftest import ROOT, SMALL, Built, built_files, fold
from tests.formats.test_anki import read_deck
from tests.test_cli import snapshot
from tests.test_pipeline import crowded_guide


def assert_one_clean_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("studyguide: error: ")]
    assert len(errors) == 1, result.stderr
    assert all(line.startswith("studyguide: warning: ") for line in lines if line not in errors)
    assert expected in errors[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: [unclosed\n---\n# T\n\n## S\n\n1. Q?\n", "g.md:2: invalid YAML front matter"),
        ("# T\n\n## S\n\n1. ?!\n2. ...\n", "g.md:3: no questions found"),
        (
            "# Links\n\n- [Docs](https://docs.example)\n- [Blog](https://blog.example)\n",
            "studyguide questions --explain",
        ),
    ],
    ids=["invalid-yaml", "punctuation-only-questions", "resource-links"],
)
def test_more_bad_input_gives_one_line(tmp_path: Path, text: str, expected: str) -> None:
    source = tmp_path / "g.md"
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "out"
    assert_one_clean_line(run("build", source, "-o", output), expected)
    assert not output.exists()


def test_pandoc_missing_says_how_to_get_it(tmp_path: Path) -> None:
    environment = {**os.environ, "PYPANDOC_PANDOC": str(tmp_path / "no-pandoc")}
    result = subprocess.run(
        [sys.executable, "-m", "studyguide", "build", str(SMALL), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, env=environment, check=False,
    )  # fmt: skip
    assert_one_clean_line(result, "pandoc could not be started")
    assert "pypandoc-binary" in result.stderr


def write_config(folder: Path, settings: str) -> Path:
    config = folder / "pyproject.toml"
    config.write_text(f"[tool.studyguide]\n{settings}\n", encoding="utf-8")
    return config


def test_size_limit_of_a_guide(tmp_path: Path) -> None:
    config = write_config(tmp_path, "max_guide_mb = 0.0001")
    result = run("build", SMALL, "-o", tmp_path / "out", "--config", config)
    assert_one_clean_line(result, "more than the 0.0001 MB allowed")


def test_size_limit_of_an_image(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "guides" / "fidelity", tmp_path / "guide")
    config = write_config(tmp_path, "max_image_mb = 0.0001")
    result = run(
        "build", tmp_path / "guide", "-o", tmp_path / "out", "-f", "html", "--config", config
    )
    assert result.returncode == 0, result.stderr
    assert "image not included: larger than the 0.0001 MB allowed" in result.stderr
    assert "data:image/png" not in (tmp_path / "out" / "fidelity.html").read_text(encoding="utf-8")


def test_layout_time_limit(tmp_path: Path) -> None:
    config = write_config(tmp_path, "layout_timeout = 0.01")
    result = run("build", ROOT / "guide", "-o", tmp_path / "out", "-f", "pdf", "--config", config)
    assert_one_clean_line(result, "data-science-genai-engineering.md: laying out a PDF took longer")
    assert not (tmp_path / "out").exists()


def test_a_link_to_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "guides"
    folder.mkdir()
    (folder / "innocent.md").symlink_to(SMALL)
    assert_one_clean_line(run("build", folder, "-o", tmp_path / "out"), "outside the guide folder")


class CountingServer(http.server.ThreadingHTTPServer):
    requests: list[str]


@pytest.fixture
def server() -> Iterator[CountingServer]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.server.requests.append(self.path)  # type: ignore[attr-defined]
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *arguments: object) -> None:
            pass

    httpd = CountingServer(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_nothing_is_fetched_or_read_outside_the_guide(
    tmp_path: Path, server: CountingServer
) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / "evil.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}/svg.png"/></svg>',
        encoding="utf-8",
    )
    (folder / "remote.md").write_text(
        "# Remote things\n\n## Everything remote\n\n"
        f"1. What is in these pictures?\n\n   ![remote]({url}/markdown.png)\n\n"
        f'   <img src="{url}/raw.png"> <img src="file:///etc/passwd"> <img src="/etc/passwd">\n\n'
        "   ![escape](../../../../etc/passwd) ![svg](evil.svg)\n\n"
        f'   <link rel="stylesheet" href="{url}/style.css"><iframe src="{url}/frame"></iframe>\n'
        f'   <object data="{url}/object"></object><video src="{url}/video"></video>\n\n'
        f"   - **Links**: [passwd](file:///etc/passwd) and [site]({url}/page)\n",
        encoding="utf-8",
    )
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert server.requests == []
    for name in ("markdown.png", "raw.png", "file:///etc/passwd", "(/etc/passwd)", "evil.svg"):
        assert name in result.stderr
    for path in (tmp_path / "out").glob("remote*"):
        data = path.read_bytes()
        assert b"root:x:0:0" not in data, path.name
        if path.suffix != ".md":  # the normalized Markdown keeps the author's text as it was
            assert b"/etc/passwd" not in data.replace(b"[image: ", b""), path.name


NASTY_HTML = (
    "<script>alert('script')</script>"
    "<iframe src='https://example.com'></iframe>"
    "<img src=x onerror=\"alert('onerror')\">"
    "<a href=\"javascript:alert('js')\">click</a>"
    '<div onclick="alert(\'click\')" style="background:url(https://example.com/bg)">div</div>'
    "<object data='x'></object><embed src='x'><form action='https://example.com'><input></form>"
    "<style>body { display: none }</style>"
    "<p><kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>, a<sub>i</sub><br>next line</p>"
    "<details><summary>More</summary>hidden detail</details>"
    "<table><tr><th>k</th></tr><tr><td>v</td></tr></table>"
)


def test_sanitizer_removes_active_content_and_keeps_harmless_markup(tmp_path: Path) -> None:
    clean = sanitize(NASTY_HTML, tmp_path, tmp_path / "g.md", 1).xhtml
    for gone in ("<script", "alert(", "<iframe", "onerror", "javascript:", "onclick", "<object",
                 "<embed", "<form", "<style", "style=", "display: none"):  # fmt: skip
        assert gone not in clean
    kept_markup = ("<kbd>Ctrl</kbd>", "<sup>2</sup>", "<sub>i</sub>", "<br/>",
                   "<summary>More</summary>", "hidden detail", "<th>k</th>",
                   "<td>v</td>")  # fmt: skip
    for kept in kept_markup:
        assert kept in clean


def test_raw_html_is_sanitized_in_the_page_and_the_epub(tmp_path: Path) -> None:
    source = tmp_path / "raw.md"
    source.write_text(f"# Raw\n\n## S\n\n1. What is safe?\n\n   {NASTY_HTML}\n", encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out", "-f", "html,epub")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "raw.html").read_text(encoding="utf-8")
    assert "alert(" not in page
    assert "<kbd>Ctrl</kbd>" in page
    subprocess.run(
        ["unzip", "-q", str(tmp_path / "out" / "raw.epub"), "-d", str(tmp_path / "x")], check=True
    )
    chapter = (tmp_path / "x" / "EPUB" / "section-01.xhtml").read_text(encoding="utf-8")
    assert "alert(" not in chapter
    assert "<sup>2</sup>" in chapter


def children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task").iterdir()
    return [int(child) for task in tasks for child in (task / "children").read_text().split()]


def running(pid: int) -> bool:
    """Whether a process exists and has not ended (a zombie waits only to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def test_a_build_killed_in_the_middle_leaves_the_previous_outputs_and_no_workers(
    tmp_path: Path,
) -> None:
    guide = tmp_path / "crowded.md"
    guide.write_text(crowded_guide(10), encoding="utf-8")
    output = tmp_path / "out"
    assert run("build", guide, "-o", output, "-f", "html,pdf").returncode == 0
    before = snapshot(output)
    guide.write_text(crowded_guide(150), encoding="utf-8")
    build = start("build", guide, "-o", output, "-f", "html,pdf")
    time.sleep(1.5)  # past reading and parsing (a second), into laying out the PDF
    assert build.poll() is None, "the build ended before it could be killed"
    workers = children(build.pid)
    assert workers, "the PDF is laid out in a worker process"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert snapshot(output) == before
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in workers), "the workers outlived their build"
    assert built_files(output) == [
        "crowded.html",
        "crowded.md",
        "crowded.pdf",
    ]


def test_concurrent_builds_into_one_folder(small: Built, tmp_path: Path) -> None:
    output = tmp_path / "shared"
    other = tmp_path / "other.md"
    other.write_text("# Other\n\n## S\n\n1. Another question?\n", encoding="utf-8")
    builds = [start("build", SMALL, "-o", output, "-f", "html,epub,pdf") for _ in range(2)]
    builds.append(start("build", other, "-o", output, "-f", "html,epub,pdf"))
    for build in builds:
        result = build.wait()
        assert result.returncode == 0, result.stderr
    for suffix in (".md", ".html", ".epub", ".pdf"):  # as a build alone makes them
        assert small.path(suffix).read_bytes() == (output / small.path(suffix).name).read_bytes()
    assert sorted(p.name for p in output.iterdir() if p.name.startswith("other")) == [
        "other.epub", "other.html", "other.md", "other.pdf"
    ]  # fmt: skip
    assert [name for name in built_files(output) if name.startswith(".")] == []


def deep_list(levels: int) -> str:
    lines = ["# Deep", "", "## S", "", "1. How deep does it go?"]
    lines += [f"{'   ' + '  ' * level}- level {level}" for level in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def huge_table(rows: int, columns: int) -> str:
    head = "   | " + " | ".join(f"h{c}" for c in range(columns)) + " |\n"
    rule = "   |" + "---|" * columns + "\n"
    body = "".join(
        "   | " + " | ".join(f"c{r}.{c}" for c in range(columns)) + " |\n" for r in range(rows)
    )
    return f"# T\n\n## S\n\n1. Q?\n\n{head}{rule}{body}"


QUESTION = "# T\n\n## S\n\n1. Q?\n\n"
NASTY_GUIDES = {
    "deep-nesting-200": deep_list(200),
    "long-line-200000": f"{QUESTION}   - **Word**: {'lorem ipsum ' * 17_000}\n",
    "only-front-matter": "---\ntitle: Nothing else\n---\n",
    "only-a-title": "# Just a title\n",
    "yaml-bomb": "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    f"title: [*b, *b, *b, *b, *b, *b, *b, *b]\n---\n{QUESTION}",
    "unclosed-html": f"{QUESTION}   <div><table><tr><td><b>open <i>tags\n",
    "many-empty-items": "# T\n\n## S\n\n" + "1.\n" * 5_000,
    # Every section starts a page, so this is a 100-page PDF (and an EPUB of 50 files).
    "fifty-sections": "# T\n\n" + "".join(f"## Part {n}\n\n1. Q {n}?\n\n" for n in range(50)),
    "invisible-and-rtl": "# T\n\n## S\n\n1. \u200bWhat\u200d is \u202eevil\u202c "
    "\u05e9\u05dc\u05d5\u05dd?\n",
    "strange-urls": f"{QUESTION}   [a](vbscript:msgbox) ![b](data:image/png;base64,AAAA)"
    " <a href='data:text/html,x'>c</a>\n",
    "crlf-and-tabs": "# T\r\n\r\n## S\r\n\r\n1.\tTabbed question?\r\n\t- **Tab**: indented\r\n",
    "huge-table": huge_table(100, 20),  # wider than any page, and pages long
}


SLOW_NASTY = {"deep-nesting-200", "long-line-200000"}  # seconds each, in the full suite


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW_NASTY else [])
        for name in NASTY_GUIDES
    ],
    ids=list(NASTY_GUIDES),
)
def test_nasty_guides_build_or_fail_cleanly(tmp_path: Path, name: str) -> None:
    source = tmp_path / f"{name}.md"
    source.write_text(NASTY_GUIDES[name], encoding="utf-8", newline="")
    result = run("build", source, "-o", tmp_path / "out", "-f", "html,epub,pdf")
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert len(list((tmp_path / "out").glob(f"{name}.*"))) == 4  # md, html, epub, pdf
    else:
        assert result.returncode == 1
        errors = [
            line for line in result.stderr.splitlines() if line.startswith("studyguide: error:")
        ]
        assert len(errors) == 1, result.stderr
        assert not (tmp_path / "out").exists()


def test_invisible_characters_do_not_hide_question_text(tmp_path: Path) -> None:
    source = tmp_path / "rtl.md"
    source.write_text(NASTY_GUIDES["invisible-and-rtl"], encoding="utf-8")
    result = run("questions", source)
    assert result.returncode == 0
    assert "is" in fold(result.stdout)


# A cloned project is someone else's code: its theme and settings are contained.


def project_with(folder: Path, files: dict[str, str]) -> Path:
    """A project folder holding a guide and the given files (settings, layouts)."""
    (folder / "guide").mkdir(parents=True)
    shutil.copy(SMALL, folder / "guide" / SMALL.name)
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


def test_a_projects_layout_cannot_run_a_command(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    project = project_with(tmp_path / "cloned", {"layouts/guide.html": f"<p>\n{payload}\n"})
    result = run("build", "-f", "html", cwd=project)
    assert_one_clean_line(result, "layouts/guide.html:2: the layout cannot be used")
    assert "not run code" in result.stderr
    assert not marker.exists()
    assert not (project / "output").exists()


def test_a_projects_theme_reads_nothing_outside_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the user's private key", encoding="utf-8")
    layout = '{% extends "default/guide.html" %}{% block title_page %}<img src="'
    project = project_with(tmp_path / "cloned", {})
    (project / "layouts").mkdir()
    (project / "layouts" / "logo.svg").symlink_to(secret)
    for name in ("logo.svg", "../../secret.txt"):
        text = f"{layout}{{{{ data_url('{name}') }}}}\">{{% endblock %}}"
        (project / "layouts" / "guide.html").write_text(text, encoding="utf-8")
        result = run("build", "-f", "html", cwd=project)
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        assert not (project / "output").exists()
    (project / "layouts" / "guide.html").unlink()
    (project / "styles").symlink_to(tmp_path, target_is_directory=True)
    assert_one_clean_line(run("build", "-f", "html", cwd=project), "outside the theme")


@pytest.mark.parametrize(
    "settings",
    ['output = "../../x"', 'output = "/tmp"', 'source = "/etc"', 'theme = ".."'],
    ids=["output-upwards", "output-absolute", "source", "theme"],
)
def test_settings_cannot_lead_a_build_out_of_the_project(tmp_path: Path, settings: str) -> None:
    project = project_with(tmp_path / "a" / "b" / "cloned", {"pyproject.toml": ""})
    write_config(project, settings)
    assert_one_clean_line(run("build", "-f", "html", cwd=project), "outside the project's folder")
    assert sorted(path.name for path in tmp_path.rglob("*")) == sorted(
        ["a", "b", "cloned", "guide", SMALL.name, "pyproject.toml"]
    )


def test_a_linked_output_folder_is_outside_the_project(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = project_with(tmp_path / "cloned", {})
    (project / "output").symlink_to(elsewhere, target_is_directory=True)
    assert_one_clean_line(run("build", "-f", "html", cwd=project), "outside the project's folder")
    assert list(elsewhere.iterdir()) == []


def test_the_command_line_may_name_any_output_folder(tmp_path: Path) -> None:
    project = project_with(tmp_path / "cloned", {})
    write_config(project, 'output = "built"')
    elsewhere = tmp_path / "elsewhere"
    result = run("build", "-f", "html", "-o", elsewhere, cwd=project)
    assert result.returncode == 0, result.stderr
    assert built_files(elsewhere) == ["python-basics.html", "python-basics.md"]


@pytest.mark.parametrize("where", ["folder", "file"])
def test_an_output_folder_that_holds_the_guides_is_refused(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "guide"
    folder.mkdir()
    source = folder / "notes.md"
    source.write_text("# Notes\n\n## S\n\n1. What is *this*?\n", encoding="utf-8")
    before = snapshot(folder)
    result = run("build", folder if where == "folder" else source, "-o", tmp_path / "guide" / ".")
    assert_one_clean_line(result, "is where the guides are")
    assert snapshot(folder) == before


def test_a_books_chapter_that_links_out_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "guide" / "book"
    book.mkdir(parents=True)
    (book / "01-start.md").write_text("# Start\n\n1. What is first?\n", encoding="utf-8")
    (book / "02-secret.md").symlink_to(SMALL)
    for source in (book, book.parent):
        result = run("build", source, "-o", tmp_path / "out")
        assert_one_clean_line(result, "02-secret.md: is a link to a file outside the book's folder")
    assert not (tmp_path / "out").exists()


# Every read inside the guide's folder and within limits.


def test_huge_and_special_files_beside_a_guide_are_never_read_whole(tmp_path: Path) -> None:
    import resource  # noqa: PLC0415 - Unix only, as the test is

    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / "g.md").write_text(
        "# Pictures\n\n## S\n\n1. What is shown?\n\n   ![a](huge.png) ![b](memory.png)\n",
        encoding="utf-8",
    )
    for name in ("huge.png", "unshown.png"):
        subprocess.run(["truncate", "-s", "3G", str(folder / name)], check=True)
    (folder / "memory.png").symlink_to("/proc/self/mem")
    # Fresh interpreters, so that their peak memory is the build's own, not this process's.
    result = run_program("build", folder, "-o", tmp_path / "out", "-f", "html")
    assert result.returncode == 0, result.stderr
    assert "larger than the 10 MB allowed" in result.stderr
    assert "a link to somewhere outside the guide's folder" in result.stderr
    assert run_program("build", folder, "-o", tmp_path / "out", "-f", "html").stdout.startswith(
        f"{folder / 'g.md'}: up to date"
    )
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 1_000_000, f"a build used {peak_kb // 1000} MB"


def test_an_image_is_of_the_type_its_bytes_say(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/></svg>'
    (tmp_path / "chart.png").write_text(svg, encoding="utf-8")
    shutil.copy(ROOT / "tests" / "guides" / "fidelity" / "diagram.png", tmp_path / "photo.jpg")
    source = tmp_path / "g.md"
    source.write_text(
        "# T\n\n## S\n\n1. What is drawn?\n\n   ![c](chart.png) ![p](photo.jpg)\n",
        encoding="utf-8",
    )
    result = run("build", source, "-o", tmp_path / "out", "-f", "html,epub")
    assert result.returncode == 0, result.stderr
    assert "the file holds SVG whatever its name says" in result.stderr
    page = (tmp_path / "out" / "g.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1  # the photo, a PNG whatever its name
    assert "<svg" not in page.split("<body", 1)[1].replace("<svg class=", "")
    with zipfile.ZipFile(tmp_path / "out" / "g.epub") as epub:
        names = epub.namelist()
        package = epub.read("EPUB/content.opf").decode("utf-8")
    assert "EPUB/photo.jpg" in names and "EPUB/chart.png" not in names
    assert 'href="photo.jpg" id="image-1" media-type="image/png"' in package


# No silent damage.


def nested_quotes(levels: int) -> str:
    return f"# Deep\n\n## S\n\n1. How deep does it go?\n\n   {'> ' * levels}bottom of the well\n"


@pytest.mark.parametrize(
    ("guide", "deepest"),
    [(deep_list(300), "level 300"), (nested_quotes(300), "bottom of the well")],
    ids=["lists", "quotes"],
)
def test_deep_nesting_is_flattened_with_a_warning_never_dropped(
    tmp_path: Path, guide: str, deepest: str
) -> None:
    source = tmp_path / "deep.md"
    source.write_text(guide, encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out", "-f", "html,epub")
    assert result.returncode == 0, result.stderr
    assert "nested more than 100 levels deep are flattened" in result.stderr
    assert deepest in (tmp_path / "out" / "deep.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "out" / "deep.epub") as epub:
        assert deepest in epub.read("EPUB/section-01.xhtml").decode("utf-8")


def test_a_tampered_output_is_built_again(tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert run("build", SMALL, "-o", output, "-f", "html,epub").returncode == 0
    epub = output / "python-basics.epub"
    good = epub.read_bytes()
    with epub.open("ab") as stream:
        stream.write(b"x\n")
    result = run("build", SMALL, "-o", output, "-f", "html,epub")
    assert result.returncode == 0, result.stderr
    assert f"wrote {epub}" in result.stdout
    assert "wrote" not in result.stdout.replace(f"wrote {epub}", "")
    assert epub.read_bytes() == good
    (output / "python-basics.html").unlink()
    (output / "python-basics.html").symlink_to(epub)
    assert (
        f"wrote {output / 'python-basics.html'}"
        in run("build", SMALL, "-o", output, "-f", "html,epub").stdout
    )


def test_a_build_killed_while_renaming_leaves_no_file_taken_for_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "g.md"
    first = "# T\n\n## S\n\n1. Why?\n\n   Because.\n"
    source.write_text(first, encoding="utf-8")
    config = BuildConfig(source=source, output=tmp_path / "out", formats=("html", "csv", "quiz"))
    build_in_process(config)
    source.write_text(first.replace("Why?", "Why not?"), encoding="utf-8")
    replace = Path.replace
    renamed: list[str] = []

    def killed_after_two(self: Path, target: Path) -> Path:
        if not target.name.startswith("."):  # an output, not the record
            if len(renamed) == 2:
                raise KeyboardInterrupt
            renamed.append(target.name)
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        build_in_process(config)
    monkeypatch.undo()
    assert len(renamed) == 2
    # The guide as it was: the files already renamed are new, whatever the old record says.
    source.write_text(first, encoding="utf-8")
    (plan,) = cache.plan([source], config)
    assert plan.markdown
    assert plan.formats == ("html", "csv", "quiz")
    assert [name for name in built_files(config.output) if name.startswith(".")] == []


def test_clean_removes_what_no_guide_makes_any_more(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    folder.mkdir()
    old = folder / "old-name.md"
    shutil.copy(SMALL, old)
    output = tmp_path / "out"
    assert run("build", folder, "-o", output, "-f", "html,csv").returncode == 0
    (output / "notes.txt").write_text("the user's own file", encoding="utf-8")
    (output / "old-name.md").write_text("changed by hand", encoding="utf-8")
    old.rename(folder / "new-name.md")
    result = run("build", folder, "-o", output, "-f", "html,csv", "--clean")
    assert result.returncode == 0, result.stderr
    assert f"removed {output / 'old-name.html'}" in result.stdout
    assert f"left {output / 'old-name.md'} alone" in result.stdout
    assert built_files(output) == [
        "new-name-cards.tsv", "new-name.html", "new-name.md", "notes.txt", "old-name.md"
    ]  # fmt: skip
    again = run("build", folder, "-o", output, "-f", "html,csv", "--clean")
    assert "removed" not in again.stdout and "left" not in again.stdout


# Edges escaped.


def test_cards_tsv_cells_are_escaped_and_never_formulas(tmp_path: Path) -> None:
    source = tmp_path / "-sheet.md"
    title = "=HYPERLINK(1) `<img src=x onerror=alert(1)>`"
    source.write_text(f"# T\n\n## {title}\n\n1. What is it?\n\n   An answer.\n", encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out", "-f", "csv")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "-sheet-cards.tsv").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    (row,) = csv.reader(body, delimiter="\t")
    assert row[2].startswith("&#61;HYPERLINK(")
    assert "<img" not in row[2] and "&lt;img src=x onerror=alert(1)&gt;" in row[2]
    assert row[3].startswith("'-sheet ")
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_an_answers_id_cannot_take_the_quiz_pages_own(tmp_path: Path) -> None:
    source = tmp_path / "q.md"
    source.write_text(
        "# T\n\n## S\n\n1. What hides the navigation?\n\n"
        '   <div id="navigation">An answer</div> <p id="next">with ids.</p>\n',
        encoding="utf-8",
    )
    assert run("build", source, "-o", tmp_path / "out", "-f", "quiz").returncode == 0
    page = (tmp_path / "out" / "q-quiz.html").read_text(encoding="utf-8")
    assert page.count('id="navigation"') == 1 and page.count('id="next"') == 1
    assert 'id="guide_navigation"' in page and 'id="guide_next"' in page


def test_control_sequences_are_not_sent_to_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "\x1b]0;owned\x07\x1b[2J.md"
    source.write_text("## S\n\n1. Where is the title?\n", encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out", "-f", "html")
    assert result.returncode == 0, result.stderr
    assert "the guide has no title" in result.stderr
    assert "\x1b" not in result.stderr + result.stdout
    assert "\\x1b]0;owned\\x07\\x1b[2J.md" in result.stderr


def test_a_section_title_with_two_colons_stays_one_deck(tmp_path: Path) -> None:
    source = tmp_path / "cpp.md"
    source.write_text(
        "# C++ :: basics\n\n## std::vector\n\n1. What is it?\n\n   A growable array.\n",
        encoding="utf-8",
    )
    assert run("build", source, "-o", tmp_path / "out", "-f", "anki").returncode == 0
    deck = read_deck((tmp_path / "out" / "cpp.apkg").read_bytes(), tmp_path)
    assert "C++ \u2236\u2236 basics::std\u2236\u2236vector" in deck.decks.values()


def test_an_unknown_language_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "g.md"
    source.write_text('---\nlang: "en\\" onload=\\"x"\n---\n# T\n\n## S\n\n1. Why?\n')
    assert_one_clean_line(run("build", source, "-o", tmp_path / "out"), "unknown language")
    assert not (tmp_path / "out").exists()


def test_characters_xml_cannot_hold_are_replaced_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "g.md"
    source.write_text(
        '---\ntitle: "Bad\\x01title\\x1b"\n---\n## S\n\n'
        "1. What is a form\x0cfeed \ufffe?\n\n   An answer\x0c with one.\n",
        encoding="utf-8",
    )
    result = run("build", source, "-o", tmp_path / "out", "-f", "html,epub")
    assert result.returncode == 0, result.stderr
    for code in ("U+0001", "U+001B", "U+000C", "U+FFFE"):
        assert result.stderr.count(f"replaced {code}, which XML cannot hold") == 1, code
    with zipfile.ZipFile(tmp_path / "out" / "g.epub") as epub:
        package = epub.read("EPUB/content.opf").decode("utf-8")
    assert "Bad\ufffdtitle\ufffd" in package
