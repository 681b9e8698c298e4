"""studyguide against pandoc doing the same work, side by side in one run -> issue #28's table.

Run it with `nox -s bench` (`-- --quick` for the seed and the 400-question preview only,
without the hour-long 2,000-question guide). Each row is measured --runs times, studyguide's
command and pandoc's one after the other (paired, so that a busy moment of the machine falls
on both), and is given as the median with the spread (lowest-highest) of the runs, the ratio
as the median and spread of the paired ratios:

  - `studyguide --version`, and `studyguide questions` on the seed (edited before each run, as
    below) in a project whose output folder holds an earlier build's memo;
  - `build --format html` against `pandoc -s`, `build --format epub` against pandoc's EPUB, on
    the seed with a word added inside a section before each run (a writer's save; both sides
    read the edited file), with the memo an earlier build left (font subsets, the detected
    language, the HTML of the fragments that did not change) and, on a row of its own,
    without it (the first build of a guide);
  - the five reading formats (web page, print PDF, practice PDF, EPUB, cheat sheet) against
    the same five files from pandoc: its PDF through WeasyPrint three times, its EPUB, its HTML;
  - the writing loop: from saving an edit inside a section to `studyguide serve` serving the
    new page, for the seed and for a synthetic guide of --loop-questions questions, and, for
    comparison, an edit of the title (the outline changed: the guide is read whole);
  - the peak memory (proportional set size of every process a command starts, so that what a
    worker shares with its parent counts once) of the five formats of a synthetic guide of
    --memory-questions questions, against pandoc's PDF through WeasyPrint.

Absolute times drift on a shared machine; the paired ratios are what to read.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pypandoc

from benchmarks.synthetic import synthetic_guide

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "guide" / "data-science-genai-engineering.md"
PANDOC = pypandoc.get_pandoc_path()
QUESTIONS_PER_SECTION = 25
SAMPLE_EVERY = 0.1  # seconds between memory samples
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


def timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall time in seconds, peak PSS in MB and CPU seconds (user and system, of the command
    and every process it waited for) of one command, which must succeed."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    return elapsed, peak / 1024, cpu


@dataclass(frozen=True)
class Row:
    """One line of the table: both sides' runs, and the target they are held to."""

    work: str
    ours: tuple[float, ...]  # seconds, or MB for a memory row
    theirs: tuple[float, ...] = ()  # the same for pandoc, paired run by run; () for none
    target: str = ""
    unit: str = "s"
    cpu: tuple[float, ...] = ()  # CPU seconds of each of studyguide's runs
    their_cpu: tuple[float, ...] = ()

    @property
    def ratios(self) -> tuple[float, ...]:
        return tuple(a / b for a, b in zip(self.ours, self.theirs, strict=True))

    def met(self) -> bool | None:
        """Whether the medians meet the target ("<= 3x", "<= 0.15 s"); None for no target."""
        found = re.fullmatch(r"<= ([\d.]+) ?(x|s)", self.target)
        if not found:
            return None
        most, kind = float(found.group(1)), found.group(2)
        value = statistics.median(self.ratios if kind == "x" else self.ours)
        return value <= most


def spread(values: tuple[float, ...], unit: str) -> str:
    """A median and its spread: '1.23 s (1.10-1.40)'."""
    if not values:
        return ""
    digits = 0 if unit == "MB" else 2
    median = f"{statistics.median(values):.{digits}f} {unit}"
    if len(values) == 1:
        return median
    return f"{median} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def paired(
    runs: int,
    work: str,
    ours: list[str],
    theirs: list[list[str]],
    target: str,
    *,
    cwd: Path = ROOT,
    before: Callable[[], None] = lambda: None,
) -> tuple[Row, Row]:
    """studyguide's command and pandoc's commands, one after the other, ``runs`` times: the
    time row and the memory row."""
    times: list[float] = []
    their_times: list[float] = []
    peaks: list[float] = []
    their_peaks: list[float] = []
    cpu: list[float] = []
    their_cpu: list[float] = []
    for _ in range(runs):
        before()
        seconds, peak, used = timed(ours, cwd)
        times.append(seconds)
        peaks.append(peak)
        cpu.append(used)
        if theirs:
            measured = [timed(command, cwd) for command in theirs]
            their_times.append(sum(seconds for seconds, _, _ in measured))
            their_peaks.append(max(peak for _, peak, _ in measured))
            their_cpu.append(sum(used for _, _, used in measured))
    return (
        Row(work, tuple(times), tuple(their_times), target, cpu=tuple(cpu),
            their_cpu=tuple(their_cpu)),
        Row(work, tuple(peaks), tuple(their_peaks), unit="MB"),
    )  # fmt: skip


def pandoc(source: Path, target: Path, *flags: str) -> list[str]:
    return [PANDOC, str(source), "-o", str(target), *flags]


def studyguide(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "studyguide", *arguments]


def pandoc_files(source: Path, work: Path) -> list[list[str]]:
    """What a pandoc user runs for the five reading formats: the PDF three times (print,
    practice, cheat sheet), the EPUB, the HTML."""
    pdf = pandoc(source, work / "pandoc.pdf", "--pdf-engine=weasyprint")
    return [pdf, pdf, pdf, pandoc(source, work / "pandoc.epub"),
            pandoc(source, work / "pandoc.html", "-s")]  # fmt: skip


def commands(runs: int, work: Path) -> list[Row]:
    """The start-up rows and the seed's builds against pandoc."""
    project = work / "project"
    (project / "guide").mkdir(parents=True)
    shutil.copy(SEED, project / "guide" / SEED.name)
    (project / "pyproject.toml").write_text("[tool.studyguide]\n", encoding="utf-8")
    out = project / "output"
    build = studyguide("build", "guide", "-o", str(out), "-q", "--force")
    timed(studyguide("build", "guide", "-o", str(out), "-q", "--format", "html,epub"), project)
    seed = project / "guide" / SEED.name
    edit = saving(seed)
    rows = [
        paired(runs, "`studyguide --version`", studyguide("--version"), [], "<= 0.15 s")[0],
        paired(runs, "`studyguide questions guide/`", studyguide("questions", "guide"), [],
               "<= 0.4 s", cwd=project, before=edit)[0],
    ]  # fmt: skip
    rows.append(
        paired(runs, "`build --format html`", [*build, "--format", "html"],
               [pandoc(seed, work / "x.html", "-s")], "<= 3x", cwd=project, before=edit)[0]
    )  # fmt: skip

    def forget() -> None:
        edit()
        shutil.rmtree(out / ".studyguide-memo", ignore_errors=True)

    rows.append(
        paired(runs, "`build --format html`, first build (no memo)", [*build, "--format", "html"],
               [pandoc(seed, work / "x.html", "-s")], "", cwd=project, before=forget)[0]
    )  # fmt: skip
    timed([*build, "--format", "html,epub"], project)  # the memo again
    rows.append(
        paired(runs, "`build --format epub`", [*build, "--format", "epub"],
               [pandoc(seed, work / "x.epub")], "<= 3x", cwd=project, before=edit)[0]
    )  # fmt: skip
    five, memory = paired(
        runs,
        "the five reading formats (page, print, practice, EPUB, sheet)",
        [*build, "--format", ",".join(SAME_FILES)],
        pandoc_files(seed, work),
        "<= 0.7x",
        cwd=project,
        before=edit,
    )
    return [*rows, five, replace(memory, work="peak PSS, the five formats, seed")]


def saving(guide: Path) -> Callable[[], None]:
    """What a writer does before each build: a word added inside a section of the guide, a
    new word each time (so that no build finds the whole guide as an earlier one read it)."""
    original = guide.read_text(encoding="utf-8")
    saves = iter(range(1_000_000))

    def save() -> None:
        guide.write_text(edit_inside_a_section(original, f"save{next(saves)}"), encoding="utf-8")

    return save


def peak_memory(questions: int, runs: int, work: Path) -> Row:
    """The five formats of a large synthetic guide against pandoc's PDF through WeasyPrint."""
    source = work / f"synthetic-{questions}.md"
    sections = max(1, questions // QUESTIONS_PER_SECTION)
    source.write_text(synthetic_guide(questions, sections=sections), encoding="utf-8")
    # A busy machine may take longer than a build allows by default: time is not measured here.
    ours = studyguide("build", str(source), "-o", str(work / f"out-{questions}"), "-q", "--force",
                      "--cheatsheet-per-section", "--format", ",".join(SAME_FILES),
                      "--layout-timeout", "7200", "--read-timeout", "3600")  # fmt: skip
    theirs = [pandoc(source, work / f"synthetic-{questions}.pdf", "--pdf-engine=weasyprint")]
    _, memory = paired(runs, "", ours, theirs, "")
    return replace(memory, work=f"peak PSS, {questions:,} questions", target="<= 2x")


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


def edit_inside_a_section(text: str, marker: str) -> str:
    """The guide with ``marker`` added to the question nearest its middle: an edit inside a
    section, as most saves are."""
    questions = list(re.finditer(r"^\d+\. .*$", text, re.MULTILINE))
    middle = questions[len(questions) // 2]
    return text[: middle.end()] + f" {marker}" + text[middle.end() :]


def edit_the_title(text: str, marker: str) -> str:
    """The guide with ``marker`` in its title: the outline changed, the guide is read whole."""
    return re.sub(r"^# ", f"# {marker} ", text, count=1, flags=re.MULTILINE)


def writing_loop(
    source: Path, runs: int, work: Path, edit: Callable[[str, str], str], label: str
) -> Row:
    """Seconds from saving an edit to the new page being served."""
    folder = work / f"loop-{source.stem}-{edit.__name__}"
    folder.mkdir()
    guide = folder / source.name
    original = source.read_text(encoding="utf-8")
    guide.write_text(original, encoding="utf-8")
    preview = Preview(guide, folder / "out")
    served = []
    try:
        for run in range(runs):
            time.sleep(1.0)  # a writer pauses between saves
            marker = f"revision{run}x{time.time_ns()}"
            beside = folder / f".{guide.name}.saving"
            beside.write_text(edit(original, marker), encoding="utf-8")
            saved = time.perf_counter()
            beside.replace(guide)  # saved as editors save: a file renamed over the old one
            preview.reloads.get(timeout=600)
            while marker not in preview.page():
                preview.reloads.get(timeout=600)
            served.append(time.perf_counter() - saved)
    finally:
        preview.close()
    return Row(label, tuple(served))


def print_table(rows: list[Row]) -> list[str]:
    """The table, as Markdown, for the terminal and benchmarks/README.md."""
    lines = [
        "| command | studyguide | pandoc | ratio | target | met | CPU s: studyguide / pandoc |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        ratio = spread(row.ratios, "x").replace(" x", "x") if row.theirs else ""
        met = {True: "met", False: "**missed**", None: ""}[row.met()]
        cpu = f"{statistics.median(row.cpu):.2f}" if row.cpu else ""
        if row.their_cpu:
            cpu += f" / {statistics.median(row.their_cpu):.2f}"
        lines.append(
            f"| {row.work} | {spread(row.ours, row.unit)} | {spread(row.theirs, row.unit)} "
            f"| {ratio} | {row.target} | {met} | {cpu} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="paired runs per row (median)")
    parser.add_argument(
        "--quick", action="store_true", help="without the 2,000-question memory row"
    )
    parser.add_argument(
        "--loop-questions", type=int, default=400, help="synthetic guide for the writing loop"
    )
    parser.add_argument(
        "--memory-questions", type=int, default=2000, help="synthetic guide for peak memory"
    )
    parser.add_argument(
        "--memory-runs", type=int, default=1, help="runs of the memory row (each takes long)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "output" / "bench.json")
    arguments = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764403200")
    # pandoc runs the `weasyprint` command installed beside this Python.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    work = Path(tempfile.mkdtemp(prefix="studyguide-bench-"))
    runs = arguments.runs
    try:
        rows = commands(runs, work)
        print("bench: measured the commands", file=sys.stderr, flush=True)
        size = arguments.loop_questions
        large = work / f"synthetic-{size}.md"
        sections = max(1, size // QUESTIONS_PER_SECTION)
        large.write_text(synthetic_guide(size, sections=sections), encoding="utf-8")
        rows += [
            replace(writing_loop(SEED, runs, work, edit_inside_a_section,
                                 "save -> new page in `serve`: seed"), target="<= 0.3 s"),
            replace(writing_loop(large, runs, work, edit_inside_a_section,
                                 f"save -> new page in `serve`: {size} questions"),
                    target="<= 1 s"),
            writing_loop(SEED, runs, work, edit_the_title,
                         "save -> new page, the title edited (read whole): seed"),
            writing_loop(large, runs, work, edit_the_title,
                         f"save -> new page, the title edited (read whole): {size} questions"),
        ]  # fmt: skip
        print("bench: measured the writing loop", file=sys.stderr, flush=True)
        if not arguments.quick:
            rows.append(peak_memory(arguments.memory_questions, arguments.memory_runs, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = print_table(rows)
    print("\n".join(table))
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "runs": runs,
        "rows": [{**asdict(row), "met": row.met()} for row in rows],
        "table": table,
    }
    arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {arguments.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
