"""What one answer tells the mastery model: evidence or practice (pure: no ORM, no clock).

Every answer is stored, but not every answer is evidence of knowing the concept:

* **Full evidence**: a *fresh* answer, i.e. to a question this learner has not answered in
  the last :data:`SITTING` (12 hours). That is a first try, or a try long enough after the
  answer was last shown to be recall rather than copying. Hints discount it as before
  (``bkt.effective_score``).
* **Practice**: answering a question again within :data:`SITTING` of the last answer to it.
  Every answer in a practice session is followed by a feedback page showing the correct
  answer (quizzes and tests show it at submission), so within that window the learner may
  simply be repeating what they were just shown. Weight :data:`PRACTICE_WEIGHT` = 0: the
  estimate, the review schedule and the mastery evidence do not move. (An answer in a quiz
  that is still open counts as shown too: the conservative reading.)

Per (learner, concept) the model keeps a small ledger, stored as JSON on ``ConceptMastery``
(``evidence``): for each question answered, when it was last answered and whether it was
ever answered right, fresh and without hints; and the effective scores of the last
:data:`RECENT_EVIDENCE` fresh answers. Its size is bounded by the concept's question count.
Mastery (``status.py``) asks for enough *distinct* questions credited this way, so the same
question answered ten times is still one question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# One sitting: answers closer together than this are one sitting (no decay by the clock,
# one review for the spaced-review schedule), and a question answered again within it is
# practice, not evidence. review.REVIEW_MIN_SPACING is the same span.
SITTING = timedelta(hours=12)
FULL_WEIGHT = 1.0
PRACTICE_WEIGHT = 0.0
RECENT_EVIDENCE = 10  # fresh answers kept for "recent accuracy"

# Question kinds (learning.models.Question.Kind values): this module imports no app.
_SINGLE, _MULTIPLE, _TRUE_FALSE = "single", "multiple", "true_false"


def chance_of(kind: str, n_choices: int) -> float:
    """Probability that a blind guess is right: 1/n for single choice, 1/2 for true/false,
    one non-empty subset in 2^n - 1 for multiple choice, 0 for typed answers."""
    if kind == _TRUE_FALSE:
        return 0.5
    if n_choices <= 0:
        return 0.0
    if kind == _SINGLE:
        return 1.0 / n_choices
    if kind == _MULTIPLE:
        return 1.0 / (2 ** min(n_choices, 30) - 1)
    return 0.0


def chance_of_snapshot(snapshot: dict[str, Any] | None) -> float:
    """``chance_of`` for an attempt's stored question snapshot (what was actually asked)."""
    snapshot = snapshot or {}
    return chance_of(str(snapshot.get("kind", "")), len(snapshot.get("choices") or ()))


def _ts(at: datetime) -> int:
    if at.tzinfo is None:
        raise ValueError("answer times must be timezone-aware")
    return int(at.timestamp())


@dataclass(frozen=True)
class Reading:
    """How one answer counts."""

    weight: float  # FULL_WEIGHT or PRACTICE_WEIGHT
    fresh: bool
    credited: bool  # a fresh, fully right answer without hints (counts for mastery)
    seen_seconds_ago: int | None  # since this learner last answered the question (None: never)


def _questions(ledger: dict[str, Any] | None) -> dict[str, list[int]]:
    return (ledger or {}).get("questions") or {}


def read(
    ledger: dict[str, Any] | None,
    *,
    question_id: int,
    score: float,
    hints_used: int,
    at: datetime,
) -> Reading:
    """How an answer to ``question_id`` at ``at`` counts, given the concept's ledger."""
    seen = _questions(ledger).get(str(question_id))
    ago = None if seen is None else max(0, _ts(at) - int(seen[0]))
    fresh = ago is None or ago >= SITTING.total_seconds()
    return Reading(
        weight=FULL_WEIGHT if fresh else PRACTICE_WEIGHT,
        fresh=fresh,
        credited=fresh and score >= 1.0 and hints_used == 0,
        seen_seconds_ago=ago,
    )


def record(
    ledger: dict[str, Any] | None,
    *,
    question_id: int,
    reading: Reading,
    effective_score: float,
    at: datetime,
) -> dict[str, Any]:
    """The ledger after the answer (a new dict: the old one is not changed)."""
    questions = {k: list(v) for k, v in _questions(ledger).items()}
    key = str(question_id)
    was_credited = bool(questions.get(key, [0, 0])[1])
    questions[key] = [_ts(at), int(was_credited or reading.credited)]
    recent = list((ledger or {}).get("recent") or [])
    if reading.fresh:
        recent = [*recent, float(effective_score)][-RECENT_EVIDENCE:]
    return {"questions": questions, "recent": recent}


def credited_questions(ledger: dict[str, Any] | None) -> int:
    """Distinct questions answered right, fresh and without hints, at least once."""
    return sum(1 for _, credited in _questions(ledger).values() if credited)


def recent_accuracy(ledger: dict[str, Any] | None) -> float | None:
    """Mean effective score of the last RECENT_EVIDENCE fresh answers (None: none yet)."""
    recent = (ledger or {}).get("recent") or []
    return sum(recent) / len(recent) if recent else None


def last_answered(ledger: dict[str, Any] | None) -> dict[int, int]:
    """{question id: epoch seconds of this learner's last answer to it}."""
    return {int(k): int(v[0]) for k, v in _questions(ledger).items()}
