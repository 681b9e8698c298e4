"""Timings of studyguide against pandoc, side by side in one run -> a table and output/bench.json.

Run it with `nox -s bench` (or `python benchmarks/bench.py --runs 5`). For the seed guide and
synthetic guides of 20, 200 and 2,000 questions it measures, each as the median of --runs runs:

  (a) studyguide's full build of every format,
  (b) pandoc to PDF (through WeasyPrint) plus pandoc to EPUB, the alternative a user would try,
  (c) studyguide's rebuild when nothing changed,
  (d) `nox -s pdf` on a warm virtualenv against the CLI it runs,

with peak memory (RSS) and the cost per question. Absolute times drift on a shared machine;
the ratios, measured in the same run, are what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

from studyguide.synthetic import synthetic_guide

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "guide" / "data-science-genai-engineering.md"
PANDOC = pypandoc.get_pandoc_path()


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in MB of one command, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    errors = process.stderr.read().decode() if process.stderr else ""
    if status != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{errors[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def median_of(runs: int, command: list[str], cwd: Path) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak = timed(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return {"seconds": statistics.median(times), "peak_mb": max(peaks)}


def measure(name: str, source: Path, questions: int, runs: int, work: Path) -> dict[str, object]:
    out = work / f"out-{name}"
    cli = [sys.executable, "-m", "studyguide", "build", str(source), "-o", str(out), "-q"]
    # Large guides cannot have a one-page cheat sheet: every size gets a page per section.
    full = median_of(runs, [*cli, "--force", "--cheatsheet-per-section"], ROOT)
    noop = median_of(runs, [*cli, "--cheatsheet-per-section"], ROOT)
    pdf = [PANDOC, str(source), "-o", str(work / f"{name}.pdf"), "--pdf-engine=weasyprint"]
    epub = [PANDOC, str(source), "-o", str(work / f"{name}.epub")]
    pandoc_pdf = median_of(runs, pdf, work)
    pandoc_epub = median_of(runs, epub, work)
    pandoc_seconds = pandoc_pdf["seconds"] + pandoc_epub["seconds"]
    return {
        "guide": name,
        "questions": questions,
        "full_build_s": full["seconds"],
        "pandoc_pdf_epub_s": pandoc_seconds,
        "ratio_full_to_pandoc": full["seconds"] / pandoc_seconds,
        "noop_rebuild_s": noop["seconds"],
        "ratio_noop_to_full": noop["seconds"] / full["seconds"],
        "ms_per_question": 1000 * full["seconds"] / questions,
        "peak_rss_mb": full["peak_mb"],
    }


def nox_overhead(runs: int, work: Path) -> dict[str, float]:
    """`nox -s pdf` on a warm virtualenv against the CLI it runs, both with nothing to do."""
    out = str(work / "nox")
    nox = [sys.executable, "-m", "nox", "-s", "pdf", "--", "-o", out]
    subprocess.run(nox, cwd=ROOT, check=True, capture_output=True)  # warms the virtualenv
    with_nox = median_of(runs, nox, ROOT)["seconds"]
    cli = [sys.executable, "-m", "studyguide", "build", "-f", "pdf", "-o", out, "-q"]
    direct = median_of(runs, cli, ROOT)["seconds"]
    return {"nox_pdf_s": with_nox, "cli_pdf_s": direct, "nox_adds_s": with_nox - direct}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--sizes", default="20,200,2000", help="synthetic guide sizes")
    parser.add_argument("--json", type=Path, default=ROOT / "output" / "bench.json")
    arguments = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764403200")
    work = Path(tempfile.mkdtemp(prefix="studyguide-bench-"))
    try:
        guides = [("seed", SEED, 19)]
        for size in (int(value) for value in arguments.sizes.split(",") if value):
            path = work / f"synthetic-{size}.md"
            path.write_text(synthetic_guide(size), encoding="utf-8")
            guides.append((f"synthetic-{size}", path, size))
        rows = [measure(name, path, count, arguments.runs, work) for name, path, count in guides]
        overhead = nox_overhead(arguments.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{'guide':<16}{'questions':>10}{'full s':>9}{'pandoc s':>10}{'ratio':>7}"
        f"{'no-op s':>9}{'no-op/full':>11}{'ms/q':>8}{'RSS MB':>8}"
    )
    for row in rows:
        print(
            f"{row['guide']:<16}{row['questions']:>10}{row['full_build_s']:>9.2f}"
            f"{row['pandoc_pdf_epub_s']:>10.2f}{row['ratio_full_to_pandoc']:>7.2f}"
            f"{row['noop_rebuild_s']:>9.2f}{row['ratio_noop_to_full']:>11.2f}"
            f"{row['ms_per_question']:>8.1f}{row['peak_rss_mb']:>8}"
        )
    print(
        f"nox -s pdf adds {overhead['nox_adds_s']:.2f} s to the CLI "
        f"({overhead['nox_pdf_s']:.2f} s against {overhead['cli_pdf_s']:.2f} s)"
    )
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cores": os.cpu_count(), "python": sys.version.split()[0], "runs": arguments.runs}
    report = {**machine, "guides": rows, "nox": overhead}
    arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {arguments.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
