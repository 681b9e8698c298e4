"""Interview dialogues: an interviewer's turn asks, the candidate's turns after it answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.read import tree
from studyguide.read.conventions._convention import Convention, Reader
from studyguide.read.conventions._draft import QuestionDraft
from studyguide.read.conventions._paragraphs import TEXT_BLOCKS
from studyguide.read.pandoc import Node

# Who speaks in an interview dialogue, in the twelve languages: the one who asks, the one who
# answers. A guide is a dialogue when both speak in it.
INTERVIEWER = re.compile(
    r"^(?:the\s+)?(?:interviewer|interviewerin|recruiter|hiring manager|entrevistadora?|"
    r"intervieweur|intervieweuse|recruteur|интервьюер|интерв['ʼ’]?юер|面试官|面試官|면접관|面接官|"
    r"المحاور|المقابل|מראיי?ן|מראיינת)\b",
    re.IGNORECASE,
)
CANDIDATE = re.compile(
    r"^(?:the\s+)?(?:expected\s+)?(?:candidate|interviewee|applicant|you|kandidat(?:in)?|"
    r"bewerber(?:in)?|candidato|candidata|candidat|candidate|кандидат|кандидатка|候选人|应聘者|"
    r"求职者|面试者|지원자|候補者|応募者|المرشح|מועמד|מועמדת)\b",
    re.IGNORECASE,
)


def _speaker(block: Node) -> tuple[str, list[Node]] | None:
    """A paragraph's bold speaker label ('**Interviewer:**', '**Candidate**\uff1a') and what the
    speaker says, or None."""
    if block["t"] not in TEXT_BLOCKS:
        return None
    content = [n for n in tree.unwrap(block["c"]) if n["t"] not in {"Space", "SoftBreak"}]
    if not content or content[0]["t"] != "Strong":
        return None
    label = tree.plain_text(content[0]["c"]).strip().rstrip(":\uff1a").strip()
    if not label or len(label.split()) > 4:
        return None
    inlines = list(tree.unwrap(block["c"]))
    return label, _words(tree.strip_positions(inlines[inlines.index(content[0]) + 1 :]))


def _words(rest: list[Node]) -> list[Node]:
    """What follows a speaker's label, without the colon and the quotes around the words."""
    while rest and (
        rest[0]["t"] in {"Space", "SoftBreak"}
        or (rest[0]["t"] == "Str" and not rest[0]["c"].strip(':\uff1a"“”「」 '))
    ):
        rest = rest[1:]
    if (
        rest
        and rest[0]["t"] == "Quoted"
        and all(n["t"] != "Str" or n["c"] in {".", "!", "?"} for n in rest[1:])
    ):
        # "…" around the whole turn: the words only
        rest = [*tree.inner_inlines(rest[0]), *rest[1:]]
    if rest and rest[0]["t"] == "Str":
        rest = [{"t": "Str", "c": rest[0]["c"].lstrip(':\uff1a"“「 ')}, *rest[1:]]
    if rest and rest[-1]["t"] == "Str":
        rest = [*rest[:-1], {"t": "Str", "c": rest[-1]["c"].rstrip('"”」')}]
    return rest


def _marks_every_question(blocks: list[Node]) -> bool:
    """Whether a guide is an interview dialogue: both speakers are labelled in it."""
    asking = answering = False
    for block in blocks:
        spoken = _speaker(block)
        if spoken is not None:
            asking = asking or bool(INTERVIEWER.match(spoken[0]))
            answering = answering or bool(CANDIDATE.match(spoken[0]))
    return asking and answering


def _explains(questions: list[QuestionDraft]) -> str:
    """What --explain says of a section of a dialogue."""
    return f"{len(questions)} interviewer turn(s) answered by the candidate"


class _DialogueReader(Reader):
    """An interviewer's turn is a question; what follows, up to the next turn, its answer."""

    def units(self, block: Node, following: Node | None) -> Iterator[QuestionDraft | Node]:
        spoken = _speaker(block)
        if spoken is None or not INTERVIEWER.match(spoken[0]) or not spoken[1]:
            return
        yield QuestionDraft(spoken[1], tree.first_line([block]) or 0, named=True, original=[block])


CONVENTION = Convention(
    name="dialogue",
    describes="interview dialogues ('**Interviewer:** …' answered by '**Candidate:** …')",
    place=2,
    reader=_DialogueReader,
    marks_every_question=_marks_every_question,
    explains=_explains,
)
