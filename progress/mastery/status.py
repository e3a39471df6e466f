"""A concept's status for a learner: the one function that decides it, and the one set of
words for it (pure: no ORM, no clock).

Every page, export, CSV and API asks :func:`concept_status` (or, for a stored row,
``progress.mastery.selectors.status_now``) and prints :data:`LABELS`; ``ConceptMastery.Status``
is built from :data:`CHOICES`. See ``docs/mastery.md``.

* **Not started**: no answer yet.
* **Mastered**: the estimate is at least :data:`MASTERED_THRESHOLD` *and* at least
  :data:`MIN_CREDITED_QUESTIONS` different questions were answered right on a fresh try
  without hints (``evidence.py``) *and* at least :data:`MIN_RECENT_ACCURACY` of the latest
  fresh answers were right. Repeating answers one was just shown can satisfy none of these.
* **Review needed**: the concept was mastered and its spaced review is due (the schedule's
  predicted recall has fallen to its target). Reviews fall due at least a day after the
  last review, so this never appears within a sitting.
* **In progress**: anything else with answers (including a mastered concept whose estimate a
  wrong answer took back under the line: practise and it returns).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

MASTERED_THRESHOLD = 0.95
MIN_CREDITED_QUESTIONS = 3
MIN_RECENT_ACCURACY = 0.8  # of the latest fresh answers (evidence.RECENT_EVIDENCE of them)

STATUS_NOT_STARTED = "not_started"
STATUS_IN_PROGRESS = "in_progress"
STATUS_MASTERED = "mastered"
STATUS_REVIEW_NEEDED = "review_needed"

# The one plain-language label of each status, used on every page, export, CSV and API.
LABELS = {
    STATUS_NOT_STARTED: _("Not started"),
    STATUS_IN_PROGRESS: _("In progress"),
    STATUS_MASTERED: _("Mastered"),
    STATUS_REVIEW_NEEDED: _("Review needed"),
}
SYMBOLS = {
    STATUS_NOT_STARTED: "○",
    STATUS_IN_PROGRESS: "◐",
    STATUS_MASTERED: "✔",
    STATUS_REVIEW_NEEDED: "↻",
}
CHOICES = list(LABELS.items())


def label(status: str) -> str:
    """The plain-language label of a status code (an unknown code raises KeyError)."""
    return LABELS[status]


@dataclass(frozen=True)
class MasteryCheck:
    """Which parts of the mastery rule an estimate meets (for the status and the sentence)."""

    at_level: bool
    credited: int
    enough_questions: bool
    recent_accuracy: float | None
    recent_ok: bool

    @property
    def met(self) -> bool:
        return self.at_level and self.enough_questions and self.recent_ok


def mastery_check(
    *, p_known: float, credited_questions: int, recent_accuracy: float | None
) -> MasteryCheck:
    return MasteryCheck(
        at_level=p_known >= MASTERED_THRESHOLD,
        credited=credited_questions,
        enough_questions=credited_questions >= MIN_CREDITED_QUESTIONS,
        recent_accuracy=recent_accuracy,
        recent_ok=recent_accuracy is not None and recent_accuracy >= MIN_RECENT_ACCURACY,
    )


def review_due(*, was_mastered: bool, review_due_at: datetime | None, now: datetime) -> bool:
    """A mastered concept whose spaced review has fallen due."""
    return was_mastered and review_due_at is not None and review_due_at <= now


def concept_status(
    *,
    attempts: int,
    p_known: float | None,
    credited_questions: int,
    recent_accuracy: float | None,
    was_mastered: bool,
    review_due_at: datetime | None,
    now: datetime,
) -> str:
    """``not_started`` | ``in_progress`` | ``mastered`` | ``review_needed`` at ``now``."""
    if p_known is None or attempts <= 0:
        return STATUS_NOT_STARTED
    if review_due(was_mastered=was_mastered, review_due_at=review_due_at, now=now):
        return STATUS_REVIEW_NEEDED
    check = mastery_check(
        p_known=p_known, credited_questions=credited_questions, recent_accuracy=recent_accuracy
    )
    return STATUS_MASTERED if check.met else STATUS_IN_PROGRESS


def status_counts(statuses: list[str]) -> dict[str, int]:
    """{status: how many}, every status present (0 when none): the one way pages count."""
    counts = dict.fromkeys(LABELS, 0)
    for s in statuses:
        counts[s] += 1
    return counts


def status_at(
    *, stored: str, was_mastered: bool, review_due_at: datetime | None, now: datetime
) -> str:
    """:func:`concept_status` at ``now`` for a stored row, from its stored status.

    Between two answers only time moves, and only ``review_due`` depends on time, so the
    status now is the stored one (the rule applied at the last answer, when no review was
    due: reviews fall due a day or more after an answer) unless the review has fallen due
    since. A stored ``review_needed`` (from before this rule) that is not due any more reads
    as in progress.
    """
    if stored == STATUS_NOT_STARTED:
        return STATUS_NOT_STARTED
    if review_due(was_mastered=was_mastered, review_due_at=review_due_at, now=now):
        return STATUS_REVIEW_NEEDED
    return STATUS_IN_PROGRESS if stored == STATUS_REVIEW_NEEDED else stored
