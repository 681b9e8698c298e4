"""Each way of writing questions, detected and read; the noise real guides carry, skipped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from studyguide.cli import main
from studyguide.errors import GuideError
from studyguide.model import Guide
from studyguide.read import conventions
from studyguide.read.normalize import normalize_text
from studyguide.read.parse import parse_guide
from tests.conftest import ROOT


def parse(text: str, tmp_path: Path) -> Guide:
    guide, _ = parse_guide(normalize_text(text, tmp_path / "guide.md"), "guide", "en")
    return guide


def shape(guide: Guide) -> list[tuple[str, list[tuple[str, bool]]]]:
    return [(s.title, [(q.prompt, q.answered) for q in s.questions]) for s in guide.sections]


HEADINGS = """# Data science Q&A

## Basics

### 1. What is overfitting?
A model that memorizes its training data.

#### Remedies
- Regularization

### 2) Why split data?

### Q3: How is recall defined?
True positives over actual positives.

### Is accuracy enough?
Not for imbalanced classes.

## Advanced

### Q: What is a kernel?
A similarity function.
"""


def test_heading_questions(tmp_path: Path) -> None:
    guide = parse(HEADINGS, tmp_path)
    assert guide.convention == "heading"
    assert shape(guide) == [
        (
            "Basics",
            [
                ("What is overfitting?", True),
                ("Why split data?", False),
                ("How is recall defined?", True),
                ("Is accuracy enough?", True),
            ],
        ),
        ("Advanced", [("What is a kernel?", True)]),
    ]
    assert "Remedies" in guide.sections[0].questions[0].answer_html


def test_heading_questions_without_sections_and_with_many_answer_headings(tmp_path: Path) -> None:
    blocks = "".join(
        f"###### {n}. What's the output?\n\n```js\nconsole.log({n})\n```\n\n"
        "<details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: A\n\n"
        f"It logs {n}.\n\n</p>\n</details>\n\n---\n\n"
        for n in range(1, 5)
    )
    guide = parse(f"# JS quiz\n\n{blocks}", tmp_path)
    assert [s.title for s in guide.sections] == ["Questions"]
    assert [q.number for q in guide.questions] == [1, 2, 3, 4]
    answer = guide.questions[2].answer_html
    # The program is the question's own, shown with it; the answer is what the reveal holds.
    assert "console.log(3)" in re.sub(r"<[^>]+>", "", guide.questions[2].stem_html)
    assert "console.log" not in answer
    assert "Answer: A" in answer
    assert "details" not in answer  # the reveal-the-answer wrapper is gone, its content stays
    assert "<hr" not in answer


BOLD = """# Theory

## Regression

**What is regression? 👶**

Predicting a number.

<br/>

**What is MSE? ⭐**

Answer here

<br/>

## Trees

**What is a decision tree? 👶**

- A sequence of **splits**: questions about features

<br/>
"""


def test_bold_questions_end_at_the_br_marker_and_placeholders_are_unanswered(
    tmp_path: Path,
) -> None:
    guide = parse(BOLD, tmp_path)
    assert guide.convention == "bold"
    assert shape(guide) == [
        ("Regression", [("What is regression? 👶", True), ("What is MSE? ⭐", False)]),
        ("Trees", [("What is a decision tree? 👶", True)]),
    ]
    assert "<strong>splits</strong>" in guide.questions[2].answer_html


DETAILS = """# Flash cards

## Python

<details><summary>What is a generator?</summary>

A function that yields values lazily.

</details>

<details>
<summary>What does <code>zip</code> do?</summary>

Pairs up items of several iterables.

</details>
"""


def test_details_questions(tmp_path: Path) -> None:
    guide = parse(DETAILS, tmp_path)
    assert guide.convention == "details"
    assert shape(guide) == [
        ("Python", [("What is a generator?", True), ("What does zip do?", True)]),
    ]
    assert "lazily" in guide.questions[0].answer_html


def test_front_matter_can_name_the_convention(tmp_path: Path) -> None:
    text = (
        "---\nquestions: bold\n---\n# T\n\n## S\n\n1. Not a question here\n\n"
        "**Is this one?**\n\nYes.\n"
    )
    guide = parse(text, tmp_path)
    assert [q.prompt for q in guide.questions] == ["Is this one?"]


def test_front_matter_of_another_tool_is_a_warning(tmp_path: Path) -> None:
    text = "---\nquestions: 10\n---\n# T\n\n## S\n\n1. What is a quiz?\n"
    guide, findings = parse_guide(normalize_text(text, tmp_path / "guide.md"), "guide", "en")
    assert [q.prompt for q in guide.questions] == ["What is a quiz?"]
    assert any("'questions: 10' is not a question convention" in f.message for f in findings)


NOISY = """---
title: Behavioral questions
description: How to prepare
keywords:
  [
    one,
    two,
  ]
---

<head>
  <meta property="og:image" content="https://example.com/x.png" />
</head>

import InDocAd from './_components/InDocAd';

[![Build](https://img.shields.io/badge/build-passing-green.svg)](https://ci.example.com)

## Table of contents

- [Common questions](#common-questions)
  - [Follow-ups](#follow-ups)
- [Company questions](#company-questions)

## Common questions

1. Why do you want to work here?
1. What frustrates you?

<InDocAd />

**[⬆ Back to top](#table-of-contents)**

## Company questions

- Tell me about a conflict.
  - How did you solve it?
- What would you improve in our product?

Source: a review site
"""


def test_noise_is_skipped_and_front_matter_read(tmp_path: Path) -> None:
    guide = parse(NOISY, tmp_path)
    assert guide.title == "Behavioral questions"
    assert guide.description == "How to prepare"
    assert shape(guide) == [
        (
            "Common questions",
            [("Why do you want to work here?", False), ("What frustrates you?", False)],
        ),
        (
            "Company questions",
            [
                ("Tell me about a conflict.", True),
                ("What would you improve in our product?", False),
            ],
        ),
    ]
    everything = guide.intro_html + "".join(
        s.intro_html + s.outro_html + q.answer_html for s in guide.sections for q in s.questions
    )
    for noise in ("import", "InDocAd", "shields", "og:image", "Back to top", "#common-questions"):
        assert noise not in everything
    assert "Source: a review site" in guide.sections[1].outro_html


def test_identical_questions_get_unique_ids(tmp_path: Path) -> None:
    guide = parse("# T\n\n###### 1. Same?\n\n###### 2. Same?\n\n###### 3. Same?\n", tmp_path)
    ids = [q.id for q in guide.questions]
    assert len(set(ids)) == 3


def test_no_questions_names_the_conventions_tried(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as caught:
        parse("# Links\n\n- [One](https://one.example)\n- [Two](https://two.example)\n", tmp_path)
    message = str(caught.value)
    assert "no questions found" in message
    assert "\n" not in message
    for convention in ("list items", "headings", "bold", "<details>", "cards"):
        assert convention in message
    assert "studyguide questions --explain" in message


def test_a_local_picture_named_badge_is_not_noise(tmp_path: Path) -> None:
    (tmp_path / "badge.png").write_bytes((ROOT / "tests/guides/fidelity/diagram.png").read_bytes())
    # The picture is a top-level paragraph, where the noise filter looks.
    text = (
        "# T\n\n### 1. What does our badge look like?\n\n![Our badge](badge.png)\n\n### 2. Why?\n"
    )
    guide = parse(text, tmp_path)
    assert "badge.png" in guide.questions[0].answer_html


# --- structure, section by section: one snippet per unit and per way guides went wrong ---------


def prompts(guide: Guide) -> list[tuple[str, list[str]]]:
    return [(s.title, [q.prompt for q in s.questions]) for s in guide.sections if s.questions]


def test_list_items_holding_a_heading_are_questions(tmp_path: Path) -> None:
    # Why 1: "1.  ### What is X?" stopped the build with "a question has no words".
    text = (
        "# T\n\n## Basics\n\n1.  ### What is X?\n\n    X is a thing.\n\n"
        "2.  ### What is Y?\n\n    Y is another.\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("Basics", ["What is X?", "What is Y?"])]
    assert "X is a thing." in guide.questions[0].answer_html


def test_a_bold_number_leading_a_paragraph_is_a_question(tmp_path: Path) -> None:
    # Why 2: "**1)** The number of active users per day." with the answer in code below.
    text = (
        "# SQL tasks\n\n## Queries\n\n**1)** The number of active users per day.\n\n"
        "```sql\nSELECT day, count(*) FROM users GROUP BY day;\n```\n\n"
        "Rules:\n\n1. Use one query.\n2. No subqueries.\n\n"
        "**2)** The three most recent orders.\n\n```sql\nSELECT * FROM orders LIMIT 3;\n```\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [
        ("Queries", ["The number of active users per day.", "The three most recent orders."])
    ]
    assert [q.number for q in guide.questions] == [1, 2]
    assert "Use one query." in guide.questions[0].answer_html


def test_details_blocks_whose_answers_hold_bold_paragraphs(tmp_path: Path) -> None:
    # Why 3: the bold paragraphs inside the answers were read as the questions.
    block = (
        "<details><summary><b>{q}</b></summary>\n\n**Definition**\n\nSome text.\n\n"
        "**Example**\n\nMore text.\n\n</details>\n\n"
    )
    text = "# T\n\n## JS\n\n" + "".join(
        block.format(q=q) for q in ("What is a closure?", "What is hoisting?", "Explain this")
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("JS", ["What is a closure?", "What is hoisting?", "Explain this"])]
    assert guide.sections[0].reading is not None
    assert guide.sections[0].reading.convention == "details"


def test_imperative_headings_beside_question_headings(tmp_path: Path) -> None:
    # Why 4: "### Create a function that …" next to "### What is a closure?" was lost.
    text = (
        "# T\n\n## Functions\n\n### What is a closure?\n\nA function with its scope.\n\n"
        "### Create a function that adds two numbers\n\n```js\nconst add = (a, b) => a + b\n```\n\n"
        "### Explain the difference between let and var\n\nScope.\n\n"
        "#### References\n\n- [MDN](https://developer.mozilla.org)\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [
        (
            "Functions",
            [
                "What is a closure?",
                "Create a function that adds two numbers",
                "Explain the difference between let and var",
            ],
        )
    ]
    assert "References" in guide.questions[2].answer_html


def test_task_items_separated_by_code_blocks(tmp_path: Path) -> None:
    # Why 5: "Make this work:" and "Write an IIFE" items, each followed by code.
    text = (
        "# T\n\n## Tasks\n\n1. Make this work:\n\n```js\nduplicate([1, 2])\n```\n\n"
        "2. Write an IIFE\n\n```js\n(function () {})()\n```\n\n"
        "3. Write a debounce function\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [
        ("Tasks", ["Make this work:", "Write an IIFE", "Write a debounce function"])
    ]


def test_a_list_of_resource_links_has_no_questions(tmp_path: Path) -> None:
    # Why 6: a link list was published as "1 questions in 15 sections".
    text = (
        "# Awesome JS\n\n## Books\n\n- [Eloquent JavaScript](https://eloquentjavascript.net)\n"
        "- [You Don't Know JS](https://github.com/getify/You-Dont-Know-JS)\n\n"
        "## Courses\n\n- [JavaScript.info](https://javascript.info)\n"
        "- [MDN tutorials](https://developer.mozilla.org)\n"
    )
    with pytest.raises(GuideError, match="no questions found"):
        parse(text, tmp_path)


def test_a_link_list_whose_texts_ask_is_a_question_bank(tmp_path: Path) -> None:
    text = (
        "# Vue\n\n### vue\n\n- [What is a computed property?](https://example.org/issues/1)\n"
        "- [说说你对provide和inject的理解](https://example.org/issues/2)\n"
        "- [How does v-model work?](https://example.org/issues/3)\n"
    )
    guide = parse(text, tmp_path)
    assert len(guide.questions) == 3
    assert guide.questions[1].prompt == "说说你对provide和inject的理解"


def test_sections_of_one_guide_may_differ(tmp_path: Path) -> None:
    text = (
        "# Mixed\n\n## Theory\n\n### What is a mutex?\n\nA lock.\n\n### What is a semaphore?\n\n"
        "A counter.\n\n## Practice\n\n1. Write a thread-safe queue.\n2. Find the deadlock.\n"
        "3. How do you cancel a thread?\n"
    )
    guide = parse(text, tmp_path)
    readings = [s.reading.convention for s in guide.sections if s.reading]
    assert readings == ["heading", "list"]
    assert len(guide.questions) == 5


def test_question_headings_under_deeper_sections_and_without_a_title(tmp_path: Path) -> None:
    text = (
        "# How do you install it?\n\nWith a package manager.\n\n"
        "# Where does the configuration live?\n\nIn a file.\n\n# Is it free?\n\nYes.\n"
    )
    guide, findings = parse_guide(normalize_text(text, tmp_path / "tool.md"), "tool", "en")
    assert len(guide.questions) == 3
    assert any("no title" in finding.message for finding in findings)


def test_the_first_question_beside_the_title(tmp_path: Path) -> None:
    text = (
        "# Go questions\n\n# 一 new 和 make 的区别\uff1f\n\nnew 分配内存。\n\n"
        "## 二、 数组与切片的区别\uff1f\n\n切片是引用。\n\n## 三、说说 channel\uff1f\n\n通道。\n"
    )
    guide = parse(text, tmp_path)
    assert guide.title == "Go questions"
    assert [q.number for q in guide.questions] == [1, 2, 3]
    assert guide.questions[1].prompt == "数组与切片的区别\uff1f"


def test_the_authors_numbering_is_the_number_not_the_text(tmp_path: Path) -> None:
    text = (
        '# T\n\n###### <a name="x"></a>95. What is the output?\n\nA.\n\n'
        "###### 101.What is returned?\n\nB.\n"
    )
    guide = parse(text, tmp_path)
    assert [(q.number, q.prompt) for q in guide.questions] == [
        (95, "What is the output?"),
        (101, "What is returned?"),
    ]


def test_numbering_may_restart_per_part(tmp_path: Path) -> None:
    text = (
        "# T\n\n## Generic\n\n#### 1. What is Go?\n\nA language.\n\n#### 2. What is a slice?\n\n"
        "A view.\n\n## Hard\n\n#### 1. What is escape analysis?\n\nA pass.\n\n"
        "#### 2. What is the GMP model?\n\nThe scheduler.\n"
    )
    guide = parse(text, tmp_path)
    assert [q.number for q in guide.questions] == [1, 2, 1, 2]
    assert len({q.id for q in guide.questions}) == 4


def test_bold_labels_and_answer_keys(tmp_path: Path) -> None:
    text = (
        "# Exam\n\n## Questions\n\n**Question 1:** Which protocol routes? \n\n"
        "A) BGP  \nB) RIP\n\n**Question 2:** Which port is HTTPS?\n\nA) 80  \nB) 443\n\n"
        "## Answer Key\n\n**Q1: A) BGP**\n\n- Explanation: it routes.\n\n**Q2: B) 443**\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("Questions", ["Which protocol routes?", "Which port is HTTPS?"])]
    assert [c.label for c in guide.questions[1].choices] == ["A", "B"]
    assert [[c.correct for c in q.choices] for q in guide.questions] == [
        [True, False],
        [False, True],
    ]


def test_qa_paragraph_pairs(tmp_path: Path) -> None:
    text = (
        "# T\n\n## S\n\nQ: What is DNS?\n\nA: A name system.\n\nQ: What is TCP?\n\nA: A protocol.\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("S", ["What is DNS?", "What is TCP?"])]
    assert "A name system." in guide.questions[0].answer_html


def test_spaced_repetition_cards(tmp_path: Path) -> None:
    text = (
        "# Cards\n\n## Tongue\n\nWhat does a pale tongue indicate?\n?\nQi deficiency\n"
        "<!--SR:!2025-11-10,3,250-->\n\nWhat does a red tongue indicate?\n?\nHeat\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [
        ("Tongue", ["What does a pale tongue indicate?", "What does a red tongue indicate?"])
    ]
    assert "Heat" in guide.questions[1].answer_html


def test_cards_under_label_headings(tmp_path: Path) -> None:
    text = (
        "# Cards\n\n## How to use\n\n### Method 1\n\nOpen the deck.\n\n## Flashcards\n\n"
        "### Card 1\nWhat does a **pale** tongue indicate?\n?\nQi deficiency\n\n"
        "### Card 2\nWhat does a red tongue indicate?\n?\nHeat\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [
        (
            "Flashcards",
            ["What does a pale tongue indicate?", "What does a red tongue indicate?"],
        )
    ]
    assert [q.number for q in guide.questions] == [1, 2]


def test_answers_in_block_quotes(tmp_path: Path) -> None:
    text = (
        "# T\n\n## Go\n\nWhat is a goroutine?\n\n> A light thread.\n\n"
        "What is a channel?\n\n> A typed pipe.\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("Go", ["What is a goroutine?", "What is a channel?"])]
    assert "typed pipe" in guide.questions[1].answer_html


def test_two_column_question_answer_tables(tmp_path: Path) -> None:
    text = (
        "# T\n\n## Terms\n\n| Question | Answer |\n| --- | --- |\n"
        "| What is REST? | An architectural style. |\n| What is gRPC? | An RPC framework. |\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("Terms", ["What is REST?", "What is gRPC?"])]
    assert "RPC framework" in guide.questions[1].answer_html


def test_definition_lists(tmp_path: Path) -> None:
    text = (
        "# T\n\n## Terms\n\nWhat is idempotence?\n:   Same result twice.\n\n"
        "What is a CDN?\n:   A cache network.\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [("Terms", ["What is idempotence?", "What is a CDN?"])]


def test_multiple_choice_options_and_the_correct_one(tmp_path: Path) -> None:
    text = (
        "# Quiz\n\n## Instructions\n\nPick one.\n\n## Question 1\n\nWhich colour means heat?\n\n"
        "- [ ] A) Pale\n- [x] B) Red\n\n## Question 2\n\nWhat is 2 + 2?\n\n- A: 3\n- B: 4\n\n"
        "Correct answer: B\n\n## Question 3\n\nPick the prime.\n\na) 4\nb) 5\n\nAnswer: b\n"
    )
    guide = parse(text, tmp_path)
    assert [q.prompt for q in guide.questions] == [
        "Which colour means heat?",
        "What is 2 + 2?",
        "Pick the prime.",
    ]
    for question, labels, correct in zip(
        guide.questions, (["A", "B"], ["A", "B"], ["a", "b"]), ("B", "B", "b"), strict=True
    ):
        assert [c.label for c in question.choices] == labels
        assert [c.label for c in question.choices if c.correct] == [correct]
        assert "Pale" not in question.prompt
    assert "Pale" not in guide.questions[0].answer_html


def test_a_wordless_item_is_kept_as_text_with_a_warning(tmp_path: Path) -> None:
    text = "# T\n\n## S\n\n1. What is a heap?\n2. ?!\n3. What is a stack?\n"
    guide, findings = parse_guide(normalize_text(text, tmp_path / "g.md"), "g", "en")
    assert [q.prompt for q in guide.questions] == ["What is a heap?", "What is a stack?"]
    assert any(f.line == 6 and "no words" in f.message for f in findings)


def test_front_matter_names_a_convention_per_section(tmp_path: Path) -> None:
    text = (
        "---\nstudyguide:\n  questions:\n    default: heading\n    Coding: list\n---\n"
        "# T\n\n## Theory\n\n### Closures\n\nScope kept.\n\n### Hoisting\n\nDeclarations.\n\n"
        "## Coding\n\n- reverse a string\n- sum an array\n"
    )
    guide = parse(text, tmp_path)
    assert prompts(guide) == [
        ("Theory", ["Closures", "Hoisting"]),
        ("Coding", ["reverse a string", "sum an array"]),
    ]


# --- golden files: Markdown in, the questions found out, one folder per convention -------------

GOLDEN = ROOT / "tests" / "conventions"


def questions_json(guide: Guide) -> list[dict[str, object]]:
    return [
        {
            "section": section.title,
            "read_as": section.reading.convention if section.reading else "",
            "questions": [
                {
                    "number": q.number,
                    "prompt": q.prompt,
                    "answered": q.answered,
                    "stem": " ".join(re.sub(r"<[^>]+>", " ", q.stem_html).split())[:160],
                    "answer": " ".join(re.sub(r"<[^>]+>", " ", q.answer_html).split())[:160],
                    "choices": [[c.label, c.text, c.correct] for c in q.choices],
                }
                for q in section.questions
            ],
        }
        for section in guide.sections
    ]


@pytest.mark.parametrize(
    "source",
    sorted(GOLDEN.glob("*/*.md")),
    ids=lambda path: f"{path.parent.name}/{path.stem}",
)
def test_golden(source: Path, request: pytest.FixtureRequest) -> None:
    """Each fixture guide sits in the folder of the convention most of its sections are read
    with, beside the questions expected from it (`<name>.json`).

    `pytest tests/test_conventions.py -k golden --regenerate-goldens` rewrites them."""
    guide, _ = parse_guide(normalize_text(source.read_text(encoding="utf-8"), source), "g", "en")
    assert guide.convention == source.parent.name
    found = json.dumps(questions_json(guide), indent=2, ensure_ascii=False) + "\n"
    expected = source.with_suffix(".json")
    if request.config.getoption("--regenerate-goldens"):
        expected.write_text(found, encoding="utf-8")
    assert found == expected.read_text(encoding="utf-8")


def test_explain_shows_each_sections_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "links.md"
    source.write_text(
        "# Links\n\n## Questions\n\n- [What is a closure?](https://a.example/1)\n"
        "- [How does hoisting work?](https://a.example/2)\n\n## Reading\n\n"
        "- [Eloquent JavaScript](https://eloquentjavascript.net)\n- [MDN](https://mdn.example)\n",
        encoding="utf-8",
    )
    assert main(["questions", str(source), "--explain"]) == 0
    shown = capsys.readouterr().out
    assert f"{source}: 2 questions" in shown
    assert "read as: list" in shown and "a question bank" in shown
    assert "resources, not questions" in shown
    source.write_text("# Links\n\n- [MDN](https://mdn.example)\n- [W3C](https://w3.example)\n")
    assert main(["questions", str(source), "--explain"]) == 1


# --- the table of conventions: one module, one record -------------------------------------------


def test_each_convention_is_a_module_declaring_its_record() -> None:
    folder = ROOT / "studyguide" / "read" / "conventions"
    assert sorted(conventions.REGISTRY) == sorted(path.stem for path in folder.glob("[!_]*.py"))
    # listed and tried in the order of their places: 'heading' first, the pattern never
    assert ("heading", *conventions.BLOCK_CONVENTIONS) == conventions.CONVENTIONS
    assert conventions.BLOCK_CONVENTIONS[:3] == ("container", "dialogue", "list")
    assert "pattern" in conventions.REGISTRY and "pattern" not in conventions.CONVENTIONS
    assert list(conventions.DESCRIPTIONS) == list(conventions.CONVENTIONS)


def test_two_modules_may_not_claim_one_convention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "twice"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "_shared.py").write_text("SHARED = 'not a convention'\n")
    record = (
        "from studyguide.read.conventions import Convention\n"
        "CONVENTION = Convention(name={!r}, describes='numbered items', place={})\n"
    )
    (package / "one.py").write_text(record.format("list", 1))
    (package / "two.py").write_text(record.format("items", 2))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert list(conventions.collect("twice", [str(package)])) == ["list", "items"]
    (package / "three.py").write_text(record.format("list", 3))
    with pytest.raises(ValueError, match=r"twice\.three claims the name or place of 'list'"):
        conventions.collect("twice", [str(package)])
    (package / "three.py").unlink()
    (package / "four.py").write_text("READER = None\n")
    with pytest.raises(TypeError, match=r"twice\.four declares no CONVENTION"):
        conventions.collect("twice", [str(package)])
