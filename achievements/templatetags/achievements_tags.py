"""Badge announcements on pages other apps render (progress never imports achievements)."""

from django import template

from achievements import selectors

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
