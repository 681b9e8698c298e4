"""The Anki deck: a note per answered question, ids that survive an edit, images in the media."""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki
import pytest

from studyguide.build.pipeline import build
from studyguide.config import BuildConfig
from studyguide.errors import Finding
from studyguide.formats import anki
from tests.conftest import EPOCH, ROOT, Built, fold, quiz_guide, rendition

FIDELITY = ROOT / "tests" / "guides" / "fidelity" / "fidelity.md"


@dataclass(frozen=True)
class Deck:
    """What an .apkg holds, read back from its SQLite collection."""

    notes: dict[str, tuple[str, ...]]  # GUID -> fields
    tags: dict[str, str]  # GUID -> tags
    decks: dict[int, str]  # id -> name
    models: dict[int, str]  # id -> name
    css: dict[int, str]  # note type id -> its styles
    cards: dict[int, int]  # card id -> deck id
    media: dict[str, bytes]  # name -> bytes


def read_deck(data: bytes, folder: Path) -> Deck:
    package = folder / "deck.apkg"
    package.write_bytes(data)
    with zipfile.ZipFile(package) as archive:
        database = folder / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        index = json.loads(archive.read("media"))
        media = {name: archive.read(number) for number, name in index.items()}
    connection = sqlite3.connect(database)
    try:
        notes = connection.execute("select guid, flds, tags from notes").fetchall()
        decks_json, models_json = connection.execute("select decks, models from col").fetchone()
        cards = dict(connection.execute("select id, did from cards").fetchall())
    finally:
        connection.close()
    return Deck(
        notes={guid: tuple(fields.split("\x1f")) for guid, fields, _ in notes},
        tags={guid: tags for guid, _, tags in notes},
        decks={int(key): deck["name"] for key, deck in json.loads(decks_json).items()},
        models={int(key): model["name"] for key, model in json.loads(models_json).items()},
        css={int(key): model["css"] for key, model in json.loads(models_json).items()},
        cards=cards,
        media=media,
    )


def text(html: str) -> str:
    return fold(re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&amp;", "&"))


def test_every_answered_question_is_a_note(built: Built, tmp_path: Path) -> None:
    deck = read_deck(built.path(".apkg").read_bytes(), tmp_path)
    answered = [q for q in built.guide.questions if q.answered]
    assert len(deck.notes) == len(answered) == len(deck.cards)
    fronts = [text(fields[0]) for fields in deck.notes.values()]
    for question in built.guide.questions:
        assert any(fold(question.prompt) in front for front in fronts) == question.answered


def test_the_seed_has_eight_notes_of_its_nineteen_questions(seed: Built, tmp_path: Path) -> None:
    assert len(seed.guide.questions) == 19
    assert len(read_deck(seed.path(".apkg").read_bytes(), tmp_path).notes) == 8


def test_a_sub_deck_per_section_and_tags_for_guide_and_section(seed: Built, tmp_path: Path) -> None:
    deck = read_deck(seed.path(".apkg").read_bytes(), tmp_path)
    sections = [s for s in seed.guide.sections if any(q.answered for q in s.questions)]
    names = {f"{seed.guide.title}::{section.title}" for section in sections}
    assert names <= set(deck.decks.values())
    by_name = {name: number for number, name in deck.decks.items()}
    for guid, fields in deck.notes.items():
        section = next(s for s in sections if s.title == html.unescape(fields[2]))
        assert set(deck.tags[guid].split()) == {seed.guide.name, f"{seed.guide.name}::{section.id}"}
    assert set(deck.cards.values()) == {by_name[name] for name in names}


@pytest.fixture(scope="module")
def fidelity(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    """The deck of the guide with code and an image of its own."""
    folder = tmp_path_factory.mktemp("fidelity")
    report = build(BuildConfig(source=FIDELITY, output=folder, formats=("anki",)))
    (guide,) = report.guides
    return read_deck((folder / f"{guide.name}.apkg").read_bytes(), folder)


def test_answers_keep_their_code_highlighting(fidelity: Deck) -> None:
    assert any('<span class="kw">' in fields[0] + fields[1] for fields in fidelity.notes.values())
    (css,) = fidelity.css.values()
    assert "code span.kw" in css  # the colours of code-colours.css travel with the note type


def edit_one_answer(source: Path) -> str:
    """Change the text of the first answer's first bullet; returns the new words."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if re.match(r"\s+[-*] ", line))
    lines[index] = lines[index].rstrip("\n") + " Edited for the test.\n"
    source.write_text("".join(lines), encoding="utf-8")
    return "Edited for the test."


def test_an_edited_answer_updates_exactly_its_note(guide_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    config = BuildConfig(source=guide_copy, output=output, formats=("anki",))
    build(config)
    before = read_deck((output / f"{guide_copy.stem}.apkg").read_bytes(), tmp_path)
    words = edit_one_answer(guide_copy)
    build(config)
    after = read_deck((output / f"{guide_copy.stem}.apkg").read_bytes(), tmp_path)
    assert set(after.notes) == set(before.notes)
    changed = [guid for guid in before.notes if before.notes[guid] != after.notes[guid]]
    assert len(changed) == 1
    assert words in after.notes[changed[0]][1]
    assert after.decks == before.decks
    assert after.models == before.models


def test_a_reworded_question_keeps_its_note(guide_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    config = BuildConfig(source=guide_copy, output=output, formats=("anki",))
    build(config)
    before = read_deck((output / f"{guide_copy.stem}.apkg").read_bytes(), tmp_path)
    source = guide_copy.read_text(encoding="utf-8")
    first = re.search(r"^1\. (.+)$", source, re.MULTILINE)
    assert first is not None
    guide_copy.write_text(source.replace(first.group(1), "Reworded: " + first.group(1), 1))
    build(config)
    after = read_deck((output / f"{guide_copy.stem}.apkg").read_bytes(), tmp_path)
    assert set(after.notes) == set(before.notes)
    assert sum("Reworded: " in fields[0] for fields in after.notes.values()) == 1


def test_unanswered_questions_are_named_in_the_log(guide_copy: Path, tmp_path: Path) -> None:
    said: list[Finding] = []
    report = build(BuildConfig(source=guide_copy, output=tmp_path, formats=("anki",)), said.append)
    (guide,) = report.guides
    unanswered = [q for q in guide.questions if not q.answered]
    assert unanswered
    (named,) = [f for f in said if "no Anki note" in f.message]
    lines = ", ".join(str(q.line) for q in unanswered)
    assert named.message == (
        f"no Anki note for {len(unanswered)} questions without an answer (lines {lines})"
    )
    assert named.line == unanswered[0].line


def test_the_same_guide_gives_the_same_bytes(seed: Built, tmp_path: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(BuildConfig(source=seed.source, output=tmp_path, formats=("anki",)))
    assert (tmp_path / f"{seed.guide.name}.apkg").read_bytes() == seed.path(".apkg").read_bytes()


def test_images_go_into_the_media(fidelity: Deck) -> None:
    picture = (FIDELITY.parent / "diagram.png").read_bytes()
    (name,) = (name for name, data in fidelity.media.items() if data == picture)
    assert any(f'src="{name}"' in fields[1] for fields in fidelity.notes.values())
    assert "/" not in name


def test_multiple_choice_shows_choices_and_marks_the_correct_one(tmp_path: Path) -> None:
    guide = quiz_guide(tmp_path)
    (output,) = anki.build(rendition(guide))
    deck = read_deck(output.data, tmp_path)
    front, back, section, title = deck.notes[genanki.guid_for(guide.name, guide.questions[0].id)]
    for label, choice in (("A", "a list"), ("B", "a tuple"), ("C", "a set")):
        assert f"{label}. {choice}" in text(front)
    assert 'class="correct"' not in front
    assert "Answer: B. a tuple" in text(back)
    assert (section, title) == ("Basics", "Hand made")
    assert len(deck.notes) == 2  # the story question has no answer, so no note
