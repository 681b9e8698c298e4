"""The modules of this folder -> the registry of output formats, by name.

Each module declares its own record, ``FORMAT = Format(...)`` (see studyguide/format.py);
this module only collects them, in the order of their names. Adding a format is adding a
module here (and its layouts and styles); two modules may not claim one name.
"""

from __future__ import annotations

import importlib
import pkgutil

from studyguide.format import Format


def collect(package: str, folders: list[str]) -> dict[str, Format]:
    """Every module's FORMAT, by name; a module without one, or a name taken twice, is a bug."""
    found: dict[str, Format] = {}
    for module_info in sorted(pkgutil.iter_modules(folders), key=lambda info: info.name):
        module = importlib.import_module(f"{package}.{module_info.name}")
        record = getattr(module, "FORMAT", None)
        if not isinstance(record, Format):
            raise TypeError(f"{module.__name__} declares no FORMAT = Format(...)")
        if record.name in found:
            raise ValueError(
                f"two formats are named '{record.name}': {module.__name__} and another"
            )
        found[record.name] = record
    return found


REGISTRY: dict[str, Format] = collect(__name__, __path__)
NAMES: tuple[str, ...] = tuple(REGISTRY)
