"""Learner state on curriculum pages: the curriculum app never imports progress, so pages it
renders ask for mastery through these tags (one query per page, whatever the concept count).
"""

from django import template

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
