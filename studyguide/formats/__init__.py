"""The modules of this folder -> the registry of output formats, by name.

Each module declares its own record, ``FORMAT = Format(...)`` (see studyguide/format.py),
under the module's own name; this module only collects them, in the order of their names.
Adding a format is adding a module here (and its layouts and styles).

The names are the modules' names, read from the folder without importing them; a module is
imported only when its record is first asked for. A command that makes no file (``questions``,
``check``, ``--help``) so loads no format, nor the EPUB's ebooklib, the deck's SQLite or the
flashcards' HTML parser; a build reads every record, as the fingerprint of each file a guide
may have is made from its format's inputs and settings (build/cache.py).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping

from studyguide.format import Format


class Registry(Mapping[str, Format]):
    """Each format's record by its module's name, the module imported on first asking.

    A module without a ``FORMAT``, or whose record is named otherwise than the module (two
    modules could then claim one name), is a bug in studyguide: asking for it raises.
    """

    def __init__(self, package: str, names: Iterable[str]) -> None:
        self.package = package
        self.names = tuple(sorted(names))
        self._records: dict[str, Format] = {}

    def __getitem__(self, name: str) -> Format:
        if name not in self.names:
            raise KeyError(name)
        if name not in self._records:
            self._records[name] = _declared_record(f"{self.package}.{name}", name)
        return self._records[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names  # without importing the module

    def __repr__(self) -> str:
        return f"Registry({self.package!r}, {self.names!r})"


def _declared_record(module_name: str, name: str) -> Format:
    module = importlib.import_module(module_name)
    record = getattr(module, "FORMAT", None)
    if not isinstance(record, Format):
        raise TypeError(f"{module_name} declares no FORMAT = Format(...)")
    if record.name != name:
        raise ValueError(
            f"{module_name} names its format '{record.name}': a format's module is named "
            f"after it, {record.name}.py"
        )
    return record


def collect(package: str, folders: Iterable[str]) -> Registry:
    """The registry of the formats whose modules are in ``folders``, imported as asked for."""
    return Registry(package, (module.name for module in pkgutil.iter_modules(list(folders))))


REGISTRY: Registry = collect(__name__, __path__)
NAMES: tuple[str, ...] = REGISTRY.names
