"""Authored text as plain text, for places that cannot render HTML safely: xAPI language
maps (read by LRS dashboards we do not control), calendar descriptions, CSV cells.

The text is interpreted the way the pages render it (``core.templatetags.rich_text``):
Markdown is converted, HTML is read as HTML, and plain or Moodle-format text is read as HTML
only when it contains something tag-like. The HTML is first cleaned by nh3 (so ``<script>``
and ``<style>`` lose their content, comments and unknown tags vanish), then reduced to its
text: block elements and ``<br>`` become line breaks, entities are decoded, an image
becomes its alt text. The result contains no markup.

Decoding entities can bring a literal ``<script>`` back (an author who wrote
``&lt;script&gt;`` meant the text). :func:`inert` keeps such text readable and makes it
harmless even for a consumer that wrongly renders text as HTML: a zero-width space after
every ``<`` that could open a tag, so no HTML parser sees a tag there.
"""

import re
from html.parser import HTMLParser

import nh3

from core.templatetags.rich_text import _TAG, markdown_to_html

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "thead",
    "tbody",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
_CELLS = {"td", "th"}
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object"}


def _clean(html: str) -> str:
    """Only structure survives (no attributes but an image's alt text)."""
    return nh3.clean(
        html,
        tags=_BLOCKS | _CELLS | {"img"},
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes={"img": {"alt"}},
        url_schemes=set(),
        link_rel=None,
    )


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self.parts.append(f" [{alt.strip()}] ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment: paragraphs on their own lines, spaces collapsed."""
    parser = _TextParser()
    parser.feed(_clean(html))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def rich_to_text(value: str | None, text_format: str | None = None) -> str:
    """Authored text in ``text_format`` (html, markdown, plain, moodle) as plain text."""
    if not value:
        return ""
    text = str(value)
    if text_format == "markdown":
        return html_to_text(markdown_to_html(text))
    if text_format == "html" or _TAG.search(text):
        return html_to_text(text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_TAG_OPEN = re.compile(r"<(?=[a-zA-Z/!?])")
ZERO_WIDTH_SPACE = "\u200b"


def inert(text: str) -> str:
    """``text`` with every tag-opening ``<`` followed by a zero-width space (see above)."""
    return _TAG_OPEN.sub("<" + ZERO_WIDTH_SPACE, text)


def one_line(text: str, *, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut.rstrip() + "…"
