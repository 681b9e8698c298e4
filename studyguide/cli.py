"""Command-line arguments -> a build, and problems -> one-line messages and exit codes."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from studyguide import __version__
from studyguide.config import FORMATS, PAPERS, make_config, parse_formats
from studyguide.errors import Finding, GuideError

EXIT_OK, EXIT_BAD_INPUT, EXIT_BUG = 0, 1, 70


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="studyguide",
        description="Publish a Markdown study guide as a web page, PDF, EPUB and cheat sheet.",
    )
    main_parser.add_argument("--version", action="version", version=f"studyguide {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build the guide(s) into the output folder")
    build.add_argument(
        "source",
        nargs="?",
        type=Path,
        help="a guide's .md file or a folder of them (default: guide/)",
    )
    build.add_argument(
        "-o", "--output", type=Path, help="the folder to write to (default: output/)"
    )
    build.add_argument(
        "-f",
        "--format",
        dest="formats",
        help=f"comma-separated formats: {', '.join(FORMATS)} or all (default: all)",
    )
    build.add_argument(
        "--paper", choices=[*PAPERS, "a4", "Letter"], help="paper size of the PDFs (default: A4)"
    )
    build.add_argument(
        "--config",
        type=Path,
        default=Path("pyproject.toml"),
        help="where [tool.studyguide] is read from",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    build.add_argument("--debug", action="store_true", help="show a traceback for errors")
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return run_build(arguments)
    except GuideError as error:
        if arguments.debug:
            raise
        print(f"studyguide: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("studyguide: interrupted; nothing was written", file=sys.stderr)
        return 130


def run_build(arguments: argparse.Namespace) -> int:
    from studyguide.pipeline import build  # noqa: PLC0415 - keeps --help and errors fast

    formats = parse_formats(arguments.formats) if arguments.formats else None
    config = make_config(
        arguments.config,
        source=arguments.source,
        output=arguments.output,
        formats=formats,
        paper=arguments.paper,
    )

    def warn(finding: Finding) -> None:
        if not arguments.quiet:
            print(f"studyguide: warning: {finding}", file=sys.stderr)

    started = time.perf_counter()
    report = build(config, warn)
    if not arguments.quiet:
        for guide in report.guides:
            print(
                f"{guide.source}: {len(guide.questions)} questions in "
                f"{len(guide.sections)} sections ({guide.answered_count} answered, "
                f"{guide.unanswered_count} without an answer)"
            )
        for path, summary in report.written:
            print(f"  wrote {path} ({summary})")
        print(f"done in {time.perf_counter() - started:.1f} s")
    return EXIT_OK
