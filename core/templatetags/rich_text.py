"""Authored text (prompts, explanations, feedback) rendered safely.

Authors and imported question banks may write HTML. Everything passes through nh3 (a
maintained, Rust-backed sanitiser): a small allow-list of formatting tags survives; scripts,
event handlers, styles and ``javascript:`` URLs never reach a student.
"""

import re

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


@register.filter(name="rich")
def rich(value: str | None) -> SafeString:
    """Sanitised HTML; plain text gets paragraphs and line breaks."""
    if not value:
        return mark_safe("")
    text = str(value)
    if not _TAG.search(text):
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped by linebreaks
    return mark_safe(sanitise(text))  # noqa: S308 - nh3 output is safe by construction


@register.filter(name="rich_inline")
def rich_inline(value: str | None) -> SafeString:
    """Sanitised inline HTML (no paragraphs), for choices and short feedback."""
    if not value:
        return mark_safe("")
    text = str(value)
    if not _TAG.search(text):
        return escape(text)
    return mark_safe(sanitise(text))  # noqa: S308
