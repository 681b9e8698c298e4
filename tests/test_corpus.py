"""Real study guides by other people (../shared/corpus): every question found, in every format.

Each guide's expected question count is read from the corpus README, from every table that has
a "questions" column; a cell such as "137 (or 134)" accepts either count. Each guide is built
once, into every format, and every test of it reads that one build.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from studyguide.build.pipeline import build
from studyguide.cli import main
from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.formats import REGISTRY
from studyguide.model import Guide, Question
from studyguide.read.sources import GUIDE_SUFFIXES
from studyguide.render import i18n
from studyguide.render.i18n import words
from tests.ace import ace_violations
from tests.conftest import EPOCH, ROOT, Built, fold, key, pdf_text, printed_prompt, shown_prompt
from tests.epubcheck_server import epubcheck_messages
from tests.formats.test_pdf import assert_contents_match_pages, contents_title, outline_titles

pytestmark = pytest.mark.corpus

CORPUS = Path(os.environ.get("STUDYGUIDE_CORPUS", ROOT.parent / "shared" / "corpus"))
SUFFIXES = tuple(sorted(GUIDE_SUFFIXES))
CELL_BORDER = re.compile(r"(?<!\\)\|")  # "\|" inside a cell is text, not a border
OPF = {"opf": "http://www.idpf.org/2007/opf"}


@dataclass(frozen=True)
class CorpusGuide:
    """One row of the corpus README: a guide's file and the question counts it may give."""

    path: str  # relative to the corpus folder, '/'-separated
    counts: tuple[int, ...]  # the first is the count the README holds; the others also right

    @property
    def source(self) -> Path:
        return CORPUS / self.path

    @property
    def expected(self) -> str:
        return " or ".join(map(str, self.counts))


def corpus_guides(readme: str) -> list[CorpusGuide]:
    """Every row of every table of the README whose header has a 'guide' and a 'questions' cell.

    A folder of several files has a row per file, and each file is a guide of its own.
    """
    guides = []
    column: int | None = None
    for line in readme.splitlines():
        if not line.lstrip().startswith("|"):
            column = None  # a table ends at the first line that is not one of its rows
            continue
        cells = [cell.strip() for cell in CELL_BORDER.split(line.strip().strip("|"))]
        if cells[0] == "guide":
            column = cells.index("questions") if "questions" in cells else None
            continue
        if column is None or not cells[0].lower().endswith(SUFFIXES) or len(cells) <= column:
            continue
        count = re.match(r"\d+", cells[column])
        if count:
            others = re.findall(r"\(or (\d+)\)", cells[column])
            guides.append(CorpusGuide(cells[0], (int(count.group(0)), *map(int, others))))
    return guides


def read_readme() -> list[CorpusGuide]:
    readme = CORPUS / "README.md"
    if not readme.is_file():
        pytest.fail(f"the corpus of real guides is missing: {readme} (set STUDYGUIDE_CORPUS)")
    return corpus_guides(readme.read_text(encoding="utf-8"))


ROWS = read_readme() if (CORPUS / "README.md").is_file() else [CorpusGuide("missing", (1,))]
# A count of 0 alone: the file holds no study questions and must be refused.
GUIDES = [row for row in ROWS if row.counts != (0,)]
NOT_GUIDES = [row for row in ROWS if row.counts == (0,)]


def test_every_table_with_a_questions_column_is_read() -> None:
    readme = "\n".join(
        (
            "| guide | how | questions | traps |",
            "|---|---|---:|---|",
            "| a/one.md | `1.` items | 116 (29 + 87) | none |",
            "",
            "| guide | questions | traps |",
            "|---|---:|---|",
            "| b/README.md | 137 (or 134) | a nav line `[x](#x) \\| [y](#y)` |",
            "| c/one.md | 31 | |",
            "| c/two.md | 13 | |",
            "| c/three.qmd | 0 (or 28) | |",
            "| c/notes.txt | 3 | not a guide's file |",
            "",
            "| guide | language |",
            "|---|---|",
            "| d/README.md | 12 |",
        )
    )
    assert corpus_guides(readme) == [
        CorpusGuide("a/one.md", (116,)),
        CorpusGuide("b/README.md", (137, 134)),
        CorpusGuide("c/one.md", (31,)),
        CorpusGuide("c/two.md", (13,)),
        CorpusGuide("c/three.qmd", (0, 28)),
    ]


@pytest.fixture(scope="module", params=GUIDES, ids=[guide.path for guide in GUIDES])
def corpus_guide(request: pytest.FixtureRequest) -> CorpusGuide:
    read_readme()  # fails with a clear message when the corpus is not beside the project
    guide: CorpusGuide = request.param
    return guide


@pytest.fixture(scope="module")
def corpus_build(corpus_guide: CorpusGuide, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The guide built once into every format; a failed build fails each test that reads it.

    A guide too long for a one-page cheat sheet runs over the pages it needs by itself.
    """
    folder = tmp_path_factory.mktemp("corpus")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    # These tests are about what reaches each format, not about speed: a long guide laid out
    # on a busy machine may take more than the default 300 s.
    config = BuildConfig(source=corpus_guide.source, output=folder, layout_timeout=1800)
    started = time.perf_counter()
    warnings: list[str] = []
    try:
        report = build(config, lambda finding: warnings.append(str(finding)))
    except GuideError as error:
        if 0 in corpus_guide.counts and "no questions found" in str(error):
            pytest.skip(f"{corpus_guide.path}: refused, which its README row allows")
        pytest.fail(f"{corpus_guide.path}: the build failed: {error}", pytrace=False)
    print(f"{corpus_guide.path}: built in {time.perf_counter() - started:.1f} s")
    (guide,) = report.guides
    return Built(guide, corpus_guide.source, folder, tuple(warnings))


@pytest.mark.parametrize("row", NOT_GUIDES, ids=[row.path for row in NOT_GUIDES])
def test_a_file_that_holds_no_study_questions_is_refused_in_one_line(
    row: CorpusGuide, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "output"
    status = main(["build", str(row.source), "-o", str(output)])
    printed = capsys.readouterr()
    lines = printed.err.strip().splitlines()
    assert status == 1, f"{row.path}: expected a refusal, the build exited {status}"
    assert len(lines) == 1 and "no questions found" in lines[0], printed.err
    assert lines[0].startswith("studyguide: error: ") and str(row.source) in lines[0]
    assert not output.exists() or not any(output.iterdir()), "a refused guide wrote files"


def test_questions_json_gives_the_readme_count(
    corpus_guide: CorpusGuide, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["questions", str(corpus_guide.source), "--json"])
    printed = capsys.readouterr()
    if status != 0:
        error = printed.err.strip().splitlines()[-1:] or ["(no message)"]
        pytest.fail(
            f"{corpus_guide.path}: expected {corpus_guide.expected} questions, found none: "
            f"`studyguide questions --json` exited {status}: {error[0]}",
            pytrace=False,
        )
    found = sum(guide["questions"] for guide in json.loads(printed.out)["guides"])
    assert found in corpus_guide.counts, (
        f"{corpus_guide.path}: expected {corpus_guide.expected} questions, found {found}"
    )


def test_the_build_publishes_the_readme_count(
    corpus_guide: CorpusGuide, corpus_build: Built
) -> None:
    found = len(corpus_build.guide.questions)
    assert found in corpus_guide.counts, (
        f"{corpus_guide.path}: expected {corpus_guide.expected} questions, "
        f"the build published {found}"
    )


def missing_or_out_of_order(
    questions: tuple[Question, ...], text: str, shown: Callable[[Question], str]
) -> list[str]:
    """The questions not found in a text, each looked for after the one before it."""
    haystack = key(text)
    position = 0
    missing = []
    for question in questions:
        found = haystack.find(key(shown(question)), position)
        if found < 0:
            missing.append(f"{question.number}. {question.prompt}")
        else:
            position = found + 1
    return missing


def assert_in_order(
    where: str,
    guide: Guide,
    text: str,
    questions: tuple[Question, ...] | None = None,
    shown: Callable[[Question], str] = shown_prompt,
) -> None:
    """Every question (or the ones given) in the text, in the guide's order.

    A format shows each prompt set from its HTML, unless `shown` says otherwise.
    """
    questions = guide.questions if questions is None else questions
    missing = missing_or_out_of_order(questions, text, shown)
    listed = "; ".join(repr(prompt[:70]) for prompt in missing[:5])
    assert missing == [], (
        f"{guide.source.name}: the {where} lacks {len(missing)} of {len(questions)} "
        f"questions, or has them out of order: {listed}"
    )


def assert_questions_by_id(where: str, guide: Guide, documents: list[etree._Element]) -> None:
    """Each question is an element with its id holding its prompt, in the guide's order."""
    elements = {
        element.get("id"): (number, element)
        for number, element in enumerate(
            element for document in documents for element in document.iter()
        )
        if isinstance(element.tag, str) and element.get("id")
    }
    problems = []
    previous = -1
    for question in guide.questions:
        place = elements.get(question.id)
        if place is None:
            problems.append(f"no element #{question.id} ({question.prompt[:50]!r})")
            continue
        number, element = place
        if key(shown_prompt(question)) not in key("".join(element.itertext())):
            problems.append(f"#{question.id} does not show {question.prompt[:50]!r}")
        elif number < previous:
            problems.append(f"#{question.id} comes before the question above it")
        previous = number
    assert problems == [], (
        f"{guide.source.name}: the {where} misses {len(problems)} of {len(guide.questions)} "
        f"questions: {'; '.join(problems[:5])}"
    )


def after_contents(pages: list[str], guide: Guide) -> str:
    """The text of a PDF's pages after its table of contents (which lists every question)."""
    title = fold(contents_title(guide))
    first = next(n for n, text in enumerate(pages) if title in fold(text))
    body = first + 1
    while body < len(pages) and ". . . . ." in pages[body]:
        body += 1
    return "\n".join(pages[body:])


def epub_documents(path: Path) -> Iterator[etree._Element]:
    """The EPUB's content documents in reading order (its spine)."""
    with zipfile.ZipFile(path) as epub:
        container = etree.fromstring(epub.read("META-INF/container.xml"))
        (package_path,) = container.xpath("//*[local-name()='rootfile']/@full-path")
        package = etree.fromstring(epub.read(package_path))
        folder = package_path.rpartition("/")[0]
        hrefs = {item.get("id"): item.get("href") for item in package.iterfind(".//opf:item", OPF)}
        for reference in package.iterfind(".//opf:spine/opf:itemref", OPF):
            href = hrefs[reference.get("idref")]
            yield etree.fromstring(epub.read(f"{folder}/{href}" if folder else href))


def test_every_format_is_written(corpus_build: Built) -> None:
    expected = [
        name for record in REGISTRY.values() for name in record.file_names(corpus_build.guide.name)
    ]
    written = sorted(
        path.name for path in corpus_build.folder.iterdir() if not path.name.startswith(".")
    )
    assert written == sorted([f"{corpus_build.guide.name}.md", *expected])


def test_a_long_guides_cheat_sheet_runs_over_its_pages_with_one_warning(
    corpus_build: Built,
) -> None:
    pages = len(pdf_text(corpus_build.path("-cheatsheet.pdf")))
    told = [warning for warning in corpus_build.warnings if f"runs over {pages} pages" in warning]
    assert len(told) == (pages > 1), corpus_build.warnings


def test_every_question_is_on_the_web_page(corpus_build: Built) -> None:
    page = lxml_html.fromstring(corpus_build.path(".html").read_bytes())
    assert_questions_by_id("web page", corpus_build.guide, [page])


def test_every_question_is_in_the_print_edition(corpus_build: Built) -> None:
    pages = pdf_text(corpus_build.path(".pdf"))
    guide = corpus_build.guide
    assert_in_order("print edition", guide, after_contents(pages, guide), shown=printed_prompt)


def test_print_edition_outline_and_contents(corpus_build: Built) -> None:
    pdf = PdfReader(corpus_build.path(".pdf"))
    outline = outline_titles(pdf, contents_title(corpus_build.guide))
    assert [len(children) for _, children in outline] == [
        len(section.questions) for section in corpus_build.guide.sections
    ]
    assert_contents_match_pages(pdf_text(corpus_build.path(".pdf")), corpus_build.guide)


def test_every_question_is_in_the_practice_edition_with_room_to_answer(
    corpus_build: Built,
) -> None:
    """Room to write under an open question; a question with choices is answered by ticking
    one, and a guide of only such questions prints as an exam paper, without contents."""
    guide = corpus_build.guide
    pages = pdf_text(corpus_build.path("-practice.pdf"))
    open_questions = [q for q in guide.questions if not q.choices]
    body = after_contents(pages, guide) if open_questions else "\n".join(pages)
    assert_in_order("practice edition", guide, body, shown=printed_prompt)
    label = key(words(corpus_build.guide.language).gettext("Your answer").upper())
    spaces = sum(key(page).count(label) for page in pages)
    assert spaces == len(open_questions), "an open question without room to answer"


def test_every_question_is_in_the_epub(corpus_build: Built) -> None:
    documents = list(epub_documents(corpus_build.path(".epub")))
    assert_questions_by_id("EPUB", corpus_build.guide, documents)


def test_every_answered_question_is_in_every_study_format(
    corpus_build: Built, tmp_path: Path
) -> None:
    answered = [q for q in corpus_build.guide.questions if q.answered]
    quiz = lxml_html.fromstring(corpus_build.path("-quiz.html").read_bytes())
    assert [item.get("id") for item in quiz.find_class("item")] == [q.id for q in answered]
    tsv = corpus_build.path("-cards.tsv").read_text(encoding="utf-8")
    body = "".join(line for line in io.StringIO(tsv) if not line.startswith("#"))
    assert len(list(csv.reader(io.StringIO(body), delimiter="\t"))) == len(answered)
    with zipfile.ZipFile(corpus_build.path(".apkg")) as deck:
        (tmp_path / "deck.anki2").write_bytes(deck.read("collection.anki2"))
    with contextlib.closing(sqlite3.connect(tmp_path / "deck.anki2")) as collection:
        (notes,) = collection.execute("select count(*) from notes").fetchone()
    assert notes == len(answered)
    fronts = key("\n".join(pdf_text(corpus_build.path("-cards.pdf"))[0::2]))
    missing = [q.prompt for q in answered if key(printed_prompt(q)) not in fronts]
    assert missing == [], f"the flashcards lack {len(missing)} question(s)"


def test_epub_passes_epubcheck(corpus_build: Built) -> None:
    assert epubcheck_messages(corpus_build.path(".epub")) == []


def test_epub_passes_ace_by_daisy(corpus_build: Built, tmp_path: Path) -> None:
    assert ace_violations(corpus_build.path(".epub"), tmp_path / "ace") == []


def test_every_question_is_on_the_cheat_sheet(corpus_build: Built) -> None:
    """The answered questions in order, and those without an answer in a box of their own.

    The sheet sets each prompt from its HTML, its formulas drawn.
    """
    text = "\n".join(pdf_text(corpus_build.path("-cheatsheet.pdf")))
    guide = corpus_build.guide
    answered = tuple(question for question in guide.questions if question.answered)
    stories = tuple(question for question in guide.questions if not question.answered)
    assert_in_order("cheat sheet", guide, text, answered, printed_prompt)
    assert_in_order(
        "cheat sheet's box of questions to prepare", guide, text, stories, printed_prompt
    )


# TeX that a reader should never see as text: a formula's commands and display delimiters.
RAW_TEX = re.compile(r"\\(?:frac|sqrt|mathcal|mathbf|boldsymbol|sum|stackrel)\b|\$\$")


def visible_text(document: etree._Element) -> str:
    """A page's text as a reader sees it: without code, which shows TeX on purpose, and
    without MathML's own token text."""
    copy = lxml_html.fromstring(etree.tostring(document))
    hidden = ["code", "pre", "math", "script", "style"]
    test = " or ".join(f"local-name()='{name}'" for name in hidden)
    for element in copy.xpath(f"//*[{test}]"):
        element.drop_tree()  # the text after it stays
    return str(copy.text_content())


def test_formulas_are_typeset_not_printed_as_tex(corpus_build: Built) -> None:
    """On screen (web page, EPUB) no TeX outside code; in the PDFs, no more TeX than the
    guide's code shows."""
    page = lxml_html.fromstring(corpus_build.path(".html").read_bytes())
    shown = RAW_TEX.findall(visible_text(page))
    assert shown == [], f"the web page shows TeX: {shown[:5]}"
    for document in epub_documents(corpus_build.path(".epub")):
        shown = RAW_TEX.findall(visible_text(document))
        assert shown == [], f"the EPUB shows TeX: {shown[:5]}"
    in_code = sum(
        len(RAW_TEX.findall("".join(element.itertext())))
        for element in page.iter("code", "pre")
        if not any(a.tag in {"code", "pre"} for a in element.iterancestors())
    )
    for suffix in (".pdf", "-practice.pdf"):
        printed = RAW_TEX.findall("\n".join(pdf_text(corpus_build.path(suffix))))
        assert len(printed) <= in_code, f"the {suffix} prints TeX: {printed[:5]}"


def test_a_questions_code_comes_before_its_choices(corpus_build: Built) -> None:
    """The stem (the code or data a question poses) is shown with the question, before its
    choices, in the web page and the EPUB."""
    posed = [q for q in corpus_build.guide.questions if q.stem_html and q.choices]
    if not posed:
        pytest.skip("no question with both a stem and choices")
    page = lxml_html.fromstring(corpus_build.path(".html").read_bytes())
    documents = [page, *epub_documents(corpus_build.path(".epub"))]
    for question in posed:
        articles = [a for d in documents for a in d.iter() if a.get("id") == question.id]
        assert articles, question.id
        for article in articles:
            classes = [
                (e.get("class") or "").split() for e in article.iter() if isinstance(e.tag, str)
            ]
            stem = next(i for i, c in enumerate(classes) if "stem" in c)
            choices = next(i for i, c in enumerate(classes) if "choices" in c)
            assert stem < choices, f"{question.id}: its choices come before its code"


def test_an_exam_paper_holds_several_questions_a_page_and_ends_with_its_key(
    corpus_build: Built,
) -> None:
    guide = corpus_build.guide
    if not all(q.choices for q in guide.questions):
        pytest.skip("not every question has choices: not an exam paper")
    pages = pdf_text(corpus_build.path("-practice.pdf"))
    assert len(pages) * 2 <= len(guide.questions) + 2, f"{len(pages)} pages"
    if any(c.correct for q in guide.questions for c in q.choices):
        title = key(words(guide.language).gettext("Answer key"))
        assert title in key(pages[-1]), "the answer key is not on the last page"


def test_english_told_by_its_words_is_english_to_the_model(corpus_build: Built) -> None:
    """Where English's own small words decide a guide's language, py3langid's model would
    have said English too."""
    sample = i18n.detection_sample(corpus_build.guide)[: i18n.SAMPLE]
    if i18n.script_language(sample) or not i18n.plainly_english(sample):
        pytest.skip("the script or the model decides this guide's language")
    assert i18n._detector().classify(sample)[0] == "en"
