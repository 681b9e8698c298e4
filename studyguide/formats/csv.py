"""A rendered guide -> output/<name>-cards.tsv: a card per answered question, for Anki or Quizlet.

Four tab-separated columns: the question (HTML, with a multiple-choice question's choices), the
answer (HTML), the section and the tags. A field holding a tab, a line break or a quote is
quoted as Python's csv module and Anki's importer read it. The first lines are Anki's import
header (lines starting with '#'), which tells it the separator, that the fields are HTML and
which column holds the tags.
"""

from __future__ import annotations

import csv
import io

from studyguide.format import Format, Output, Rendition
from studyguide.render import note_tags, render_note

COLUMNS = ("question", "answer", "section", "tags")
HEADER = (
    "#separator:tab",
    "#html:true",
    f"#columns:{chr(9).join(COLUMNS)}",
    f"#tags column:{COLUMNS.index('tags') + 1}",
)


def build(rendition: Rendition) -> tuple[Output, ...]:
    guide = rendition.guide
    text = io.StringIO()
    text.write("".join(f"{line}\n" for line in HEADER))
    writer = csv.writer(text, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    cards = 0
    for section in guide.sections:
        for question in section.questions:
            if question.answered:
                front, back = render_note(question, guide.language)
                tags = " ".join(note_tags(guide, section))
                writer.writerow((front, back, section.title, tags))
                cards += 1
    data = text.getvalue().encode("utf-8")
    return (Output(FORMAT.file_names(guide.name)[0], data, f"{cards} cards"),)


FORMAT = Format(
    name="csv",
    description="the cards as tab-separated text for Anki or Quizlet, output/<guide>-cards.tsv",
    label="cards (TSV)",
    files=("{name}-cards.tsv",),
    inputs=("layouts/note.html",),
    build=build,
)
