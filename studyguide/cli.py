"""Command-line arguments -> a build, a live preview, a question list, a check or a starter
project. Problems become one line each.

Exit status: 0 on success, 1 for bad input (or, with ``check --strict``, for findings), 2 for
a bug in studyguide (one line; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from studyguide import __version__
from studyguide.build.progress import TerminalProgress, watched
from studyguide.check import problems as reader_problems
from studyguide.config import BuildConfig, make_config
from studyguide.config import flags as config_flags
from studyguide.errors import Finding, GuideError, for_terminal
from studyguide.model import Guide
from studyguide.project import find_project
from studyguide.read import sources
from studyguide.scaffold import write_starter

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a program ended by SIGPIPE


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="studyguide",
        description=(
            "Publish a Markdown study guide as a web page, PDF, EPUB and cheat sheet, "
            "and study it with an Anki deck, flashcards and a self-quiz page."
        ),
    )
    main_parser.add_argument("--version", action="version", version=f"studyguide {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, _, add_arguments) in COMMANDS.items():
        command = commands.add_parser(name, help=help_text)
        if name != "init":  # init makes a project; the other commands read one
            _common(command)
        add_arguments(command)
    return main_parser


def _build_arguments(build: argparse.ArgumentParser) -> None:
    for names, options in config_flags():  # one flag per BuildConfig field
        build.add_argument(*names, **options)
    build.add_argument(
        "--force", action="store_true", help="build even the outputs that are up to date"
    )
    build.add_argument(
        "--clean", action="store_true", help="remove the outputs that no guide makes any more"
    )
    build.add_argument(
        "--focus",
        default="",
        metavar="[again:|due:]FILE",
        help="build the practice edition, flashcards and cheat sheet of only the questions a "
        "review history (the quiz page's export) marks: again:FILE those missed, due:FILE "
        "those due, FILE both",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    build.add_argument("-v", "--verbose", action="store_true", help="print each stage's time")


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    for names, options in config_flags():  # the same settings as a build
        serve.add_argument(*names, **options)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--port", type=int, default=8000, help="the port to listen on (default: 8000; 0: any free)"
    )


def _questions_arguments(questions: argparse.ArgumentParser) -> None:
    questions.add_argument("--json", action="store_true", help="print JSON for other tools")
    questions.add_argument(
        "--explain",
        action="store_true",
        help="show, per section, each convention tried, its count and why one was chosen",
    )


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("--strict", action="store_true", help="exit 1 when anything is found")


def _init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument("folder", nargs="?", type=Path, default=Path(), help="default: here")
    init.add_argument("--debug", action="store_true", help="show a traceback for errors")


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "source", nargs="?", type=Path, help="a guide's .md file or a folder (default: guide/)"
    )
    command.add_argument(
        "--config",
        type=Path,
        help="the pyproject.toml or studyguide.toml to read settings from "
        "(default: the nearest from here upwards)",
    )
    command.add_argument("--debug", action="store_true", help="show a traceback for errors")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    # Lists nested a few hundred deep make pandoc's JSON deeper than Python's default limit.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    _, run, _ = COMMANDS[arguments.command]
    try:
        return run(arguments)
    except GuideError as error:
        if arguments.debug:
            raise
        print(f"studyguide: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("studyguide: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # what read the output stopped early, as `| head` does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # a bug: one line for the user, the traceback with --debug
        if arguments.debug:
            raise
        print(
            f"studyguide: internal error: {type(error).__name__}: {for_terminal(str(error))} — "
            "run again with --debug for the traceback, and please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR


def _config(arguments: argparse.Namespace) -> BuildConfig:
    """The config from [tool.studyguide] and whichever of BuildConfig's flags the command has."""
    names = {item.name for item in fields(BuildConfig)}
    given = {key: value for key, value in vars(arguments).items() if key in names}
    return make_config(arguments.config, **given)


def tell(line: str) -> None:
    """Print a line of the build's report, whose file names may hold control characters."""
    print(for_terminal(line))


def run_build(arguments: argparse.Namespace) -> int:
    from studyguide.build.pipeline import build  # noqa: PLC0415 - see studyguide/__init__.py

    config = _config(arguments)

    def warn(finding: Finding) -> None:
        if not arguments.quiet:
            print(f"studyguide: warning: {finding}", file=sys.stderr)

    started = time.perf_counter()
    if watched(arguments.quiet):
        with TerminalProgress() as progress:
            report = build(
                config,
                warn,
                force=arguments.force,
                clean=arguments.clean,
                progress=progress,
                focus=arguments.focus,
            )
    else:
        report = build(
            config, warn, force=arguments.force, clean=arguments.clean, focus=arguments.focus
        )
    if not arguments.quiet:
        for source in report.unchanged:
            tell(f"{source}: up to date (--force builds it again)")
        for guide in report.guides:
            tell(f"{guide.source}: {totals(guide)}")
            tell(f"  language: {guide.language} ({guide.language_origin})")
        for path, summary in report.written:
            tell(f"  wrote {path} ({summary})")
        for path in report.removed:
            tell(f"  removed {path} (no guide makes it any more)")
        for path in report.left:
            tell(f"  left {path} alone: no guide makes it, but it changed since it was built")
        if arguments.verbose:
            for label, seconds in report.timings:
                print(f"  {seconds:6.2f} s  {label}")
        print(f"done in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def run_serve(arguments: argparse.Namespace) -> int:
    def configure() -> BuildConfig:
        """The settings as they are now: pyproject.toml may change while the server runs."""
        config = _config(arguments)
        return replace(config, formats=tuple(dict.fromkeys(("html", *config.formats))))

    def say(line: str) -> None:
        print(line, file=sys.stderr if line.startswith("studyguide:") else sys.stdout, flush=True)

    # The settings file to watch: the one named, else the project's, else where it would be.
    settings = arguments.config or find_project(Path.cwd()).settings_file or Path("pyproject.toml")
    from studyguide.serve import serve  # noqa: PLC0415 - see studyguide/__init__.py

    serve(configure, settings, host=arguments.host, port=arguments.port, say=say)
    return EXIT_OK


def totals(guide: Guide) -> str:
    return (
        f"{len(guide.questions)} questions in {len(guide.sections)} sections "
        f"({guide.answered_count} answered, {guide.unanswered_count} without an answer)"
    )


def run_questions(arguments: argparse.Namespace) -> int:
    if arguments.explain:
        return explain(_config(arguments).source)
    guides = [guide for guide, _ in sources.inspect(_config(arguments))]
    if arguments.json:
        print(
            json.dumps(
                {"guides": [_guide_json(guide) for guide in guides]}, indent=2, ensure_ascii=False
            )
        )
        return EXIT_OK
    for guide in guides:
        print(f"{guide.source}: {guide.title} (questions written as: {guide.convention})")
        for section in guide.sections:
            print(f"\n  {section.title}")
            for q in section.questions:
                mark = " " if q.answered else "·"
                print(f"  {mark} {q.number:>3}. {q.prompt}")
        print(f"\n  {totals(guide)}; · marks a question without an answer\n")
    return EXIT_OK


def explain(source: Path) -> int:
    """Print how each section of each guide is read; exit 1 when a guide has no questions."""
    status = EXIT_OK
    for path in sources.find_guides(source):
        files = sorted(sources.chapters(path)) if path.is_dir() else [path]
        for file in files:
            readings = sources.explain(file)
            total = sum(
                count
                for _, reading in readings
                for name, count in reading.candidates
                if name == reading.convention
            )
            print(f"{file}: {total} questions")
            for title, reading in readings:
                tried = ", ".join(f"{name} {count}" for name, count in reading.candidates if count)
                print(f"\n  {title or '(before the first heading)'}")
                print(f"    read as: {reading.convention} — {reading.why}")
                print(f"    candidates: {tried or 'none repeats'}")
            print()
            status = status if total else EXIT_BAD_INPUT
    return status


def _guide_json(guide: Guide) -> dict[str, Any]:
    return {
        "source": str(guide.source),
        "title": guide.title,
        "convention": guide.convention,
        "questions": len(guide.questions),
        "answered": guide.answered_count,
        "unanswered": guide.unanswered_count,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "questions": [
                    {
                        "id": q.id,
                        "number": q.number,
                        "text": q.prompt,
                        "answered": q.answered,
                        "line": q.line,
                        "choices": [
                            {"label": c.label, "text": c.text, "correct": c.correct}
                            for c in q.choices
                        ],
                    }
                    for q in section.questions
                ],
            }
            for section in guide.sections
        ],
    }


def run_check(arguments: argparse.Namespace) -> int:
    found = 0
    for guide, findings in sources.inspect(_config(arguments)):
        problems = sorted((*findings, *reader_problems(guide)), key=lambda finding: finding.line)
        for finding in problems:
            print(f"{finding}")
        print(f"{guide.source}: {totals(guide)}; {len(problems)} finding(s)")
        found += len(problems)
    return EXIT_BAD_INPUT if arguments.strict and found else EXIT_OK


Run = Callable[[argparse.Namespace], int]


# Each command: its help, what runs it, and the arguments it adds to the common ones.
def run_init(arguments: argparse.Namespace) -> int:
    folder: Path = arguments.folder
    written, kept = write_starter(folder)
    for path in written:
        print(f"  wrote {path}")
    for path in kept:
        print(f"  left {path} alone: it exists")
    if not written:
        print("Nothing written: the starter project's files are all there already.")
    where = "" if folder == Path() else f"cd {folder} && "
    print(f"Next: write your questions in {folder / 'guide'}/, then run `{where}studyguide build`.")
    return EXIT_OK


COMMANDS: dict[str, tuple[str, Run, Callable[[argparse.ArgumentParser], None]]] = {
    "build": ("build the guide(s) into the output folder", run_build, _build_arguments),
    "serve": (
        "serve the web page, rebuilt and reloaded whenever the guide is saved",
        run_serve,
        _serve_arguments,
    ),
    "questions": ("list the questions studyguide finds", run_questions, _questions_arguments),
    "check": ("lint the guide(s) without building anything", run_check, _check_arguments),
    "init": ("write a starter project (never overwrites a file)", run_init, _init_arguments),
}
