"""Learner state on curriculum pages: the curriculum app never imports progress, so pages it
renders ask for mastery through these tags (one query per page, whatever the concept count).
"""

from django import template
from django.utils import timezone

from progress.mastery import selectors as mastery_selectors
from progress.mastery import status
from progress.models import ConceptMastery

register = template.Library()


@register.simple_tag(takes_context=True)
def mastery_map(context, concepts) -> dict[int, ConceptMastery]:
    """{concept id: ConceptMastery} for the signed-in learner (empty for visitors)."""
    user = context["request"].user
    if not user.is_authenticated:
        return {}
    if hasattr(concepts, "pk"):  # a single concept
        concepts = [concepts]
    ids = [c.pk for c in concepts]
    return {
        m.concept_id: m for m in ConceptMastery.objects.filter(learner=user, concept_id__in=ids)
    }


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key) if mapping else None


# One vocabulary: every template shows a concept's status through these filters, which ask
# progress.mastery.status (the one function and the one set of words).


@register.filter
def status_now(row: ConceptMastery | None) -> str:
    """The status code of a ConceptMastery row (None: not started) right now."""
    return mastery_selectors.status_now(row, now=timezone.now())


@register.filter
def status_label(code: str) -> str:
    """The plain-language label of a status code ("review_needed" -> "Review needed")."""
    return status.LABELS.get(code, "")


@register.filter
def status_symbol(code: str) -> str:
    """The symbol shown next to the label (never colour alone)."""
    return status.SYMBOLS.get(code, "")
