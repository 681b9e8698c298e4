"""Each way of writing questions, detected and read; the noise real guides carry, skipped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyguide.errors import GuideError
from studyguide.model import Guide
from studyguide.normalize import normalize_text
from studyguide.parse import parse_guide
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
    assert "console.log(3)" in re.sub(r"<[^>]+>", "", answer)
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
    with pytest.raises(GuideError, match="unknown question convention 'cards'"):
        parse("---\nquestions: cards\n---\n# T\n\n## S\n\n1. Q?\n", tmp_path)


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
    for convention in ("numbered list items", "headings", "bold", "<details>"):
        assert convention in message


def test_a_local_picture_named_badge_is_not_noise(tmp_path: Path) -> None:
    (tmp_path / "badge.png").write_bytes((ROOT / "tests/guides/fidelity/diagram.png").read_bytes())
    # The picture is a top-level paragraph, where the noise filter looks.
    text = (
        "# T\n\n### 1. What does our badge look like?\n\n![Our badge](badge.png)\n\n### 2. Why?\n"
    )
    guide = parse(text, tmp_path)
    assert "badge.png" in guide.questions[0].answer_html
