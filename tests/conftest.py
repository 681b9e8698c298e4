"""Shared fixtures: guides built once per test session, and text folding for comparisons."""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import pickle
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html
from playwright.sync_api import Browser

from studyguide.build.cache import RECORD
from studyguide.build.memo import FOLDER
from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.format import Rendition
from studyguide.model import Guide, Question
from tests.chromium import launched

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "guide" / "data-science-genai-engineering.md"
SMALL = ROOT / "tests" / "guides" / "python-basics.md"
EPOCH = "1764403200"  # 2025-11-29, so that builds are reproducible
# epubcheck runs in a fresh JVM for each EPUB and is over before the JIT compiler's slow tier
# pays off: the quick tier alone and one GC thread halve its CPU time.
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")

TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "--",
        "\u2014": "---",
        "\u2026": "...",
    }
)


def shown_prompt(question: Question) -> str:
    """A question's prompt as a reader sees it in a format: the text of its HTML, where math is
    set (x<sub>i</sub>) rather than written in TeX (``x_i``) as in the plain prompt."""
    fragment = lxml_html.fragment_fromstring(question.prompt_html, create_parent="p")
    return str(fragment.text_content())


def printed_prompt(question: Question) -> str:
    """A question's prompt as a PDF gives its text back: its formulas are drawings there,
    which hold no text."""
    fragment = lxml_html.fragment_fromstring(question.prompt_html, create_parent="p")
    for formula in fragment.xpath(".//*[local-name()='math']"):
        formula.drop_tree()  # its tail, the text after it, stays
    return str(fragment.text_content())


def fold(text: str) -> str:
    """Text as compared across formats: hyphenation undone, white space and typography folded.

    WeasyPrint hyphenates with U+2010 and pdf text keeps line breaks (also after the hyphen of
    a word like "co-worker", where no space belongs); pandoc writes smart
    punctuation that its Markdown writer turns back into ASCII; invisible characters such as
    the zero-width joiner and emoji variation selectors are not in a PDF's text. Nothing
    else is changed.
    """
    text = re.sub(r"\u2010\s*\n\s*", "", text)
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*", "-", text)  # "co-" at a line end, "worker" below
    # Invisible format characters (zero-width joiner, soft hyphen...) do not survive PDF text.
    text = "".join(c for c in text if unicodedata.category(c) != "Cf" and c not in "\ufe0e\ufe0f")
    text = text.translate(TYPOGRAPHY)
    return " ".join(text.split())


def key(text: str) -> str:
    """Text as compared with what a PDF gives back: folded, without white space, hyphens or
    pictographs.

    A PDF's text breaks lines wherever the layout did, also between two Chinese characters
    that have no space between them in the guide; PDFium cannot tell a word's own hyphen at
    the end of a line from one the layout added, and reads no text from emoji (whose glyphs
    are pictures). Every other character must be there, in order.
    """
    return "".join(without_unreadable(fold(text)).split())


HYPHENS = frozenset("-\u2010\u2011")


def without_unreadable(text: str) -> str:
    """Text without what a PDF's text may lose: hyphens and pictographs (emoji, stars)."""
    return "".join(c for c in text if c not in HYPHENS and unicodedata.category(c) != "So")


@functools.cache
def pdf_text(path: Path) -> list[str]:
    """Each page's text, read once per file by PDFium: a long guide's PDF has hundreds of
    pages, which pypdf (still what the tests read a PDF's structure with) takes a second per
    dozen to extract."""
    import pypdfium2  # noqa: PLC0415

    document = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for page in document:
            text = page.get_textpage()
            # PDFium joins a word broken at the end of a line and marks where with \x02, for a
            # hyphen the layout added and one the word has alike (compare with key()).
            pages.append(text.get_text_bounded().replace("\r\n", "\n").replace("\x02", ""))
            text.close()
            page.close()
        return pages
    finally:
        document.close()


def built_files(folder: Path) -> list[str]:
    """The names of the files a build left in a folder, without its hidden build record and
    memo."""
    return sorted(path.name for path in folder.iterdir() if path.name not in {RECORD, FOLDER})


@dataclass(frozen=True)
class Built:
    """A guide built into every format in a folder of its own."""

    guide: Guide
    source: Path
    folder: Path
    warnings: tuple[str, ...] = ()  # what the build warned of, as the command line prints it

    def path(self, suffix: str) -> Path:
        return self.folder / f"{self.guide.name}{suffix}"


def build_all(source: Path, folder: Path) -> Built:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    report = build(BuildConfig(source=source, output=folder))
    (guide,) = report.guides
    return Built(guide, source, folder)


def built_once(source: Path, name: str, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A guide built into every format once per test run, read by every test that needs it.

    With pytest-xdist, the first worker to ask builds it into a folder the workers share and
    the others wait for it, then read the same files (and the guide, pickled beside them).
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's own folder, above each worker's
    folder, guide = shared / f"built-{name}", shared / f"built-{name}.pickle"
    with (shared / f"built-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released as the file closes
        if not guide.is_file():
            built = build_all(source, folder)
            guide.write_bytes(pickle.dumps(built.guide))
            return built
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH  # as build_all leaves it, for the tests after
    return Built(pickle.loads(guide.read_bytes()), source, folder)


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(SEED, "seed", tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for a module's browser tests (which one xdist worker runs, as a group)."""
    yield from launched()


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(SMALL, "small", tmp_path_factory)


@pytest.fixture(params=["seed", "small"])
def built(request: pytest.FixtureRequest) -> Built:
    """Each test that takes this runs on the seed and on the tests' own small guide."""
    value: Built = request.getfixturevalue(request.param)
    return value


@pytest.fixture
def guide_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the small guide in a folder of its own."""
    folder = tmp_path / "guide"
    folder.mkdir()
    target = folder / SMALL.name
    shutil.copy(SMALL, target)
    yield target


# What WeasyPrint may say without failing a test: the web page's screen styles use properties
# that only browsers know, and that print ignores by design.
BROWSER_ONLY_CSS = re.compile(
    r"^Ignored `(overflow-x: \w+|line-break: strict|word-break: keep-all)` at \d+:\d+, "
    r"(unknown property|invalid value)\.$"
)  # the last two set Chinese, Japanese and Korean lines in browsers and e-readers


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def weasyprint_warnings_fail(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test fails when WeasyPrint warns in this process, unless it is marked to expect it.

    (Layouts in the build's forked workers log there; the tests that compare them with
    layouts in this process, on one core, see the same warnings here.)
    """
    import studyguide.render.paged  # noqa: F401, PLC0415 - it sets the logger's level as it loads

    logger = logging.getLogger("weasyprint")
    collected, level = Collected(), logger.level
    logger.addHandler(collected)
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(collected)
        logger.setLevel(level)
    unexpected = [text for text in collected.messages if not BROWSER_ONLY_CSS.match(text)]
    if unexpected and request.node.get_closest_marker("weasyprint_warnings") is None:
        pytest.fail(f"WeasyPrint warned: {unexpected[:5]}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each corpus guide's tests on one worker, so that the guide is built once, and
    start with the longest guides, so that no long guide is left running alone at the end.

    With ``--dist loadgroup`` (the tests session), pytest-xdist sends the tests of one
    ``xdist_group`` to the same worker, in the order collected; this runs before xdist reads
    the marks.
    """
    sizes: dict[Path, int] = {}  # each guide's file size, read once
    place: dict[str, int] = {}  # each corpus test's place: the longest guide's tests first
    for item in items:
        callspec = getattr(item, "callspec", None)
        guide = callspec.params.get("corpus_guide") if callspec else None
        if guide is not None:
            item.add_marker(pytest.mark.xdist_group(f"corpus-{guide.path}"))
            if guide.source not in sizes:
                sizes[guide.source] = guide.source.stat().st_size if guide.source.is_file() else 0
            place[item.nodeid] = -sizes[guide.source]
    # A stable sort: each guide's tests stay together and in their order.
    items.sort(key=lambda item: place.get(item.nodeid, 0))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-goldens",
        action="store_true",
        help="write tests/goldens/*.expected.md and *.model.json from what the code makes now",
    )


def quiz_guide(folder: Path) -> Guide:
    """A small guide built by hand: a multiple-choice question, an answer full of tabs, line
    breaks and quotes, and a question without an answer, in two sections."""
    from studyguide.model import Choice, KeyPoint, Question, Section  # noqa: PLC0415

    source = folder / "hand-made.md"
    source.write_text("# Hand made\n", encoding="utf-8")
    choices = (
        Choice("A", "a list", "a list", correct=False),
        Choice("B", "a tuple", "a <code>tuple</code>", correct=True),
        Choice("C", "a set", "a set", correct=False),
    )
    picked = Question(
        id="basics-q1",
        number=1,
        prompt="Which of these is immutable?",
        prompt_html="Which of these is immutable?",
        answer_html="<p>A <strong>tuple</strong> cannot change once made.</p>",
        key_points=(KeyPoint("tuple", "cannot change once made", 1),),
        line=3,
        choices=choices,
    )
    awkward = Question(
        id="basics-q2",
        number=2,
        prompt='What does "\t" mean?',
        prompt_html="What does &quot;<code>\t</code>&quot; mean?",
        answer_html=(
            "<ul>\n<li><strong>A tab</strong>: \"\t\" in a string,\nand '' too.</li>\n</ul>"
        ),
        key_points=(KeyPoint("A tab", '"\t" in a string', 1),),
        line=7,
    )
    told = "Tell me about a bug you fixed."
    story = Question("stories-q1", 1, told, told, answer_html="", key_points=(), line=12)
    return Guide(
        name="hand-made",
        source=source,
        title="Hand made",
        subtitle="",
        author="",
        date="2025-11-29",
        language="en",
        description="",
        intro_html="",
        sections=(
            Section("basics", "Basics", "Basics", "", "", (picked, awkward), 2, source),
            Section("stories", "Stories", "Stories", "", "", (story,), 10, source),
        ),
    )


def rendition(guide: Guide, **settings: object) -> Rendition:
    """What the pipeline hands a format, for a guide made without the pipeline."""
    from studyguide.render.paged import Typesetter  # noqa: PLC0415
    from studyguide.render.pages import render_page  # noqa: PLC0415

    config = BuildConfig(source=guide.source, **settings)  # type: ignore[arg-type]
    return Rendition(
        guide,
        render_page(guide, config.paper),
        config,
        functools.cache(lambda: Typesetter(guide.source.parent)),
    )
