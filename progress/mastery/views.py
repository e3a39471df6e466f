"""Mastery pages: "why this number" for one concept, and how the estimate works."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from learning.models import Concept
from progress.mastery.bkt import DISPLAY_PRIOR, HINT_PENALTY
from progress.mastery.evidence import RECENT_EVIDENCE, SITTING
from progress.mastery.review import DESIRED_RETENTION
from progress.mastery.selectors import mastery_explanation
from progress.mastery.status import (
    MASTERED_THRESHOLD,
    MIN_CREDITED_QUESTIONS,
    MIN_RECENT_ACCURACY,
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
        "min_attempts": MIN_CREDITED_QUESTIONS,
        "min_questions": MIN_CREDITED_QUESTIONS,
        "recent_accuracy": round(100 * MIN_RECENT_ACCURACY),
        "recent_count": RECENT_EVIDENCE,
        "recall": round(100 * DESIRED_RETENTION),
        "hint_penalty": round(100 * HINT_PENALTY),
        "prior": round(100 * DISPLAY_PRIOR),
        "sitting_hours": round(SITTING.total_seconds() / 3600),
    }
    return render(request, "progress/mastery_doc.html", context)
