"""A rendered guide -> output/<name>-cards.tsv: a card per answered question, for Anki or Quizlet.

Four tab-separated columns: the question (HTML, with a multiple-choice question's choices), the
answer (HTML), the section (HTML too: its title escaped) and the tags. A field holding a tab,
a line break or a quote is quoted as Python's csv module and Anki's importer read it. The
first lines are Anki's import header (lines starting with '#'), which tells it the separator,
that the fields are HTML and which column holds the tags.

The file may also be opened in a spreadsheet, which runs a cell starting with = + - or @ as
a formula (=HYPERLINK(...) from a section's title): such an HTML cell starts with the
character's reference instead (&#61;, shown as = by Anki), the tags with a quote mark.
"""

from __future__ import annotations

import csv
import html
import io

from studyguide.format import Format, Output, Rendition
from studyguide.render.pages import note_tags, render_note

COLUMNS = ("question", "answer", "section", "tags")
HEADER = (
    "#separator:tab",
    "#html:true",
    f"#columns:{chr(9).join(COLUMNS)}",
    f"#tags column:{COLUMNS.index('tags') + 1}",
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads a formula from


def html_cell(fragment: str) -> str:
    """An HTML field that no spreadsheet reads as a formula, shown the same by Anki."""
    if fragment.startswith(FORMULA):
        return f"&#{ord(fragment[0])};{fragment[1:]}"
    return fragment


def text_cell(text: str) -> str:
    """A plain text field that no spreadsheet reads as a formula."""
    return f"'{text}" if text.startswith(FORMULA) else text


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
                writer.writerow(
                    (
                        html_cell(front),
                        html_cell(back),
                        html_cell(html.escape(section.title, quote=False)),
                        text_cell(tags),
                    )
                )
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
