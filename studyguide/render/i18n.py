"""A guide's language -> the words studyguide adds to it, in that language, with its dates,
numbers, writing direction and script.

The words come from gettext catalogs, ``locales/<catalog>/LC_MESSAGES/studyguide.po``, read
with Babel and compiled in memory when a build first needs them; ``locales/studyguide.pot``
lists every message the layouts and the code use (Babel's extractor makes it, see README).
A catalog that lacks a message prints it in English, and the build says so.

The language is the front matter's ``lang``, else ``[tool.studyguide] language``, else, when
that is ``auto`` (the default), detected from the guide's questions and headings: by their
script where it names the language (Han and kana, Hangul, Cyrillic, Arabic, Hebrew, Greek...),
else with py3langid, whose model ships in its wheel and whose answer the build's memo keeps.
A language named that CLDR does not know stops the build: its tag would be written into every
output as it was typed.
"""

from __future__ import annotations

import functools
import gettext
import html
import importlib.metadata
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from studyguide.build.memo import Memo
from studyguide.errors import Finding, GuideError
from studyguide.model import Guide

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "studyguide"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
AUTO = "auto"  # [tool.studyguide] language: detect each guide's language from its text
SURE = 0.9  # below this probability, a detected language is reported with a warning
SAMPLE = 20_000  # characters of a guide's questions and headings the detector reads
# Languages written without spaces between words, which break lines between characters.
UNSPACED = frozenset({"zh", "ja"})
CJK = frozenset({"zh", "ja", "ko"})


@dataclass(frozen=True)
class Language:
    """A guide's language: its tag as written in the outputs, and what Babel knows of it."""

    tag: str  # BCP 47, as in <html lang>, dc:language and the PDF's /Lang: "zh-CN", "ar"
    locale: Locale | None  # None for a tag that CLDR does not know
    catalog: str  # the folder in locales/ whose words it uses; "" when there is none

    @property
    def code(self) -> str:
        """The language alone, without script or region: "zh" for "zh-Hans-CN"."""
        return self.locale.language if self.locale else self.tag.split("-")[0].lower()

    @property
    def direction(self) -> str:
        """ "rtl" for the languages written right to left, else "ltr"."""
        right_to_left = self.locale and self.locale.character_order == "right-to-left"
        return "rtl" if right_to_left else "ltr"

    @property
    def name(self) -> str:
        """The language's English name, for the build log."""
        return (self.locale.get_display_name("en") if self.locale else None) or self.tag

    @property
    def script(self) -> str:
        """How its text is set: "unspaced" (Chinese, Japanese), "cjk" (Korean) or ""."""
        if self.code in UNSPACED:
            return "unspaced"
        return "cjk" if self.code in CJK else ""


def parse_tag(tag: str) -> Locale | None:
    """A BCP 47 tag ("zh-CN", "pt_BR", "he") -> its Babel locale, or None if unknown."""
    try:
        return Locale.parse(tag.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def catalogs() -> tuple[str, ...]:
    """The names of the catalogs studyguide ships: "de", "zh_Hans", ..."""
    return tuple(
        sorted(path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def catalog_for(locale: Locale) -> str:
    """The shipped catalog closest to a locale: zh_Hans_CN -> zh_Hans, pt_BR -> pt; else ""."""
    likely = parse_tag(str(get_global("likely_subtags").get(locale.language, locale.language)))
    usual_script = likely.script if likely else None
    script = locale.script or usual_script
    candidates = [str(locale), f"{locale.language}_{script}"]
    if script == usual_script:  # "zh" means simplified Chinese; "zh-Hant" does not
        candidates.append(locale.language)
    shipped = catalogs()
    return next((name for name in candidates if name in shipped), "")


@functools.cache
def language(tag: str) -> Language:
    """The Language a tag names."""
    locale = parse_tag(tag)
    return Language(tag, locale, catalog_for(locale) if locale else "")


def standard_tag(tag: str) -> str:
    """A tag as BCP 47 writes it: "zh_cn" -> "zh-CN", "EN" -> "en"."""
    parts = tag.strip().replace("_", "-").split("-")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(fixed)


def _po_file(catalog: str) -> Path:
    return LOCALES / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(catalog: str) -> gettext.NullTranslations:
    """A catalog's .po file compiled in memory, or no translations for English or none."""
    if not catalog:
        return gettext.NullTranslations()
    with _po_file(catalog).open("rb") as stream:
        messages = read_po(stream, locale=catalog, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def message_ids(path: Path, *, translated_only: bool = False) -> set[tuple[str | None, str]]:
    """The (context, message) pairs of a .po or .pot file; optionally only the translated."""
    with path.open("rb") as stream:
        messages = read_po(stream, domain=DOMAIN)
    found = set()
    for message in messages:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if translated_only and (message.fuzzy or not all(strings)):
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        found.add((message.context, str(key)))
    return found


def missing_messages(catalog: str) -> list[str]:
    """The messages of the template that a catalog does not translate, in order."""
    wanted = message_ids(TEMPLATE)
    have = message_ids(_po_file(catalog), translated_only=True)
    return sorted(message for context, message in wanted - have)


class Words:
    """The words, numbers and dates studyguide adds to a guide, in the guide's language.

    Layouts call these as ``_()``, ``ngettext()`` and ``pgettext()``; values are put into
    the translated text with ``%(name)s``, numbers written as the language writes them.
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        self.translations = translations(language.catalog)

    def gettext(self, message: str, **values: Any) -> str:
        return _fill(self.translations.gettext(message), values)

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        values.setdefault("num", self.number(count))
        return _fill(self.translations.ngettext(singular, plural, count), values)

    def pgettext(self, context: str, message: str, **values: Any) -> str:
        return _fill(self.translations.pgettext(context, message), values)

    def number(self, value: float) -> str:
        if self.language.locale is None:
            return f"{value:n}"
        return str(format_decimal(value, locale=self.language.locale))

    def date(self, text: str) -> str:
        """An ISO date from the front matter or the build, written as the language does.

        "2026-11-29" and "2026-11" are formatted; anything else is the author's own words.
        """
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
        if not match or self.language.locale is None:
            return text
        year, month, day = (int(part) if part else 0 for part in match.groups())
        try:
            when = date(year, month, day or 1)
        except ValueError:
            return text
        if day:
            return str(format_date(when, "long", locale=self.language.locale))
        return str(format_skeleton("yMMMM", when, locale=self.language.locale))

    def quotes(self) -> str:
        """The CSS ``quotes`` value: the language's own outer and inner quotation marks."""
        # Split at plain spaces only: French marks carry a narrow no-break space inside.
        marks = self.pgettext("quotation marks: outer open, outer close, inner open, inner close",
                              "\u201c \u201d \u2018 \u2019").split(" ")  # fmt: skip
        if len(marks) != 4:
            marks = ["\u201c", "\u201d", "\u2018", "\u2019"]
        return " ".join(css_string(mark) for mark in marks)


def _fill(text: str, values: dict[str, Any]) -> str:
    return text % values if values else text


@functools.cache
def words(tag: str) -> Words:
    """The Words of the language a tag names, with its catalog compiled once per process."""
    return Words(language(tag))


def css_string(text: str) -> str:
    """Text as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped.replace(chr(10), " ")}"'


def css_content(text: str, **counters: str) -> str:
    """Translated text with %(name)s placeholders -> a CSS ``content`` value.

    ``css_content("page %(page)s of %(pages)s", page="counter(page)", pages="counter(pages)")``
    gives ``"page " counter(page) " of " counter(pages)``.
    """
    parts = []
    for number, piece in enumerate(re.split(r"%\((\w+)\)s", text)):
        if number % 2:
            parts.append(counters[piece])
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


# Choosing the language


@dataclass(frozen=True)
class Detected:
    """What the detector made of a text: a language and how sure it is (0 to 1)."""

    code: str
    probability: float


@functools.cache
def _detector() -> Any:
    from studyguide.render import detector  # noqa: PLC0415 - py3langid: see studyguide/__init__.py

    return detector.detector(_model_version())


@functools.cache
def _model_version() -> str:
    """py3langid's version, which its answers depend on besides the text."""
    return importlib.metadata.version("py3langid")


# The scripts that name their language, or nearly: (script, first, last code point).
SCRIPT_RANGES = (
    ("kana", 0x3040, 0x30FF), ("kana", 0x31F0, 0x31FF), ("kana", 0xFF66, 0xFF9D),
    ("han", 0x3400, 0x4DBF), ("han", 0x4E00, 0x9FFF), ("han", 0xF900, 0xFAFF),
    ("han", 0x20000, 0x2FFFF),
    ("hangul", 0x1100, 0x11FF), ("hangul", 0x3130, 0x318F), ("hangul", 0xAC00, 0xD7AF),
    ("arabic", 0x0600, 0x06FF), ("arabic", 0x0750, 0x077F), ("arabic", 0xFB50, 0xFDFF),
    ("arabic", 0xFE70, 0xFEFF),
    ("hebrew", 0x0590, 0x05FF), ("hebrew", 0xFB1D, 0xFB4F),
    ("cyrillic", 0x0400, 0x052F),
    ("greek", 0x0370, 0x03FF), ("greek", 0x1F00, 0x1FFF),
    ("thai", 0x0E00, 0x0E7F),
    ("georgian", 0x10A0, 0x10FF),
    ("armenian", 0x0531, 0x058F),
)  # fmt: skip
SCRIPT_LANGUAGES = {
    "hangul": "ko", "hebrew": "he", "greek": "el", "thai": "th", "georgian": "ka",
    "armenian": "hy",
}  # fmt: skip
# Letters that only some languages of a script have, and the language they name.
UKRAINIAN = frozenset("іїєґІЇЄҐ")
PERSIAN = frozenset("پچژگ")
URDU = frozenset("ٹڈڑںے")
# English's own small words: none is a word of another language written in Latin letters
# that guides are written in (French, German, Spanish, Portuguese, Italian, Dutch).
ENGLISH_WORDS = frozenset({
    "the", "and", "what", "which", "why", "how", "does", "with", "you", "your", "this", "that",
    "between", "when", "are", "from", "have", "there", "should", "would", "could",
})  # fmt: skip
ENGLISH_SHARE = 0.12
FEWEST_WORDS = 20
LATIN_WORD = re.compile(r"[^\W\d_]+")
# A Chinese or Japanese character counts as a word: they write no spaces between words.
UNSPACED_SCRIPTS = frozenset({"han", "kana"})
MARKS = 0.01  # the share of a script's letters its language's own letters must reach


def _letter_script(character: str) -> str | None:
    """The script of a letter, "latin" for any below Greek, "other" for the rest; None for
    what is not a letter."""
    if not character.isalpha():
        return None
    point = ord(character)
    if point < 0x0370:
        return "latin"
    for script, first, last in SCRIPT_RANGES:
        if first <= point <= last:
            return script
    return "other"


def script_language(text: str) -> str:
    """The language a text's script decides, or "": for Latin letters, for scripts that
    several languages share (Devanagari, ...), and when at most half of its words are in the
    deciding script.

    Han is Japanese when kana are among it, else Chinese; Cyrillic is Ukrainian with the
    letters only Ukrainian has (UKRAINIAN), else Russian; the Arabic script is Persian or Urdu
    with their own letters, else Arabic.
    """
    words: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    for script, run in itertools.groupby(text, key=_letter_script):
        if script is None:
            continue
        count = sum(1 for _ in run)
        letters[script] += count
        words["cjk" if script in UNSPACED_SCRIPTS else script] += (
            count if script in UNSPACED_SCRIPTS else 1
        )
    deciding = [script for script in words if script not in {"latin", "other"}]
    if not deciding:
        return ""
    leading = max(deciding, key=lambda script: words[script])
    if 2 * words[leading] <= words.total():
        return ""
    return _language_of(leading, text, letters)


def _language_of(script: str, text: str, letters: Counter[str]) -> str:
    if script == "cjk":
        return "ja" if letters["kana"] >= 0.1 * (letters["kana"] + letters["han"]) else "zh"

    def marked(marks: frozenset[str]) -> bool:
        return sum(text.count(mark) for mark in marks) >= max(1.0, MARKS * letters[script])

    if script == "cyrillic":
        return "uk" if marked(UKRAINIAN) else "ru"
    if script == "arabic":
        return "fa" if marked(PERSIAN) else "ur" if marked(URDU) else "ar"
    return SCRIPT_LANGUAGES[script]


def detect(text: str, memo: Memo | None = None) -> Detected:
    """The language a text is most likely written in: decided by its script where the script
    decides it, by its words where it is plainly English, else by py3langid's model, whose
    answer ``memo`` keeps by the text's hash."""
    sample = text[:SAMPLE]
    by_script = script_language(sample)
    if by_script:
        return Detected(by_script, 1.0)
    if plainly_english(sample):
        return Detected("en", 1.0)

    def classify() -> bytes:
        code, probability = _detector().classify(sample)
        return f"{code} {float(probability)!r}".encode()

    question = (sample.encode("utf-8", "surrogatepass"), _model_version().encode())
    answer = (memo or Memo(None)).answer("language", question, classify)
    code, probability = answer.decode().split()
    return Detected(code, float(probability))


def plainly_english(text: str) -> bool:
    """Whether a text is plainly English: at least ENGLISH_SHARE of its words (and there are
    FEWEST_WORDS) are English's own small words, none of them a word of French, German,
    Spanish, Portuguese, Italian or Dutch. In the questions of the test corpus's real guides
    they are 13-42 % of the words of every English guide that reaches that many, and at most
    1 % of any other guide's; a text in between is the model's to decide."""
    words = LATIN_WORD.findall(text.lower())
    if len(words) < FEWEST_WORDS:
        return False
    return sum(word in ENGLISH_WORDS for word in words) >= ENGLISH_SHARE * len(words)


def detection_sample(guide: Guide) -> str:
    """What the guide says in its own words: its title, headings and questions.

    Answers are left out: they are full of code, which reads as English to any detector.
    """
    lines = [guide.title, *(s.title for s in guide.sections)]
    lines += [q.prompt for q in guide.questions]
    return "\n".join(lines)


def settle_language(
    guide: Guide, configured: str, memo: Memo | None = None
) -> tuple[Guide, tuple[Finding, ...]]:
    """The guide with its language decided and written as BCP 47, and what to tell about it.

    ``guide.language`` is what parsing found: the front matter's ``lang``, else the
    configured language. The configured ``auto`` leaves the choice to the detector, whose
    answers ``memo`` keeps.
    """
    stated = guide.language.strip()
    findings: list[Finding] = []
    if stated and stated.lower() != AUTO:
        origin = "front matter" if stated != configured else "[tool.studyguide] language"
        tag = standard_tag(stated)
        if parse_tag(tag) is None:
            where = "lang: in the front matter" if origin == "front matter" else "language"
            raise GuideError(
                f"unknown language {stated!r} ({origin})",
                f"write {where} as a code such as en, de, zh-CN or ar",
                guide.source,
                1,
            )
    else:
        sample = detection_sample(guide)
        found = detect(sample, memo)
        tag = found.code
        origin = f"detected, {found.probability:.0%} sure"
        if found.probability < SURE:
            findings.append(
                Finding(
                    guide.source,
                    1,
                    f"the guide's language looks like {language(tag).name} ({tag}) but the "
                    f"detector is only {found.probability:.0%} sure; set lang: in the front "
                    "matter to be certain",
                )
            )
    chosen = language(tag)
    if chosen.locale is None:
        findings.append(
            Finding(
                guide.source,
                1,
                f"unknown language '{tag}' ({origin}): studyguide's own words stay in English; "
                "use a code such as en, de, zh-CN or ar",
            )
        )
    elif not chosen.catalog:
        findings.append(
            Finding(
                guide.source,
                1,
                f"no catalog for {chosen.name} ({tag}): studyguide's own words stay in English; "
                "the README says how to add a language",
            )
        )
    else:
        missing = missing_messages(chosen.catalog)
        if missing:
            findings.append(
                Finding(
                    guide.source,
                    1,
                    f"the {chosen.name} catalog lacks {len(missing)} message(s), printed in "
                    f"English: {', '.join(repr(m) for m in missing[:3])}",
                )
            )
    settled = replace(guide, language=tag, language_origin=origin)
    return with_default_names(settled), tuple(findings)


def with_default_names(guide: Guide) -> Guide:
    """The guide with each section the author did not name called "Questions" in its own
    language: the name parsing gives such a section is English."""
    if all(section.named_by_author for section in guide.sections):
        return guide
    name = words(guide.language).pgettext("the name of a section the guide leaves unnamed",
                                          "Questions")  # fmt: skip
    return replace(
        guide,
        sections=tuple(
            section
            if section.named_by_author
            else replace(section, title=name, title_html=html.escape(name, quote=False))
            for section in guide.sections
        ),
    )


# Words by which a question asks about the reader's own life ("Describe a time you…"), by
# language: its unanswered questions are stories to prepare, not exercises left undone.
ABOUT_THE_READER = {
    "en": r"(?i)\b(you|your|yourself)\b",
    "de": r"\b(Sie|Ihr\w*|Ihnen|[Dd]u|[Dd]ein\w*|dich|dir)\b",  # "sie" is "they"
    "fr": r"(?i)\b(vous|votre|vos|tu|ton|ta|tes|toi)\b",
    "es": r"(?i)\b(usted|ustedes|tu|tus|t\u00fa|te|ti)\b",
    "pt": r"(?i)\b(voc\u00eas?|seu|sua|seus|suas|tu|teu|tua)\b",
    "ru": r"(?i)\b(вы|вас|вам|ваш\w*|ты|тебя|тебе|твой|твоя|твои\w*)\b",
    "uk": r"(?i)\b(ви|вас|вам|ваш\w*|ти|тебе|твій|твоя|твої\w*)\b",
    # Arabic: a word ending in the pronoun "-ka" (yours), not "that", "there", "those"
    "ar": r"(أنت|\w\w(?<!ذل)(?<!هنا)(?<!تل)ك\b)",
    "he": r"(אתה|אתם|שלך|שלכם|לך|לכם|עליך|ניסיונך)",
    "zh": r"(你|您)",
    "ja": r"(あなた|ご自身|自分)",
    "ko": r"(당신|본인|귀하|자신)",
}


def asks_about_the_reader(prompt: str, tag: str) -> bool:
    """Whether a question asks about the reader's own experience, in its language's words."""
    pattern = ABOUT_THE_READER.get(language(tag).code)
    return bool(pattern and re.search(pattern, prompt))
