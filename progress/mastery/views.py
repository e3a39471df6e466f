"""Mastery pages: "why this number" for one concept, and how the estimate works."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from learning.models import Concept
from progress.mastery.bkt import HINT_PENALTY
from progress.mastery.selectors import mastery_explanation
from progress.mastery.status import (
    MASTERED_THRESHOLD,
    MIN_ATTEMPTS_FOR_MASTERY,
    REVIEW_RECALL_THRESHOLD,
)


def mastery_explain(request: HttpRequest, slug: str) -> HttpResponse:
    concept = get_object_or_404(Concept.objects.select_related("topic__subject"), slug=slug)
    context = mastery_explanation(learner=request.user, concept=concept, now=timezone.now())
    context["concept"] = concept
    return render(request, "progress/mastery_explain.html", context)


@login_not_required
def mastery_doc(request: HttpRequest) -> HttpResponse:

    context = {
        "threshold": round(100 * MASTERED_THRESHOLD),
        "min_attempts": MIN_ATTEMPTS_FOR_MASTERY,
        "recall": round(100 * REVIEW_RECALL_THRESHOLD),
        "hint_penalty": round(100 * HINT_PENALTY),
    }
    return render(request, "progress/mastery_doc.html", context)
