"""The command line, ``studyguide`` or ``python -m studyguide`` -> its exit status.

``--version`` is answered here, before the command line's modules are imported (a tenth of a
second: Jinja, Babel and the format records); every other command runs studyguide.cli.
"""

from __future__ import annotations

import sys

from studyguide import __version__


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        print(f"studyguide {__version__}")
        return 0
    from studyguide.cli import main as run  # noqa: PLC0415 - see studyguide/__init__.py

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
