"""Badge announcements on pages other apps render (progress never imports achievements)."""

from django import template
from django.utils.safestring import mark_safe

from achievements import glyphs, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unseen_badges(context) -> list:
    """Badges the signed-in learner earned and has not been told about yet (1 query)."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return selectors.unseen_badges(learner=user)


@register.simple_tag
def badge_board(learner):
    """A learner's badge board, for pages in other apps (a teacher's student page)."""
    return selectors.badges_for_learner(learner=learner)


@register.simple_tag
def badge_glyph(badge, size: int = 40) -> str:
    """The badge's glyph as inline SVG (constant markup, colour checked: safe to emit)."""
    return mark_safe(glyphs.svg(badge.glyph_name, colour=badge.colour, size=size))  # noqa: S308
