"""One-line receivers for what progress announces (connected in AchievementsConfig.ready).

They run inside the sender's transaction: a badge is never awarded for a rolled-back answer.
"""

from achievements import services
from progress.metrics.snapshot import Event


def on_attempt_recorded(sender, *, attempt, snapshot, **kwargs) -> None:
    services.event_handle(event=Event("attempt_recorded", snapshot), now=attempt.created_at)


def on_session_completed(sender, *, session, result, snapshot, **kwargs) -> None:
    services.event_handle(
        event=Event("session_completed", snapshot, session=result), now=session.ended_at
    )


def on_concept_mastered(sender, *, attempt, snapshot, **kwargs) -> None:
    services.event_handle(
        event=Event("concept_mastered", snapshot, concept_id=attempt.concept_id),
        now=attempt.created_at,
    )
