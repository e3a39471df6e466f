"""The curriculum app's models, one module per job; import them from here."""

from learning.models.activities import Activity, ActivityQuestion, ContentVersion
from learning.models.curriculum import (
    Concept,
    ConceptPrerequisite,
    PrerequisiteEdgeBase,
    PublishStatus,
    Subject,
    Topic,
    TopicPrerequisite,
)
from learning.models.questions import Choice, Question, QuestionQuerySet

__all__ = [
    "Activity",
    "ActivityQuestion",
    "Choice",
    "Concept",
    "ConceptPrerequisite",
    "ContentVersion",
    "PrerequisiteEdgeBase",
    "PublishStatus",
    "Question",
    "QuestionQuerySet",
    "Subject",
    "Topic",
    "TopicPrerequisite",
]
