"""Authored text (prompts, explanations, feedback) rendered safely.

Authors and imported question banks may write HTML. Everything passes through nh3 (a
maintained, Rust-backed sanitiser): a small allow-list of formatting tags survives; scripts,
event handlers, styles and ``javascript:`` URLs never reach a student.

Both filters take the text's format as an optional argument, as questions store it in
``prompt_format``: ``{{ q.prompt|rich:q.prompt_format }}`` and
``{{ c.text|rich_inline:q.prompt_format }}``.

- ``markdown``: rendered to HTML (Python-Markdown with the "extra" extensions), then sanitised;
- ``html``: sanitised;
- ``plain``, ``moodle`` and no format: paragraphs and line breaks, unless the text contains
  something tag-like, which is sanitised as HTML (what Moodle's auto-format does, and what
  these filters always did, so questions written before formats existed look the same).
"""

import re

import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Text is treated as HTML only when it contains something tag-like; "3 < 5" is plain text.
_TAG = re.compile(r"<[a-zA-Z/!]")

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "sub",
    "sup",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "span",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "th": {"scope"}}


def sanitise(value: str) -> str:
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


MARKDOWN_EXTENSIONS = ("extra", "sane_lists")
_ONE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


def markdown_to_html(text: str) -> str:
    """Markdown to HTML, unsanitised: always pass the result through :func:`sanitise`."""
    return markdown_lib.markdown(text, extensions=list(MARKDOWN_EXTENSIONS))


@register.filter(name="rich")
def rich(value: str | None, text_format: str | None = None) -> SafeString:
    """Sanitised HTML in the given format; plain text gets paragraphs and line breaks."""
    if not value:
        return mark_safe("")
    text = str(value)
    if text_format == "markdown":
        return mark_safe(sanitise(markdown_to_html(text)))  # noqa: S308 - sanitised by nh3
    if text_format != "html" and not _TAG.search(text):
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped by linebreaks
    return mark_safe(sanitise(text))  # noqa: S308 - nh3 output is safe by construction


@register.filter(name="rich_inline")
def rich_inline(value: str | None, text_format: str | None = None) -> SafeString:
    """Sanitised inline HTML (no paragraphs), for choices and short feedback."""
    if not value:
        return mark_safe("")
    text = str(value)
    if text_format == "markdown":
        html = markdown_to_html(text).strip()
        if (match := _ONE_PARAGRAPH.match(html)) and "<p>" not in match.group(1):
            html = match.group(1)
        return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3
    if text_format != "html" and not _TAG.search(text):
        return escape(text)
    return mark_safe(sanitise(text))  # noqa: S308
