"""Reads about what a learner knows: the "why this number" page, the estimates every screen
rolls up, and the curriculum as the roll-ups see it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from learning.models import Concept
from learning.selectors import practicable_concepts
from progress.mastery import bkt, explain, review, rollups
from progress.mastery.status import MASTERED_THRESHOLD, STATUS_NOT_STARTED
from progress.models import Attempt, ConceptMastery, MasteryParameters, params_from


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
    explained = [
        ExplainedAttempt(
            attempt=a,
            sentence=explain.explain_step(
                bkt.MasteryStep(
                    p_before=a.mastery_before,
                    p_decayed=a.mastery_decayed if a.mastery_decayed is not None else params.prior,
                    p_after=a.mastery_after,
                    predicted_correct=bkt.predict_correct(
                        a.mastery_decayed if a.mastery_decayed is not None else params.prior,
                        params,
                    ),
                    score=a.score,
                    effective_score=bkt.effective_score(a.score, a.hints_used),
                    hints_used=a.hints_used,
                    gap_steps=a.gap_steps,
                    elapsed_days=a.elapsed_days,
                )
            ),
        )
        for a in attempts
    ]
    current = None
    if row is not None:
        elapsed_days = max(0.0, (now - row.last_attempt_at).total_seconds() / 86400)
        current = bkt.current_estimate(
            p_known=row.p_known, gap_steps=0, elapsed_days=elapsed_days, params=params
        )
    recall = review.predicted_recall(card=row.review_card if row else None, now=now)
    status = row.status if row else STATUS_NOT_STARTED
    return {
        "row": row,
        "attempts": explained,
        "current": current,
        "recall": recall,
        "status": status,
        "summary": explain.explain_summary(
            p_known=row.p_known if row else None,
            attempts=row.attempts if row else 0,
            status=status,
            concept=concept.name,
        ),
        "params": params,
        "mastered_threshold": MASTERED_THRESHOLD,
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
