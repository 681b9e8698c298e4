"""A Jupyter notebook (.ipynb) -> Markdown text: Markdown cells as text, code cells as code.

Notebooks are how many courses hand out exercises; read through nbformat, a notebook is a
guide like any other: its Markdown cells carry the headings, questions and answers, its code
cells the code, fenced in the kernel's language. Outputs are left out: they are what running
the code shows, not what the author wrote.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import nbformat

from studyguide.errors import GuideError


def notebook_markdown(path: Path, text: str) -> str:
    """The notebook's cells as one Markdown text, separated by blank lines."""
    try:
        with warnings.catch_warnings():  # cells without ids and the like: nbformat fixes them
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as error:  # nbformat raises JSON, validation and version errors alike
        reason = " ".join(str(error).split())[:160]
        raise GuideError(
            f"is not a readable Jupyter notebook ({reason})",
            "open and save it again in Jupyter, or export it as Markdown",
            path,
        ) from error
    language = str(notebook.metadata.get("kernelspec", {}).get("language", "") or "")
    parts: list[str] = []
    for cell in notebook.cells:
        source = str(cell.source).strip("\n")
        if not source.strip():
            continue
        if cell.cell_type == "markdown":
            parts.append(source)
        elif cell.cell_type == "code":
            fence = "`" * max(3, _longest_backtick_run(source) + 1)
            parts.append(f"{fence}{language}\n{source}\n{fence}")
    return "\n\n".join(parts) + "\n"


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for character in text:
        run = run + 1 if character == "`" else 0
        longest = max(longest, run)
    return longest
