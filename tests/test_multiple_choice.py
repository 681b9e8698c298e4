"""Multiple-choice guides in every format: the question's code before its choices, the correct
choice marked once, and the practice edition as an exam paper with its answer key.

The fixtures are small guides in the two shapes found in the wild: "What's the output?"
questions with a program, "- A:" options and a <details> answer opening with "#### Answer: C"
(lydia-js-questions), and numbered questions with indented "- A." options and a
"Correct answer: B, E" toggle (an AWS practice exam).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Browser, Page

from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.model import Choice, Guide
from studyguide.read import answers
from studyguide.render.pages import render_note, render_page
from tests import models
from tests.chromium import axe_checked, opened
from tests.conftest import EPOCH, key, pdf_text
from tests.epubcheck_server import epubcheck_messages

pytestmark = pytest.mark.xdist_group("browser")  # one worker starts the browser, once

LYDIA = """\
# JavaScript questions

## Questions

###### 1. What's the output?

```javascript
function sayHi() {
  console.log(stemMarker);
}
```

- A: `Lydia` and `undefined`
- B: `Lydia` and `ReferenceError`
- C: `undefined` and `ReferenceError`

<details><summary><b>Answer</b></summary>
<p>

#### Answer: C

The variable is hoisted, so hoistingExplained.

</p>
</details>

---

###### 2. Which one is true?

```javascript
const bird = { size: 'small' };
```

- A: `mouse.bird.size` is not valid
- B: All of them are valid

<details><summary><b>Answer</b></summary>
<p>

#### Answer: A

Object keys are strings.

</p>
</details>
"""

OPTIONS = ("A. AWS CLI", "B. AWS API", "C. AWS SDK", "D. AWS Management Console")


def exam(count: int) -> str:
    """An AWS-style practice exam of ``count`` questions; every third has two answers."""
    parts = ["# Practice Exam\n"]
    for number in range(1, count + 1):
        two = number % 3 == 0
        prompt = f"Which service answers exam question {number}?" + (" (Choose TWO)" if two else "")
        options = "".join(f"    - {option} for {number}.\n" for option in OPTIONS)
        correct = "B, D" if two else "D"
        parts.append(
            f"{number}. {prompt}\n{options}\n"
            "    <details markdown=1><summary markdown='span'>Answer</summary>\n"
            f"      Correct answer: {correct}\n    </details>\n"
        )
    return "\n".join(parts)


MIXED = """\
# Mixed

## Questions

1. Explain what a closure is.

   A function together with the variables it captured.

2. Which keyword declares a block-scoped variable?

   - [ ] var
   - [x] let
"""


def built(folder: Path, name: str, text: str, **settings: object) -> tuple[Guide, Path]:
    source = folder / f"{name}.md"
    source.write_text(text, encoding="utf-8")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    config = BuildConfig(source=source, output=folder / "out", **settings)  # type: ignore[arg-type]
    (guide,) = build(config).guides
    return guide, folder / "out"


@pytest.fixture(scope="module")
def lydia(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path]:
    formats = ("html", "pdf", "epub", "practice", "cards", "quiz")
    return built(tmp_path_factory.mktemp("lydia"), "lydia", LYDIA, formats=formats)


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, Path]:
    formats = ("html", "practice", "quiz")
    return built(tmp_path_factory.mktemp("aws"), "aws", exam(24), formats=formats)


def ordered(text: str, *parts: str) -> bool:
    """Whether each part is in the text, in this order (compared as a PDF gives text back)."""
    text, places = key(text), []
    for part in parts:
        places.append(text.find(key(part)))
    return -1 not in places and places == sorted(places)


# The question's code, its first choice and the explanation, as a reader meets them.
STEM, CHOICE, EXPLANATION = "stemMarker", "Lydia and undefined", "hoistingExplained"


def article_text(html: str | bytes, question_id: str) -> str:
    (article,) = lxml.html.fromstring(html).xpath(f'//*[@id="{question_id}"]')
    return str(article.text_content())


def test_the_stem_precedes_the_choices_in_the_web_page_and_epub(lydia: tuple[Guide, Path]) -> None:
    _, out = lydia
    page = (out / "lydia.html").read_text(encoding="utf-8")
    assert ordered(article_text(page, "questions-q1"), STEM, CHOICE, EXPLANATION)
    with zipfile.ZipFile(out / "lydia.epub") as book:
        chapters = [name for name in book.namelist() if "section-" in name]
        chapter = book.read(chapters[0])
    assert ordered(article_text(chapter, "questions-q1"), STEM, CHOICE, EXPLANATION)
    assert epubcheck_messages(out / "lydia.epub") == []  # the ✓'s role and label are valid
    (stem,) = lxml.html.fromstring(page).xpath('//*[@id="questions-q1"]//*[@class="stem"]')
    assert STEM in stem.text_content()


def test_the_stem_precedes_the_choices_in_the_pdfs(lydia: tuple[Guide, Path]) -> None:
    _, out = lydia
    assert ordered("".join(pdf_text(out / "lydia.pdf")), STEM, CHOICE, EXPLANATION)
    practice = "".join(pdf_text(out / "lydia-practice.pdf"))
    assert ordered(practice, STEM, CHOICE)
    assert key(EXPLANATION) not in key(practice)


def test_the_stem_is_on_the_card_fronts_and_in_the_quiz(lydia: tuple[Guide, Path]) -> None:
    guide, out = lydia
    front, back = render_note(guide.questions[0])
    assert ordered(lxml.html.fromstring(front).text_content(), STEM, CHOICE)
    assert STEM not in back
    cards = pdf_text(out / "lydia-cards.pdf")
    assert ordered(cards[0], STEM, CHOICE)  # the first sheet holds the fronts
    quiz = (out / "lydia-quiz.html").read_text(encoding="utf-8")
    assert ordered(article_text(quiz, "questions-q1"), STEM, CHOICE, EXPLANATION)


def test_the_correct_choice_is_marked_once(lydia: tuple[Guide, Path]) -> None:
    _, out = lydia
    page = (out / "lydia.html").read_text(encoding="utf-8")
    text = article_text(page, "questions-q1")
    assert text.count("✓") == 1
    assert "(correct)" not in text
    assert "Answer: C" not in text
    (correct,) = lxml.html.fromstring(page).xpath('//*[@id="questions-q1"]//li[@class="correct"]')
    assert "undefined and ReferenceError" in correct.text_content()
    mark = correct.find_class("correct-mark")[0]
    assert (mark.get("role"), mark.get("aria-label")) == ("img", "correct")
    assert "<summary" not in page.split('id="questions-q1"')[1].split("</article>")[0]


def test_a_correct_answer_toggle_is_left_out(aws: tuple[Guide, Path]) -> None:
    guide, out = aws
    page = (out / "aws.html").read_text(encoding="utf-8")
    assert "Correct answer" not in page
    assert "<summary" not in page
    question = guide.questions[2]
    assert [choice.label for choice in question.choices if choice.correct] == ["B", "D"]
    assert question.answer_html == ""
    assert lxml.html.fromstring(page).xpath('//*[@id="questions-q3"]//li[@class="correct"]')


@pytest.mark.parametrize(
    ("answer", "left"),
    [
        ("<h4>Answer: C</h4>\n<p>Because.</p>", "<p>Because.</p>"),
        ("<details><summary>Answer</summary>\nCorrect answer: C\n</details>", ""),
        ("<p>The answer is C.</p><p>Because.</p>", "<p>Because.</p>"),
        ("<details><summary>Resposta</summary><p>Resposta: C</p></details>", ""),
        ("<h4>Ответ: C</h4><p>Потому что.</p>", "<p>Потому что.</p>"),
        ("<h4>Answer: B</h4>\n<p>Because.</p>", None),  # names another choice: kept
        ("<p>Answer: C, because it hoists.</p>", None),  # more than the letter: kept
        ("<details><summary>Hint</summary><p>Think.</p></details>", None),
    ],
)
def test_only_what_names_the_correct_choices_leaves_the_answer(
    answer: str, left: str | None
) -> None:
    question = models.question(1, "Which?", answer)
    choices = tuple(Choice(label, label, label, correct=label == "C") for label in "ABC")
    with_choices = replace(question, choices=choices)
    said = answers.answer_said_once(with_choices)
    assert said.answer_html == (answer if left is None else left)


def test_the_practice_edition_of_an_exam_flows_with_boxes_and_a_key(
    aws: tuple[Guide, Path],
) -> None:
    guide, out = aws
    pages = pdf_text(out / "aws-practice.pdf")
    assert len(pages) <= 6  # 24 questions several to a page under the title, then the key
    on_a_page = [sum(f"exam question {n}?" in page for n in range(1, 25)) for page in pages]
    assert max(on_a_page) >= 4
    assert "Your answer" not in "".join(pages)
    last = " ".join(pages[-1].split())
    assert "Answer key" in last
    assert "1. D" in last
    assert "3. B, D" in last
    html = render_page(guide, "A4", practice=True, answer_key=True)
    root = lxml.html.fromstring(html)
    assert len(root.find_class("tick-boxes")) == 24
    assert not root.find_class("answer-space")
    assert not root.find_class("correct")  # nothing gives the answer away before the key
    assert not root.xpath('//nav[@class="toc"]')  # an exam paper needs no contents
    assert "exam" in root.find("body").get("class").split()  # its questions start on page 1
    assert "exam question 1?" in pages[0]


def test_no_answer_key_leaves_it_out(tmp_path: Path) -> None:
    _, out = built(tmp_path, "aws", exam(3), formats=("practice",), no_answer_key=True)
    text = "".join(pdf_text(out / "aws-practice.pdf"))
    assert "Answer key" not in text
    assert "then check the study guide" in " ".join(text.split())


def test_open_questions_keep_their_lines_beside_multiple_choice(tmp_path: Path) -> None:
    guide, _ = built(tmp_path, "mixed", MIXED, formats=("html",))
    assert [bool(q.choices) for q in guide.questions] == [False, True]
    root = lxml.html.fromstring(render_page(guide, "A4", practice=True, answer_key=True))
    (spaced,) = root.find_class("with-space")
    assert spaced.get("id") == guide.questions[0].id
    assert root.find_class("tick-boxes")
    key_text = " ".join(root.find_class("answer-key")[0].text_content().split())
    assert key_text == "Answer key 2. 2"  # a box without a letter is named by its place
    (boxes,) = root.find_class("tick-boxes")
    assert [label.text for label in boxes.find_class("choice-label")] == ["1)", "2)"]
    assert root.xpath('//nav[@class="toc"]')  # not an exam paper: it keeps its contents


def test_a_questions_choices_stay_on_one_page(tmp_path: Path) -> None:
    _, out = built(tmp_path, "aws", exam(30), formats=("pdf", "practice"))
    for name in ("aws.pdf", "aws-practice.pdf"):
        pages = [key(page) for page in pdf_text(out / name)]
        for number in range(1, 31):
            first = [key(f"AWS CLI for {number}.") in page for page in pages]
            last = [key(f"AWS Management Console for {number}.") in page for page in pages]
            assert first == last and sum(first) == 1, (name, number)


@pytest.fixture
def quiz(browser: Browser, aws: tuple[Guide, Path]) -> Iterator[Page]:
    _, out = aws
    yield from opened(browser, out / "aws-quiz.html")


def marks(page: Page, question_id: str) -> list[str]:
    """Each choice's sign and the words a screen reader says for it, after a check."""
    found: list[str] = page.eval_on_selector_all(
        f"#{question_id} .choice-mark",
        "signs => signs.map(s => s.hidden ? '' : s.textContent)",
    )
    return found


def test_one_correct_choice_is_one_click_and_marked_with_signs(quiz: Page) -> None:
    assert quiz.locator("#questions-q1 input[type=checkbox]").count() == 0
    quiz.keyboard.press("a")
    assert quiz.inner_text("#questions-q1 .verdict") == "Wrong: the answer is D."
    assert marks(quiz, "questions-q1") == ["✗your choice: wrong", "", "", "✓correct"]
    quiz.keyboard.press("d")
    assert quiz.inner_text("#questions-q1 .verdict") == "Right: D is correct."
    assert marks(quiz, "questions-q1") == ["", "", "", "✓your choice: correct"]
    (summary,) = quiz.locator("#questions-q1 summary").all_inner_texts()
    assert summary == "Show the answer"  # and no second "Answer" toggle inside it


def test_several_correct_choices_need_every_one_ticked(quiz: Page) -> None:
    quiz.keyboard.press("ArrowRight")
    quiz.keyboard.press("ArrowRight")
    item = "#questions-q3"
    assert quiz.locator(f"{item} input[type=checkbox]").count() == 4
    quiz.keyboard.press("b")
    assert quiz.inner_text(f"{item} .verdict") == ""  # ticking is not yet answering
    quiz.click(f"{item} .check-choices")
    assert quiz.inner_text(f"{item} .verdict") == "Wrong: the answer is B, D."
    assert marks(quiz, "questions-q3") == ["", "✓your choice: correct", "", "✓correct"]
    quiz.keyboard.press("d")
    quiz.keyboard.press("a")
    quiz.click(f"{item} .check-choices")
    assert quiz.inner_text(f"{item} .verdict") == "Wrong: the answer is B, D."
    assert marks(quiz, "questions-q3")[0] == "✗your choice: wrong"
    quiz.keyboard.press("a")
    quiz.click(f"{item} .check-choices")
    assert quiz.inner_text(f"{item} .verdict") == "Right: B, D are correct."
    assert marks(quiz, "questions-q3") == ["", "✓your choice: correct", "", "✓your choice: correct"]


def test_checked_choices_have_no_accessibility_violations(quiz: Page) -> None:
    quiz.keyboard.press("a")
    quiz.click("#list")
    quiz.click("#questions-q3 .check-choices")
    problems, _ = axe_checked(quiz)
    assert problems == []
