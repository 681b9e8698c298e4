"""Sessions for building studyguide's outputs and checking the project: `nox -l` lists them."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from studyguide.format import declared

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["build"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON = "3.11"
COMPILE = (
    "import compileall, sysconfig; "
    "compileall.compile_dir(sysconfig.get_path('purelib'), quiet=1, workers=0); "
    "compileall.compile_dir('studyguide', quiet=1)"
)


def install(session: nox.Session, *groups: str) -> None:
    """The project (editable, so layouts/ and styles/ are read in place) and dependency groups.

    Skipped when the virtualenv already holds what pyproject.toml asks for, so that a warm
    `nox -s pdf` costs little more than the build itself. Installed modules are compiled to
    bytecode once, here, rather than on every import.
    """
    wanted = hashlib.sha256(Path("pyproject.toml").read_bytes() + repr(groups).encode())
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location) / ".studyguide-installed" if location else None
    if stamp and stamp.is_file() and stamp.read_text() == wanted.hexdigest():
        return
    requirements = [
        req for group in groups for req in nox.project.dependency_groups(PYPROJECT, group)
    ]
    session.install("-e", ".", *requirements)
    # Compiled here, explicitly: with PYTHONDONTWRITEBYTECODE set, as on many CI machines,
    # every run would otherwise compile WeasyPrint again (a second of each build).
    session.run("python", "-c", COMPILE, silent=True)
    if stamp:
        stamp.write_text(wanted.hexdigest())


def studyguide(session: nox.Session, *formats: str) -> None:
    install(session)
    chosen = ["--format", ",".join(formats)] if formats else []
    session.run("studyguide", "build", *chosen, *session.posargs)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build every guide in guide/ into every format in output/."""
    studyguide(session)


def format_session(name: str, description: str) -> None:
    """A session that builds one format only, documented by the format's own record."""

    def build_one(session: nox.Session) -> None:
        studyguide(session, name)

    build_one.__doc__ = f"Build {description}."
    nox.session(name=name, python=PYTHON, default=False)(build_one)


for _name, _description in declared(Path(__file__).resolve().parent / "studyguide" / "formats"):
    format_session(_name, _description)


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Serve the web page on http://127.0.0.1:8000, rebuilt and reloaded on every save."""
    install(session)
    session.run("studyguide", "serve", *session.posargs)


@nox.session(python=PYTHON, default=False)
def tests(session: nox.Session) -> None:
    """Run the test suite on both cores (needs Java for the EPUB validator).

    Each corpus guide's tests share one build, so they stay together on one core.
    """
    install(session, "test")
    session.run("pytest", "-n", "2", "--dist", "loadgroup", *session.posargs)


@nox.session(python=PYTHON, default=False)
def lint(session: nox.Session) -> None:
    """Check style and types: ruff and mypy (strict)."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Time studyguide against pandoc, side by side, and write output/bench.json."""
    install(session, "bench")
    session.run("python", "-m", "benchmarks.bench", *session.posargs)
