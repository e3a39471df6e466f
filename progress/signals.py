"""What progress announces. Receivers run inside the sender's transaction.

``achievements`` connects one-line receivers to these (imports point the other way).
"""

from django.dispatch import Signal

# kwargs: attempt, mastery (ConceptMastery), stats (LearnerStats), step (MasteryStep)
attempt_recorded = Signal()
# kwargs: session
session_completed = Signal()
# kwargs: mastery, attempt
concept_mastered = Signal()
