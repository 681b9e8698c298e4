"""Saved files -> a rebuilt web page, reloaded in the browser: the live preview, `studyguide serve`.

The web page comes first: when the guide, an image beside it, a layout, a style or the
settings change, this process (warm, with everything imported) rebuilds the page and tells
every open copy of it to reload, over server-sent events. Of a guide file it read before, it
reads again only the sections a save changed (read/patch.py), unless the outline changed.
The other formats follow in a `studyguide build` process of their own, which a newer change
cancels, so that the server never waits on WeasyPrint; the page's status line links to the
fresh PDF once it is written.
A guide with an error keeps the last good page and shows the error on it.

Everything is written to the output folder exactly as `studyguide build` writes it (the same
cache, the same bytes); only the copy of the page that is served carries the status line.
"""

from __future__ import annotations

import contextlib
import errno
import html
import http.server
import ipaddress
import json
import mimetypes
import os
import queue
import signal
import socket
import socketserver
import stat
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote, urlsplit

import watchfiles

from studyguide.build.pipeline import BuildReport, build, build_page_again
from studyguide.config import BuildConfig, arguments
from studyguide.errors import Finding, GuideError
from studyguide.format import markdown_name
from studyguide.formats import REGISTRY
from studyguide.model import IMAGE_TYPES
from studyguide.read.sources import GUIDE_SUFFIXES, find_guides, guide_name
from studyguide.render.theme import KINDS, default_folder

if TYPE_CHECKING:
    from studyguide.read.patch import Parsed  # imported with the reading stack, when read

EVENTS = "/_studyguide/events"
HEARTBEAT = 15.0  # seconds between comments on an idle event stream, to notice closed pages
# Files editors write beside the one being saved; they change nothing a build reads.
EDITOR_LEFTOVERS = (".swp", ".swx", ".swo", ".tmp", "~")


@dataclass(frozen=True)
class Status:
    """What the page's status line says."""

    page_built: str = ""  # when the last good page was built, "" before the first
    error: str = ""  # the one-line error of the last attempt, "" when it succeeded
    others: str = ""  # what the background build is doing: "building", "ready" or ""
    others_error: str = ""  # the background build's own error, when it failed
    generation: int = 0  # counts the background builds, so that links to new PDFs are new


class Preview:
    """The state every open page shows, and the pages to tell when it changes."""

    def __init__(self, formats: tuple[str, ...]) -> None:
        self.formats = formats  # the formats the background build makes, besides the page
        self.status = Status()
        self.pages: tuple[str, ...] = ()  # the guides' names, each served as NAME.html
        self._lock = threading.Lock()
        self._listeners: list[queue.SimpleQueue[str | None]] = []

    def update(self, **changes: str | int) -> None:
        with self._lock:
            self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self._tell("status")

    def reload(self) -> None:
        self._tell("reload")

    def _tell(self, event: str | None) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener.put(event)

    @contextlib.contextmanager
    def listening(self) -> Iterator[queue.SimpleQueue[str | None]]:
        """A queue of the events for one open page, for as long as it stays open."""
        listener: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        with self._lock:
            self._listeners.append(listener)
        try:
            yield listener
        finally:
            with self._lock:
                self._listeners.remove(listener)

    def close(self) -> None:
        """End every event stream, so that the server can stop."""
        self._tell(None)

    def status_line(self, page: str) -> str:
        """The status line of one guide's page, as HTML."""
        status = self.status
        if status.error:
            return f"<strong>Error:</strong> {html.escape(status.error)}"
        parts = [f"Page built {status.page_built}" if status.page_built else "Building the page"]
        if status.others_error:
            parts.append(f"<strong>Error:</strong> {html.escape(status.others_error)}")
        elif status.others == "building":
            parts.append(f"{', '.join(REGISTRY[f].label for f in self.formats)}: building…")
        elif status.others == "ready":
            links = (
                f'<a href="/{html.escape(quote(file_name(name, page)))}?v={status.generation}">'
                f"{REGISTRY[name].label}</a>"
                for name in self.formats
            )
            parts.append(f"ready: {', '.join(links)}")
        return " · ".join(parts)


class FormatBuilds:
    """The formats besides the web page, built by one `studyguide build` process at a time."""

    def __init__(self, preview: Preview, say: Callable[[str], None]) -> None:
        self.preview = preview
        self.say = say
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._generation = 0
        self._closed = False  # once the server stops, no build starts again

    def restart(self, config: BuildConfig, settings: Path) -> None:
        """Cancel the build under way, if any, and start one for the guide as it is now."""
        if not self.preview.formats:
            return
        command = build_command(replace(config, formats=self.preview.formats), settings)
        with self._lock:
            self._stop_locked()
            if self._closed:
                return
            self._generation += 1
            # A session of its own: Ctrl-C in the terminal reaches only the server, which then
            # stops the build and its workers as one process group.
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
            )
            self._process = process
            generation = self._generation
        self.preview.update(others="building", others_error="")
        threading.Thread(
            target=self._finish, args=(process, generation, time.perf_counter()), daemon=True
        ).start()

    def _finish(self, process: subprocess.Popen[bytes], generation: int, started: float) -> None:
        _, errors = process.communicate()
        with self._lock:
            if process is not self._process:
                return  # cancelled by a newer change
            self._process = None
        if process.returncode == 0:
            self.say(
                f"{', '.join(self.preview.formats)} built in {time.perf_counter() - started:.1f} s"
            )
            self.preview.update(others="ready", others_error="", generation=generation)
            return
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        reason = next((line for line in reversed(lines) if "error:" in line), "")
        reason = reason.removeprefix("studyguide: error: ") or (
            lines[-1] if lines else f"the build stopped (exit status {process.returncode})"
        )
        self.say(f"studyguide: error: {reason}")
        self.preview.update(others="", others_error=reason)

    def cancel(self) -> None:
        """Stop the build under way, which a change has made out of date, to free its cores."""
        with self._lock:
            self._stop_locked()

    def stop(self) -> None:
        """Stop the build under way, its workers included, and start none again."""
        with self._lock:
            self._closed = True
            self._stop_locked()

    def _stop_locked(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # Workers that outlived their build for a moment still belong to its group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


class Rebuilder:
    """Rebuilds the page whenever a watched file changes, then starts the other formats."""

    def __init__(
        self,
        configure: Callable[[], BuildConfig],
        settings: Path,
        preview: Preview,
        say: Callable[[str], None],
    ) -> None:
        self.configure = configure
        self.settings = settings
        self.preview = preview
        self.say = say
        self.others = FormatBuilds(preview, say)
        self.changed = threading.Event()
        self.stopping = threading.Event()
        # The guide file last read, and the settings it was read with: the next save reads
        # only the sections it changed.
        self.last_read: tuple[BuildConfig, Parsed] | None = None

    def rebuild(self) -> None:
        """The web page now, in this process; the other formats in the background."""
        started = time.perf_counter()
        self.others.cancel()  # the page first, on every core
        try:
            config = self.configure()
            guides = find_guides(config.source)
            self.preview.pages = tuple(guide_name(s) for s in guides)
            report = self._build_page(replace(config, formats=("html",)), guides)
        except GuideError as error:
            self.say(f"studyguide: error: {error}")
            self.preview.update(error=str(error))
            return
        except Exception as error:  # a bug: keep serving the last good page, and say so
            traceback.print_exc()
            self.preview.update(error=f"studyguide failed ({type(error).__name__}: {error})")
            return
        if report.written:
            self.say(f"page rebuilt in {time.perf_counter() - started:.2f} s")
            self.preview.update(error="", page_built=time.strftime("%H:%M:%S"))
            self.preview.reload()
        elif self.preview.status.error or not self.preview.status.page_built:
            self.preview.update(error="", page_built=time.strftime("%H:%M:%S"))
        self.others.restart(config, self.settings)

    def _build_page(self, config: BuildConfig, guides: list[Path]) -> BuildReport:
        """The page of each guide: of a single guide file read before with the same settings,
        only the sections changed since are read again."""
        last, self.last_read = self.last_read, None
        report = None
        if last is not None and last[0] == config and guides == [last[1].guide.source]:
            report = build_page_again(config, last[1], self._warn)
        if report is None:
            report = build(config, self._warn)
        if len(report.parsed) == 1 and len(guides) == 1:
            self.last_read = (config, report.parsed[0])
        return report

    def _warn(self, finding: Finding) -> None:
        self.say(f"studyguide: warning: {finding}")

    def run(self) -> None:
        """Rebuild after each burst of changes, until the server stops."""
        while True:
            self.changed.wait()
            if self.stopping.is_set():
                return
            self.changed.clear()
            self.rebuild()

    def watch(self, folder: Path, read: Callable[[Path], bool], *, recursive: bool) -> None:
        """Wake the rebuild whenever a file under ``folder`` that a build ``read``s changes."""

        def relevant(_: watchfiles.Change, path: str) -> bool:
            changed = Path(path)
            return not changed.name.startswith(".") and read(changed)

        for _ in watchfiles.watch(
            folder,
            watch_filter=relevant,
            stop_event=self.stopping,
            recursive=recursive,
            step=30,  # ms of quiet after a change before it is reported
            raise_interrupt=False,
        ):
            self.changed.set()

    def stop(self) -> None:
        self.stopping.set()
        self.changed.set()
        self.others.stop()


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves the files a build writes for the guides, each guide's page wearing the status
    line, to browsers that call it by one of its own names."""

    daemon_threads = True
    # The listen backlog: connections the system holds until a thread takes them. With the
    # default 5, a burst of requests waited seconds for the system to retry the rest.
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], preview: Preview, output: Path) -> None:
        self.address_family = address_family(address[0])
        self.preview = preview
        self.output = output
        self.names = own_names(address[0])
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6:  # "::" takes IPv4 connections too
            with contextlib.suppress(OSError, AttributeError):
                self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        # Not HTTPServer's own, which looks the machine's name up in DNS (seconds, offline).
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def files(self) -> set[str]:
        """The names of the files the build writes for the guides: all that is served."""
        formats = ("html", *self.preview.formats)
        return {
            *(file for page in self.preview.pages for name in formats
              for file in REGISTRY[name].file_names(page)),
            *(markdown_name(page) for page in self.preview.pages),
        }  # fmt: skip

    def answers(self, host: str | None) -> bool:
        """Whether a request's Host header names this server. A web page whose name a DNS
        server turns into this machine's address (DNS rebinding) names itself, and is not
        answered; an address is not a name, so it is answered."""
        if host is None:  # no browser leaves it out
            return True
        if host.startswith("[") and "]" in host:  # an IPv6 address: "[::1]:8000"
            name = host[1 : host.index("]")]
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        name = name.rstrip(".").lower()
        with contextlib.suppress(ValueError):
            ipaddress.ip_address(name)
            return True
        return name in self.names


def address_family(host: str) -> socket.AddressFamily:
    """IPv4 or IPv6, whichever the address given to --host is."""
    if not host:  # every IPv4 interface, as for Python's own servers
        return socket.AF_INET
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise GuideError(
            f"cannot serve on {host}: not an address of this machine ({error.strerror})",
            "give --host an address such as 127.0.0.1, ::1 or 0.0.0.0",
        ) from error
    return found[0][0]


def own_names(host: str) -> frozenset[str]:
    """The names a browser may call the server by: 'localhost', the name given to --host,
    and, when it listens on every interface, this machine's names."""
    names = {"localhost", host.lower().rstrip(".")}
    if host in EVERY_INTERFACE:
        machine = socket.gethostname().lower()
        names |= {machine, f"{machine}.local", machine.split(".")[0]}
    return frozenset(names)


EVERY_INTERFACE = {"0.0.0.0", "::", ""}  # what the user asked for, and is warned about


def address(host: str, port: int) -> str:
    """The address to open in a browser, for a server listening on ``host``."""
    if host in EVERY_INTERFACE:
        host = "::1" if ":" in host else "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """One request: a guide's page, a built file, or the stream of events for an open page."""

    server: PreviewServer
    # Seconds a connection may stay silent: one opened and left idle frees its thread then.
    timeout = 10

    def do_GET(self) -> None:
        if not self.server.answers(self.headers.get("Host")):
            self.send_error(403, "Not this server's name", "open the address studyguide printed")
            return
        url = urlsplit(self.path)
        name = unquote(url.path).removeprefix("/")
        preview = self.server.preview
        if url.path == EVENTS:
            page = parse_qs(url.query).get("page", [""])[0]
            self._events(page)
        elif not name and len(preview.pages) == 1:
            self._redirect(f"/{file_name('html', preview.pages[0])}")
        elif not name:
            self._send(_index(preview), "text/html; charset=utf-8")
        elif name.removesuffix(".html") in preview.pages and name.endswith(".html"):
            self._page(name.removesuffix(".html"))
        elif name in self.server.files() and (body := self._built(name)) is not None:
            self._send(body, mimetypes.guess_type(name)[0] or "application/octet-stream")
        else:
            self.send_error(404, "Not built (yet)")

    def do_HEAD(self) -> None:
        self.do_GET()  # the same headers; _send and the event stream write no body

    def _built(self, name: str) -> bytes | None:
        """A file in the output folder, if it is one the build could have written: never
        through a link, which anyone who can write to the folder could point anywhere."""
        try:
            descriptor = os.open(self.server.output / name, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as stream:
            return stream.read() if stat.S_ISREG(os.fstat(descriptor).st_mode) else None

    def _page(self, page: str) -> None:
        built = self._built(file_name("html", page))
        document = (
            built.decode("utf-8", "replace")
            if built is not None  # else no good page yet: only the status line, with the error
            else "<!DOCTYPE html><html><head><title>"
            f"{html.escape(page)}</title></head><body></body></html>"
        )
        self._send(
            with_status_line(document, page, self.server.preview).encode(),
            "text/html; charset=utf-8",
        )

    def _events(self, page: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command == "HEAD":
            return
        preview = self.server.preview
        with preview.listening() as events, contextlib.suppress(OSError):
            self._event("status", _status_json(preview, page))
            while True:
                try:
                    event = events.get(timeout=HEARTBEAT)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    continue
                if event is None:
                    return
                self._event(event, _status_json(preview, page) if event == "status" else "{}")

    def _event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        # Percent-encoded: a header is Latin-1 ('面试题.html' could not be sent), and a line
        # break in a file's name must not start a header of its own.
        self.send_header("Location", quote(location))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a page reloading is not news; rebuilds and errors are printed instead


def _status_json(preview: Preview, page: str) -> str:
    line = preview.status_line(page)
    return json.dumps({"html": line, "error": bool(preview.status.error)})


STATUS_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;z-index:10;margin:0;padding:.3em .8em;"
    "font:13px/1.4 system-ui,sans-serif;background:#f2f2ee;color:#222;border-top:1px solid #bbb"
)
ERROR_STYLE = "background:#fde8e6;color:#7a1208;border-top-color:#c8402f"
SCRIPT = """
(function () {
  var line = document.getElementById("studyguide-status");
  var events = new EventSource("%s?page=" + encodeURIComponent(line.dataset.page));
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    line.innerHTML = status.html;
    line.setAttribute("style", status.error ? "%s;%s" : "%s");
  });
})();
"""


def with_status_line(document: str, page: str, preview: Preview) -> str:
    """A built page with the status line and the script that reloads it, for the browser only."""
    style = f"{STATUS_STYLE};{ERROR_STYLE}" if preview.status.error else STATUS_STYLE
    script = SCRIPT % (EVENTS, STATUS_STYLE, ERROR_STYLE, STATUS_STYLE)
    addition = (
        f'<p id="studyguide-status" role="status" data-page="{html.escape(page)}" '
        f'style="{style}">{preview.status_line(page)}</p>\n'
        "<style>@media screen { body { margin-bottom: 3em } }\n"
        "@media print { #studyguide-status { display: none } }</style>\n"
        f"<script>{script}</script>\n"
    )
    end = document.rfind("</body>")
    end = end if end >= 0 else len(document)
    return document[:end] + addition + document[end:]


def _index(preview: Preview) -> bytes:
    links = "".join(
        f'<li><a href="/{html.escape(quote(file_name("html", page)))}">{html.escape(page)}</a></li>'
        for page in preview.pages
    )
    document = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>studyguide</title></head>"
        f"<body><h1>Guides</h1><ul>{links}</ul></body></html>"
    )
    return with_status_line(document, "", preview).encode()


def watched(config: BuildConfig, settings: Path) -> list[tuple[Path, Callable[[Path], bool], bool]]:
    """Each folder to watch, which of its files a build reads, and whether to watch below it.

    Only those files: a log or an editor's backup beside the guide must not set off a build.
    """
    guides = config.source if config.source.is_dir() else config.source.parent
    output = config.output.resolve()

    def guide_file(path: Path) -> bool:
        return path.suffix.lower() in {
            *GUIDE_SUFFIXES,
            *IMAGE_TYPES,
        } and not path.resolve().is_relative_to(output)

    def project_file(path: Path) -> bool:
        return not path.name.endswith(EDITOR_LEFTOVERS)

    folders: list[tuple[Path, Callable[[Path], bool], bool]] = [(guides, guide_file, True)]
    theme = [config.theme / kind for kind in KINDS]  # the project's own, then the defaults
    theme += [Path(str(default_folder(kind))) for kind in KINDS]
    folders += [(folder, project_file, True) for folder in dict.fromkeys(theme) if folder.is_dir()]
    if settings.parent.is_dir():
        folders.append((settings.parent, lambda path: path.name == settings.name, False))
    return folders


def serve(
    configure: Callable[[], BuildConfig],
    settings: Path,
    *,
    host: str,
    port: int,
    say: Callable[[str], None],
) -> None:
    """Serve the page until Ctrl-C, rebuilding it on every saved change."""
    config = configure()
    preview = Preview(tuple(name for name in config.formats if name != "html"))
    try:
        server = PreviewServer((host, port), preview, config.output)
    except OSError as error:
        taken = error.errno in {errno.EADDRINUSE, errno.EACCES}  # or below 1024, for root only
        raise GuideError(
            f"cannot serve on {address(host, port).removeprefix('http://').rstrip('/')} "
            f"({error.strerror or error})",
            "choose another port with --port (0: any free one)"
            if taken
            else "choose another address with --host, such as 127.0.0.1",
        ) from error
    rebuilder = Rebuilder(configure, settings, preview, say)
    # Ctrl-C stops the server, workers included, even where the shell that started it in the
    # background told it to ignore SIGINT; SIGTERM does the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    threads = [threading.Thread(target=rebuilder.run, daemon=True)]
    threads += [
        threading.Thread(
            target=rebuilder.watch, args=(folder, read), kwargs={"recursive": deep}, daemon=True
        )
        for folder, read, deep in watched(config, settings)
    ]
    try:
        rebuilder.rebuild()
        for thread in threads:
            thread.start()
        if host in EVERY_INTERFACE:
            say(
                "studyguide: warning: serving on every network interface: anyone who can reach "
                "this machine can read the guides and their outputs (--host 127.0.0.1 keeps "
                "them to this machine)"
            )
            say(
                f"serving {address(host, server.server_port)} (from other machines: "
                f"http://{socket.gethostname()}:{server.server_port}/; Ctrl-C stops)"
            )
        else:
            say(f"serving {address(host, server.server_port)} (Ctrl-C stops)")
        server.serve_forever()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        rebuilder.stop()
        preview.close()
        server.server_close()
        # The page being rebuilt, if any, is finished, so that no pandoc outlives the server.
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=30)
        rebuilder.others.stop()


def build_command(config: BuildConfig, settings: Path) -> list[str]:
    """The `studyguide build` that makes a config's formats, with every one of its settings."""
    build = [sys.executable, "-m", "studyguide", "build", *arguments(config)]
    return [*build, "--config", str(settings), "--quiet"]


def file_name(format_name: str, guide_name: str) -> str:
    """The first file a format writes for a guide: the one the page links to."""
    return REGISTRY[format_name].file_names(guide_name)[0]
