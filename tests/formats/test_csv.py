"""The TSV of cards: a row per answered question, fields that survive tabs, breaks and quotes."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import replace
from pathlib import Path

from studyguide.formats import csv as cards_tsv
from studyguide.render.pages import render_note
from tests.conftest import Built, quiz_guide, rendition


def rows(data: bytes) -> list[list[str]]:
    """The card rows, past Anki's '#' header lines, as Python's csv module reads them."""
    text = data.decode("utf-8")
    body = "".join(line for line in io.StringIO(text) if not line.startswith("#"))
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[:2] == ["#separator:tab", "#html:true"]
    return list(csv.reader(io.StringIO(body), delimiter="\t"))


def test_every_answered_question_is_a_row(built: Built) -> None:
    found = rows(built.path("-cards.tsv").read_bytes())
    answered = [(s, q) for s in built.guide.sections for q in s.questions if q.answered]
    assert len(found) == len(answered)
    for row, (section, question) in zip(found, answered, strict=True):
        assert len(row) == 4
        assert question.prompt_html in row[0]
        assert html.unescape(row[2]) == section.title  # HTML, as the header says
        assert row[3].split() == [built.guide.name, f"{built.guide.name}::{section.id}"]


def test_tabs_line_breaks_and_quotes_survive_a_round_trip(tmp_path: Path) -> None:
    guide = quiz_guide(tmp_path)
    (output,) = cards_tsv.build(rendition(guide))
    found = rows(output.data)
    awkward = guide.questions[1]
    assert "\t" in awkward.answer_html and "\n" in awkward.answer_html
    assert found[1][:2] == list(render_note(awkward))
    assert "\"\t\" in a string,\nand '' too." in found[1][1]
    assert len(found) == 2  # the question without an answer is not a card


def test_multiple_choice_rows_list_the_choices_and_the_answer(tmp_path: Path) -> None:
    guide = quiz_guide(tmp_path)
    (output,) = cards_tsv.build(rendition(guide))
    question, answer, _, _ = rows(output.data)[0]
    assert question.count("<li>") == 3
    assert "a <code>tuple</code>" in question
    assert '✓ Answer: <span class="label">B.</span> a <code>tuple</code>' in answer


def test_the_code_a_question_shows_is_on_the_front(tmp_path: Path) -> None:
    guide = quiz_guide(tmp_path)
    program = (
        '<div class="sourceCode" id="cb1">'
        '<pre class="sourceCode python"><code>print(1)</code></pre></div>'
    )
    asked = replace(guide.questions[1], answer_html=f"{program}\n<p>It prints 1.</p>")
    front, back = render_note(asked)
    assert program in front and "print(1)" not in back
    assert "It prints 1." in back and "It prints 1." not in front
