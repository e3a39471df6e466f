"""The progress app's tables. Each lives in the module of the job that owns it; Django finds
them all here (app label ``progress``; moving a class between these modules needs no
migration because its table and app label stay the same)."""

from progress.assignments.models import (
    Assignment,
    AssignmentGroup,
    AssignmentNotice,
    AssignmentSession,
)
from progress.interop.models import ExportJob, LrsRelay, LrsStatement
from progress.mastery.models import ConceptMastery, MasteryParameters, params_from
from progress.metrics.models import (
    DailyActivity,
    Dimension,
    LearnerGoal,
    LearnerStats,
    LearningEvent,
    Metric,
    ProgressMetric,
    ProgressSnapshot,
)
from progress.plans.models import CalendarFeed, StudyPlan, StudyPlanItem
from progress.practice.models import Attempt, PracticeSession

__all__ = [
    "Assignment",
    "AssignmentGroup",
    "AssignmentNotice",
    "AssignmentSession",
    "Attempt",
    "CalendarFeed",
    "ConceptMastery",
    "DailyActivity",
    "Dimension",
    "ExportJob",
    "LearnerGoal",
    "LearnerStats",
    "LearningEvent",
    "LrsRelay",
    "LrsStatement",
    "MasteryParameters",
    "Metric",
    "PracticeSession",
    "ProgressMetric",
    "ProgressSnapshot",
    "StudyPlan",
    "StudyPlanItem",
    "params_from",
]
