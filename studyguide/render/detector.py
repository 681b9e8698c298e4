"""py3langid's packed model -> the language detector, its arrays mapped from an unpacked copy.

py3langid ships its model as 4.5 MB of LZMA-compressed arrays: unpacking them (68 MB) takes a
second, on every build that detects the language of a guide it has not seen as it now reads,
which after any edit to a question is every build. The arrays are unpacked once into the
user's cache folder (``$XDG_CACHE_HOME/studyguide``, else ``~/.cache/studyguide``), one
``.npy`` file each, and later builds map them into memory instead: the same model, the same
answers, in a few hundredths of a second. A folder that cannot be written, or a copy that
cannot be read, only means the packed model is read, as py3langid reads it.
"""

from __future__ import annotations

import contextlib
import lzma
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np
from py3langid import langid

from studyguide.build.memo import cache_folder

ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def detector(version: str) -> Any:
    """py3langid's identifier with normalized probabilities, from the unpacked copy of its
    model for this version of py3langid when there is one (made now when there is not)."""
    folder = cache_folder() / f"py3langid-{version}"
    arrays = _mapped(folder)
    if arrays is None:
        shutil.rmtree(folder, ignore_errors=True)  # a copy cut short is made again
        _unpack(folder)
        arrays = _mapped(folder)
    if arrays is None:
        return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    return langid.LanguageIdentifier(
        np.asarray(arrays["ptc"]),
        np.asarray(arrays["pc"]),
        arrays["classes"].tolist(),
        _as_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=_as_array(arrays["nextmove_row"]),
    )


def _as_array(values: Any) -> array[int]:
    """An array of unsigned integers as the standard library's array, as py3langid's own
    loader gives its state machine (indexed one item at a time, faster than numpy's)."""
    typed = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    typed.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return typed


def _mapped(folder: Path) -> dict[str, Any] | None:
    """The model's arrays mapped from their files, or None if any is missing or unreadable."""
    try:
        return {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in ARRAYS
        }
    except (OSError, ValueError):
        return None


def _unpack(folder: Path) -> None:
    """The packed model's arrays written as .npy files into ``folder``, all or none: they are
    written into a folder beside it, renamed into place as a whole."""
    with contextlib.suppress(OSError, ValueError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            # (unpacked into a temporary file first: 68 MB are not kept in memory)
            with tempfile.TemporaryFile(suffix=".npz") as unpacked:
                with lzma.open(langid.MODEL_DIR / langid.MODEL_FILE) as source:
                    shutil.copyfileobj(source, unpacked, length=1 << 20)
                unpacked.seek(0)
                with np.load(unpacked, allow_pickle=False) as packed:
                    for name in ARRAYS:
                        np.save(staging / f"{name}.npy", packed[name], allow_pickle=False)
            staging.rename(folder)  # refused if another build got there first: its copy is kept
        finally:
            shutil.rmtree(staging, ignore_errors=True)
