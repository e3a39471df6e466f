"""Reads of a learner's goal and stats, shaped for the answer path and the replay."""

from progress.mastery.rollups import Goal
from progress.models import LearnerGoal


def learner_goal(*, learner_id: int) -> Goal | None:
    """The learner's goal as the roll-ups need it: one query (the topics joined as rows)."""
    rows = list(
        LearnerGoal.objects.filter(learner_id=learner_id).values_list("subject_id", "topics")
    )
    if not rows:
        return None
    return Goal(subject_id=rows[0][0], topic_ids=frozenset(t for _, t in rows if t is not None))
