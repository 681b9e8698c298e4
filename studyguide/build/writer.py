"""Files made in memory -> the same files in the output folder, all of them or none.

Each file goes to a temporary file beside the place it is for and is renamed into place (a
rename within a folder is atomic), under an exclusive lock on the folder, so that two builds
write one at a time and a build killed while writing leaves temporaries, never half a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.errors import GuideError

if TYPE_CHECKING:
    from studyguide.format import Output

TMP = ".studyguide-tmp"


def check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".studyguide-"):
            pass
    except OSError as error:
        raise GuideError(
            f"the output folder cannot be written ({error.strerror})",
            "choose another folder with -o, or fix its permissions",
            folder,
        ) from error


def stage(files: list[Output], folder: Path) -> list[tuple[str, Path]]:
    """Each file written to a temporary file beside where it goes: (its name, the temporary)."""
    staged: list[tuple[str, Path]] = []
    try:
        for output in files:
            handle, name = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=TMP)
            temporary = Path(name)
            staged.append((output.name, temporary))
            with os.fdopen(handle, "wb") as stream:
                stream.write(output.data)
            temporary.chmod(0o644)
    except BaseException:
        discard(staged)
        raise
    return staged


def rename(staged: list[tuple[str, Path]], folder: Path) -> None:
    """The staged files renamed into place, one after another."""
    for final, temporary in staged:
        temporary.replace(folder / final)


def discard(staged: list[tuple[str, Path]]) -> None:
    for _, temporary in staged:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so that builds write one at a time."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of a build that was killed while writing (we hold the lock)."""
    for path in folder.glob(f".*{TMP}"):
        path.unlink(missing_ok=True)


def replace_atomically(path: Path, data: bytes) -> None:
    """One file written beside ``path`` and renamed over it: readers see the old bytes or the
    new ones, never a part."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(name).chmod(0o644)
        Path(name).replace(path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
