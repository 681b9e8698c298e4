"""HTML made from a guide -> safe, well-formed XHTML fragments, and the images they may show.

Guides are pasted together from the web, so their raw HTML is untrusted: nh3 (the Ammonia
sanitizer) keeps only harmless markup, and lxml re-serializes it as XHTML, which EPUB
readers demand. Images are kept only when they are files inside the guide's own folder;
a remote, absolute, escaping or missing image becomes its alt text and a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import nh3
from lxml import etree
from lxml import html as lxml_html

from studyguide.errors import Finding
from studyguide.model import IMAGE_TYPES, Image

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
    safe = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        # file: and data: survive only to be named in a warning below, never to be used.
        url_schemes={"http", "https", "mailto", "file", "data"},
        link_rel=None,
        strip_comments=True,
    )
    root = lxml_html.fragment_fromstring(safe, create_parent="div")
    images: list[Image] = []
    findings: list[Finding] = []
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
    return Cleaned(_inner_xhtml(root), tuple(images), tuple(findings))


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
        return Image(path, relative.as_posix()), ""
    return None, problem


def _inner_xhtml(root: etree._Element) -> str:
    parts = [_escape(root.text or "")]
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in root)
    return "".join(parts).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
