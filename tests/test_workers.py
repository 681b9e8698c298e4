"""The runner: paged formats laid out in forked workers (or here, on one core), others here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyguide.build import workers
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.format import Format, Output, Rendition
from tests.models import guide, question, section

GUIDE = guide(section("S", question(1, "Why?")), source=Path("guides/g.md"))


def where(rendition: Rendition) -> tuple[Output, ...]:
    """A format that says which process built it, and with which typesetter."""
    made = f"{os.getpid()} {rendition.typesetter()}".encode()
    return (Output(f"{rendition.guide.name}.where", made, rendition.page_html),)


PAGED = Format("where", "", "where", ("{name}.where",), (), where, paged=True)


@pytest.fixture
def fake_typesetter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typesetter that loads no WeasyPrint, and a format that reports where it ran."""
    monkeypatch.setattr(workers, "typesetter", lambda config: "typesetter")
    monkeypatch.setattr(workers, "REGISTRY", {"where": PAGED})


def test_on_one_core_paged_formats_are_laid_out_here(
    fake_typesetter: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    with workers.Runner(BuildConfig(), paged_jobs=2) as runner:
        assert runner.pool is None
        (output,), seconds = runner.submit(PAGED, GUIDE, "<page>")()
    assert output.data == f"{os.getpid()} typesetter".encode()
    assert (output.summary, seconds >= 0) == ("<page>", True)


def test_with_two_cores_paged_formats_are_laid_out_in_a_worker(
    fake_typesetter: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with workers.Runner(BuildConfig(), paged_jobs=1) as runner:
        assert runner.pool is not None
        (output,), _ = runner.submit(PAGED, GUIDE, "")()
    pid, typesetter = output.data.decode().split()
    assert int(pid) != os.getpid()
    assert typesetter == "typesetter"


def test_formats_that_are_not_paged_get_no_typesetter_and_no_workers() -> None:
    unpaged = Format("where", "", "where", ("{name}.where",), (), where)
    with workers.Runner(BuildConfig(), paged_jobs=0) as runner:
        assert runner.pool is None
        with pytest.raises(AssertionError, match="only formats declared `paged`"):
            runner.submit(unpaged, GUIDE, "")()


def failing(problem: BaseException) -> Format:
    def build(rendition: Rendition) -> tuple[Output, ...]:
        raise problem

    return Format("failing", "", "failing", ("{name}.x",), (), build)


def test_a_formats_problem_names_the_guides_file() -> None:
    with workers.Runner(BuildConfig(), paged_jobs=0) as runner:
        with pytest.raises(GuideError) as caught:
            runner.submit(failing(GuideError("too long", "shorten it")), GUIDE, "")()
        assert str(caught.value) == "guides/g.md: too long — shorten it"
        with pytest.raises(GuideError, match="nests lists, quotes or HTML too deeply"):
            runner.submit(failing(RecursionError()), GUIDE, "")()
