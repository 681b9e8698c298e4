"""Timings of studyguide against pandoc, side by side in one run -> a table and output/bench.json.

Run it with `nox -s bench` (or `python -m benchmarks.bench --runs 5`). For the seed guide and
synthetic guides of 20, 200 and 2,000 questions (a section per 25 questions, as a long guide
has them) it measures, each as the median of --runs runs:

  (a) studyguide's full build of every format (--force),
  (b) pandoc to PDF (through WeasyPrint) plus pandoc to EPUB, the alternative a user would try,
  (c) studyguide's rebuild when nothing changed,
  (d) `nox -s pdf` on a warm virtualenv against the CLI it runs, both building the PDF,

with the peak memory of the whole build (the resident memory of every process it starts,
summed while they run)
and the cost per question, then checks issue #7's targets against the table. Absolute
times drift on a shared machine; the ratios, measured in the same run, are what to read.
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
import threading
import time
from pathlib import Path
from typing import Any

import pypandoc

from benchmarks.synthetic import synthetic_guide

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "guide" / "data-science-genai-engineering.md"
PANDOC = pypandoc.get_pandoc_path()
QUESTIONS_PER_SECTION = 25
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree(pid: int) -> list[int]:
    """A process and all its descendants, as /proc lists them now."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> int:
    """A process's resident memory, from /proc/PID/statm (cheap to read, unlike smaps).

    Pages a forked worker still shares with its parent count in both, so the sum over a
    build's processes errs on the high side.
    """
    try:
        resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return resident_pages * PAGE_KB


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and peak memory in MB of one command, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_memory_kb(pid) for pid in _tree(process.pid)))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{errors.decode()[-2000:]}")
    return elapsed, peak / 1024


def median_of(runs: int, command: list[str], cwd: Path) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak = timed(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return {"seconds": statistics.median(times), "peak_mb": max(peaks)}


def measure(name: str, source: Path, questions: int, runs: int, work: Path) -> dict[str, Any]:
    out = work / f"out-{name}"
    cli = [sys.executable, "-m", "studyguide", "build", str(source), "-o", str(out), "-q"]
    # Long guides cannot have a one-page cheat sheet: the synthetic ones get a page per section.
    per_section = ["--cheatsheet-per-section"] if name.startswith("synthetic") else []
    full = median_of(runs, [*cli, "--force", *per_section], ROOT)
    noop = median_of(runs, [*cli, *per_section], ROOT)
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
        "peak_mb": full["peak_mb"],
        "pandoc_peak_mb": max(pandoc_pdf["peak_mb"], pandoc_epub["peak_mb"]),
    }


def nox_overhead(runs: int, work: Path) -> dict[str, float]:
    """`nox -s pdf` on a warm virtualenv against the CLI it runs, both building the PDF."""
    out = str(work / "nox")
    nox = [sys.executable, "-m", "nox", "-s", "pdf", "--", "-o", out, "--force"]
    subprocess.run(nox, cwd=ROOT, check=True, capture_output=True)  # warms the virtualenv
    cli = [sys.executable, "-m", "studyguide", "build", "-f", "pdf", "-o", out, "-q", "--force"]
    with_nox, direct = [], []
    for _ in range(runs):  # alternated, so that both see the same machine
        with_nox.append(timed(nox, ROOT)[0])
        direct.append(timed(cli, ROOT)[0])
    nox_s, cli_s = statistics.median(with_nox), statistics.median(direct)
    return {"nox_pdf_s": nox_s, "cli_pdf_s": cli_s, "nox_adds_s": nox_s - cli_s}


def targets(rows: list[dict[str, Any]], overhead: dict[str, float]) -> list[tuple[str, bool]]:
    """Issue #7's targets, each with whether this run met it."""
    by_name = {row["guide"]: row for row in rows}
    checks = []
    seed = by_name.get("seed")
    if seed:
        ratio = seed["ratio_full_to_pandoc"]
        checks.append((f"seed full build <= 1.0x pandoc ({ratio:.2f}x)", ratio <= 1.0))
        noop, share = seed["noop_rebuild_s"], seed["ratio_noop_to_full"]
        checks.append((f"no-op rebuild <= 0.2 s ({noop:.2f} s)", noop <= 0.2))
        checks.append((f"no-op rebuild <= 0.15x full build ({share:.2f}x)", share <= 0.15))
    small, large = by_name.get("synthetic-200"), by_name.get("synthetic-2000")
    if small and large:
        growth = large["ms_per_question"] / small["ms_per_question"]
        checks.append((f"cost per question at 2,000 <= 1.3x at 200 ({growth:.2f}x)", growth <= 1.3))
        checks.append((f"peak memory at 2,000 <= 800 MB ({large['peak_mb']:.0f} MB)",
                       large["peak_mb"] <= 800))  # fmt: skip
    adds = overhead["nox_adds_s"]
    checks.append((f"nox -s pdf adds <= 1.5 s to the CLI ({adds:.2f} s)", adds <= 1.5))
    return checks


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
            sections = max(1, size // QUESTIONS_PER_SECTION)
            path.write_text(synthetic_guide(size, sections=sections), encoding="utf-8")
            guides.append((f"synthetic-{size}", path, size))
        rows = []
        for name, path, count in guides:
            rows.append(measure(name, path, count, arguments.runs, work))
            print(f"bench: measured {name}", file=sys.stderr, flush=True)
        overhead = nox_overhead(arguments.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{'guide':<16}{'questions':>10}{'full s':>9}{'pandoc s':>10}{'ratio':>7}"
        f"{'no-op s':>9}{'no-op/full':>11}{'ms/q':>8}{'peak MB':>9}{'pandoc MB':>11}"
    )
    for row in rows:
        print(
            f"{row['guide']:<16}{row['questions']:>10}{row['full_build_s']:>9.2f}"
            f"{row['pandoc_pdf_epub_s']:>10.2f}{row['ratio_full_to_pandoc']:>7.2f}"
            f"{row['noop_rebuild_s']:>9.2f}{row['ratio_noop_to_full']:>11.2f}"
            f"{row['ms_per_question']:>8.1f}{row['peak_mb']:>9.0f}{row['pandoc_peak_mb']:>11.0f}"
        )
    print(
        f"nox -s pdf adds {overhead['nox_adds_s']:.2f} s to the CLI "
        f"({overhead['nox_pdf_s']:.2f} s against {overhead['cli_pdf_s']:.2f} s)"
    )
    checks = targets(rows, overhead)
    for label, met in checks:
        print(f"  {'met    ' if met else 'NOT MET'}  {label}")
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cores": os.cpu_count(), "python": sys.version.split()[0], "runs": arguments.runs}
    report = {
        **machine,
        "guides": rows,
        "nox": overhead,
        "targets": [{"target": label, "met": met} for label, met in checks],
    }
    arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {arguments.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
