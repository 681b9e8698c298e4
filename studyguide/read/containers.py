"""Exercise and answer containers as course tools write them -> pandoc Divs with a role.

Teachers write exercises in the containers their tools know: Carpentries ``:::: challenge``
fenced divs and kramdown blockquotes ending in ``{: .challenge}``, MyST directives
(```` ```{exercise} ````, ``:::{solution}``, ``exercise-start`` / ``exercise-end``),
mkdocs-material admonitions (``??? success "Answer"``) and content tabs, Obsidian callouts
(``> [!QUESTION]- …``), Jinja ``{% filter solution %}`` blocks, HTML quiz elements and
Quarto chunks labelled ``{r Q1}``. Pandoc reads only the first kind as a Div, so the others
are rewritten first: in the source text, line for line, for the syntaxes pandoc would read
as something else (``rewrite``), and in the AST for those it reads as block quotes
(``resolve``). Every container then is a Div whose kind (its class) or title says its
*role*, by one vocabulary table (``ROLES``): a question, an answer or a hint. A new
ecosystem is a row there, or a line-for-line rewrite here, never a new reader.

What only looks like a container is left alone: directive syntax shown inside a code fence
(documentation of the syntax), lesson objectives (``questions``, ``objectives``), notes,
warnings and tips.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from studyguide.read import tree
from studyguide.read.tree import Node

Role = Literal["question", "answer", "hint"]

# The words a container's kind, class or title opens with, in the twelve languages
# studyguide speaks (and a few more that lesson tools use), and the role each gives.


def _words(*lines: str) -> list[str]:
    return [word for line in lines for word in line.split()]


ROLES: dict[str, Role] = {
    **dict.fromkeys(
        _words(
            "exercise challenge question quiz problem task practice assignment exam",
            "übung übungen aufgabe aufgaben frage fragen",
            "ejercicio ejercicios pregunta preguntas problema problemas tarea tareas práctica",
            "exercício exercícios questão questões pergunta perguntas tarefa",
            "exercice question problème problèmes tâche tâches",
            "упражнение упражнения задача задачи задание задания вопрос вопросы",
            "вправа вправи завдання питання",
            "练习 习题 问题 题目 연습 문제 질문 演習 問題 練習",
            "تمرين سؤال مسألة תרגיל שאלה cvičení úloha otázka",
        ),
        "question",
    ),
    **dict.fromkeys(
        _words(
            "solution answer done success check",
            "lösung antwort solución respuesta solução resposta réponse",
            "решение ответ розв'язок розв\u02bcязок відповідь",
            "答案 解答 参考答案 정답 답 해답 解答例 答え 解説",
            "حل إجابة الحل פתרון תשובה řešení odpověď",
        ),
        "answer",
    ),
    **dict.fromkeys(
        _words(
            "hint hints hinweis tipp pista indice astuce подсказка підказка",
            "提示 힌트 ヒント تلميح רמז nápověda",
        ),
        "hint",
    ),
}
# Kinds that Obsidian and mkdocs-material take as another name for a question box (as a
# heading's word, "FAQ" names a project's support questions, not a study guide's).
KIND_ALIASES = {"faq": "question", "help": "question"}
# Kinds that name what a lesson is about or a box beside it: never a question, whatever
# their words (a Carpentries ``questions`` block lists the lesson's goals).
NOT_ROLES = frozenset(
    _words(
        "questions objectives keypoints prereq prerequisites discussion callout note info tip",
        "warning caution important danger instructor testimonial checklist spoiler",
    )
)
# Layout around containers, read through: tabs and toggles show their content in place.
LAYOUT = frozenset(_words("tab tabbed tabs tab-set tab-item toggle dropdown group-tab card"))

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*?)\s*$")
COLON_DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<colons>:{3,})\s*\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*?)\s*$"
)
OPTION = re.compile(r"^\s*:[\w-]+:.*$")
ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?:\?\?\?\+?|!!!)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"
    r'|===\+?)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$'
)
JINJA_FILTER = re.compile(r"^\s*\{%-?\s*filter\s+(?P<name>\w+)\s*-?%\}\s*$")
JINJA_END = re.compile(r"^\s*\{%-?\s*endfilter\s*-?%\}\s*$")
HTML_ONE_LINE = re.compile(
    r"^(?P<indent>[ \t]*)<div\b(?P<attributes>[^>]*)>(?P<text>.*?)(?:</div>)?\s*$", re.I
)
HTML_OPEN = re.compile(r"^(?P<indent>[ \t]*)<div\b(?P<attributes>[^>]*)>\s*$", re.I)
HTML_CLOSE = re.compile(r"^[ \t]*</div>\s*$", re.I)
CLASS = re.compile(r'\bclass\s*=\s*["\']([^"\']*)["\']', re.I)
CORRECT_ATTRIBUTE = re.compile(r'\bdata-(?:correct|answer)\s*=\s*["\']?(true|1|yes)\b', re.I)
# Quarto and R Markdown chunks run code: ```{r}, ```{python label}, ```{r Q1, eval=FALSE}.
CHUNK_ENGINES = frozenset(
    _words(
        "r python julia bash sh sql ojs js javascript c cpp rcpp stan octave matlab perl ruby",
        "scala haskell go rust",
    )
)
CHUNK = re.compile(r"^\{(?P<engine>[A-Za-z][\w-]*)(?:[\s,]+(?P<options>[^}]*))?\}\s*$")
# Directives whose body is code or data, not Markdown: kept as a code block.
CODE_DIRECTIVES = frozenset(
    _words(
        "code code-block code-cell sourcecode literalinclude math eval-rst mermaid graphviz",
        "raw highlight csv-table list-table",
    )
)
KRAMDOWN_ATTRIBUTES = re.compile(r"^\{:\s*(?P<body>[^}]*)\}$")
CALLOUT = re.compile(r"^\[!(?P<kind>[\w-]+)\](?P<fold>[-+]?)$")
# A chunk label that numbers a question: Q1, q12, ex3, exercise-4, problem_2, task5.
QUESTION_LABEL = re.compile(
    r"^(?:q|question|ex|exercise|problem|task|aufgabe|ejercicio)[-_ ]?(?P<number>\d{1,4})$", re.I
)
ROLE_WORD = re.compile(r"[\w'\u02bc]+")


# --- roles ------------------------------------------------------------------------------------


def role_of_words(text: str) -> Role | None:
    """The role the first word of a kind or a title gives: 'Solution 3' -> answer."""
    words = ROLE_WORD.findall(text.casefold().replace("-", " ").replace("_", " "))
    if not words:
        return None
    return ROLES.get(words[0]) or ROLES.get(words[0].rstrip("s"))


@dataclass(frozen=True)
class Container:
    """A Div as an exercise container: its kind, title, role, and whether it is folded."""

    kind: str
    title: str
    role: Role | None
    folded: bool
    label: str

    @property
    def number(self) -> int | None:
        match = QUESTION_LABEL.match(self.label)
        return int(match.group("number")) if match else None


def container(block: Node) -> Container | None:
    """The container a block is (a Div with a kind, or a labelled chunk), or None."""
    if block["t"] == "CodeBlock":
        _, classes, attributes = block["c"][0]
        label = dict(attributes).get("label", "")
        if "chunk" in classes and QUESTION_LABEL.match(label):
            return Container("chunk", "", "answer", False, label)
        return None
    if block["t"] != "Div":
        return None
    _, classes, attributes = block["c"][0]
    kinds = [c for c in classes if c not in {"folded", "open"}]
    if not kinds:
        return None
    values = dict(attributes)
    kind, title = kinds[0], values.get("title", "")
    role: Role | None = None
    if kind.casefold() not in NOT_ROLES:
        role = role_of_words(KIND_ALIASES.get(kind.casefold(), kind))
        if role is None and kind.casefold() not in LAYOUT:
            role = role_of_words(title)
    return Container(kind, title, role, "folded" in classes, values.get("label", ""))


def role(block: Node) -> Role | None:
    found = container(block)
    return found.role if found else None


# --- the source, line for line ----------------------------------------------------------------


def _class_name(kind: str) -> str:
    return re.sub(r"[^\w-]", "-", kind)


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def _fence_indent(indent: str) -> str:
    """A div fence's indentation: up to three columns (four would make it code)."""
    return indent if len(indent.expandtabs(4)) < 4 else ""


def _div_open(
    indent: str, kind: str, title: str = "", *, folded: bool = False, label: str = ""
) -> str:
    indent = _fence_indent(indent)
    classes = "." + (_class_name(kind) or "container") + (" .folded" if folded else "")
    extra = f' title="{_attribute(title)}"' if title else ""
    extra += f' label="{_attribute(label)}"' if label else ""
    return f"{indent}::: {{{classes}{extra}}}"


def rewrite(text: str) -> str:
    """The guide's text with every container pandoc would misread written as a fenced div.

    Line for line where the syntax allows (a folded admonition's end may add one line), so
    that source positions and the warnings that cite them stay right."""
    lines = _directives(text.split("\n"))
    lines = _admonitions(lines)
    lines = _html_quizzes(lines)
    return "\n".join(lines)


def _directives(lines: list[str]) -> list[str]:
    """MyST directives and Quarto chunks, Jinja filter blocks: fence-aware, so that syntax
    shown inside a code fence stays as it is."""
    fences = _Fences()
    return [fences.rewrite(line) for line in lines]


class _Fences:
    """The fences open at a line of the source, and how each line is written for pandoc."""

    def __init__(self) -> None:
        # Open fences, innermost last: (character, length, what it is: "code" or "div").
        self.stack: list[tuple[str, int, str]] = []
        self.options = False  # right after a directive's opening: its ':key: value' lines

    def rewrite(self, line: str) -> str:
        if self.options and OPTION.match(line):
            return ""
        self.options = False
        fence = FENCE.match(line)
        if fence is not None:
            return self._fence(line, fence)
        if self.stack and self.stack[-1][2] == "code":
            return line
        colon = COLON_DIRECTIVE.match(line)
        if colon is not None:
            self.options = True
            indent, name, argument = colon.group("indent", "name", "argument")
            return _directive_line(indent, "", name, argument)[0]
        jinja = JINJA_FILTER.match(line)
        if jinja is not None:
            return _div_open("", jinja.group("name"))
        return ":::" if JINJA_END.match(line) else line

    def _fence(self, line: str, fence: re.Match[str]) -> str:
        char, length = fence.group("fence")[0], len(fence.group("fence"))
        info = fence.group("info").strip()
        # As MyST reads fences, an outer fence's content ends at the first line that can
        # close it, whatever is open inside: the outermost fence this line closes wins.
        closes = [i for i, (c, n, _) in enumerate(self.stack) if c == char and length >= n]
        if closes and not info:
            closed = self.stack[closes[0] :]
            del self.stack[closes[0] :]
            indent = _fence_indent(fence.group("indent"))
            ends = [_fence_end(indent, c * n, what) for c, n, what in closed]
            return line if closed[0][2] == "code" else "\n".join(reversed(ends))
        if self.stack and self.stack[-1][2] == "code":
            return line
        chunk = CHUNK.match(info)
        if chunk is not None and chunk.group("engine").casefold() in CHUNK_ENGINES:
            info = f"{{{chunk.group('engine')}}} {chunk.group('options') or ''}"
        directive = DIRECTIVE.match(info)
        if directive is None:
            self.stack.append((char, length, "code"))
            return line
        name, argument = directive.group("name"), directive.group("argument")
        written, what = _directive_line(fence.group("indent"), char * length, name, argument)
        self.stack.append((char, length, what))
        self.options = what in {"div", "start"}
        return written


def _fence_end(indent: str, fence: str, what: str) -> str:
    """The line that ends what a fence opened: a div's ':::', a code fence's own fence; the
    fences around '-start' and '-end' directives end nothing (the div spans between them)."""
    if what == "div":
        return indent + ":::"
    return "" if what in {"start", "end"} else indent + fence


def _directive_line(indent: str, fence: str, name: str, argument: str) -> tuple[str, str]:
    """A directive's or chunk's opening line as pandoc reads it, and what it opens."""
    bare = name.rsplit(":", maxsplit=1)[-1].casefold()
    engine = bare in CHUNK_ENGINES
    if engine or bare in CODE_DIRECTIVES:
        if not fence:  # ':::{code-block}' holds code too, but as a div: keep it as text
            return f"{_fence_indent(indent)}::: {{.{_class_name(bare)}}}", "div"
        language = bare if engine else argument.split(maxsplit=1)[0] if argument.split() else ""
        label = _chunk_label(argument) if engine else ""
        attributes = [f".{language}"] if re.fullmatch(r"[\w+#-]+", language or "-") else []
        if engine:
            attributes.append(".chunk")
        if label:
            attributes.append(f'label="{_attribute(label)}"')
        return (
            f"{indent}{fence} {{{' '.join(attributes)}}}" if attributes else indent + fence,
            "code",
        )
    if bare.endswith("-start"):  # the div goes on past this fence, to its '-end'
        return _div_open(indent, bare.removesuffix("-start"), argument), "start"
    if bare.endswith("-end"):
        return f"{_fence_indent(indent)}:::", "end"
    return _div_open(indent, bare, argument), "div"


def _chunk_label(argument: str) -> str:
    """A chunk's label: its first bare word ('{r Q1, eval=FALSE}'), or its label= option."""
    parts = [part.strip() for part in argument.split(",") if part.strip()]
    for part in parts:
        key, _, value = part.partition("=")
        if value and key.strip() == "label":
            return value.strip().strip("\"'")
    return parts[0] if parts and "=" not in parts[0] else ""


def _admonitions(lines: list[str]) -> list[str]:
    """mkdocs-material admonitions (``!!!``, folded ``???``) and content tabs (``===``):
    their indented body becomes the div's content."""
    out: list[str] = []
    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        after = _fence_after(line, fence)
        in_code, fence = fence is not None or after is not None, after
        match = None if in_code else ADMONITION.match(line)
        if match is None:
            out.append(line)
            index += 1
        else:
            index = _admonition(lines, index, match, out)
    return out


def _fence_after(line: str, fence: str | None) -> str | None:
    """The code fence open after a line, given the one open before it."""
    opened = FENCE.match(line)
    if fence is None:
        return opened.group("fence") if opened is not None else None
    closes = (
        opened is not None
        and opened.group("fence").startswith(fence)
        and not opened.group("info").strip()
    )
    return None if closes else fence


def _admonition(lines: list[str], index: int, match: re.Match[str], out: list[str]) -> int:
    """One admonition or tab at ``lines[index]`` written to ``out`` as a div around its
    body (read for admonitions of its own); the index of the line after it."""
    indent = match.group("indent")
    body_indent = len(indent.expandtabs(4)) + 4
    end = _body_end(lines, index + 1, body_indent)
    body = [_dedent(text, body_indent) for text in lines[index + 1 : end]]
    kind = match.group("kind") or "tab"
    folded = lines[index].lstrip().startswith("???")
    out.append(_div_open(indent, kind, match.group("title") or "", folded=folded))
    out.extend(_admonitions(body))
    out.append(indent + ":::")
    # A blank line that ends the body is replaced by the div's end.
    return end + 1 if end < len(lines) and not lines[end].strip() else end


def _body_end(lines: list[str], start: int, body_indent: int) -> int:
    """Where an indented body that begins at ``start`` ends: at the first line indented
    less, less the blank lines before it (those are the document's, not the body's)."""
    end = start
    while end < len(lines) and (
        not lines[end].strip()
        or len(lines[end].expandtabs(4)) - len(lines[end].expandtabs(4).lstrip()) >= body_indent
    ):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def _dedent(line: str, columns: int) -> str:
    expanded = line.expandtabs(4)
    strip = min(columns, len(expanded) - len(expanded.lstrip()))
    return expanded[strip:]


def _html_quizzes(lines: list[str]) -> list[str]:
    """HTML elements whose class names a role: a question's container, its prompt, its
    options (``data-correct`` marks the right one, written as a ticked box)."""
    out: list[str] = []
    depth: list[bool] = []  # open <div>s: whether each became a fenced div
    for line in lines:
        opened = HTML_OPEN.match(line)
        one_line = HTML_ONE_LINE.match(line) if opened is None else None
        if opened is not None:
            classes = _classes(opened.group("attributes"))
            kind = next((c for c in classes if role_of_words(c) is not None), None)
            depth.append(kind is not None)
            out.append(_div_open(opened.group("indent"), kind) if kind else line)
            continue
        if one_line is not None and line.rstrip().lower().endswith("</div>"):
            out.append(_html_element(one_line))
            continue
        if HTML_CLOSE.match(line) and depth:
            out.append(":::" if depth.pop() else line)
            continue
        out.append(line)
    return out


def _classes(attributes: str) -> list[str]:
    found = CLASS.search(attributes)
    return found.group(1).split() if found else []


def _html_element(match: re.Match[str]) -> str:
    """One line's element: a prompt as a paragraph, an option as a box, feedback dropped."""
    classes = " ".join(_classes(match.group("attributes"))).casefold()
    text = match.group("text").strip()
    if re.search(r"option|choice|answer-item", classes):
        box = "[x]" if CORRECT_ATTRIBUTE.search(match.group("attributes")) else "[ ]"
        return f"- {box} {text}"
    if re.search(r"question|prompt|stem", classes):
        # a paragraph of its own: '1. Which …' must not start a numbered list
        return re.sub(r"^(\d{1,4})([.)])", r"\1\\\2", text)
    if re.search(r"feedback|result|explanation", classes) and not text:
        return ""
    return match.group(0)


# --- the AST ----------------------------------------------------------------------------------


def resolve(blocks: list[Node]) -> list[Node]:
    """Blocks with kramdown ``{: .challenge}`` block quotes and Obsidian callouts as Divs,
    and layout (tabs, toggles, boxes) around containers opened, at every depth."""
    resolved: list[Node] = []
    for original in blocks:
        block = _as_container(original)
        if block["t"] in {"Para", "Plain"} and _is_attribute_list(block):
            # '{: .challenge}' after a quote (a blank line between) names it; after a code
            # block ('{: .source}') it is kramdown's markup, not text
            if resolved and resolved[-1]["t"] == "BlockQuote":
                named = _with_class(resolved.pop(), _trailing_attribute_lists(block)[1][0])
                resolved.extend(resolve([named]))
            continue
        if block["t"] != "Div" or tree.is_wrapper(block):
            resolved.append(block)
            continue
        inner = resolve(list(tree.unwrap(block["c"][1])))
        found = container(block)
        if (found is None or found.role is None) and any(map(_holds_role, inner)):
            resolved.extend(_layout_title(found) + inner)  # a box around exercises: opened
        else:
            resolved.append({"t": "Div", "c": [block["c"][0], inner]})
    return resolved


def _holds_role(block: Node) -> bool:
    return role(block) is not None or (block["t"] == "Div" and any(map(_holds_role, block["c"][1])))


def _layout_title(found: Container | None) -> list[Node]:
    """A tab's label, kept as an emphasized line where the tab is opened."""
    if found is None or not found.title:
        return []
    return [{"t": "Para", "c": [{"t": "Emph", "c": [{"t": "Str", "c": found.title}]}]}]


def _is_attribute_list(block: Node) -> bool:
    return bool(KRAMDOWN_ATTRIBUTES.match(tree.plain_text([block]).strip()))


def _as_container(block: Node) -> Node:
    if block["t"] != "BlockQuote" or not block["c"]:
        return block
    quote, pending = _kramdown_quote(block)
    if pending:  # lines after the outermost quote's end: kramdown applies them to it
        quote = _with_class(quote, pending[0])
    return (_callout(quote) or quote) if quote["t"] == "BlockQuote" else quote


def _kramdown_quote(block: Node) -> tuple[Node, list[str]]:
    """A block quote with its kramdown attribute lists applied: ``{: .solution}`` after a
    nested quote names that quote, one that ends the quote names the quote itself.

    Pandoc reads an attribute line written after a quote, without ``>``, as the lazy end of
    the quote's last paragraph; those lines are handed out innermost first, and the ones a
    quote does not take are returned for the quotes around it."""
    content = list(tree.unwrap(block["c"]))
    pending: list[str] = []
    kept: list[Node] = []
    for index, inner in enumerate(content):
        last = index == len(content) - 1
        if inner["t"] == "BlockQuote":
            quote, lazy = _kramdown_quote(inner)
            kept.append(_with_class(quote, lazy[0]) if lazy else quote)
            if last:
                pending = lazy[1:]
            continue
        if inner["t"] not in {"Para", "Plain"}:
            kept.append(inner)
            continue
        classes = _paragraph_with_attribute_lists(inner, kept)
        if last:
            pending += classes
    return {"t": "BlockQuote", "c": kept}, pending


def _paragraph_with_attribute_lists(paragraph: Node, kept: list[Node]) -> list[str]:
    """A quote's paragraph added to ``kept`` without its attribute-list lines; a line alone
    names the block before it. The classes no block took are returned."""
    text, classes = _trailing_attribute_lists(paragraph)
    before = kept[-1]["t"] if kept and not text else None
    if classes and before in {"BlockQuote", "Div"}:
        kept[-1] = _with_class(kept[-1], classes.pop(0))
    elif classes and before == "CodeBlock":
        classes.pop(0)  # '{: .source}' names a code block's kind: nothing to show
    if text:
        kept.append({"t": paragraph["t"], "c": text})
    return classes


def _trailing_attribute_lists(paragraph: Node) -> tuple[list[Node], list[str]]:
    """A paragraph's text without the attribute-list lines that end it, and each line's first
    class."""
    inlines = list(tree.unwrap(paragraph["c"]))
    lines = tree.lines(inlines)
    classes: list[str] = []
    while lines and (match := KRAMDOWN_ATTRIBUTES.match(tree.plain_text(lines[-1]).strip())):
        found = re.findall(r"\.([\w-]+)", match.group("body"))
        classes.insert(0, found[0] if found else "")
        lines.pop()
    if not classes:
        return inlines, []
    text: list[Node] = []
    for line in lines:
        text += ([{"t": "SoftBreak"}] if text else []) + line
    return text, classes


def _with_class(block: Node, kind: str) -> Node:
    """A block quote (or div) as a Div of this kind; an empty kind changes nothing."""
    if not kind:
        return block
    if block["t"] == "Div":
        identifier, classes, attributes = block["c"][0]
        return {"t": "Div", "c": [[identifier, [kind, *classes], attributes], block["c"][1]]}
    if block["t"] == "BlockQuote":
        return {"t": "Div", "c": [["", [kind], []], list(block["c"])]}
    return block


def _callout(block: Node) -> Node | None:
    """An Obsidian callout '> [!QUESTION]- Title' (or a GitHub alert) with a role, as a Div:
    its title the text after the marker, its body the rest of the quote."""
    content = list(tree.unwrap(block["c"]))
    first = content[0]
    if first["t"] not in {"Para", "Plain"}:
        return None
    inlines = list(tree.unwrap(first["c"]))
    cut = next(
        (i for i, n in enumerate(inlines) if n["t"] in {"SoftBreak", "LineBreak"}), len(inlines)
    )
    marker = re.match(r"\[![\w-]+\][-+]?", tree.plain_text(inlines[:cut]))
    match = CALLOUT.match(marker.group(0)) if marker else None
    kind = match.group("kind").casefold() if match else ""
    if match is None or role_of_words(KIND_ALIASES.get(kind, kind)) is None:
        return None
    taken = ""
    while inlines and len(taken) < len(match.group(0)):
        taken += tree.plain_text([inlines.pop(0)])
        cut -= 1
    title, rest = inlines[:cut], inlines[cut + 1 :]
    while title and title[0]["t"] == "Space":
        title = title[1:]
    heading = [{"t": "Header", "c": [4, ["", [], []], title]}] if title else []
    body = heading + ([{"t": "Para", "c": rest}] if rest else []) + content[1:]
    # A callout's title asks and its body answers, folded ('-') or not: read as folded.
    classes = [match.group("kind").casefold(), "folded"]
    return {"t": "Div", "c": [["", classes, []], body]}


def title_inlines(title: str) -> list[Node]:
    """A directive's or admonition's title as inlines: words, and `code` spans as code."""
    inlines: list[Node] = []
    for index, part in enumerate(re.split(r"`([^`]*)`", title)):
        if index % 2:
            inlines.append({"t": "Code", "c": [["", [], []], part]})
            continue
        for word_index, word in enumerate(part.split(" ")):
            if word_index:
                inlines.append({"t": "Space"})
            if word:
                inlines.append({"t": "Str", "c": word})
    return inlines


def kinds(blocks: list[Node]) -> Iterator[tuple[str, Role]]:
    """The kind and role of every container among these blocks and inside them."""
    for block in blocks:
        found = container(block)
        if found is not None and found.role is not None:
            yield found.kind, found.role
        if block["t"] == "Div":
            yield from kinds(block["c"][1])
