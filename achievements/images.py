"""Validation of uploaded badge images: PNG or SVG, small, and SVGs without active content.

Badge images are shown to every student, so an SVG is parsed and refused when it could run
anything: scripts, event-handler attributes, foreign objects (embedded HTML), frames,
links that are not in-document fragments, or a DOCTYPE (entity expansion). They are also
served with a sandboxing Content-Security-Policy (see ``views.badge_image``).
"""

import re
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_IMAGE_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set"}
)
HREF_ATTRIBUTES = frozenset({"href", "{http://www.w3.org/1999/xlink}href"})
# An xml-stylesheet instruction can load XSLT that turns the file into a scripted page.
_DANGEROUS_TEXT = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|javascript:|@import", re.IGNORECASE
)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problem(data: bytes) -> str | None:
    """Why this SVG is refused, or None when it is safe to show."""
    if _DANGEROUS_TEXT.search(data):
        return (
            "The SVG contains a DOCTYPE, a stylesheet instruction, a script link or an import; "
            "upload a plain drawing."
        )
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - DOCTYPE/entities refused above
    except ElementTree.ParseError:
        return "The file is not a valid SVG image."
    if _local(root.tag) != "svg":
        return "The file is not an SVG image."
    for element in root.iter():
        name = _local(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            return f"SVG images may not contain <{name}> elements."
        if name.startswith("animate") and element.get("attributeName", "").lower() in (
            "href",
            "xlink:href",
        ):
            return "SVG images may not animate links."
        for attribute, value in element.attrib.items():
            if _local(attribute).startswith("on"):
                return "SVG images may not contain event handlers (on… attributes)."
            if attribute in HREF_ATTRIBUTES and not value.strip().startswith("#"):
                return 'SVG images may only link inside themselves (href="#…").'
    return None


def validate_badge_image(upload) -> None:
    """Model-field validator: PNG or safe SVG, at most 200 KB."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)d KB; badge images may be at most %(max)d KB."),
            params={"size": upload.size // 1024, "max": MAX_IMAGE_BYTES // 1024},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    name = (upload.name or "").lower()
    if name.endswith(".png"):
        if not data.startswith(PNG_SIGNATURE):
            raise ValidationError(_("The file is not a PNG image."), code="not_png")
        return
    if name.endswith(".svg"):
        problem = svg_problem(data)
        if problem:
            raise ValidationError(problem, code="unsafe_svg")
        return
    raise ValidationError(_("Badge images must be PNG or SVG files."), code="bad_type")
