"""A guide's language -> studyguide's own words, plurals, dates and direction in it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from studyguide.build.memo import FOLDER, Memo
from studyguide.errors import GuideError
from studyguide.model import Guide, Question, Section
from studyguide.render import i18n
from tests import models

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "zh_Hans", "es", "pt", "fr", "de", "ru", "ja", "ko", "ar", "he")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@functools.cache
def extracted() -> frozenset[tuple[str | None, str]]:
    """Every message the layouts and the code use, found by Babel's extractor as babel.cfg says
    (once: every catalog's test compares with it)."""
    method_map = [
        ("studyguide/**.py", "python"),
        ("layouts/**.html", "jinja2"),
        ("layouts/**.xhtml", "jinja2"),
        ("layouts/**.svg", "jinja2"),
    ]
    config = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    for pattern, method in method_map:
        assert f"[{method}: {pattern}]" in config, "babel.cfg and this test name the same files"
    found = set()
    for _, _, message, _, context in extract_from_dir(ROOT, method_map):
        key = message[0] if isinstance(message, tuple) else message
        found.add((context, key))
    return frozenset(found)


def test_the_template_lists_every_message_the_code_and_layouts_use() -> None:
    assert i18n.message_ids(i18n.TEMPLATE) == extracted()


def test_the_eleven_languages_are_shipped() -> None:
    assert set(LANGUAGES) <= set(i18n.catalogs())


@pytest.mark.parametrize("catalog", i18n.catalogs())
def test_every_catalog_translates_every_message(catalog: str) -> None:
    path = i18n.LOCALES / catalog / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    assert i18n.message_ids(path, translated_only=True) == extracted()
    with path.open("rb") as stream:
        messages = read_po(stream)
    for message in (m for m in messages if m.id):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple):
            assert len(strings) == messages.num_plurals, (catalog, message.id)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(str(part) for part in ids)))
        for string in map(str, strings):
            # A translation may leave a number out ("שאלה אחת", one question), never add one.
            assert set(PLACEHOLDER.findall(string)) <= wanted, (catalog, message.id, string)


@pytest.mark.parametrize(
    ("tag", "counts"),
    [
        ("en", {1: "1 question", 2: "2 questions", 0: "0 questions"}),
        ("fr", {0: "0 question", 1: "1 question", 2: "2 questions"}),
        ("de", {1: "1 Frage", 5: "5 Fragen"}),
        (
            "ru",
            {1: "1 вопрос", 3: "3 вопроса", 5: "5 вопросов", 11: "11 вопросов", 21: "21 вопрос"},
        ),
        ("zh", {1: "1 道题", 12: "12 道题"}),
        ("ar", {1: "سؤال واحد", 2: "سؤالان", 3: "3 أسئلة", 11: "11 سؤالًا", 100: "100 سؤال"}),
        ("he", {1: "שאלה אחת", 4: "4 שאלות"}),
    ],
)
def test_plural_forms_follow_each_language(tag: str, counts: dict[int, str]) -> None:
    words = i18n.words(tag)
    for count, expected in counts.items():
        assert words.ngettext("%(num)s question", "%(num)s questions", count) == expected


def test_numbers_and_dates_are_written_as_the_language_writes_them() -> None:
    assert i18n.words("de").number(12345) == "12.345"
    assert i18n.words("de").date("2025-11-29") == "29. November 2025"
    assert i18n.words("zh").date("2025-11-29") == "2025年11月29日"
    assert i18n.words("ru").date("2025-11") == "ноябрь 2025\u202fг."
    assert i18n.words("fr").date("Spring 2026") == "Spring 2026"  # the author's own words


def test_catalogs_are_found_by_language_script_and_region() -> None:
    assert i18n.language("zh").catalog == "zh_Hans"
    assert i18n.language("zh-CN").catalog == "zh_Hans"
    assert i18n.language("zh-TW").catalog == ""  # Traditional Chinese is not Simplified
    assert i18n.language("pt-BR").catalog == "pt"
    assert i18n.language("ar").direction == "rtl"
    assert i18n.language("he").direction == "rtl"
    assert i18n.language("fa").direction == "rtl"
    assert i18n.language("de").direction == "ltr"


def test_css_strings_cannot_close_the_style_element() -> None:
    assert i18n.css_string('a "b" </style>') == '"a \\"b\\" \\3c /style>"'
    assert (
        i18n.css_content("第 %(page)s 页，共 %(pages)s 页", page="counter(page)", pages="x")
        == '"第 " counter(page) " 页，共 " x " 页"'
    )


def guide(language: str, prompts: list[str], title: str = "Guide") -> Guide:
    questions = tuple(
        Question(f"q{n}", n, prompt, prompt, "", (), n) for n, prompt in enumerate(prompts, 1)
    )
    section = Section("s", "Section", "Section", "", "", questions)
    return Guide("g", Path("g.md"), title, "", "", "", language, "", "", (section,))


GERMAN = [
    "Was ist der Unterschied zwischen einem Prozess und einem Thread?",
    "Wie funktioniert die automatische Speicherbereinigung in Java?",
]


def test_front_matter_wins_then_an_explicit_setting_then_detection() -> None:
    # parse puts the front matter's lang, else the setting, into guide.language
    chosen, findings = i18n.settle_language(guide("ar", GERMAN), configured="auto")
    assert (chosen.language, chosen.language_origin, findings) == ("ar", "front matter", ())
    chosen, _ = i18n.settle_language(guide("fr", GERMAN), configured="fr")
    assert (chosen.language, chosen.language_origin) == ("fr", "[tool.studyguide] language")
    chosen, findings = i18n.settle_language(guide("auto", GERMAN), configured="auto")
    assert chosen.language == "de"
    assert chosen.language_origin.startswith("detected")
    assert findings == ()


def test_an_unsure_detection_is_a_warning() -> None:
    chosen, findings = i18n.settle_language(guide("auto", ["OK?"], title="X"), configured="auto")
    assert chosen.language_origin.startswith("detected")
    assert len(findings) == 1
    assert "sure" in findings[0].message
    assert "lang:" in findings[0].message


def test_a_language_without_catalog_is_said_and_prints_english() -> None:
    _, findings = i18n.settle_language(guide("th", GERMAN), configured="auto")
    assert "no catalog for Thai" in findings[0].message
    assert i18n.words("th").gettext("Contents") == "Contents"


@pytest.mark.parametrize("tag", ["xx-klingon", 'en" onload="alert(1)', "en_US_!"])
def test_an_unknown_language_named_stops_the_build(tag: str) -> None:
    with pytest.raises(GuideError, match="unknown language"):
        i18n.settle_language(guide(tag, GERMAN), configured="auto")


@pytest.fixture
def partial_german(tmp_path: Path) -> Iterator[None]:
    """A copy of the catalogs whose German lacks "Show answer"."""
    saved = (i18n.LOCALES, i18n.TEMPLATE)
    for path in i18n.LOCALES.rglob("*.po*"):
        target = tmp_path / path.relative_to(i18n.LOCALES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    german = tmp_path / "de" / "LC_MESSAGES" / "studyguide.po"
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace('msgstr "Antwort zeigen"', 'msgstr ""'), encoding="utf-8")
    i18n.LOCALES, i18n.TEMPLATE = tmp_path, tmp_path / "studyguide.pot"
    for cached in (i18n.translations, i18n.words, i18n.language):
        cached.cache_clear()
    yield
    i18n.LOCALES, i18n.TEMPLATE = saved
    for cached in (i18n.translations, i18n.words, i18n.language):
        cached.cache_clear()


@pytest.mark.usefixtures("partial_german")
def test_a_missing_translation_falls_back_to_english_with_a_warning() -> None:
    _, findings = i18n.settle_language(guide("de", GERMAN), configured="auto")
    assert [f.message for f in findings] == [
        "the German catalog lacks 1 message(s), printed in English: 'Show answer'"
    ]
    assert i18n.words("de").gettext("Show answer") == "Show answer"
    assert i18n.words("de").gettext("Your answer") == "Ihre Antwort"


def test_a_section_the_guide_leaves_unnamed_is_named_in_its_language() -> None:
    unnamed = replace(models.section("Questions", models.question(1, "What is a slice?")),
                      named_by_author=False)  # fmt: skip
    named = models.section("Questions", models.question(1, "What is a slice?"))
    chinese = i18n.with_default_names(models.guide(unnamed, named, language="zh"))
    assert [s.title for s in chinese.sections] == ["问题", "Questions"]
    assert chinese.sections[0].title_html == "问题"
    english = models.guide(named)
    assert i18n.with_default_names(english) is english


@pytest.mark.parametrize(
    ("prompt", "tag", "about"),
    [
        ("Describe a time you disagreed with your manager.", "en", True),
        ("Prove that the sum of two even numbers is even.", "en", False),
        ("Erzählen Sie von Ihrem letzten Projekt.", "de", True),
        ("Warum sind sie unveränderlich?", "de", False),
        ("说说你最难忘的项目", "zh", True),
        ("说说go语言中的协程", "zh", False),
        ("Расскажите про ваш опыт.", "ru", True),
    ],
)
def test_stories_are_asked_only_of_questions_about_the_reader(
    prompt: str, tag: str, about: bool
) -> None:
    assert i18n.asks_about_the_reader(prompt, tag) == about


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Vue.js 中 computed 和 watch 的区别是什么？", "zh"),
        ("React の useEffect と useLayoutEffect の違いは何ですか？", "ja"),
        ("React 훅이란 무엇인가요? 상태는 어떻게 관리하나요?", "ko"),
        ("Що таке замикання в JavaScript? Як працює event loop?", "uk"),
        ("Что такое замыкание в JavaScript? Как работает event loop?", "ru"),
        ("ما هو التعلم الآلي؟ ما الفرق بين التصنيف والانحدار؟", "ar"),
        ("یادگیری ماشین چیست؟ چگونه یک مدل را ارزیابی کنیم؟", "fa"),
        ("מה זה למידת מכונה? איך מעריכים מודל?", "he"),
        ("Τι είναι η μηχανική μάθηση; Πώς αξιολογούμε ένα μοντέλο;", "el"),
    ],
)
def test_the_script_decides_the_language_without_the_model(text: str, code: str) -> None:
    assert i18n.script_language(text) == code
    assert i18n.detect(text) == i18n.Detected(code, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "What is the difference between a process and a thread?",
        "Was ist der Unterschied zwischen einem Prozess und einem Thread?",
        # Mostly English, naming one Chinese term: not for the script to decide.
        "How would you translate 数据 in a German and English glossary of machine learning?",
    ],
)
def test_latin_letters_are_left_to_the_model(text: str) -> None:
    assert i18n.script_language(text) == ""


def test_the_models_answer_is_kept_by_the_texts_hash(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    first = i18n.detect(" ".join(GERMAN), memo)
    memo.keep()
    kept = list((tmp_path / FOLDER).iterdir())
    assert first.code == "de" and len(kept) == 1 and kept[0].name.startswith(".studyguide-")

    def not_again() -> bytes:
        raise AssertionError("the model was asked again")

    question = (" ".join(GERMAN).encode(), i18n._model_version().encode())
    again = Memo(tmp_path).answer("language", question, not_again)
    assert again.decode().split()[0] == "de"


SAMPLES = (
    "What is the difference between supervised and unsupervised learning?",
    "Qu'est-ce que l'apprentissage supervisé ? Comment fonctionne un arbre de décision ?",
    "Was ist der Unterschied zwischen überwachtem und unüberwachtem Lernen?",
    "¿Cuál es la diferencia entre el aprendizaje supervisado y el no supervisado?",
    "Qual é a diferença entre aprendizagem supervisionada e não supervisionada?",
    "Wat is het verschil tussen een lijst en een tupel in Python?",
)


def test_the_unpacked_model_gives_the_packed_models_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from py3langid import langid  # noqa: PLC0415 - the reference, only here

    from studyguide.render import detector  # noqa: PLC0415 - imports numpy and py3langid

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    packed = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    first = detector.detector("test")  # unpacks the model
    copy = tmp_path / "studyguide" / "py3langid-test"
    assert sorted(path.name for path in copy.iterdir()) == sorted(
        f"{name}.npy" for name in detector.ARRAYS
    )
    mapped = detector.detector("test")  # maps the copy
    for sample in SAMPLES:
        assert first.classify(sample) == mapped.classify(sample) == packed.classify(sample)
    # A copy cut short is not trusted: it is made again, and the answers stay the same.
    damaged = copy / "ptc.npy"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    again = detector.detector("test")
    assert again.classify(SAMPLES[1]) == packed.classify(SAMPLES[1])
    assert damaged.stat().st_size > 1000


def test_a_cache_folder_that_cannot_be_written_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyguide.render import detector  # noqa: PLC0415 - imports numpy and py3langid

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert detector.detector("test").classify(SAMPLES[2])[0] == "de"


ENGLISH = (
    "What is the difference between a process and a thread? How does a thread share memory "
    "with the process that holds it, and why would you choose one over the other? What are "
    "the costs of a context switch?"
)
NOT_ENGLISH = (
    "Was ist der Unterschied zwischen einem Prozess und einem Thread? Wie teilt ein Thread "
    "den Speicher mit seinem Prozess, und warum wählt man das eine oder das andere?",
    "¿Cuál es la diferencia entre un proceso y un hilo? ¿Cómo comparte un hilo la memoria con "
    "el proceso que lo contiene y por qué elegir uno u otro?",
    "Wat is het verschil tussen een proces en een thread? Hoe deelt een thread het geheugen "
    "met het proces dat hem bevat, en waarom kies je het een of het ander?",
    "Qual é a diferença entre um processo e uma thread? Como uma thread compartilha a memória "
    "do processo que a contém, e por que escolher um ou outro?",
)


def test_plain_english_is_told_by_its_words_without_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(i18n, "_detector", no_model)
    assert i18n.plainly_english(ENGLISH)
    assert i18n.detect(ENGLISH) == i18n.Detected("en", 1.0)
    for text in NOT_ENGLISH:
        assert not i18n.plainly_english(text), text
    assert not i18n.plainly_english("What is it?")  # too few words to tell
