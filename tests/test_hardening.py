"""Hostile and broken guides: one clear line, nothing fetched, nothing half-written or lost."""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyguide.sanitize import sanitize
from tests.conftest import EPOCH, ROOT, SMALL, built_files, fold
from tests.test_cli import run, snapshot
from tests.test_pipeline import crowded_guide


def start(*arguments: str | Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.Popen(
        [sys.executable, "-m", "studyguide", *map(str, arguments)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=environment,
    )  # fmt: skip


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
    guide.write_text(crowded_guide(100), encoding="utf-8")
    output = tmp_path / "out"
    assert run("build", guide, "-o", output, "-f", "html,pdf").returncode == 0
    before = snapshot(output)
    guide.write_text(crowded_guide(150), encoding="utf-8")
    build = start("build", guide, "-o", output, "-f", "html,pdf")
    time.sleep(2.5)  # past reading and parsing, into laying out the PDF
    assert build.poll() is None, "the build ended before it could be killed"
    workers = children(build.pid)
    assert workers, "the PDF is laid out in a worker process"
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=30)  # reaps it; its pipes close when its workers are gone too
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


def test_concurrent_builds_into_one_folder(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    assert run("build", SMALL, "-o", reference, "-f", "html,epub,pdf").returncode == 0
    output = tmp_path / "shared"
    other = tmp_path / "other.md"
    other.write_text("# Other\n\n## S\n\n1. Another question?\n", encoding="utf-8")
    builds = [start("build", SMALL, "-o", output, "-f", "html,epub,pdf") for _ in range(2)]
    builds.append(start("build", other, "-o", output, "-f", "html,epub,pdf"))
    for build in builds:
        _, errors = build.communicate(timeout=300)
        assert build.returncode == 0, errors
    for path in (reference / name for name in built_files(reference)):
        assert (output / path.name).read_bytes() == path.read_bytes(), path.name
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
    # Every section starts a page, so this is a 600-page PDF.
    "three-hundred-sections": "# T\n\n"
    + "".join(f"## Part {n}\n\n1. Q {n}?\n\n" for n in range(300)),
    "invisible-and-rtl": "# T\n\n## S\n\n1. \u200bWhat\u200d is \u202eevil\u202c "
    "\u05e9\u05dc\u05d5\u05dd?\n",
    "strange-urls": f"{QUESTION}   [a](vbscript:msgbox) ![b](data:image/png;base64,AAAA)"
    " <a href='data:text/html,x'>c</a>\n",
    "crlf-and-tabs": "# T\r\n\r\n## S\r\n\r\n1.\tTabbed question?\r\n\t- **Tab**: indented\r\n",
    "huge-table": huge_table(300, 20),
}


@pytest.mark.parametrize("name", NASTY_GUIDES, ids=list(NASTY_GUIDES))
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
