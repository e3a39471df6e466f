"""A concept's status for a learner: the one place the words come from (pure).

``not_started`` | ``in_progress`` | ``mastered`` | ``review_needed``; see ``docs/mastery.md``.
"""

MASTERED_THRESHOLD = 0.95
MIN_ATTEMPTS_FOR_MASTERY = 3
REVIEW_RECALL_THRESHOLD = 0.85

STATUS_NOT_STARTED = "not_started"
STATUS_IN_PROGRESS = "in_progress"
STATUS_MASTERED = "mastered"
STATUS_REVIEW_NEEDED = "review_needed"


def mastery_status(
    *, p_known: float | None, attempts: int, was_mastered: bool, predicted_recall: float | None
) -> str:
    """``not_started`` | ``in_progress`` | ``mastered`` | ``review_needed``.

    ``p_known`` is the current (decayed) estimate; ``predicted_recall`` the review
    scheduler's recall probability, if any. Once mastered, a concept is either still
    ``mastered`` or ``review_needed``; it never silently falls back to in progress.
    """
    if p_known is None or attempts <= 0:
        return STATUS_REVIEW_NEEDED if was_mastered else STATUS_NOT_STARTED
    recall_low = predicted_recall is not None and predicted_recall < REVIEW_RECALL_THRESHOLD
    at_level = p_known >= MASTERED_THRESHOLD
    if was_mastered:
        return STATUS_REVIEW_NEEDED if (recall_low or not at_level) else STATUS_MASTERED
    if at_level and attempts >= MIN_ATTEMPTS_FOR_MASTERY:
        return STATUS_MASTERED
    return STATUS_IN_PROGRESS
