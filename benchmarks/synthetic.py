"""A question count -> the Markdown of a synthetic study guide, the same on every call.

For the benchmark and the tests: answers of realistic size, with nested bullets led by bold
terms, code spans, an occasional code block and table, and one question in four left
unanswered, as real interview guides have them.
"""

from __future__ import annotations

TOPICS = ("Data structures", "Databases", "Distributed systems", "Machine learning", "Behaviour")
TERMS = (
    "Latency", "Throughput", "Consistency", "Partitioning", "Replication", "Indexing",
    "Caching", "Backpressure", "Idempotency", "Sharding", "Regularization", "Overfitting",
)  # fmt: skip


def synthetic_guide(questions: int, *, sections: int = 4) -> str:
    """A guide of ``questions`` questions spread over ``sections`` sections."""
    lines = [f"# Synthetic guide of {questions} questions", ""]
    per_section = -(-questions // sections)
    for number in range(questions):
        if number % per_section == 0:
            topic = TOPICS[(number // per_section) % len(TOPICS)]
            lines += [f"## {topic} {number // per_section + 1}", ""]
        lines += _question(number)
    return "\n".join(lines) + "\n"


def _question(number: int) -> list[str]:
    term = TERMS[number % len(TERMS)]
    lines = [f"1. How would you explain {term.lower()} in system number {number} to a colleague?"]
    if number % 4 == 3:
        return [*lines, ""]  # a "tell your own story" question
    for point in range(3):
        lead = TERMS[(number + point) % len(TERMS)]
        lines.append(
            f"   - **{lead} {point + 1}**: the part of `service_{number}` that matters most, "
            "because every request pays for it under load; measure it before changing it."
        )
        for detail in range(2):
            lines.append(
                f"     - **Detail {detail + 1}**: keep the budget per call small, and watch "
                "the tail, not the average."
            )
    if number % 10 == 0:
        lines += [
            "",
            "   ```python",
            f"   def handle_{number}(request):",
            "       return cache.get(request.key)",
            "   ```",
        ]
    if number % 15 == 0:
        lines += [
            "",
            "   | Option | Cost |",
            "   |--------|------|",
            "   | cache | low |",
            "   | replica | high |",
        ]
    return [*lines, ""]
