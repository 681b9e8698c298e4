"""A path -> the guides and books in it, each read into its model with what was noticed.

A guide is one .md file; a book is a folder of numbered chapter files ('01-basics.md', ...)
published as one guide. Reading a guide normalizes and parses it, then fills in what its
front matter left out (config.with_defaults): every command reads guides through here.
What the model holds is text XML can hold: a control character in a front matter title, a
form feed in a question becomes U+FFFD, with a warning, rather than a broken EPUB.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from studyguide.build.memo import Memo
from studyguide.config import BuildConfig, with_defaults
from studyguide.errors import Finding, GuideError, attributed
from studyguide.limits import reading
from studyguide.model import Guide, Reading
from studyguide.read.bidi import isolate_left_to_right
from studyguide.render.i18n import language, settle_language

if TYPE_CHECKING:
    from studyguide.read.normalize import NormalizedGuide
    from studyguide.read.pandoc import Shelf
    from studyguide.read.patch import Parsed

CHAPTER = re.compile(r"^\d+[-_. ]")
# What a guide's file may be: Markdown, Quarto and R Markdown (read like Markdown, their
# chunks understood), and Jupyter notebooks.
GUIDE_SUFFIXES = frozenset({".md", ".markdown", ".qmd", ".rmd", ".ipynb"})


def is_guide_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in GUIDE_SUFFIXES


@dataclass(frozen=True)
class Prepared:
    """A guide understood: its model, what was noticed, and its normalized Markdown."""

    source: Path
    written: Callable[[], str]  # the normalized Markdown, waited for when it is asked for
    guide: Guide
    findings: tuple[Finding, ...]
    # A guide file's text and what parsing made of it, from which the live preview reads the
    # next save's changed sections alone; None for books and notebooks, always read whole.
    parsed: Parsed | None = None

    @property
    def markdown(self) -> str:
        """The guide's normalized Markdown: written by a pandoc begun as the guide was read
        (a build writes it), else when first asked for (`questions` never asks)."""
        return self.written()


def find_guides(source: Path) -> list[Path]:
    """What to build: a guide's file, a book's folder, or a folder's guides and books by name."""
    _refuse_what_is_not_there(source)
    if source.is_file() or is_book(source):
        for chapter in chapters(source) if source.is_dir() else []:
            _refuse_a_link_out(chapter, source, "the book's folder")
        return [source]
    guides = sorted(
        path
        for path in source.iterdir()
        if is_guide_file(path) or (path.is_dir() and is_book(path))
    )
    _refuse_links_out(guides, source)
    if not guides:
        raise GuideError(
            "the folder holds no .md files (nor .markdown, .qmd, .Rmd or .ipynb)",
            "put your guide in it as a Markdown file ending in .md",
            source,
        )
    return guides


def _refuse_what_is_not_there(source: Path) -> None:
    if not source.exists():
        raise GuideError(
            "no such file or folder",
            "give the path of a guide's .md file or a folder of them",
            source,
        )
    if not source.is_file() and not source.is_dir():
        raise GuideError(
            "is neither a file nor a folder", "give the path of a guide's .md file", source
        )


def _refuse_links_out(guides: list[Path], folder: Path) -> None:
    """Each guide found in ``folder``, and each chapter of a book, must be inside it."""
    for path in guides:
        _refuse_a_link_out(path, folder)
        for chapter in chapters(path) if path.is_dir() else []:
            _refuse_a_link_out(chapter, path, "the book's folder")


def check_output(output: Path, source: Path, guides: list[Path]) -> None:
    """Refuse an output folder that holds guides: the normalized Markdown of each would be
    written over the guide it was made from (and a book would gain a chapter)."""
    folders = [source if source.is_dir() else source.parent]
    folders += [guide for guide in guides if guide.is_dir()]
    target = output.resolve()
    for folder in folders:
        if folder.resolve() == target:
            raise GuideError(
                "is where the guides are, and a build would write over them",
                "choose another output folder with -o, such as output/",
                output,
            )


def _refuse_a_link_out(path: Path, folder: Path, where: str = "the guide folder") -> None:
    """A guide or book must be in the guide folder, a chapter in its book, also once links
    are followed (as a book's images must be: sanitize.py)."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise GuideError(
            f"is a link to a file outside {where}, which the build does not read",
            "copy the file into the folder instead of linking to it",
            path,
        )


def chapters(book: Path) -> list[Path]:
    """A book's chapter files, in order."""
    if not book.is_dir():
        return []
    return sorted(path for path in book.iterdir() if is_guide_file(path))


def is_book(folder: Path) -> bool:
    """Whether a folder is one guide written as numbered chapter files."""
    names = [path.name for path in chapters(folder)]
    return bool(names) and all(CHAPTER.match(name) for name in names)


def guide_name(source: Path) -> str:
    """The outputs' base name: the file's, or its folder's for a book, README.md or index.md."""
    if source.is_dir():
        return source.resolve().name
    if source.stem.lower() in {"readme", "index"} and source.resolve().parent.name:
        return source.resolve().parent.name  # also for a bare 'README.md' in the current folder
    return source.stem


def read(
    source: Path, config: BuildConfig, memo: Memo | None = None, *, markdown: bool = False
) -> Prepared:
    """Normalize and parse one guide or book, decide its language, with what was noticed;
    ``memo`` keeps the detected language and the HTML of the guide's fragments for the next
    build. With ``markdown``, the guide's normalized Markdown is written while it is parsed."""
    reader = functools.partial(_read_in_time, source, config, memo, markdown=markdown)
    return attributed(source, reader)


def inspect(config: BuildConfig) -> list[tuple[Guide, tuple[Finding, ...]]]:
    """Read every guide, without rendering or writing anything (for questions and check)."""
    memo = Memo(config.output)  # what earlier builds kept; nothing is written
    return [
        (item.guide, item.findings)
        for item in (read(source, config, memo) for source in find_guides(config.source))
    ]


def _read_in_time(
    source: Path, config: BuildConfig, memo: Memo | None, *, markdown: bool
) -> Prepared:
    with reading(config.read_timeout):
        # The HTML of the fragments the last build of this guide wrote: most are unchanged.
        shelf = memo.shelf("html", str(source.resolve())) if memo is not None else None
        prepared = _read(source, config, shelf, markdown=markdown)
        guide, findings = _settled(prepared.guide, prepared.findings, config, memo)
    return dataclasses.replace(prepared, guide=guide, findings=findings)


def reread(
    source: Path, config: BuildConfig, previous: Parsed, memo: Memo | None = None
) -> tuple[Guide, tuple[Finding, ...], Parsed] | None:
    """A guide's file read again after a save, only its changed sections through pandoc:
    the guide, what was noticed, and the reading to start from next time. None when the
    guide must be read whole (its outline changed, see read/patch.py)."""

    def read_again() -> tuple[Guide, tuple[Finding, ...], Parsed] | None:
        with reading(config.read_timeout), _readable(source, config):
            patch = _reading_stack()[2]
            limit = int(config.max_image_mb * 1_000_000)
            text = _normalizer().read_text(source)
            with _without_cycle_collection():
                parsed: Parsed | None = patch.patched(
                    previous, text, config.language, max_image_bytes=limit
                )
            if parsed is None:
                return None
            guide, findings = _settled(parsed.guide, parsed.findings, config, memo)
            return guide, findings, parsed

    return attributed(source, read_again)


def _settled(
    guide: Guide, found: tuple[Finding, ...], config: BuildConfig, memo: Memo | None
) -> tuple[Guide, tuple[Finding, ...]]:
    """A parsed guide made fit for XML, each correct choice named once, its language decided
    (a right-to-left guide's left-to-right runs isolated) and its defaults filled in."""
    answers = _reading_stack()[0]
    unfit: list[Finding] = []
    guide = _fit_for_xml(answers.said_once(guide), guide.source, 1, unfit)
    guide, language_findings = settle_language(guide, config.language, memo)
    if language(guide.language).direction == "rtl":
        guide = isolate_left_to_right(guide)
    findings = (*language_findings, *found, *unfit)
    return with_defaults(guide, config), tuple(_each_once(findings))


def _fit_for_xml(value: Any, source: Path, line: int, found: list[Finding]) -> Any:
    """A model value whose text holds only characters XML can hold; what was replaced is
    told in ``found``, at the line of the question or section it is in."""
    if isinstance(value, str):
        sanitize = _reading_stack()[3]
        text, unfit = sanitize.xml_text(value)
        if unfit:
            found.extend(sanitize.unfit_findings(source, line, unfit))
        return text
    if isinstance(value, tuple):
        items = tuple(_fit_for_xml(item, source, line, found) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        where: Any = getattr(value, "source", source)
        source = where if isinstance(where, Path) and where != Path() else source
        line = getattr(value, "line", 0) or line
        changes = {}
        for item in dataclasses.fields(value):
            old = getattr(value, item.name)
            new = _fit_for_xml(old, source, line, found)
            if new is not old:
                changes[item.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _each_once(findings: tuple[Finding, ...]) -> list[Finding]:
    """The findings, a warning about the same thing in the same file told only once."""
    seen: set[tuple[Path, str]] = set()
    kept = []
    for finding in findings:
        if (finding.path, finding.message) not in seen:
            seen.add((finding.path, finding.message))
            kept.append(finding)
    return kept


def explain(file: Path) -> list[tuple[str, Reading]]:
    """How each section of a guide's file is read: its title and the reading chosen for it."""
    normalize, parse = _normalizer(), _reading_stack()[1]
    readings: list[tuple[str, Reading]] = parse.explain_guide(normalize.normalize_file(file))
    return readings


def _normalizer() -> ModuleType:
    """The module that normalizes a guide, imported when the first guide is read."""
    from studyguide.read import normalize  # noqa: PLC0415 - see studyguide/__init__.py

    return normalize


def _reading_stack() -> tuple[ModuleType, ModuleType, ModuleType, ModuleType]:
    """The modules that read a normalized guide, imported when the first guide is read (a
    build imports them while pandoc reads it)."""
    from studyguide.read import answers, parse, patch, sanitize  # noqa: PLC0415 - see studyguide/__init__.py

    return answers, parse, patch, sanitize


def _read(
    source: Path, config: BuildConfig, shelf: Shelf | None = None, *, markdown: bool = False
) -> Prepared:
    normalize = _normalizer()

    def normalize_file(path: Path) -> NormalizedGuide:
        with _readable(path, config):
            normalized: NormalizedGuide = normalize.normalize_file(path)
            return dataclasses.replace(normalized, shelf=shelf)

    limit = int(config.max_image_mb * 1_000_000)
    with _without_cycle_collection():
        if source.is_dir():
            book = [normalize_file(path) for path in chapters(source)]
            written = _joined([chapter.begin_markdown() for chapter in book]) if markdown else None
            guide, findings = _reading_stack()[1].parse_book(
                book, source, guide_name(source), config.language, max_image_bytes=limit
            )
            return Prepared(source, written or _not_asked, guide, findings)
        if source.suffix.lower() == ".ipynb":
            normalized, text = normalize_file(source), ""
        else:  # read as normalize_file reads it, keeping the text for the preview's next save
            with _readable(source, config):
                text = normalize.read_text(source)
                reading = normalize.begin_normalizing(text, source)
            _reading_stack()  # imported while pandoc reads the guide
            normalized = dataclasses.replace(reading(), shelf=shelf)
        _, parse, patch, _ = _reading_stack()
        # pandoc writes the Markdown while the guide is parsed; what waits for it holds
        # nothing of the guide's AST, which goes with this function.
        written = normalized.begin_markdown() if markdown else _not_asked
        guide, parse_findings = parse.parse_guide(
            normalized, guide_name(source), config.language, max_image_bytes=limit
        )
    findings = tuple(sorted((*normalized.findings, *parse_findings), key=lambda f: f.line))
    parsed = patch.Parsed(text, guide, findings) if text else None
    return Prepared(source, written, guide, findings, parsed)


def _joined(chapters: list[Callable[[], str]]) -> Callable[[], str]:
    """A book's Markdown, its chapters' one after another, when asked for."""
    return lambda: "\n".join(chapter() for chapter in chapters)


def _not_asked() -> str:
    raise AssertionError("a guide read without its Markdown (markdown=False) was asked for it")


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pandoc's JSON becomes hundreds of thousands of small dicts and lists, none in a cycle:
    Python's cycle collector, woken again and again while they are made, only slows that down
    (a guide of 2,000 questions read several times slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _readable(source: Path, config: BuildConfig) -> Iterator[None]:
    """Reading a guide's file, stopped with a GuideError when it is too large or unreadable."""
    try:
        size = source.stat().st_size
        if size > config.max_guide_mb * 1_000_000:
            raise GuideError(
                f"the guide is {size / 1_000_000:.1f} MB, "
                f"more than the {config.max_guide_mb:g} MB allowed",
                "split it into smaller guides, or raise max_guide_mb in [tool.studyguide]",
                source,
            )
        yield
    except OSError as error:
        raise GuideError(
            f"cannot be read ({error.strerror})",
            "check that the file exists and is readable",
            source,
        ) from error
