"""The live preview: the page served, rebuilt and reloaded on save, errors shown, nothing left."""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from studyguide import cli, serve
from studyguide.build.pipeline import BuildReport, build
from studyguide.config import BuildConfig, flag_names
from studyguide.errors import Finding, GuideError
from studyguide.formats import REGISTRY
from studyguide.serve import (
    Preview,
    PreviewHandler,
    PreviewServer,
    address,
    build_command,
    watched,
    with_status_line,
)
from tests.conftest import EPOCH, ROOT, SMALL

WAIT = 240.0  # seconds: the machine that runs the tests may be shared and slow
Event = tuple[str, dict[str, object]]


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, as /proc lists them now."""
    found: set[int] = set()
    queue_ = [pid]
    while queue_:
        current = queue_.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(children)
            queue_.extend(children)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Server:
    """`studyguide serve` in a process of its own, and what it has said."""

    def __init__(self, guide: Path, *flags: str) -> None:
        command = [
            sys.executable, "-m", "studyguide", "serve", str(guide), "--port", "0",
            "-o", str(guide.parent / "out"), "--config", str(guide.parent / "pyproject.toml"),
            *flags,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # so that a failed test can still clean up the whole group
        )
        self.lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.transcript: list[str] = []  # every line, also those waited past
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for_line(r"serving (http://\S+/)").group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.transcript.append(line)
            self.lines.put(line)

    def wait_for_line(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + WAIT
        said: list[str] = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, f"the server stopped: {''.join(said)}"
                continue
            said.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"never said {pattern!r}: {''.join(said)}")

    def get(self, path: str) -> tuple[str, bytes]:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=60) as response:
            return response.headers["Content-Type"], response.read()

    def page(self) -> str:
        return self.get("/")[1].decode("utf-8")

    def events(self) -> queue.SimpleQueue[Event]:
        """The server-sent events an open page receives, as they come."""
        received: queue.SimpleQueue[Event] = queue.SimpleQueue()
        port = int(self.url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.request("GET", "/_studyguide/events?page=guide")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"

        def read() -> None:
            name = ""
            try:
                for raw in response:
                    line = raw.decode("utf-8").rstrip("\n")
                    if line.startswith("event: "):
                        name = line.removeprefix("event: ")
                    elif line.startswith("data: "):
                        received.put((name, json.loads(line.removeprefix("data: "))))
            except OSError:
                pass  # the server stopped
            finally:
                connection.close()

        threading.Thread(target=read, daemon=True).start()
        return received

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exception: object) -> None:
        if self.process.poll() is None:  # a failed test: leave nothing running
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()


def wait_for_event(events: queue.SimpleQueue[Event], wanted: str, text: str = "") -> Event:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            name, data = events.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if name == wanted and text in str(data.get("html", "")):
            return name, data
    raise AssertionError(f"no {wanted} event with {text!r}")


@pytest.fixture
def guide(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "guide.md"
    path.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    yield path


def save(path: Path, text: str) -> None:
    """Save as an editor does: to a file beside it, renamed over the guide."""
    beside = path.with_name(f".{path.name}.saving")
    beside.write_text(text, encoding="utf-8")
    beside.replace(path)


def test_the_page_follows_the_guide_and_nothing_outlives_the_server(guide: Path) -> None:
    seen: set[int] = set()
    with Server(guide, "--format", "pdf") as server:
        first = server.page()
        assert "What does <code>yield</code> do in a function?" in first
        assert 'id="studyguide-status"' in first
        assert "EventSource" in first
        events = server.events()
        assert wait_for_event(events, "status")

        # A saved change: the open page is told to reload, and the new text is served.
        text = guide.read_text(encoding="utf-8")
        save(guide, text.replace("a list and a tuple", "a list and a frozen set"))
        wait_for_event(events, "reload")
        assert "a list and a frozen set" in server.page()
        # Then the PDF, built in the background, is linked from the status line.
        _, ready = wait_for_event(events, "status", "guide.pdf")
        link = re.search(r'href="(/guide\.pdf[^"]*)"', str(ready["html"]))
        assert link
        kind, pdf = server.get(link.group(1))
        assert kind == "application/pdf"
        assert pdf.startswith(b"%PDF")

        # A broken guide: the last good page stays, with the error on it.
        broken = "---\ntitle: [unclosed\n---\n" + text.replace("a list and a tuple", "a dict")
        save(guide, broken)
        _, failed = wait_for_event(events, "status", "invalid YAML front matter")
        assert failed["error"] is True
        page = server.page()
        assert "a list and a frozen set" in page
        assert "guide.md:2: invalid YAML front matter" in page.replace("&#x27;", "'")
        assert "a dict" not in page

        # Mended: rebuilt again; stopped while its PDF is laid out, it leaves nothing behind.
        save(guide, text.replace("a list and a tuple", "a list and a deque"))
        wait_for_event(events, "reload")
        assert "a list and a deque" in server.page()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not seen:
            seen |= descendants(server.process.pid)
            time.sleep(0.02)
        assert seen, "the PDF was never built in the background"
        for _ in range(20):  # and the workers it forks
            seen |= descendants(server.process.pid)
            time.sleep(0.02)
        assert server.stop() == 0
        still = [pid for pid in seen if running(pid)]
        assert not still, f"processes outlived the server: {still}"


def test_the_port_must_be_free(guide: Path) -> None:
    with Server(guide, "--format", "html") as server:
        port = server.url.rsplit(":", 1)[1].strip("/")
        taken = subprocess.run(
            [sys.executable, "-m", "studyguide", "serve", str(guide), "--port", port,
             "-o", str(guide.parent / "out"), "--format", "html"],
            cwd=ROOT, capture_output=True, text=True, timeout=WAIT, check=False,
        )  # fmt: skip
        assert taken.returncode == 1
        assert f"cannot serve on 127.0.0.1:{port}" in taken.stderr
        assert "Traceback" not in taken.stderr
        assert server.stop() == 0


def test_only_what_a_build_reads_is_watched(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    config = BuildConfig(source=tmp_path / "guide.md", output=tmp_path / "out")
    folders = watched(config, tmp_path / "pyproject.toml")

    def wakes(path: Path) -> bool:
        return any(
            (path.parent == folder or (below and path.is_relative_to(folder))) and read(path)
            for folder, read, below in folders
        )

    assert wakes(tmp_path / "guide.md")
    assert wakes(tmp_path / "images" / "diagram.png")
    assert wakes(tmp_path / "pyproject.toml")
    assert not wakes(tmp_path / "build.log")  # a log beside the guide
    assert not wakes(tmp_path / "sub" / "pyproject.toml")
    assert not wakes(tmp_path / "out" / "guide.md")  # what the build itself writes
    assert wakes(ROOT / "styles" / "screen.css")
    assert wakes(ROOT / "layouts" / "guide.html")
    assert not wakes(ROOT / "styles" / "screen.css~")


def test_the_status_line_is_added_to_the_served_copy_only() -> None:
    preview = Preview(("pdf", "epub"))
    preview.update(page_built="10:00:00", others="ready", generation=3)
    page = with_status_line("<html><body><p>Hi</p></body></html>", "guide", preview)
    assert page.index("<p>Hi</p>") < page.index("studyguide-status") < page.index("</body>")
    assert '<a href="/guide.pdf?v=3">PDF</a>' in page
    assert '<a href="/guide.epub?v=3">EPUB</a>' in page
    preview.update(error="guide.md:3: <bad> — fix it")
    assert "guide.md:3: &lt;bad&gt; — fix it" in preview.status_line("guide")


def test_the_status_line_names_and_links_every_format_the_background_build_makes() -> None:
    others = tuple(name for name in sorted(REGISTRY) if name != "html")
    preview = Preview(others)
    preview.update(page_built="10:00:00", others="building")
    assert "flashcards" in preview.status_line("guide")
    preview.update(others="ready", generation=1)
    line = preview.status_line("guide")
    for name in others:
        assert f'href="/{REGISTRY[name].file_names("guide")[0]}?v=1"' in line
    assert ">Anki deck</a>" in line


def every_setting(folder: Path) -> dict[str, object]:
    """A value for each of BuildConfig's settings but the source, none of them its default."""
    theme = folder / "theme"
    theme.mkdir()
    values: dict[str, object] = {
        "output": folder / "out",
        "formats": ("html", "pdf", "epub"),
        "paper": "letter",
        "cheatsheet_min_font": 5.5,
        "cheatsheet_per_section": True,
        "cheatsheet_one_page": True,
        "cards_per_page": 6,
        "no_answer_key": True,
        "language": "de",
        "author": "Ada Lovelace",
        "subtitle": "Notes for the oral exam",
        "max_guide_mb": 5.0,
        "max_image_mb": 4.0,
        "layout_timeout": 240.0,
        "read_timeout": 200.0,
        "theme": theme,
    }
    settings = [item for item in fields(BuildConfig) if item.name != "source"]
    assert sorted(values) == sorted(item.name for item in settings), "give the new setting a value"
    assert [item.name for item in settings if values[item.name] == item.default] == []
    return values


def as_flags(values: dict[str, object]) -> list[str]:
    """Settings as a person types them: each one's flag, and its value unless it is a switch."""
    typed: list[str] = []
    for name, value in values.items():
        flag = flag_names(name)[-1]
        if value is True:
            typed.append(flag)
        elif isinstance(value, tuple):
            typed += [flag, ",".join(value)]
        else:
            typed += [flag, str(value)]
    return typed


def config_of(command: list[str]) -> BuildConfig:
    """The config a `studyguide build` command line makes, read as the command line reads it."""
    arguments = cli.parser().parse_args(command[command.index("build") :])
    return cli._config(arguments)


def test_the_background_build_command_carries_every_setting(tmp_path: Path) -> None:
    values = every_setting(tmp_path)
    config = BuildConfig(source=tmp_path / "guide.md", **values)  # type: ignore[arg-type]
    command = build_command(config, tmp_path / "pyproject.toml")
    assert config_of(command) == config
    # A value that looks like a flag is still the value.
    dashed = replace(config, author="-ada", cheatsheet_one_page=False)
    assert config_of(build_command(dashed, tmp_path / "pyproject.toml")) == dashed


def background_command(server: Server) -> list[str]:
    """The command line of the `studyguide build` the server runs in the background."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for pid in descendants(server.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
            except OSError:
                continue
            if "studyguide" in command and "build" in command:
                return [part for part in command if part]
        time.sleep(0.01)
    raise AssertionError("no build was started in the background")


def test_the_background_build_has_every_setting_serve_was_given(
    guide: Path, tmp_path: Path
) -> None:
    values = every_setting(tmp_path)
    with Server(guide, *as_flags(values)) as server:
        command = background_command(server)
        server.wait_for_line(r"pdf, epub built in")
        assert server.stop() == 0
    background = {**values, "formats": ("pdf", "epub")}  # the page is built by serve itself
    assert config_of(command) == BuildConfig(source=guide, **background)  # type: ignore[arg-type]

    out = tmp_path / "out"
    pdf = PdfReader(out / "guide.pdf")
    assert pdf.metadata is not None and pdf.metadata.author == "Ada Lovelace"
    first = pdf.pages[0]
    assert (float(first.mediabox.width), float(first.mediabox.height)) == (612, 792)  # letter
    assert "Notes for the oral exam" in first.extract_text()
    with zipfile.ZipFile(out / "guide.epub") as epub:
        package = etree.fromstring(epub.read("EPUB/content.opf"))
        title_page = epub.read("EPUB/title.xhtml").decode("utf-8")
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert package.xpath("//dc:creator/text()", namespaces=dc) == ["Ada Lovelace"]
    assert package.xpath("//dc:language/text()", namespaces=dc) == ["de"]
    assert "Notes for the oral exam" in title_page


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[PreviewServer]:
    """The preview's HTTP server alone, in this process, serving tmp_path/out for guide 'g'."""
    output = tmp_path / "out"
    output.mkdir()
    (output / "g.html").write_text("<html><body><p>The page</p></body></html>")
    (output / "g.pdf").write_bytes(b"%PDF-1.7 the print edition")
    preview = Preview(("pdf",))
    preview.pages = ("g",)
    server = PreviewServer(("127.0.0.1", 0), preview, output)
    # Polled often, so that shutdown() returns at once rather than within half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server
    preview.close()
    server.shutdown()
    server.server_close()


def ask(
    server: PreviewServer, path: str, method: str = "GET", host: str | None = None
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    headers = {"Host": host} if host is not None else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    response.read()  # so that the body is in, and the connection may close
    connection.close()
    return response


def body(server: PreviewServer, path: str) -> tuple[int, bytes]:
    with contextlib.closing(
        http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    ) as connection:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()


def test_a_guide_with_a_chinese_name_is_redirected_to_in_percent_encoding(
    local_server: PreviewServer,
) -> None:
    # A header is Latin-1: the redirect to '面试题.html' crashed the request.
    (local_server.output / "面试题.html").write_text("<html><body>面试题</body></html>")
    local_server.preview.pages = ("面试题",)
    response = ask(local_server, "/")
    assert response.status == 302
    location = response.getheader("Location")
    assert location == "/%E9%9D%A2%E8%AF%95%E9%A2%98.html"
    status, page = body(local_server, location)
    assert status == 200
    assert "面试题" in page.decode("utf-8")
    local_server.preview.pages = ("面试题", "g")
    assert 'href="/%E9%9D%A2%E8%AF%95%E9%A2%98.html"' in body(local_server, "/")[1].decode()


def test_a_line_break_in_a_guides_name_starts_no_header(local_server: PreviewServer) -> None:
    local_server.preview.pages = ("x\r\nSet-Cookie: stolen=1\r\nX-Injected: 1",)
    response = ask(local_server, "/")
    assert response.status == 302
    assert response.getheader("Set-Cookie") is None
    assert response.getheader("X-Injected") is None
    assert "\r" not in response.getheader("Location", "\r")
    assert response.getheader("Location", "").startswith("/x%0D%0ASet-Cookie")


def test_only_the_files_the_build_writes_are_served_and_never_through_a_link(
    local_server: PreviewServer,
) -> None:
    output = local_server.output
    assert body(local_server, "/g.pdf") == (200, b"%PDF-1.7 the print edition")
    (output / "notes.txt").write_text("not something a build writes")
    (output / "g.md").symlink_to("/etc/passwd")
    (output / "g.epub").write_bytes(b"an EPUB, but this preview builds no EPUB")
    for path in ("/notes.txt", "/g.md", "/g.epub", "/../out/g.pdf", "/%2e%2e/out/g.pdf",
                 "/g.pdf%00", "/.studyguide-build.json"):  # fmt: skip
        status, content = body(local_server, path)
        assert status == 404, path
        assert b"root:" not in content
    (output / "g.pdf").unlink()
    (output / "g.pdf").symlink_to("/etc/passwd")
    assert body(local_server, "/g.pdf")[0] == 404
    (output / "g.html").unlink()
    (output / "g.html").symlink_to("/etc/passwd")
    status, page = body(local_server, "/g.html")
    assert status == 200  # the status line alone, as before the first build
    assert b"root:" not in page
    assert b"studyguide-status" in page


@pytest.mark.parametrize(
    ("host", "status"),
    [
        (None, 200),  # a client that is not a browser may leave it out
        ("localhost", 200),
        ("127.0.0.1", 200),
        ("127.0.0.1:8000", 200),
        ("[::1]:8000", 200),
        ("LOCALHOST.", 200),
        ("attacker.example", 403),  # a page that turned its own name into 127.0.0.1
        ("attacker.example:8000", 403),
        ("localhost.attacker.example", 403),
    ],
)
def test_a_request_must_call_the_server_by_its_own_name(
    local_server: PreviewServer, host: str | None, status: int
) -> None:
    assert ask(local_server, "/g.html", host=host).status == status
    assert ask(local_server, "/_studyguide/events?page=g", "HEAD", host=host).status == status


def test_head_gives_the_headers_without_the_body(local_server: PreviewServer) -> None:
    response = ask(local_server, "/g.pdf", "HEAD")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Length") == str(len(b"%PDF-1.7 the print edition"))
    connection = http.client.HTTPConnection("127.0.0.1", local_server.server_port, timeout=30)
    connection.request("HEAD", "/g.html")
    head = connection.getresponse()
    assert head.status == 200
    assert int(head.getheader("Content-Length", "0")) > 0
    assert head.read() == b""
    connection.close()
    assert ask(local_server, "/missing.pdf", "HEAD").status == 404
    events = ask(local_server, "/_studyguide/events?page=g", "HEAD")  # ends, unlike a GET
    assert events.getheader("Content-Type") == "text/event-stream"


def test_many_requests_at_once_are_answered_while_idle_connections_wait(
    local_server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = local_server.server_port
    idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(100)]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(200) as pool:
        answers = list(pool.map(lambda _: body(local_server, "/g.pdf")[0], range(200)))
    assert answers == [200] * 200
    assert time.monotonic() - started < 10  # a backlog of 5 made some wait many seconds
    for connection in idle:
        connection.close()
    # A connection that says nothing is closed once its time is up, and frees its thread: the
    # time is the handler's (seconds), here shortened so that the test need not wait them out.
    assert PreviewHandler.timeout is not None and 0 < PreviewHandler.timeout <= 60
    monkeypatch.setattr(PreviewHandler, "timeout", 0.5)
    silent = socket.create_connection(("127.0.0.1", port), timeout=0.5 + 20)
    assert silent.recv(1) == b""
    silent.close()


def test_the_preview_serves_ipv6(guide: Path) -> None:
    with Server(guide, "--format", "html", "--host", "::1") as server:
        assert re.fullmatch(r"http://\[::1\]:[1-9]\d*/", server.url)
        with urllib.request.urlopen(server.url + "guide.html", timeout=60) as response:
            assert b"What does <code>yield</code> do" in response.read()
        assert server.stop() == 0


def test_every_interface_is_served_with_a_warning_and_an_address_to_click(guide: Path) -> None:
    with Server(guide, "--format", "html", "--host", "0.0.0.0") as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*/", server.url)  # the real port
        assert "What does <code>yield</code> do" in server.page()
        assert server.stop() == 0
    said = "".join(server.transcript)
    assert "studyguide: warning: serving on every network interface" in said
    assert "from other machines: http://" in said


def test_an_address_that_is_not_this_machines_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(GuideError, match=r"cannot serve on no-such-host\.invalid: not an add"):
        PreviewServer(("no-such-host.invalid", 0), Preview(()), tmp_path)
    assert address("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert address("::", 8000) == "http://[::1]:8000/"
    assert address("fe80::1", 8000) == "http://[fe80::1]:8000/"


def test_a_save_inside_a_section_is_read_alone_and_a_new_heading_reads_the_whole_guide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = tmp_path / "g.md"
    text = "# T\n\n## A\n\n1. Why?\n   - **Because**: it is.\n\n## B\n\n1. How?\n   - **So**: so.\n"
    guide.write_text(text, encoding="utf-8")
    config = BuildConfig(source=guide, output=tmp_path / "out", formats=("html",), language="en")
    said: list[str] = []
    rebuilder = serve.Rebuilder(
        lambda: config, tmp_path / "pyproject.toml", Preview(()), said.append
    )
    rebuilder.rebuild()
    whole_builds: list[BuildConfig] = []

    def whole_build(config: BuildConfig, warn: Callable[[Finding], None]) -> BuildReport:
        whole_builds.append(config)
        return build(config, warn)

    monkeypatch.setattr(serve, "build", whole_build)

    guide.write_text(text.replace("it is.", "it is, as it was."), encoding="utf-8")
    rebuilder.rebuild()
    assert whole_builds == [] and said[-1].startswith("page rebuilt")
    assert "as it was" in (tmp_path / "out" / "g.html").read_text(encoding="utf-8")

    guide.write_text(text + "\n## C\n\n1. When?\n   - **Now**: now.\n", encoding="utf-8")
    rebuilder.rebuild()
    assert len(whole_builds) == 1 and said[-1].startswith("page rebuilt")
    assert "When?" in (tmp_path / "out" / "g.html").read_text(encoding="utf-8")
