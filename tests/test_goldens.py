"""Golden files: each guide in tests/goldens/ -> its normalized Markdown and its model as JSON.

One guide per question convention. A deliberate change to the normalizer, the conventions
or the model shows here as a diff of the expected files; regenerate them with
``pytest tests/test_goldens.py --regenerate-goldens`` and review the diff before committing.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from studyguide.read.normalize import normalize_file
from studyguide.read.parse import parse_guide
from tests.conftest import ROOT

GOLDENS = ROOT / "tests" / "goldens"
INPUTS = sorted(path for path in GOLDENS.glob("*.md") if not path.name.endswith(".expected.md"))


def model_json(value: Any) -> str:
    """The model as stable, readable JSON: paths relative to the project."""

    def plain(item: Any) -> Any:
        if isinstance(item, Path):
            return item.relative_to(ROOT).as_posix() if item.is_absolute() else item.as_posix()
        raise TypeError(f"not JSON: {item!r}")

    return json.dumps(dataclasses.asdict(value), indent=1, ensure_ascii=False, default=plain) + "\n"


def compare(expected: Path, actual: str, regenerate: bool) -> None:
    if regenerate:
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"no {expected.name}: run with --regenerate-goldens"
    assert actual == expected.read_text(encoding="utf-8"), (
        f"{expected.name} differs: review the change, then run with --regenerate-goldens"
    )


@pytest.mark.parametrize("source", INPUTS, ids=lambda path: path.stem)
def test_a_guide_reads_as_its_golden_files(source: Path, request: pytest.FixtureRequest) -> None:
    regenerate = bool(request.config.getoption("--regenerate-goldens"))
    normalized = normalize_file(source)
    compare(source.with_suffix(".expected.md"), normalized.markdown, regenerate)
    guide, findings = parse_guide(normalized, source.stem, "en")
    assert guide.convention == source.stem
    model = json.loads(model_json(guide))
    model["findings"] = [str(finding).removeprefix(f"{source}:") for finding in findings]
    compare(
        source.with_suffix(".model.json"),
        json.dumps(model, indent=1, ensure_ascii=False) + "\n",
        regenerate,
    )
