"""studyguide against pandoc doing the same work, side by side in one run -> a table and bench.json.

Run it with `nox -s bench` (or `python -m benchmarks.bench --runs 5`). For the seed guide and
synthetic guides (20, 400 and 2,000 questions by default, a section per 25 questions) it
measures, each as the median of --runs runs, with the peak memory of every process a command
starts (proportional set size, so that what a worker shares with its parent counts once):

  - each format alone against pandoc's nearest equivalent: `--format pdf` against pandoc's
    PDF through WeasyPrint, `--format epub` against pandoc's EPUB, `--format html` against
    `pandoc -s`;
  - the full build against what a pandoc user would run to get the same files: pandoc's PDF
    three times (print, practice, cheat sheet), its EPUB and its HTML; and the default build,
    which adds the study formats, on its own;
  - the rebuild when nothing changed;
  - the writing loop: from saving the guide to `studyguide serve` serving the new page, for
    the seed and for a synthetic guide of --loop-questions questions.

Then it checks issue #18's targets against the table. Absolute times drift on a shared
machine; the ratios, measured in the same run, are what to read.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pypandoc

from benchmarks.synthetic import synthetic_guide

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "guide" / "data-science-genai-engineering.md"
PANDOC = pypandoc.get_pandoc_path()
QUESTIONS_PER_SECTION = 25
SAMPLE_EVERY = 0.1  # seconds between memory samples
SINGLE_FORMATS = ("pdf", "epub", "html")
# The files pandoc's five commands make: the PDF three times, the EPUB, the HTML. The study
# formats (flashcards, Anki deck, TSV, quiz) have no pandoc counterpart, so a default build
# is timed as a row of its own ("every"), without a ratio.
SAME_FILES = ("pdf", "practice", "cheatsheet", "epub", "html")


def _tree(pid: int) -> list[int]:
    """A process and all its descendants, as /proc lists them now."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                waiting.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    """A process's proportional set size: each page it shares with n processes counts 1/n."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    return int(found.group(1)) if found else 0


@dataclass(frozen=True)
class Measured:
    """The median time and the highest peak memory of several runs of one command."""

    seconds: float
    peak_mb: float

    def __add__(self, other: Measured) -> Measured:
        """Commands run one after the other: their times add up, the memory peaks at the most."""
        return Measured(self.seconds + other.seconds, max(self.peak_mb, other.peak_mb))


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and peak PSS in MB of one command, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
            stop.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{errors.decode()[-2000:]}")
    return elapsed, peak / 1024


def median_of(runs: int, command: list[str], cwd: Path = ROOT) -> Measured:
    results = [timed(command, cwd) for _ in range(runs)]
    return Measured(
        statistics.median(seconds for seconds, _ in results), max(peak for _, peak in results)
    )


def pandoc(source: Path, target: Path, *flags: str) -> list[str]:
    return [PANDOC, str(source), "-o", str(target), *flags]


def measure(name: str, source: Path, questions: int, runs: int, work: Path) -> dict[str, Any]:
    """Each comparison for one guide: studyguide's side, pandoc's side, and their ratio."""
    out = work / f"out-{name}"
    cli = [sys.executable, "-m", "studyguide", "build", str(source), "-o", str(out), "-q"]
    # Long guides cannot have a one-page cheat sheet: the synthetic ones get a page per section.
    if name.startswith("synthetic"):
        cli.append("--cheatsheet-per-section")
    pandoc_pdf = median_of(runs, pandoc(source, work / f"{name}.pdf", "--pdf-engine=weasyprint"))
    theirs = {
        "pdf": pandoc_pdf,
        "epub": median_of(runs, pandoc(source, work / f"{name}.epub")),
        "html": median_of(runs, pandoc(source, work / f"{name}.html", "-s")),
    }
    ours = {fmt: median_of(runs, [*cli, "--force", "--format", fmt]) for fmt in SINGLE_FORMATS}
    # What a pandoc user runs for the same files: the PDF three times, the EPUB, the HTML.
    theirs["full"] = pandoc_pdf + pandoc_pdf + pandoc_pdf + theirs["epub"] + theirs["html"]
    ours["full"] = median_of(runs, [*cli, "--force", "--format", ",".join(SAME_FILES)])
    every = median_of(runs, [*cli, "--force"])
    noop = median_of(runs, cli)
    return {
        "guide": name,
        "questions": questions,
        "comparisons": {
            work_: {
                "studyguide": asdict(ours[work_]),
                "pandoc": asdict(theirs[work_]),
                "ratio": ours[work_].seconds / theirs[work_].seconds,
            }
            for work_ in ("full", *SINGLE_FORMATS)
        },
        "every_format": asdict(every),
        "noop_rebuild_s": noop.seconds,
    }


def pdf_stages(source: Path, work: Path) -> list[tuple[str, float]]:
    """What `--format pdf` spends its time on, from one run with --verbose."""
    command = [sys.executable, "-m", "studyguide", "build", str(source), "-o",
               str(work / "stages"), "--format", "pdf", "--force", "--verbose"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    stages = re.findall(r"^\s+([\d.]+) s  (.+)$", result.stdout, re.MULTILINE)
    total = re.search(r"done in ([\d.]+) s", result.stdout)
    return [(label, float(seconds)) for seconds, label in stages] + (
        [("whole command, from the shell", float(total.group(1)))] if total else []
    )


class Preview:
    """`studyguide serve` on a free port, with the event stream an open page listens to."""

    def __init__(self, source: Path, out: Path) -> None:
        command = [sys.executable, "-m", "studyguide", "serve", str(source), "-o", str(out),
                   "--port", "0"]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if found := re.search(r"serving (http://\S+/)", line):
                self.url = found.group(1)
                break
        else:
            raise SystemExit("bench: studyguide serve did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # drain
        self.reloads: queue.SimpleQueue[float] = queue.SimpleQueue()
        port = int(self.url.rstrip("/").rsplit(":", 1)[1])
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.connection.request("GET", "/_studyguide/events")
        response = self.connection.getresponse()
        threading.Thread(target=self._listen, args=(response,), daemon=True).start()

    def _listen(self, response: http.client.HTTPResponse) -> None:
        try:
            for line in response:
                if line.startswith(b"event: reload"):
                    self.reloads.put(time.perf_counter())
        except OSError:
            pass

    def page(self) -> str:
        with urllib.request.urlopen(self.url, timeout=600) as response:
            text: str = response.read().decode("utf-8")
            return text

    def close(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=60)


def writing_loop(source: Path, runs: int, work: Path) -> dict[str, float]:
    """Seconds from saving a guide to the new page being served, and to the reload event."""
    folder = work / f"loop-{source.stem}"
    folder.mkdir()
    guide = folder / source.name
    original = source.read_text(encoding="utf-8")
    guide.write_text(original, encoding="utf-8")
    preview = Preview(guide, folder / "out")
    served, told = [], []
    try:
        for run in range(runs):
            time.sleep(1.0)  # a writer pauses between saves
            marker = f"revision{run}x{time.time_ns()}"
            edited = re.sub(r"^# ", f"# {marker} ", original, count=1, flags=re.MULTILINE)
            beside = folder / f".{guide.name}.saving"
            beside.write_text(edited, encoding="utf-8")
            saved = time.perf_counter()
            beside.replace(guide)  # saved as editors save: a file renamed over the old one
            reloaded = preview.reloads.get(timeout=600)
            while marker not in preview.page():
                reloaded = preview.reloads.get(timeout=600)
            served.append(time.perf_counter() - saved)
            told.append(reloaded - saved)
    finally:
        preview.close()
    return {"served_s": statistics.median(served), "reload_event_s": statistics.median(told)}


def targets(
    rows: list[dict[str, Any]], loops: dict[str, dict[str, float]]
) -> list[tuple[str, bool]]:
    """Issue #18's targets, each with whether this run met it."""
    by_name = {row["guide"]: row for row in rows}
    checks = []
    seed = by_name.get("seed")
    if seed:
        compared = seed["comparisons"]
        for work_, most in (("full", 0.5), ("epub", 2.0), ("html", 2.0)):
            ratio = compared[work_]["ratio"]
            label = "full build" if work_ == "full" else f"--format {work_}"
            checks.append((f"seed {label} <= {most}x pandoc's ({ratio:.2f}x)", ratio <= most))
        noop = seed["noop_rebuild_s"]
        checks.append((f"no-op rebuild <= 0.2 s ({noop:.2f} s)", noop <= 0.2))
    for name, most in (("seed", 0.5), *((key, 3.0) for key in loops if key != "seed")):
        if name in loops:
            served = loops[name]["served_s"]
            checks.append((f"{name}: save -> new page served <= {most} s ({served:.2f} s)",
                           served <= most))  # fmt: skip
    large = by_name.get("synthetic-2000")
    if large:
        # The default build's peak too: the flashcards are laid out beside the other PDFs.
        ours = max(large["comparisons"]["full"]["studyguide"]["peak_mb"],
                   large["every_format"]["peak_mb"])  # fmt: skip
        theirs = large["comparisons"]["pdf"]["pandoc"]["peak_mb"]
        checks.append((f"peak PSS at 2,000 <= 2x pandoc's WeasyPrint ({ours:.0f} MB against "
                       f"{theirs:.0f} MB, {ours / theirs:.2f}x)", ours <= 2 * theirs))  # fmt: skip
    return checks


def print_table(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'guide':<16}{'work':<7}{'studyguide s':>13}{'pandoc s':>10}{'ratio':>7}"
        f"{'PSS MB':>9}{'pandoc MB':>11}"
    )
    for row in rows:
        for work_, compared in row["comparisons"].items():
            ours, theirs = compared["studyguide"], compared["pandoc"]
            print(
                f"{row['guide']:<16}{work_:<7}{ours['seconds']:>13.2f}{theirs['seconds']:>10.2f}"
                f"{compared['ratio']:>7.2f}{ours['peak_mb']:>9.0f}{theirs['peak_mb']:>11.0f}"
            )
        every = row["every_format"]
        print(f"{row['guide']:<16}every  {every['seconds']:>13.2f}{'':>17}{every['peak_mb']:>9.0f}")
        print(f"{row['guide']:<16}no-op  {row['noop_rebuild_s']:>13.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--sizes", default="20,400,2000", help="synthetic guide sizes")
    parser.add_argument(
        "--loop-questions", type=int, default=400, help="synthetic guide for the writing loop"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "output" / "bench.json")
    arguments = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764403200")
    # pandoc runs the `weasyprint` command installed beside this Python.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    work = Path(tempfile.mkdtemp(prefix="studyguide-bench-"))

    def synthetic(size: int) -> Path:
        path = work / f"synthetic-{size}.md"
        sections = max(1, size // QUESTIONS_PER_SECTION)
        path.write_text(synthetic_guide(size, sections=sections), encoding="utf-8")
        return path

    try:
        guides = [("seed", SEED, 19)]
        guides += [
            (f"synthetic-{size}", synthetic(size), size)
            for size in (int(value) for value in arguments.sizes.split(",") if value)
        ]
        rows = []
        for name, path, count in guides:
            rows.append(measure(name, path, count, arguments.runs, work))
            print(f"bench: measured {name}", file=sys.stderr, flush=True)
        stages = pdf_stages(SEED, work)
        loops = {"seed": writing_loop(SEED, arguments.runs, work)}
        if arguments.loop_questions:
            size = arguments.loop_questions
            loops[f"synthetic-{size}"] = writing_loop(synthetic(size), arguments.runs, work)
        print("bench: measured the writing loop", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print_table(rows)
    print("\nseed --format pdf, where the time goes (one run, --verbose):")
    for label, seconds in stages:
        print(f"  {seconds:6.2f} s  {label}")
    print("\nwriting loop (studyguide serve), median seconds from save:")
    for name, loop in loops.items():
        print(f"  {name:<16} new page served {loop['served_s']:.2f} s "
              f"(reload event {loop['reload_event_s']:.2f} s)")  # fmt: skip
    checks = targets(rows, loops)
    print()
    for label, met in checks:
        print(f"  {'met   ' if met else 'MISSED'}  {label}")
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cores": os.cpu_count(), "python": sys.version.split()[0], "runs": arguments.runs}
    report = {
        **machine,
        "guides": rows,
        "pdf_stages": stages,
        "writing_loop": loops,
        "targets": [{"target": label, "met": met} for label, met in checks],
    }
    arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {arguments.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
