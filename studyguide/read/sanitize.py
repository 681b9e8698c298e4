"""HTML made from a guide -> safe, well-formed XHTML fragments, and the images they may show.

Guides are pasted together from the web, so their raw HTML is untrusted: nh3 (the Ammonia
sanitizer) keeps only harmless markup, and lxml re-serializes it as XHTML, which EPUB
readers demand; formulas become MathML there (read/formulas.py). Images are kept only when
they are files inside the guide's own folder whose bytes are a PNG, JPEG, GIF or WebP
picture (an SVG saved as chart.png is not one); a remote, absolute, escaping, missing or
other image becomes its alt text and a warning (but for a formula image, whose TeX is typeset).
Nesting deeper than DEEPEST (lists in lists in quotes, hundreds deep) is flattened into lines,
with a warning: every reader of XHTML, and the PDF's layout, has a limit of its own, and the
HTML parser quietly dropped what lay past it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import nh3
from lxml import etree
from lxml import html as lxml_html

from studyguide.errors import Finding
from studyguide.model import IMAGE_TYPES, Image
from studyguide.read.formulas import to_mathml

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "section",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "input": {"type", "checked", "disabled"},
    "time": {"datetime"},
}


# The characters XML 1.0 cannot hold (form feed, U+FFFE, most control characters); EPUB and
# XHTML must not carry them, so each becomes U+FFFD, the replacement character, with a warning.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"
DEEPEST = 100  # elements nested in one fragment; past this, the content is flattened
# What may still stand inside a flattened part: text-level markup, not blocks.
PHRASING = {
    "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img", "input", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr",
}  # fmt: skip
# Blocks that may hold other blocks: where a flattened part is kept.
HOLDERS = {"blockquote", "dd", "details", "div", "figure", "li", "section", "td", "th"}
# Blocks whose content is other blocks, which stand on lines of their own.
CONTAINERS = {"colgroup", "dl", "ol", "table", "tbody", "tfoot", "thead", "tr", "ul"}

# How each picture a guide may show begins: a file is of the type its bytes say.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class Cleaned:
    xhtml: str
    images: tuple[Image, ...]
    findings: tuple[Finding, ...]


def sanitize(
    html: str, folder: Path, source: Path, line: int, max_image_bytes: int = 10_000_000
) -> Cleaned:
    """One fragment's HTML made safe and well-formed; ``line`` is where its text starts."""
    if not html.strip():
        return Cleaned("", (), ())
    html, unfit = xml_text(html)
    safe = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        # file: and data: survive only to be named in a warning below, never to be used.
        url_schemes={"http", "https", "mailto", "file", "data"},
        link_rel=None,
        strip_comments=True,
    )
    parser = lxml_html.HTMLParser(huge_tree=True)  # else what lies past ~255 levels is lost
    root = lxml_html.fragment_fromstring(safe, create_parent="div", parser=parser)
    images: list[Image] = []
    findings: list[Finding] = unfit_findings(source, line, unfit)
    findings.extend(formula_findings(root, source, line))
    if safe.count("<") > DEEPEST and flatten_deep_nesting(root):  # as deep needs as many tags
        findings.append(
            Finding(
                source,
                line,
                f"lists or quotes nested more than {DEEPEST} levels deep are flattened into "
                "lines below that level (their text is all kept)",
            )
        )
    for element in list(root.iter("img")):
        src = element.get("src", "")
        image, problem = local_image(src, folder, max_image_bytes)
        if image is not None:
            images.append(image)
            element.set("src", image.href)
            element.set("alt", element.get("alt", ""))
            continue
        alt = element.get("alt") or PurePosixPath(urlparse(src).path).name or "image"
        findings.append(Finding(source, line, f"image not included: {problem} ({src[:80]})"))
        replacement = etree.Element("span", {"class": "missing-image"})
        replacement.text = f"[image: {alt}]"
        replacement.tail = element.tail
        element.getparent().replace(element, replacement)
    for element in root.iter("details"):
        # A <details> left open with no <summary> (a stray opening tag): a plain block, as
        # EPUB readers accept no <details> without its summary.
        if not len(element) or element[0].tag != "summary":
            element.tag = "div"
    for element in root.xpath(".//pre//a[not(node())]"):
        element.drop_tag()  # pandoc's empty anchor on each line of highlighted code
    for element in list(root.iter("a")):
        href = element.get("href", "")
        if urlparse(href).scheme in {"http", "https", "mailto"}:
            continue
        # A link into the guide's website or to a heading's old anchor leads nowhere here;
        # one with an unsafe scheme (javascript:) has already lost its href to nh3.
        target = href[:80] if href else "an unsafe link"
        findings.append(
            Finding(
                source, line, f"link kept as plain text: {target} leads nowhere in the built guide"
            )
        )
        element.drop_tag()  # the link goes; its text stays
    return Cleaned(inner_xhtml(root), tuple(images), tuple(findings))


def formula_findings(root: etree._Element, source: Path, line: int) -> list[Finding]:
    """The fragment's formulas made MathML (read/formulas.py); a warning for each one that
    cannot be read, and stays TeX."""
    return [
        Finding(source, line, f"formula kept as TeX, as it cannot be read: {tex[:80]}")
        for tex in to_mathml(root)
    ]


def xml_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Text with each character XML cannot hold replaced, and those characters (as U+000C)."""
    unfit = sorted(set(NOT_XML.findall(text)))
    if not unfit:
        return text, ()
    return NOT_XML.sub(REPLACEMENT, text), tuple(f"U+{ord(c):04X}" for c in unfit)


def unfit_findings(source: Path, line: int, unfit: tuple[str, ...]) -> list[Finding]:
    """A warning for each character that XML cannot hold (told once per file: sources.py)."""
    return [
        Finding(source, line, f"replaced {code}, which XML cannot hold, with U+FFFD")
        for code in unfit
    ]


def flatten_deep_nesting(root: etree._Element) -> bool:
    """Flatten what lies more than DEEPEST elements deep, keeping all its text: the nearest
    block around it that may hold others keeps its content as lines of text-level markup.
    Whether anything was that deep."""
    depths = {root: 0}
    holders: list[etree._Element] = []
    for element in root.iterdescendants():
        depth = depths[element] = depths[element.getparent()] + 1
        if depth == DEEPEST + 1:
            holder = next((e for e in element.iterancestors() if e.tag in HOLDERS), root)
            if not any(holder is seen or seen in holder.iterancestors() for seen in holders):
                holders.append(holder)
    for holder in holders:
        for element in reversed(list(holder.iterdescendants())):
            if not isinstance(element.tag, str):
                continue
            if element.tag in PHRASING and (len(element) == 0 or depths[element] <= DEEPEST):
                continue
            if element.tag not in PHRASING | CONTAINERS:
                line_break = etree.Element("br")
                line_break.tail, element.text = element.text, None
                element.insert(0, line_break)
            element.drop_tag()
    return bool(holders)


def local_image(src: str, folder: Path, max_bytes: int) -> tuple[Image | None, str]:
    """The image a src names inside the guide's folder, or why it is not used."""
    parsed = urlparse(src)
    relative = PurePosixPath(unquote(parsed.path))
    path = folder.joinpath(*relative.parts)
    if parsed.scheme or parsed.netloc:
        problem = "only images inside the guide's folder are used, nothing is downloaded"
    elif relative.is_absolute() or ".." in relative.parts or not relative.parts:
        problem = "the path leaves the guide's folder"
    elif path.suffix.lower() not in IMAGE_TYPES:
        problem = "only PNG, JPEG, GIF and WebP images are embedded"
    elif not path.is_file():
        problem = "the file does not exist"
    elif not path.resolve().is_relative_to(folder.resolve()):
        problem = "the file is a link to somewhere outside the guide's folder"
    elif path.stat().st_size > max_bytes:
        problem = f"larger than the {max_bytes / 1_000_000:g} MB allowed (max_image_mb)"
    else:
        media_type, problem = image_type(path)
        if media_type:
            return Image(path, relative.as_posix(), media_type), ""
    return None, problem


def image_type(path: Path) -> tuple[str, str]:
    """The media type a picture's first bytes show, or why it is not a picture to embed."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError as error:
        return "", f"the file cannot be read ({error.strerror})"
    for signature, media_type in SIGNATURES:
        if head.startswith(signature):
            return media_type, ""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ""
    if b"<svg" in head.lower():
        return "", "the file holds SVG whatever its name says, and SVG is not embedded"
    return "", "the file's bytes are not a PNG, JPEG, GIF or WebP picture"


def inner_xhtml(root: etree._Element) -> str:
    """What an element holds (its text and children) as XHTML."""
    parts = [_escape(root.text or "")]
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in root)
    return "".join(parts).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
