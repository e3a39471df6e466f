"""What progress announces. Receivers run inside the sender's transaction.

``achievements`` connects one-line receivers to these (imports point the other way).
"""

from django.dispatch import Signal

# Every signal carries ``snapshot``: a progress.snapshot.LearnerSnapshot built from what the
# sender already loaded, so receivers evaluate without querying.
# kwargs: attempt, mastery (ConceptMastery), stats (LearnerStats), step (MasteryStep), snapshot
attempt_recorded = Signal()
# kwargs: session, result (progress.snapshot.SessionResult), snapshot
session_completed = Signal()
# kwargs: mastery, attempt, snapshot
concept_mastered = Signal()
# Sent inside learner_merge's transaction once progress rows are on ``target`` and its
# derived tables are rebuilt; ``source`` still exists (it is deleted after).
# kwargs: source (User), target (User), attempt_ids (the attempts moved from source)
learner_merged = Signal()
