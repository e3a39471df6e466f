"""Reads about what a learner knows: the "why this number" page, the estimates every screen
rolls up, and the curriculum as the roll-ups see it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from accounts.models import User
from learning.models import Concept
from learning.selectors import practicable_concepts
from progress.mastery import bkt, evidence, explain, review, rollups, status
from progress.mastery.ledger import days_away
from progress.mastery.status import MASTERED_THRESHOLD, STATUS_NOT_STARTED
from progress.models import Attempt, ConceptMastery, MasteryParameters, params_from


def status_now(row: Any, *, now: datetime) -> str:
    """The status of a stored ``ConceptMastery`` row (or None: not started) at ``now``: the
    one status every page, export, CSV and API shows (``status.status_at``)."""
    if row is None:
        return STATUS_NOT_STARTED
    return status.status_at(
        stored=row.status,
        was_mastered=row.was_mastered,
        review_due_at=row.review_due_at,
        now=now,
    )


def review_needed_q(*, now: datetime) -> Q:
    """The rows whose status at ``now`` is "review needed", as a filter (the same rule as
    ``status.review_due``; a test holds the two together)."""
    return Q(was_mastered=True, review_due_at__lte=now)


def mastery_check_of(row: Any) -> status.MasteryCheck:
    """Which parts of the mastery rule a stored row meets (for "what is still missing")."""
    return status.mastery_check(
        p_known=row.p_known,
        credited_questions=evidence.credited_questions(row.evidence),
        recent_accuracy=evidence.recent_accuracy(row.evidence),
    )


@dataclass(frozen=True)
class ExplainedAttempt:
    attempt: Attempt
    sentence: str


def mastery_explanation(*, learner: User, concept: Concept, now: datetime) -> dict:
    """Everything the "why this number" page shows, in a fixed number of queries."""
    row = ConceptMastery.objects.filter(learner=learner, concept=concept).first()
    attempts = list(
        Attempt.objects.filter(learner=learner, concept=concept).order_by("created_at", "pk")
    )
    params = params_from(MasteryParameters.objects.filter(concept=concept).first())
    shown = bkt.display_params(params)
    explained = [
        ExplainedAttempt(
            attempt=a,
            sentence=explain.explain_step(
                bkt.MasteryStep(
                    p_before=a.mastery_before,
                    p_decayed=a.mastery_decayed if a.mastery_decayed is not None else shown.prior,
                    p_after=a.mastery_after,
                    predicted_correct=bkt.predict_correct(
                        a.mastery_decayed if a.mastery_decayed is not None else shown.prior,
                        shown,
                    ),
                    score=a.score,
                    effective_score=bkt.effective_score(a.score, a.hints_used),
                    hints_used=a.hints_used,
                    gap_steps=a.gap_steps,
                    elapsed_days=a.elapsed_days,
                    evidence=a.evidence,
                )
            ),
        )
        for a in attempts
    ]
    current = None
    if row is not None:
        current = bkt.current_estimate(
            p_known=row.p_known,
            gap_steps=0,
            elapsed_days=days_away(row.last_attempt_at, now),
            params=shown,
        )
    recall = review.predicted_recall(card=row.review_card if row else None, now=now)
    status_code = status_now(row, now=now)
    check = mastery_check_of(row) if row is not None else None
    return {
        "row": row,
        "attempts": explained,
        "current": current,
        "recall": recall,
        "status": status_code,
        "status_label": status.label(status_code),
        "check": check,
        "summary": explain.explain_summary(
            p_known=row.p_known if row else None,
            attempts=row.attempts if row else 0,
            status=status_code,
            concept=concept.name,
            check=check,
        ),
        "params": params,
        "mastered_threshold": MASTERED_THRESHOLD,
        "practice_answers": sum(1 for a in attempts if a.evidence <= 0),
    }


def learner_estimates(*, rows: Iterable[ConceptMastery]) -> dict[int, float]:
    """Estimate per concept as stored after the last answer: the single source every
    screen, export and badge rolls up, so numbers never disagree. (Decay between answers
    shows as "review needed" and on the "why this number" page.)"""
    return {row.concept_id: row.p_known for row in rows}


def concept_refs() -> list[rollups.ConceptRef]:
    """Every concept with published questions, with what the roll-up needs (1 query)."""
    return [
        rollups.ConceptRef(
            concept_id=pk, topic_id=topic_id, subject_id=subject_id, topic_weightage=weightage
        )
        for pk, topic_id, subject_id, weightage in practicable_concepts().values_list(
            "pk", "topic_id", "topic__subject_id", "topic__exam_weightage"
        )
    ]
