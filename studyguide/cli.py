"""Command-line arguments -> a build, a question list or a check; problems -> one line each.

Exit status: 0 on success, 1 for bad input (or, with ``check --strict``, for findings).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studyguide import __version__
from studyguide.config import FORMATS, PAPERS, BuildConfig, make_config, parse_formats
from studyguide.errors import Finding, GuideError
from studyguide.model import Guide
from studyguide.progress import TerminalProgress, watched

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="studyguide",
        description="Publish a Markdown study guide as a web page, PDF, EPUB and cheat sheet.",
    )
    main_parser.add_argument("--version", action="version", version=f"studyguide {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the guide(s) into the output folder")
    _common(build)
    build.add_argument(
        "-o", "--output", type=Path, help="the folder to write to (default: output/)"
    )
    build.add_argument(
        "-f", "--format", dest="formats", help=f"comma-separated: {', '.join(FORMATS)} or all"
    )
    build.add_argument("--paper", choices=[*PAPERS, "a4", "Letter"], help="PDF paper size")
    build.add_argument(
        "--cheatsheet-min-font", type=float, metavar="PT", help="smallest cheat-sheet font size"
    )
    build.add_argument(
        "--cheatsheet-per-section",
        action="store_const",
        const=True,
        help="make the cheat sheet one page per section",
    )
    build.add_argument(
        "--force", action="store_true", help="build even the outputs that are up to date"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    build.add_argument("-v", "--verbose", action="store_true", help="print each stage's time")

    questions = commands.add_parser("questions", help="list the questions studyguide finds")
    _common(questions)
    questions.add_argument("--json", action="store_true", help="print JSON for other tools")

    check = commands.add_parser("check", help="lint the guide(s) without building anything")
    _common(check)
    check.add_argument("--strict", action="store_true", help="exit 1 when anything is found")
    return main_parser


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "source", nargs="?", type=Path, help="a guide's .md file or a folder (default: guide/)"
    )
    command.add_argument(
        "--config", type=Path, default=Path("pyproject.toml"), help="where [tool.studyguide] is"
    )
    command.add_argument("--debug", action="store_true", help="show a traceback for errors")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    # Lists nested a few hundred deep make pandoc's JSON deeper than Python's default limit.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    run = {"build": run_build, "questions": run_questions, "check": run_check}[arguments.command]
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


def _config(arguments: argparse.Namespace, **flags: Any) -> BuildConfig:
    return make_config(arguments.config, source=arguments.source, **flags)


def run_build(arguments: argparse.Namespace) -> int:
    from studyguide.pipeline import build  # noqa: PLC0415 - keeps --help and errors fast

    config = _config(
        arguments,
        output=arguments.output,
        formats=parse_formats(arguments.formats) if arguments.formats else None,
        paper=arguments.paper,
        cheatsheet_min_font=arguments.cheatsheet_min_font,
        cheatsheet_per_section=arguments.cheatsheet_per_section,
    )

    def warn(finding: Finding) -> None:
        if not arguments.quiet:
            print(f"studyguide: warning: {finding}", file=sys.stderr)

    started = time.perf_counter()
    if watched(arguments.quiet):
        with TerminalProgress() as progress:
            report = build(config, warn, force=arguments.force, progress=progress)
    else:
        report = build(config, warn, force=arguments.force)
    if not arguments.quiet:
        for source in report.unchanged:
            print(f"{source}: up to date (--force builds it again)")
        for guide in report.guides:
            print(f"{guide.source}: {totals(guide)}")
            print(f"  language: {guide.language} ({guide.language_origin})")
        for path, summary in report.written:
            print(f"  wrote {path} ({summary})")
        if arguments.verbose:
            for label, seconds in report.timings:
                print(f"  {seconds:6.2f} s  {label}")
        print(f"done in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def totals(guide: Guide) -> str:
    return (
        f"{len(guide.questions)} questions in {len(guide.sections)} sections "
        f"({guide.answered_count} answered, {guide.unanswered_count} without an answer)"
    )


def run_questions(arguments: argparse.Namespace) -> int:
    from studyguide.pipeline import inspect  # noqa: PLC0415

    guides = [guide for guide, _ in inspect(_config(arguments))]
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
                    }
                    for q in section.questions
                ],
            }
            for section in guide.sections
        ],
    }


def run_check(arguments: argparse.Namespace) -> int:
    from studyguide.pipeline import inspect, lint  # noqa: PLC0415

    found = 0
    for guide, findings in inspect(_config(arguments)):
        problems = sorted((*findings, *lint(guide)), key=lambda finding: finding.line)
        for finding in problems:
            print(f"{finding}")
        print(f"{guide.source}: {totals(guide)}; {len(problems)} finding(s)")
        found += len(problems)
    return EXIT_BAD_INPUT if arguments.strict and found else EXIT_OK
