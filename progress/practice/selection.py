"""Adaptive selection (pure): which concept next, and which question within it.

Concepts: "review needed" first (most overdue first), then the frontier (prerequisites
mastered, concept not yet mastered) in curriculum order. A concept whose prerequisites are
far from mastered is *blocked*: never chosen automatically, and flagged when a student asks
for it. A concept whose questions have all been served in the session is skipped (the
caller leaves it out): a topic session moves on to the next ready concept.

Questions, in this order of preference:

1. never one already served in this session: when none is left the concept has run out for
   this session (``None``), and the session ends or moves on;
2. one not answered in the last sitting (``mastery.evidence.SITTING``): answering it is
   evidence, a repeat within the sitting is only practice;
3. among those, a question this learner has never answered, the one whose predicted
   success is closest to ``TARGET_SUCCESS`` (about 70-85% is where practice pays off);
   otherwise the least recently answered, so every question comes round in turn.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from progress.mastery.bkt import BKTParams, predict_correct
from progress.mastery.evidence import SITTING
from progress.mastery.status import MASTERED_THRESHOLD, STATUS_MASTERED, STATUS_REVIEW_NEEDED

TARGET_SUCCESS = 0.78
BLOCKED_BELOW = 0.6  # a prerequisite estimate under this blocks the concept
# Each difficulty step above 3 lowers the log-odds of success by this much.
DIFFICULTY_LOGIT_STEP = 0.6


@dataclass(frozen=True)
class ConceptCandidate:
    concept_id: int
    order: int  # position in the curriculum (topic order, then concept order)
    p_known: float | None
    status: str  # the status now (mastery.selectors.status_now)
    review_due_at: datetime | None
    prerequisite_estimates: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class QuestionCandidate:
    question_id: int
    difficulty: int
    last_answered_at: datetime | None = None
    in_session: bool = False  # already served in this session


def is_blocked(candidate: ConceptCandidate) -> bool:
    """True when some prerequisite is far from mastered (or not started)."""
    return any(p is None or p < BLOCKED_BELOW for p in candidate.prerequisite_estimates)


def prerequisites_ready(candidate: ConceptCandidate) -> bool:
    return all(p is not None and p >= MASTERED_THRESHOLD for p in candidate.prerequisite_estimates)


def next_concept(
    candidates: Iterable[ConceptCandidate], *, now: datetime, reviews: bool = True
) -> int | None:
    """The concept to practise next, or None when everything is mastered or blocked.

    ``reviews=False`` (the dashboard, which offers reviews on their own): a concept that
    needs review is not recommended as new practice either.
    """
    items = list(candidates)
    due = [c for c in items if c.status == STATUS_REVIEW_NEEDED]
    if due and reviews:
        return min(due, key=lambda c: (c.review_due_at or now, c.order)).concept_id
    done = (STATUS_MASTERED, STATUS_REVIEW_NEEDED)
    open_items = [c for c in items if c.status not in done and not is_blocked(c)]
    if not open_items:
        return None
    # Frontier first (all prerequisites mastered), then anything unblocked; curriculum order.
    return min(open_items, key=lambda c: (not prerequisites_ready(c), c.order)).concept_id


def difficulty_adjusted(base: float, difficulty: int) -> float:
    """P(correct) on a question of ``difficulty`` (1-5) when a typical one (3) is ``base``."""
    base = min(max(base, 1e-6), 1 - 1e-6)
    logit = math.log(base / (1 - base)) - DIFFICULTY_LOGIT_STEP * (difficulty - 3)
    return 1 / (1 + math.exp(-logit))


def predicted_success(*, p_known: float, difficulty: int, params: BKTParams) -> float:
    """P(correct) from an estimate alone (BKT's slip and guess), adjusted for difficulty."""
    return difficulty_adjusted(predict_correct(p_known, params), difficulty)


def next_question(
    candidates: Sequence[QuestionCandidate], *, base_success: float, now: datetime
) -> int | None:
    """The question to serve next within a concept, or None when every question has been
    served in this session. ``base_success``: predicted P(correct) on a typical question
    (``mastery.predict.next_correct``)."""
    left = [q for q in candidates if not q.in_session]
    if not left:
        return None

    def recent(q: QuestionCandidate) -> bool:
        return q.last_answered_at is not None and now - q.last_answered_at < SITTING

    fresh = [q for q in left if not recent(q)] or left  # all recent: practice, in turn
    unseen = [q for q in fresh if q.last_answered_at is None]
    if unseen:
        return min(
            unseen,
            key=lambda q: (
                abs(difficulty_adjusted(base_success, q.difficulty) - TARGET_SUCCESS),
                q.question_id,
            ),
        ).question_id
    return min(fresh, key=lambda q: (q.last_answered_at, q.question_id)).question_id
