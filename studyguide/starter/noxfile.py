"""Sessions that build this study guide: `nox -l` lists them, `nox -s pdf` runs one."""

from __future__ import annotations

import os

import nox

nox.needs_version = ">=2025.2.9"  # reads [dependency-groups] from pyproject.toml
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["build"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def studyguide(session: nox.Session, *formats: str) -> None:
    """Install studyguide, then build; arguments after `--` go to `studyguide build`.

    studyguide comes from PyPI, pinned in pyproject.toml's [dependency-groups]; set
    STUDYGUIDE to a folder, a wheel or a URL to install it from there instead.
    """
    where = os.environ.get("STUDYGUIDE")
    session.install(*([where] if where else nox.project.dependency_groups(PYPROJECT, "guide")))
    chosen = ["--format", ",".join(formats)] if formats else []
    session.run("studyguide", "build", *chosen, *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build every guide in guide/ into every format in output/."""
    studyguide(session)


@nox.session(default=False)
def html(session: nox.Session) -> None:
    """Build the self-contained web page, output/<guide>.html."""
    studyguide(session, "html")


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """Build the print edition, output/<guide>.pdf."""
    studyguide(session, "pdf")


@nox.session(default=False)
def practice(session: nox.Session) -> None:
    """Build the practice edition (questions and room to write), output/<guide>-practice.pdf."""
    studyguide(session, "practice")


@nox.session(default=False)
def epub(session: nox.Session) -> None:
    """Build the e-reader edition, output/<guide>.epub."""
    studyguide(session, "epub")


@nox.session(default=False)
def cheatsheet(session: nox.Session) -> None:
    """Build the one-page cheat sheet, output/<guide>-cheatsheet.pdf."""
    studyguide(session, "cheatsheet")
