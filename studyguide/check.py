"""A guide -> what a careful reader would point out that the build itself does not mind.

The `check` command prints these beside the findings of reading the guide: a question asked
twice, a section without questions. (Placeholders, missing images and dead links are noticed
while the guide is read.)
"""

from __future__ import annotations

from studyguide.errors import Finding
from studyguide.model import Guide


def problems(guide: Guide) -> list[Finding]:
    """Questions asked twice and sections without questions, in the guide's order."""
    return [*repeated_questions(guide), *empty_sections(guide)]


def repeated_questions(guide: Guide) -> list[Finding]:
    """Each question that asks what an earlier one asked, with the earlier one's line."""
    found = []
    seen: dict[str, int] = {}
    for section, question in ((s, q) for s in guide.sections for q in s.questions):
        # "What's the output?" is told apart by the code it shows before its answer.
        shows_code = question.answer_html.startswith(("<pre", '<div class="sourceCode"'))
        material = question.answer_html.split("</pre>")[0] if shows_code else ""
        key = f"{' '.join(question.prompt.lower().split())}\n{material}"
        if key in seen:
            found.append(
                Finding(
                    section.source,
                    question.line,
                    f"the same question as on line {seen[key]}: '{question.prompt[:60]}'",
                )
            )
        else:
            seen[key] = question.line
    return found


def empty_sections(guide: Guide) -> list[Finding]:
    """Each section that holds no question."""
    return [
        Finding(section.source, section.line, f"section '{section.title}' has no questions")
        for section in guide.sections
        if not section.questions
    ]
