"""A costly, pure answer's question -> the answer, kept on disk beside the build's record.

Some steps of a build are pure functions of their input that cost noticeable time: the web
page's font subsets (the faces cut to the characters a guide uses) and the language of a
Latin-script guide (a statistical model to load). Their answers are kept in the output folder,
in ``.studyguide-memo/``, one file per answer named by the kind of answer and the SHA-256 of its
question, so that the next build, and the live preview's next save, find them.

An answer found on disk is used only when its own SHA-256, written before it, matches: an
entry cut short or damaged is removed and computed again, never trusted. Answers are named
with a key of this machine's (``this_machine``): a memo that came from elsewhere, as with a
cloned project's committed output folder, is never used. New answers are kept
in memory until the build has written its files (``keep``): a failed build leaves the output
folder as it was. Each is written to a temporary file beside it and renamed into place, so a
build killed while writing leaves no half-written entry; a folder that cannot be written only
means the answer is computed again next time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from studyguide.build import writer

FOLDER = ".studyguide-memo"
HEADER = b"studyguide memo 1\n"
PREFIX = ".studyguide-"  # each entry a hidden file, as the build's own record is
MOST_OF_A_KIND = 64  # past this many answers of one kind, the least recently made go
KEY_BYTES = 32


def cache_folder() -> Path:
    """Where studyguide keeps what it derives from its own libraries for every project (the
    language model unpacked, the layouts compiled): ``$XDG_CACHE_HOME/studyguide``, else
    ``~/.cache/studyguide``. Only studyguide writes there, never from a guide's content."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "studyguide"


@functools.cache
def this_machine() -> bytes:
    """A random key, made once for the user and kept in the cache folder, that every answer's
    name is hashed with: answers kept by another machine (a memo committed with a cloned
    project's output folder, say) are never taken for this one's, however well made. Without
    a cache folder to keep it in, a key for this process alone."""
    kept = cache_folder() / "memo-key"
    for _ in range(3):  # read it; else make it (unless another build just did), and read it
        try:
            key: bytes | None = kept.read_bytes()
        except OSError:
            key = None
        if key is not None and len(key) == KEY_BYTES:
            return key
        with contextlib.suppress(OSError):
            if key is not None:
                kept.unlink()  # cut short: made anew
            kept.parent.mkdir(parents=True, exist_ok=True)
            made = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(made, "wb") as stream:
                stream.write(secrets.token_bytes(KEY_BYTES))
    return secrets.token_bytes(KEY_BYTES)


def question_key(kind: str, *parts: bytes) -> str:
    """The name an answer is kept under: the kind, and the hash of every part of its question
    (with this machine's key)."""
    digest = hashlib.sha256(this_machine())
    digest.update(kind.encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return f"{kind}-{digest.hexdigest()}"


class Memo:
    """The answers kept in one output folder; ``Memo(None)`` keeps nothing."""

    def __init__(self, output: Path | None) -> None:
        self.folder = output / FOLDER if output is not None else None
        self.made: dict[str, bytes] = {}  # answers computed by this build, not yet on disk
        self._lock = threading.Lock()

    def answer(self, kind: str, parts: tuple[bytes, ...], make: Callable[[], bytes]) -> bytes:
        """The answer to a question: kept from an earlier build, made by this one, or ``make()``."""
        key = question_key(kind, *parts)
        with self._lock:
            if key in self.made:
                return self.made[key]
        found = self.kept(key)
        if found is None:
            found = make()
            self.made_now(key, found)
        return found

    def shelf(self, kind: str, name: str) -> Shelf:
        """Many small answers of one kind made for one thing (the HTML of a guide's fragments),
        kept together under its name."""
        return Shelf(self, question_key(kind, name.encode()))

    def kept(self, key: str) -> bytes | None:
        """The answer an earlier build kept under a key, if it is whole."""
        if self.folder is None:
            return None
        path = self.folder / f"{PREFIX}{key}"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if data.startswith(HEADER):
            stated, _, answer = data[len(HEADER) :].partition(b"\n")
            if hashlib.sha256(answer).hexdigest().encode() == stated:
                return answer
        with contextlib.suppress(OSError):
            path.unlink()  # damaged: made again, and kept anew
        return None

    def made_now(self, key: str, answer: bytes) -> None:
        """An answer this build made, kept with the build."""
        with self._lock:
            self.made[key] = answer

    def keep(self) -> None:
        """Write the answers this build made into the output folder, each atomically."""
        if self.folder is None or not self.made:
            return
        with self._lock:
            made, self.made = self.made, {}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, answer in sorted(made.items()):
                _write(self.folder / f"{PREFIX}{key}", answer)
            for kind in sorted({key.rsplit("-", 1)[0] for key in made}):
                _forget_the_oldest(self.folder, kind)
        except OSError:
            return  # a folder that refuses costs the next build the time, nothing more


class Shelf:
    """Answers by their question's key, all kept in one entry of the memo: those a build used
    are what the next build finds (an answer no longer asked for goes with the build that
    stops asking). Each answer is still a pure function of its key: a shelf is only a way of
    keeping thousands of small answers without a file each."""

    def __init__(self, memo: Memo, key: str) -> None:
        self.memo = memo
        self.key = key
        self.used: dict[str, str] = {}  # by this build (a book's chapters, one after another)

    def recalled(self, keys: Sequence[str]) -> dict[str, str]:
        """The answers kept for some of the keys."""
        kept = self.memo.kept(self.key)
        try:
            found: object = json.loads(kept) if kept else {}
        except ValueError:
            return {}
        if not isinstance(found, dict):
            return {}
        return {key: found[key] for key in keys if isinstance(found.get(key), str)}

    def remember(self, answers: dict[str, str]) -> None:
        """Answers this build used, kept with those it used before (another chapter's) when
        the build is (``Memo.keep``)."""
        self.used.update(answers)
        data = json.dumps(self.used, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self.memo.made_now(self.key, data)


def _write(path: Path, answer: bytes) -> None:
    """An answer kept with the hash that vouches for it when it is read back."""
    writer.replace_atomically(
        path, HEADER + hashlib.sha256(answer).hexdigest().encode() + b"\n" + answer
    )


def _forget_the_oldest(folder: Path, kind: str) -> None:
    """Keep the newest answers of a kind: a guide edited for months makes many font subsets."""
    entries = []
    for path in folder.glob(f"{PREFIX}{kind}-*"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path.name, path))
    for *_, path in sorted(entries, reverse=True)[MOST_OF_A_KIND:]:
        path.unlink(missing_ok=True)
