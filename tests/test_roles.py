"""Sphinx and MyST roles -> the text they stand for, outside code, with one warning a guide."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.read import roles
from studyguide.read.normalize import normalize_file
from studyguide.read.parse import parse_guide

LABELLED = """\
(sec-bayes)=
## Bayes' rule

### Conditional probability {#sec-conditional}

```{exercise} Rolling two dice
:label: ex-dice
Roll them.
```
"""


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("See {numref}`sec-bayes`.", "See Bayes' rule."),
        ("See :numref:`sec-bayes`.", "See Bayes' rule."),
        ("See {ref}`sec-conditional`.", "See Conditional probability."),
        ("Do {ref}`ex-dice`.", "Do Rolling two dice."),
        ("See {numref}`fig-missing`.", "See fig-missing."),
        ("See {numref}`Figure %s <fig-x>`.", "See Figure fig-x."),
        ("See {ref}`the rule <sec-bayes>`.", "See the rule."),
        ("As :cite:`knuth1984` shows.", "As \\[knuth1984\\] shows."),
        ("As {cite:p}`knuth1984,bishop2006`.", "As \\[knuth1984, bishop2006\\]."),
        ("So {math}`x^2 + y_1`.", "So $x^2 + y_1$."),
        ("By {eq}`eq-bayes`.", "By (eq-bayes)."),
        ("A {term}`prior` and a {term}`posterior <posterior distribution>`.",
         "A prior and a posterior."),
        ("Press {kbd}`Ctrl+C`, call {py:func}`~numpy.linalg.norm`.",
         "Press `Ctrl+C`, call `norm`."),
        ("Read {doc}`intro`, H{sub}`2`O.", "Read intro, H~2~O."),
        ("An {unknown}`role` stays.", "An {unknown}`role` stays."),
        ("In code: `` :cite:`key` `` and `{numref}` `x`.",
         "In code: `` :cite:`key` `` and `{numref}` `x`."),
    ],
)  # fmt: skip
def test_a_known_role_becomes_its_text(written: str, shown: str) -> None:
    rewritten = roles.rewrite(f"{LABELLED}\n{written}")
    assert rewritten.text.split("\n")[-1] == shown


def test_code_fences_are_left_alone_but_a_directives_markdown_is_not() -> None:
    text = (
        "```rst\n:cite:`key`\n```\n\n```{note}\nSee :cite:`key`.\n```\n\n```{math}\n:cite:`x`\n```"
    )
    lines = roles.rewrite(text).text.split("\n")
    assert lines[1] == ":cite:`key`"
    assert lines[5] == "See \\[key\\]."
    assert lines[9] == ":cite:`x`"


def test_the_rewrite_keeps_every_line_in_its_place() -> None:
    rewritten = roles.rewrite(f"{LABELLED}\nSee :cite:`a`.\n\nAnd {{numref}}`sec-bayes`.")
    assert len(rewritten.text.split("\n")) == len(LABELLED.split("\n")) + 3
    assert rewritten.text.split("\n")[0] == ""  # the MyST target line is left out
    assert rewritten.roles == {"cite": 11, "numref": 13}


def test_a_guide_gets_one_warning_naming_the_roles(tmp_path: Path) -> None:
    source = tmp_path / "probability.md"
    source.write_text(
        "# Probability\n\n## Questions\n\n"
        "1. What does :numref:`fig-x` show?\n\n   See :cite:`knuth` and :cite:`bishop`.\n\n"
        "2. What is {math}`P(A)`?\n\n   A number.\n",
        encoding="utf-8",
    )
    normalized = normalize_file(source)
    told = [finding for finding in normalized.findings if "roles" in finding.message]
    assert len(told) == 1
    assert told[0].line == 5
    assert "(cite, math, numref)" in told[0].message
    guide, _ = parse_guide(normalized, "probability", "en")
    assert [q.prompt for q in guide.questions] == ["What does fig-x show?", "What is P(A)?"]
    assert "[knuth]" in guide.questions[0].answer_html
    assert ":cite:" not in normalized.markdown


def test_a_guide_without_roles_gets_no_warning() -> None:
    assert roles.summary(roles.rewrite("Just `code` and {braces}.")) is None
