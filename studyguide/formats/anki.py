"""A rendered guide -> output/<name>.apkg: an Anki deck with a note per answered question.

The deck is the guide, with a sub-deck per section ('::' in a title is Anki's separator of
deck levels, so a title's own colons there are written as U+2236 RATIO). Identity is stable
across builds: the note type's and the decks' ids and every note's GUID are derived from the
guide's name and the question's id, never from their text, so importing the deck of an edited
guide updates the notes it already holds (and keeps their review history) instead of adding
copies. The package is written with fixed times (the build's, SOURCE_DATE_EPOCH when set), so
that the same guide gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.clock import build_time
from studyguide.errors import Finding
from studyguide.format import Format, Output, Rendition
from studyguide.model import Guide, Question
from studyguide.render.pages import deck_level, note_tags, render_note, style

if TYPE_CHECKING:
    import genanki

FIELDS = ("Question", "Answer", "Section", "Guide")
FRONT = '<div class="section">{{Guide}} · {{Section}}</div>\n{{Question}}'
UNSAFE = re.compile(r"[^\w.-]+")  # what a media file's name may not hold, '/' among it
BACK = '{{FrontSide}}\n<hr id="answer">\n{{Answer}}'


def stable_id(*parts: str) -> int:
    """A number for Anki's ids from names that do not change when the text does.

    Anki keeps ids as signed 64-bit integers; these stay well inside that, and above the
    small numbers Anki gives its own decks.
    """
    digest = hashlib.sha256("\0".join(("studyguide", *parts)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big")


def build(rendition: Rendition) -> tuple[Output, ...]:
    import genanki  # noqa: PLC0415 - see studyguide/__init__.py

    guide = rendition.guide
    media = media_names(guide)
    model = genanki.Model(
        stable_id(guide.name, "note type"),
        f"studyguide: {guide.title}",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question → answer", "qfmt": FRONT, "afmt": BACK}],
        css="\n".join(style(name) for name in ("anki.css", "code.css", "code-colours.css")),
    )
    decks = []
    notes = 0
    # The fields are HTML that pandoc wrote and nh3 sanitized, not text to escape: genanki's
    # guess at unescaped text would only be noise in the build log.
    warnings.filterwarnings(
        "ignore", "Field contained the following invalid HTML", module="genanki"
    )
    for section in guide.sections:
        deck = genanki.Deck(
            stable_id(guide.name, "section", section.id),
            f"{deck_level(guide.title)}::{deck_level(section.title)}",
        )
        for question in section.questions:
            if not question.answered:
                continue
            front, back = render_note(question, guide.language)
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=[
                        with_media(front, media),
                        with_media(back, media),
                        html.escape(section.title),
                        html.escape(guide.title),
                    ],
                    tags=list(note_tags(guide, section)),
                    # Its identity in every collection it is imported into: guide and id.
                    guid=genanki.guid_for(guide.name, question.id),
                )
            )
            notes += 1
        if deck.notes:
            decks.append(deck)
    data = package(genanki.Package(decks), media)
    unanswered = [question for question in guide.questions if not question.answered]
    summary = f"{notes} notes in {len(decks)} sections"
    if unanswered:
        summary += f", {len(unanswered)} unanswered questions left out"
    name = FORMAT.file_names(guide.name)[0]
    return (Output(name, data, summary, left_out(guide, unanswered)),)


def left_out(guide: Guide, unanswered: list[Question]) -> tuple[Finding, ...]:
    """The unanswered questions of each file, named in one line of the build log rather than
    made empty notes ("tell your own story" questions are often many)."""
    ids = {question.id for question in unanswered}
    by_file: dict[Path, list[Question]] = {}
    for section in guide.sections:
        source = section.source if section.source != Path() else guide.source
        by_file.setdefault(source, []).extend(q for q in section.questions if q.id in ids)
    return tuple(
        Finding(
            source,
            questions[0].line,
            f"no Anki note for {len(questions)} question{'s' if len(questions) > 1 else ''} "
            f"without an answer (line{'s' if len(questions) > 1 else ''} "
            f"{', '.join(str(q.line) for q in questions)})",
        )
        for source, questions in by_file.items()
        if questions
    )


def media_names(guide: Guide) -> dict[str, tuple[str, Path]]:
    """Each image's href in the guide -> its name in the deck's media (flat, unique) and file."""
    return {
        image.href: (
            f"{guide.name}-{UNSAFE.sub('-', image.href.lstrip('./'))}",
            image.path,
        )
        for image in guide.images
    }


def with_media(fragment: str, media: dict[str, tuple[str, Path]]) -> str:
    """A note's HTML with its images pointing at their names in the deck's media."""
    for href, (name, _) in media.items():
        fragment = fragment.replace(f'src="{href}"', f'src="{name}"')
    return fragment


def package(collection: genanki.Package, media: dict[str, tuple[str, Path]]) -> bytes:
    """The .apkg's bytes: the collection as SQLite and the media, zipped with fixed times."""
    built = build_time()
    timestamp = built.timestamp()
    with tempfile.TemporaryDirectory(prefix="studyguide-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            ids = itertools.count(int(timestamp * 1000))  # genanki's card ids, from the time
            with warnings.catch_warnings():
                # The fields are HTML that pandoc wrote and nh3 sanitized, not text to escape:
                # genanki's guess at unescaped text would only be noise in the build log.
                warnings.filterwarnings("ignore", "Field contained the following invalid HTML")
                collection.write_to_db(connection.cursor(), timestamp, ids)
            connection.commit()
        finally:
            connection.close()
        entries = [("collection.anki2", database.read_bytes())]
    files = sorted(media.values())
    entries.append(
        ("media", json.dumps({str(i): name for i, (name, _) in enumerate(files)}).encode())
    )
    entries += [(str(i), path.read_bytes()) for i, (_, path) in enumerate(files)]
    stamp = max(built.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip has no earlier dates
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


FORMAT = Format(
    name="anki",
    description="the Anki deck, output/<guide>.apkg",
    label="Anki deck",
    files=("{name}.apkg",),
    inputs=("layouts/note.html", "styles/anki.css", "styles/code.css", "styles/code-colours.css"),
    build=build,
)
