"""Reads of a learner's goal and stats, shaped for the answer path and the replay."""

from progress.mastery.rollups import Goal
from progress.metrics import sql


def learner_goal(*, learner_id: int) -> Goal | None:
    """The learner's goal as the roll-ups need it: one statement (the topics joined as rows),
    shared by the answer path and the replay."""
    return sql.learner_goal(learner_id=learner_id)
