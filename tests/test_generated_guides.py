"""Generated guides in every way of writing questions -> the questions studyguide finds in them.

Hypothesis writes guides the way people do: sections, questions in one convention, answers that
nest bullets, code whose comments start with '#' and hold '?', bold labels, and the noise of a
README (front matter for other tools, badges, a hand-written table of contents, back-to-top
links, raw HTML, emoji). Each guide knows the questions a reader would find in it; the test
reads the guide with `inspect()` (no PDFs, so it stays quick) and compares count and order.

Runs are reproducible: the "ci" profile, the default, draws the same guides every time and
does not shrink a failure (each example runs pandoc; shrinking would take minutes). The failure
message shows the whole guide. `HYPOTHESIS_PROFILE=explore` draws new guides, more of them,
and shrinks what fails.

Conventions marked `issue12` are the ones question detection is learning in issue 12; they
are tested like the others and fail until it does (`-m "not issue12"` leaves them out).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from studyguide.config import BuildConfig
from studyguide.errors import GuideError
from studyguide.read.sources import inspect
from tests.conftest import fold

# Each generated guide is read through pandoc: seconds a convention, so in the full suite only.
pytestmark = pytest.mark.slow

settings.register_profile(
    "ci",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=False,
)
settings.register_profile(
    "explore", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# ---------------------------------------------------------------------------------------------
# What guides are written of: realistic words, so that a failing guide reads like a real one.

CONCEPTS = (
    "a closure",
    "the event loop",
    "a hash map",
    "garbage collection",
    "a database index",
    "a race condition",
    "dependency injection",
    "a message queue",
    "memoization",
    "a deadlock",
    "eventual consistency",
    "a binary search tree",
    "the CAP theorem",
    "a virtual environment",
    "a context manager",
    "a mutex",
    "a load balancer",
    "a foreign key",
    "a WebSocket",
    "a promise",
    "`yield`",
    "`async`/`await`",
    "`git rebase`",
    "`useEffect`",
    "the `volatile` keyword",
    "copy-on-write",
    "database sharding",
    "a bloom filter",
)
TASKS = (
    "reverses a linked list",
    "counts the words in a file",
    "merges two sorted arrays",
    "returns the second largest number in a list",
    "checks whether a string is a palindrome",
    "flattens a nested list",
    "removes duplicates from an array",
    "debounces another function",
    "finds the first repeated character in a string",
)
ASKED = (
    "What is {c}?",
    "How does {c} work?",
    "Why would you use {c}?",
    "When should you avoid {c}?",
    "What is the difference between {c} and {d}?",
    "How would you explain {c} to a new colleague?",
    "Which problems does {c} solve?",
    "Can you give an example of {c} in production code?",
)
IMPERATIVE = (
    "Explain {c} with an example",
    "Describe how {c} works",
    "Compare {c} and {d}",
    "Create a function that {task}",
    "Write a function that {task}",
    "Implement {c} from scratch",
)
EXERCISES = (
    "The number of active users per day.",
    "The three most expensive orders of each customer.",
    "Customers who placed no order last month.",
    "The average basket size per country, largest first.",
    "Products that were never returned.",
    "The running total of sales for each store.",
    "Employees who earn more than their manager.",
)
SENTENCES = (
    "It keeps the state between calls without a global variable.",
    "The main cost is memory, since every entry stays until it is evicted.",
    "Use it when reads far outnumber writes.",
    "A common mistake is to share it between threads without a lock.",
    "Measure before you optimise: the bottleneck is rarely where you expect it.",
    "It trades consistency for availability while the network is partitioned.",
    "Most standard libraries already ship a well-tested implementation.",
    "Lookups take constant time on average and linear time in the worst case.",
    "The interviewer wants to hear when you would not use it, too.",
    "It makes the code easier to test, because collaborators can be replaced.",
    "Each retry waits twice as long as the one before.",
)
TERMS = ("Definition", "Trade-off", "Complexity", "Pitfall", "In practice", "Alternative")
SECTIONS = (
    "Basics",
    "Data Structures",
    "Concurrency",
    "Databases",
    "Networking",
    "Testing",
    "System Design",
    "JavaScript",
    "Python",
    "Behavioral",
)
EMOJI = ("🚀", "📚", "🔥", "💡", "🧠", "⚙️", "👶", "⭐️")
CODE = (
    (
        "```python",
        "# What does this print?",
        "def counter():",
        "    count = 0",
        "    def increment():",
        "        nonlocal count",
        "        count += 1",
        "        return count",
        "    return increment",
        "```",
    ),
    (
        "```bash",
        "# create a virtual environment first",
        "python -m venv .venv",
        "source .venv/bin/activate  # why activate? so that pip installs into it",
        "```",
    ),
    (
        "```js",
        "// Is the output 1 or undefined?",
        "const value = cache.get(key) ?? load(key);",
        "console.log(value);",
        "```",
    ),
    (
        "```python",
        "# Simpler alternative",
        "seen = set()",
        "unique = [x for x in items if not (x in seen or seen.add(x))]",
        "```",
    ),
)
SQL = (
    "```sql",
    "-- one row per day",
    "SELECT day, COUNT(DISTINCT user_id) AS users",
    "FROM visits",
    "GROUP BY day;",
    "```",
)
ZH_QUESTIONS = (
    "什么是切片？",
    "Go 语言中的接口是什么？",
    "说说 goroutine 和线程的区别",
    "defer 的执行顺序是怎样的？",
    "map 是线程安全的吗？",
    "如何优雅地关闭 channel",
    "new 和 make 有什么区别？",
    "什么是逃逸分析？",
    "介绍一下 GMP 调度模型",
    "select 语句有什么作用？",
    "如何实现一个并发安全的计数器",
)
ZH_SENTENCES = (
    "切片是对底层数组的引用，包含指针、长度和容量。",
    "接口定义了一组方法签名，任何实现这些方法的类型都满足该接口。",
    "defer 语句按照后进先出的顺序执行。",
    "map 不是并发安全的，需要使用 sync.Mutex 或 sync.Map。",
    "逃逸分析决定变量分配在栈上还是堆上。",
)
ZH_LABELLED = ("**概念**", "", "1. **切片（Slice）：** 动态数组。", "2. **映射（Map）：** 键值对。")
ZH_DIGITS = "一二三四五六七八九"

# ---------------------------------------------------------------------------------------------
# A guide as drawn: sections of entries, each entry a question and the blocks of its answer.

Block = tuple[str, ...]  # the lines of one Markdown block, not yet indented


@dataclass(frozen=True)
class Entry:
    """One question as written (Markdown) and as a reader finds it (plain text)."""

    written: str
    prompt: str
    answer: tuple[Block, ...]


@dataclass(frozen=True, repr=False)
class Written:
    """A generated guide's Markdown and the prompts a reader finds in it, in order."""

    markdown: str
    prompts: tuple[str, ...]
    numbered: bool  # whether the author numbered the questions (the number is not their text)

    def __repr__(self) -> str:  # the failure message shows the guide itself
        return f"<a guide of {len(self.prompts)} questions>"


def plain(markdown: str) -> str:
    return markdown.replace("`", "").replace("**", "")


def html(markdown: str) -> str:
    """Inline code as raw HTML writes it, where Markdown's backticks are only characters."""
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", markdown)


def chinese_number(number: int) -> str:
    tens, ones = divmod(number, 10)
    return (
        (ZH_DIGITS[tens - 1] if tens > 1 else "")
        + ("十" if tens else "")
        + (ZH_DIGITS[ones - 1] if ones else "")
    )


def slug(text: str) -> str:
    return re.sub(r"[^\w\- ]", "", plain(text).lower()).strip().replace(" ", "-")


@st.composite
def prompts(draw: st.DrawFn, imperative: float = 0.0) -> str:
    """A question in Markdown; a share of them are imperative, without a question mark."""
    first, second = draw(st.lists(st.sampled_from(CONCEPTS), min_size=2, max_size=2, unique=True))
    asks = draw(st.integers(0, 99)) >= imperative * 100
    template = draw(st.sampled_from(ASKED if asks else IMPERATIVE))
    text = template.format(c=first, d=second, task=draw(st.sampled_from(TASKS)))
    return text[0].upper() + text[1:]


@st.composite
def paragraphs(draw: st.DrawFn) -> Block:
    return (
        " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3, unique=True))),
    )


@st.composite
def bullets(draw: st.DrawFn) -> Block:
    """Key points, some with a bold lead term, some with points nested under them."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        sentence = draw(st.sampled_from(SENTENCES))
        term = draw(st.one_of(st.none(), st.sampled_from(TERMS)))
        lines.append(f"- **{term}**: {sentence}" if term else f"- {sentence}")
        for _ in range(draw(st.integers(0, 2))):
            lines.append(f"  - {draw(st.sampled_from(SENTENCES))}")
    return tuple(lines)


@st.composite
def labelled(draw: st.DrawFn) -> Block:
    """A bold sub-label inside an answer, alone or leading its paragraph."""
    label = draw(st.sampled_from(("Example", "Note", "Why it matters", "In short")))
    if draw(st.booleans()):
        return (f"**{label}:**", "", draw(st.sampled_from(SENTENCES)))
    return (f"**{label}:** {draw(st.sampled_from(SENTENCES))}",)


def answers(
    *kinds: st.SearchStrategy[Block], least: int = 1
) -> st.SearchStrategy[tuple[Block, ...]]:
    return st.lists(st.one_of(*kinds), min_size=least, max_size=4).map(tuple)


CODE_BLOCKS = st.sampled_from(CODE)
PLAIN_ANSWER = (paragraphs(), bullets(), CODE_BLOCKS)


@st.composite
def entries(
    draw: st.DrawFn,
    answer: st.SearchStrategy[tuple[Block, ...]],
    imperative: float = 0.0,
    question: st.SearchStrategy[str] | None = None,
) -> Entry:
    written = draw(question if question is not None else prompts(imperative))
    return Entry(written, plain(written), draw(answer))


def distinct(
    entry: st.SearchStrategy[Entry], least: int, most: int
) -> st.SearchStrategy[list[Entry]]:
    """Questions that differ from each other, so that their order can be told."""
    return st.lists(entry, min_size=least, max_size=most, unique_by=lambda e: e.prompt)


@st.composite
def sectioned(
    draw: st.DrawFn, entry: st.SearchStrategy[Entry], most: int = 4
) -> list[tuple[str, list[Entry]]]:
    """One to four sections of one to `most` questions each; three at least, as a guide has."""
    titles = draw(st.lists(st.sampled_from(SECTIONS), min_size=1, max_size=4, unique=True))
    sizes = [draw(st.integers(1, most)) for _ in titles]
    if sum(sizes) < 3:
        sizes[0] += 3 - sum(sizes)
    questions = iter(draw(distinct(entry, sum(sizes), sum(sizes))))
    emoji = draw(st.booleans())
    return [
        (
            f"{draw(st.sampled_from(EMOJI))} {title}" if emoji else title,
            [next(questions) for _ in range(size)],
        )
        for title, size in zip(titles, sizes, strict=True)
    ]


def indented(blocks: tuple[Block, ...], by: int) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        lines.append("")
        lines.extend(" " * by + line if line else "" for line in block)
    return lines


def flat(blocks: tuple[Block, ...]) -> list[str]:
    return indented(blocks, 0)


# ---------------------------------------------------------------------------------------------
# Noise: what a README carries besides its questions.


@dataclass(frozen=True)
class Noise:
    front_matter: bool
    badges: bool
    banner: bool
    contents: bool
    back_to_top: str | None  # None, "question" or "section"
    license: bool


NOISE = st.builds(
    Noise,
    front_matter=st.booleans(),
    badges=st.booleans(),
    banner=st.booleans(),
    contents=st.booleans(),
    back_to_top=st.sampled_from((None, "question", "section")),
    license=st.booleans(),
)
BACK_TO_TOP = ("**[⬆ Back to top](#table-of-contents)**", "[↑ Back to top](#top)")


def head(
    noise: Noise,
    title: str | None,
    contents: list[str],
    intro: str = "Questions I was asked in real interviews, with the answers I would give.",
) -> list[str]:
    """Everything above the first section: front matter, title, badges, banner, contents."""
    lines: list[str] = []
    if noise.front_matter:
        lines += ["---", "layout: post", "tags: [interview, questions]", "sidebar_position: 2"]
        lines += ["---", ""]
    if title is not None:
        lines += [f"# {title}", ""]
    if noise.badges:
        lines += [
            "[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)]"
            "(https://opensource.org/licenses/MIT) "
            "[![PRs Welcome](https://img.shields.io/badge/PRs-welcome-brightgreen.svg)]"
            "(https://makeapullrequest.com)",
            "",
        ]
    if noise.banner:
        lines += [
            '<div align="center">',
            '  <img src="https://raw.githubusercontent.com/example/guide/main/banner.png"'
            ' alt="banner" width="480">',
            "  <p><b>Good luck with your interview!</b> 🍀</p>",
            "</div>",
            "",
            "<!-- Questions are added by the community: open a pull request. -->",
            "",
        ]
    lines += [intro, ""]
    if noise.contents and contents:
        lines += ["## Table of Contents", "", *contents, ""]
    return lines


def contents_of(sections: list[tuple[str, list[Entry]]], questions: bool) -> list[str]:
    lines = []
    for title, entries_ in sections:
        lines.append(f"- [{title}](#{slug(title)})")
        if questions:
            lines += [f"  - [{entry.prompt}](#{slug(entry.prompt)})" for entry in entries_]
    return lines


def tail(noise: Noise) -> list[str]:
    if not noise.license:
        return []
    return ["", "## License", "", "MIT. Pull requests with new questions are welcome.", ""]


def back_link(noise: Noise, where: str) -> list[str]:
    return ["", BACK_TO_TOP[0], ""] if noise.back_to_top == where else []


# ---------------------------------------------------------------------------------------------
# One strategy per convention: each writes a guide and says which questions it holds.

Guides = st.SearchStrategy[Written]


def written(lines: list[str], sections: list[tuple[str, list[Entry]]], numbered: bool) -> Written:
    markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    prompts_ = tuple(entry.prompt for _, entries_ in sections for entry in entries_)
    return Written(markdown, prompts_, numbered)


@st.composite
def list_guides(draw: st.DrawFn, bullet: bool, imperative: float = 0.0) -> Written:
    """`1. Question` (or `- Question?`) items, the answer nested under each.

    A share of the items may be imperative ("Create a function that …"), without a '?'.
    """
    answer = answers(*PLAIN_ANSWER, labelled(), least=0)
    sections = draw(sectioned(entries(answer, imperative=imperative)))
    noise = draw(NOISE)
    lazy = draw(st.booleans())
    lines = head(noise, "Interview Questions", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for number, entry in enumerate(entries_, 1):
            marker = "- " if bullet else f"{1 if lazy else number}. "
            lines += [f"{marker}{entry.written}", *indented(entry.answer, len(marker)), ""]
        lines += back_link(noise, "section") + back_link(noise, "question")
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def heading_guides(draw: st.DrawFn, imperative: bool, levels: tuple[int, int] = (2, 6)) -> Written:
    """Questions as headings at any level; sections above them; answers up to the next one.

    Without `imperative`, each heading is numbered or ends with '?'; with it, imperative
    headings ("Explain …", "Create a function that …") stand beside the questions, unnumbered.
    """
    level = draw(st.integers(*levels))
    numbering = "" if imperative else draw(st.sampled_from(("", "{}. ", "{}) ", "Q{}: ")))
    extra: list[st.SearchStrategy[Block]] = [labelled()]
    if level < 6:
        deeper = "#" * (level + 1)
        references = (
            f"{deeper} References",
            "",
            "- [The documentation](https://docs.python.org/3/)",
        )
        extra.append(st.just(references))
    extra.append(st.sampled_from(SENTENCES).map(lambda s: (f"> **Answer:** {s}",)))
    answer = answers(*PLAIN_ANSWER, *extra, least=0)
    question = entries(answer, imperative=0.5 if imperative else 0.0)
    # Questions at '#' or '##' leave no room for sections above them.
    sections = [("", draw(distinct(question, 3, 8)))] if level <= 2 else draw(sectioned(question))
    noise = draw(NOISE)
    section_level = draw(st.integers(2, level - 1)) if level > 2 else 0
    lines = head(
        noise,
        None if level == 1 else "Interview Questions",
        contents_of(sections, questions=True) if section_level else [],
    )
    if section_level > 2:
        lines += ["## Questions", ""]
    number = 0
    for title, entries_ in sections:
        if section_level:
            lines += [f"{'#' * section_level} {title}", ""]
        for entry in entries_:
            number += 1
            lines += [f"{'#' * level} {numbering.format(number)}{entry.written}"]
            lines += [*flat(entry.answer), "", *back_link(noise, "question")]
        lines += back_link(noise, "section")
    if section_level == 2:
        lines += tail(noise)
    return written(lines, sections, numbered=bool(numbering))


@st.composite
def bold_guides(draw: st.DrawFn) -> Written:
    """`**What is X? 👶**` paragraphs; the answer runs to the next one, or to a `<br/>` line."""
    difficulty = draw(st.sampled_from(("", " 👶", " ⭐️", " 🚀")))
    sections = draw(sectioned(entries(answers(*PLAIN_ANSWER, least=0))))
    noise = draw(NOISE)
    closed = draw(st.booleans())
    lines = head(noise, "Interview Questions", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            lines += [f"**{entry.written}{difficulty}**", *flat(entry.answer), ""]
            lines += ["<br/>", ""] if closed else []
        lines += back_link(noise, "section")
    sections = [
        (title, [Entry(e.written, e.prompt + difficulty, e.answer) for e in entries_])
        for title, entries_ in sections
    ]
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def bold_led_guides(draw: st.DrawFn) -> Written:
    """`**1)** The number of active users per day.`, the answer below it (here: SQL)."""
    mark = draw(st.sampled_from(("**{})**", "**{}.**", "**Q{}.**")))
    exercise = st.sampled_from(EXERCISES)
    answer = answers(st.just(SQL), paragraphs(), bullets())
    sections = draw(sectioned(entries(answer, question=exercise)))
    noise = draw(NOISE)
    lines = head(noise, "SQL Exercises", contents_of(sections, questions=False))
    number = 0
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            number += 1
            lines += [f"{mark.format(number)} {entry.written}", *flat(entry.answer), ""]
        lines += back_link(noise, "section")
    return written(lines + tail(noise), sections, numbered=True)


@st.composite
def qa_guides(draw: st.DrawFn) -> Written:
    """`**Q:** question` paragraphs, each answered by an `**A:** answer` paragraph."""
    bold = draw(st.booleans())
    q, a = ("**Q:**", "**A:**") if bold else ("Q:", "A:")
    sections = draw(sectioned(entries(answers(paragraphs(), bullets(), CODE_BLOCKS, least=0))))
    noise = draw(NOISE)
    lines = head(noise, "Questions and Answers", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            lines += [f"{q} {entry.written}", "", f"{a} {draw(st.sampled_from(SENTENCES))}"]
            lines += [*flat(entry.answer), "", *back_link(noise, "question")]
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def details_guides(draw: st.DrawFn, bold_in_answers: bool) -> Written:
    """`<details><summary>Question</summary> answer </details>` blocks, one per question."""
    numbered = bold_in_answers and draw(st.booleans())  # "1. Question": issue 12's numbering
    summary = draw(st.sampled_from(("<b>{}</b>", "{}", "<strong>{}</strong>")))
    kinds = [*PLAIN_ANSWER, labelled()] if bold_in_answers else list(PLAIN_ANSWER)
    answer = answers(*kinds, least=1)
    if bold_in_answers:  # every answer has its bold sub-headings, as in the guides of issue 12
        answer = st.tuples(st.just(("**Explanation**",)), answer).map(lambda p: (p[0], *p[1]))
    sections = draw(sectioned(entries(answer)))
    noise = draw(NOISE)
    lines = head(noise, "Interview Questions", contents_of(sections, questions=False))
    number = 0
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            number += 1
            text = f"{number}. {entry.written}" if numbered else entry.written
            lines += ["<details>", f"<summary>{summary.format(html(text))}</summary>"]
            lines += [*flat(entry.answer), "", "</details>", "", *back_link(noise, "question")]
    return written(lines + tail(noise), sections, numbered=numbered)


@st.composite
def table_guides(draw: st.DrawFn) -> Written:
    """A two-column table per section: question | answer."""
    header = draw(st.sampled_from(("| Question | Answer |", "| Q | A |", "| Вопрос | Ответ |")))
    answer = st.sampled_from(SENTENCES).map(lambda s: ((s,),))
    sections = draw(sectioned(entries(answer), most=6))
    noise = draw(NOISE)
    lines = head(noise, "Flash Review", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", "", header, "| --- | --- |"]
        lines += [f"| {entry.written} | {entry.answer[0][0]} |" for entry in entries_]
        lines += ["", *back_link(noise, "section")]
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def definition_guides(draw: st.DrawFn) -> Written:
    """Definition lists: the question as the term, the answer as its definition."""
    answer = st.sampled_from(SENTENCES).map(lambda s: ((s,),))
    sections = draw(sectioned(entries(answer)))
    noise = draw(NOISE)
    lines = head(noise, "Glossary Drill", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            lines += [entry.written, f":   {entry.answer[0][0]}", ""]
        lines += back_link(noise, "section")
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def card_guides(draw: st.DrawFn) -> Written:
    """Spaced-repetition cards: the question's line, a line of only '?', the answer."""
    headed = draw(st.booleans())
    answer = st.sampled_from(SENTENCES).map(lambda s: ((s,),))
    sections = draw(sectioned(entries(answer), most=6))
    noise = draw(NOISE)
    lines = head(noise, "Flashcards", [])
    lines += ["**Total Cards:** 20  ", "**Topic:** Interview preparation", ""]
    card = 0
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            card += 1
            lines += [f"### Card {card}"] if headed else []
            lines += [entry.written, "?", entry.answer[0][0]]
            lines += [f"<!--SR:!2025-11-{10 + card % 18},3,250-->", "", "---", ""]
    return written(lines, sections, numbered=False)


@st.composite
def chinese_guides(draw: st.DrawFn) -> Written:
    """`## 一、问题` headings numbered in Chinese, with Chinese answers."""
    separator = draw(st.sampled_from(("、", " ", "、 ")))
    zh_answer = st.lists(st.sampled_from(ZH_SENTENCES), min_size=1, max_size=3, unique=True).map(
        lambda s: (("".join(s),),)
    )
    answer = st.tuples(zh_answer, st.sampled_from(((), (ZH_LABELLED,)))).map(lambda p: p[0] + p[1])
    questions = draw(st.lists(st.sampled_from(ZH_QUESTIONS), min_size=3, max_size=11, unique=True))
    entries_ = [Entry(q, q, draw(answer)) for q in questions]
    noise = draw(NOISE)
    lines = head(
        noise, "Golang 常见语法面试题总结", [], intro="整理了面试中常被问到的 Go 语法问题。"
    )
    for number, entry in enumerate(entries_, 1):
        lines += [f"## {chinese_number(number)}{separator}{entry.written}", *flat(entry.answer), ""]
    return written(lines, [("", entries_)], numbered=True)


@st.composite
def list_heading_guides(draw: st.DrawFn) -> Written:
    """`1.  ### What is X?` items: a numbered list whose items hold a heading, answer below."""
    sections = draw(sectioned(entries(answers(*PLAIN_ANSWER, labelled()))))
    noise = draw(NOISE)
    lines = head(noise, "Interview Questions", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for number, entry in enumerate(entries_, 1):
            lines += [f"{number}.  ### {entry.written}", *indented(entry.answer, 4), ""]
        lines += back_link(noise, "section")
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def mixed_guides(draw: st.DrawFn) -> Written:
    """Each section in a convention of its own: list items, headings, bold paragraphs, details."""
    sections = draw(sectioned(entries(answers(*PLAIN_ANSWER, least=1), imperative=0.0)))
    noise = draw(NOISE)
    lines = head(noise, "Interview Questions", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        kind = draw(st.sampled_from(("list", "heading", "bold", "details")))
        for number, entry in enumerate(entries_, 1):
            if kind == "list":
                lines += [f"{number}. {entry.written}", *indented(entry.answer, 3), ""]
            elif kind == "heading":
                lines += [f"### {entry.written}", *flat(entry.answer), ""]
            elif kind == "bold":
                lines += [f"**{entry.written}**", *flat(entry.answer), ""]
            else:
                lines += ["<details>", f"<summary>{html(entry.written)}</summary>"]
                lines += [*flat(entry.answer), "", "</details>", ""]
    return written(lines + tail(noise), sections, numbered=False)


# ---------------------------------------------------------------------------------------------
# Course tools: exercises in containers, among a lesson's prose and its other boxes.

LESSON_PROSE = (
    "In this episode we look at the idea step by step, with a small example first.",
    "Run the commands below in a terminal and compare what you see with the text.",
)


@st.composite
def carpentries_guides(draw: st.DrawFn) -> Written:
    """Carpentries lessons: `:::: challenge` divs with a `## Title`, a task and a nested
    `::: solution`; a `questions` div of lesson goals and `callout` boxes around them."""
    answer = answers(paragraphs(), CODE_BLOCKS, least=1)
    sections = draw(sectioned(entries(answer, imperative=0.5), most=3))
    fence = ":" * draw(st.integers(3, 40))
    lines = ["---", 'title: "A lesson"', "teaching: 10", "---", ""]
    lines += [f"{fence} questions", "", "- What will I learn?", "", fence, ""]
    for title, entries_ in sections:
        lines += [f"## {title}", "", draw(st.sampled_from(LESSON_PROSE)), ""]
        for entry in entries_:
            lines += [f"{fence} challenge", "", f"## {entry.written}", ""]
            lines += ["Work it out before you open the solution.", ""]
            if draw(st.booleans()):
                lines += ["::::: solution", "", "## Solution", *flat(entry.answer), ""]
                lines += ["::::::", ""]
            lines += [fence, ""]
            if draw(st.booleans()):
                lines += [f"{fence} callout", "", "Remember to save your work.", "", fence, ""]
    return written(lines, sections, numbered=False)


@st.composite
def admonition_guides(draw: st.DrawFn) -> Written:
    """mkdocs-material pages: a prompt (maybe led by `**Exercise:**`), a note box or its code
    between, then its answer folded in `??? success "Answer"` with the body indented."""
    answer = answers(paragraphs(), bullets(), CODE_BLOCKS, least=1)
    sections = draw(sectioned(entries(answer, imperative=0.5)))
    kind = draw(st.sampled_from(("success", "done", "check")))
    lines = ["# Exercises", "", "## Learning outcomes", "", "- Explain the idea", ""]
    lines += ["- Describe the format", ""]
    for title, entries_ in sections:
        lines += [f"## {title}", "", draw(st.sampled_from(LESSON_PROSE)), ""]
        for entry in entries_:
            label = draw(st.sampled_from(("", "**Exercise:** ")))
            lines += [f"{label}{entry.written}", ""]
            if draw(st.booleans()):
                lines += ['!!! note "Good to know"', "    The defaults are sensible.", ""]
            lines += [f'??? {kind} "Answer"', *indented(entry.answer, 4), ""]
    return written(lines, sections, numbered=False)


@st.composite
def directive_guides(draw: st.DrawFn) -> Written:
    """MyST: ```` ```{exercise} ```` directives with options and a body, their solutions in
    ```` ```{solution} label ```` after them; the same syntax shown in a `md` example fence."""
    sections = draw(sectioned(entries(answers(paragraphs(), least=1), imperative=0.5), most=3))
    lines = ["# Chapter", ""]
    number = 0
    for title, entries_ in sections:
        lines += [f"## {title}", "", draw(st.sampled_from(LESSON_PROSE)), ""]
        for entry in entries_:
            number += 1
            fence = "`" * draw(st.integers(3, 6))
            lines += [f"{fence}{{exercise}}", f":label: ex-{number}", "", entry.written, fence, ""]
            lines += [f"{fence}{{solution}} ex-{number}", ":class: dropdown", ""]
            lines += [*flat(entry.answer), fence, ""]
        lines += ["The syntax, for the record:", "", "`````md", "```{exercise}", "Not one.", "```"]
        lines += ["`````", ""]
    return written(lines, sections, numbered=False)


@st.composite
def callout_guides(draw: st.DrawFn) -> Written:
    """Obsidian notes: `> [!QUESTION]- prompt` callouts with the answer inside, among notes."""
    sections = draw(sectioned(entries(answers(paragraphs(), bullets(), least=1))))
    kind = draw(st.sampled_from(("QUESTION", "question", "FAQ")))
    lines = ["---", "status: Ready to Repeat", "---", "", "# Notes", ""]
    for title, entries_ in sections:
        lines += [f"## {title}", "", "> [!NOTE]", "> Written while reading the docs.", ""]
        for entry in entries_:
            lines += [f"> [!{kind}]- {entry.written}"]
            lines += ["> " + line if line else ">" for line in flat(entry.answer)[1:]]
            lines += [""]
    return written(lines, sections, numbered=False)


@st.composite
def dialogue_guides(draw: st.DrawFn) -> Written:
    """Interview transcripts: `**Interviewer:** "…"`, answered by `**Candidate:** …`."""
    sections = draw(sectioned(entries(answers(paragraphs(), least=1), imperative=0.5)))
    asker, answerer = draw(
        st.sampled_from(
            (("Interviewer", "Candidate"), ("Interviewer", "Expected Candidate Response"))
        )
    )
    lines = ["# Mock interviews", ""]
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            lines += [f'**{asker}:** "{entry.written}"', "", f"**{answerer}:**"]
            lines += [*flat(entry.answer), ""]
        lines += ["### Evaluation", "", "- **Clarity** - good", "- **Depth** - fair", ""]
    return written(lines, sections, numbered=False)


# ---------------------------------------------------------------------------------------------
# What rules miss in guides nobody has shown us: questions before the first heading, titled
# tasks, bold summaries with link lists in their answers, follow-ups nested in an answer,
# exercise sheets.

TITLES = ("Reverse", "Median", "Anagrams", "Flatten", "Debounce", "Palindrome", "Merge")
RESOURCES = ("", "Useful resources:", "", "- [The manual](https://example.com/manual)")


@st.composite
def preamble_guides(draw: st.DrawFn) -> Written:
    """`* Question?` bullets before the first section heading, the title in front matter."""
    first = draw(distinct(entries(st.just(())), 3, 8))
    sections = draw(sectioned(entries(st.just(())), most=3))
    lines = ["---", "title: A question bank", "---", ""]
    lines += [f"* {entry.written}" for entry in first] + [""]
    for title, entries_ in sections:
        lines += [f"## {title}", "", *[f"* {entry.written}" for entry in entries_], ""]
    return written(lines, [("", first), *sections], numbered=False)


@st.composite
def titled_task_guides(draw: st.DrawFn) -> Written:
    """`**1) Reverse.** Write a function that …`: numbered bold titles lead imperative tasks."""
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=3, max_size=7, unique=True))
    dotted = draw(st.booleans())
    entries_ = []
    for title in titles:
        task = draw(st.sampled_from(TASKS))
        entries_.append(Entry("", f"{title}. Write a function that {task}.", ()))
    noise = draw(NOISE)
    lines = head(noise, "Python drills", [])
    for number, entry in enumerate(entries_, 1):
        title, _, task = entry.prompt.partition(". ")
        lead = f"**{number}) {title}.**" if dotted else f"**{number}) {title}**."
        lines += [f"{lead} {task}", ""]
    return written(lines + tail(noise), [("", entries_)], numbered=True)


@st.composite
def bold_summary_guides(draw: st.DrawFn) -> Written:
    """`<details><summary><b>Question?</b></summary><br>` then a list, with a 'Useful
    resources:' list of links in every answer, and now and then a follow-up nested inside."""
    sections = draw(sectioned(entries(answers(bullets(), least=1))))
    noise = draw(NOISE)
    lines = head(noise, "DevOps questions", contents_of(sections, questions=False))
    for title, entries_ in sections:
        lines += [f"## {title}", ""]
        for entry in entries_:
            lines += [f"<details><summary><b>{html(entry.written)}</b></summary><br>"]
            lines += [*flat(entry.answer), *RESOURCES, ""]
            if draw(st.booleans()):
                lines += ["<details>", "<summary>Follow-up: and in production?</summary>", ""]
                lines += [draw(st.sampled_from(SENTENCES)), "", "</details>", ""]
            lines += ["</details>", ""]
    return written(lines + tail(noise), sections, numbered=False)


@st.composite
def exercise_sheet_guides(draw: st.DrawFn) -> Written:
    """`## objective: …` headings, a `Questions:` line, then `- ` task bullets."""
    sections = draw(sectioned(entries(st.just(()), imperative=1.0)))
    lines = ["# Week 3 exercises", ""]
    for title, entries_ in sections:
        lines += [f"## objective: {title.lower()}", "", "Questions:", ""]
        lines += [f"- {entry.written}" for entry in entries_] + [""]
    return written(lines, sections, numbered=False)


@st.composite
def uneven_level_guides(draw: st.DrawFn) -> Written:
    """Question headings under sections whose levels differ from branch to branch (`## A`
    beside `### B`), answers in block quotes; two questions at least in each section (one
    question beside a section of questions is left to tie-breaking)."""
    titles = draw(st.lists(st.sampled_from(SECTIONS), min_size=2, max_size=4, unique=True))
    sizes = [draw(st.integers(2, 4)) for _ in titles]
    questions = iter(draw(distinct(entries(st.just(())), sum(sizes), sum(sizes))))
    sections = [
        (title, [next(questions) for _ in range(size)])
        for title, size in zip(titles, sizes, strict=True)
    ]
    lines = ["# Interview notes", ""]
    for index, (title, entries_) in enumerate(sections):
        level = 2 if index % 2 == 0 else 3
        lines += [f"{'#' * level} {title}", ""]
        for entry in entries_:
            lines += [f"{'#' * (level + 1)} {entry.written}", ""]
            lines += [f"> {draw(st.sampled_from(SENTENCES))}", ""]
    return written(lines, sections, numbered=False)


@st.composite
def numbered_title_guides(draw: st.DrawFn) -> Written:
    """`## 1. Two sum` headings numbered in order, each a task paragraph, a `**Hint:**` line
    and Input/Output samples: titles that ask nothing, numbered as tasks."""
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=3, max_size=7, unique=True))
    entries_ = [Entry(title, title, ()) for title in titles]
    lines = ["# Algorithm practice", ""]
    for number, entry in enumerate(entries_, 1):
        lines += [
            f"## {number}. {entry.written}",
            "",
            f"Write a function: {draw(st.sampled_from(TASKS))}.",
        ]
        lines += ["", "**Hint:** think about the edge cases.", "", "Input: `[1, 2, 3]`  "]
        lines += ["Output: `[3, 2, 1]`", ""]
    return written(lines, [("", entries_)], numbered=True)


NEW = pytest.mark.issue12
CONVENTIONS = [
    pytest.param(list_guides(bullet=False, imperative=0.5), id="numbered-list-items"),
    pytest.param(list_guides(bullet=True), id="bullet-questions"),
    pytest.param(heading_guides(imperative=False), id="question-headings"),
    pytest.param(bold_guides(), id="bold-paragraphs"),
    pytest.param(details_guides(bold_in_answers=False), id="details-blocks"),
    pytest.param(heading_guides(imperative=True), id="imperative-headings", marks=NEW),
    pytest.param(
        heading_guides(imperative=False, levels=(1, 1)), id="h1-question-headings", marks=NEW
    ),
    pytest.param(list_guides(bullet=True, imperative=0.5), id="imperative-bullets", marks=NEW),
    pytest.param(details_guides(bold_in_answers=True), id="details-with-bold-answers", marks=NEW),
    pytest.param(bold_led_guides(), id="bold-led-paragraphs", marks=NEW),
    pytest.param(qa_guides(), id="q-a-pairs", marks=NEW),
    pytest.param(table_guides(), id="question-answer-tables", marks=NEW),
    pytest.param(definition_guides(), id="definition-lists", marks=NEW),
    pytest.param(card_guides(), id="spaced-repetition-cards", marks=NEW),
    pytest.param(chinese_guides(), id="chinese-numbering", marks=NEW),
    pytest.param(list_heading_guides(), id="list-items-holding-a-heading", marks=NEW),
    pytest.param(mixed_guides(), id="a-convention-per-section", marks=NEW),
    pytest.param(carpentries_guides(), id="carpentries-challenges"),
    pytest.param(admonition_guides(), id="mkdocs-admonitions"),
    pytest.param(directive_guides(), id="myst-directives"),
    pytest.param(callout_guides(), id="obsidian-callouts"),
    pytest.param(dialogue_guides(), id="interview-dialogues"),
    pytest.param(preamble_guides(), id="questions-before-the-first-heading"),
    pytest.param(titled_task_guides(), id="numbered-bold-titled-tasks"),
    pytest.param(bold_summary_guides(), id="bold-summaries-with-resources-and-follow-ups"),
    pytest.param(exercise_sheet_guides(), id="exercise-sheet-questions-line"),
    pytest.param(uneven_level_guides(), id="section-levels-per-branch"),
    pytest.param(numbered_title_guides(), id="numbered-task-titles"),
]
LEADING_NUMBER = re.compile(rf"^\s*(?:Q?\d+|[{ZH_DIGITS}十]+)\s*[.):、]", re.IGNORECASE)


def found_prompts(markdown: str, folder: Path) -> tuple[list[str], str]:
    """The prompts studyguide finds in a guide, and the error it gave instead, if it did."""
    source = folder / "generated.md"
    source.write_text(markdown, encoding="utf-8")
    try:
        ((guide, _),) = inspect(BuildConfig(source=source, output=folder / "out"))
    except GuideError as error:
        return [], str(error)
    return [question.prompt for question in guide.questions], ""


def key(text: str) -> str:
    return " ".join(fold(text).split())


@pytest.mark.parametrize("guides", CONVENTIONS)
def test_every_question_is_found_in_order(
    guides: Guides, tmp_path_factory: pytest.TempPathFactory
) -> None:
    @PROFILE
    @given(guide=guides)
    def check(guide: Written) -> None:
        found, error = found_prompts(guide.markdown, tmp_path_factory.mktemp("generated"))
        expected = [key(prompt) for prompt in guide.prompts]
        mismatched = [
            (number, want, got)
            for number, (want, got) in enumerate(zip(expected, map(key, found), strict=False), 1)
            if want not in got or (guide.numbered and LEADING_NUMBER.match(got))
        ]
        if len(found) != len(expected) or mismatched:
            listing = "".join(f"\n  {n}. expected {w!r}, found {g!r}" for n, w, g in mismatched)
            pytest.fail(
                f"expected {len(expected)} questions, found {len(found)}{listing}\n"
                + (f"studyguide: {error}\n" if error else f"found: {found}\n")
                + f"--- the guide ---\n{guide.markdown}",
                pytrace=False,
            )

    check()
