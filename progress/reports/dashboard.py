"""The student's home: overall and per-subject mastery, reviews due, what to practise next."""

from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from learning.models import ConceptPrerequisite, Subject
from learning.selectors import practicable_concept_list
from progress.mastery import rollups
from progress.mastery.selectors import learner_estimates, status_now
from progress.mastery.status import STATUS_MASTERED, STATUS_NOT_STARTED, STATUS_REVIEW_NEEDED
from progress.models import LearnerStats, PracticeSession
from progress.practice import selection
from progress.reports.page_cache import mastery_rows_with_concepts, review_changes_at


@dataclass(frozen=True)
class SubjectProgress:
    subject: Subject
    mastery: float | None
    mastered: int
    total: int


def student_dashboard(*, learner: User, now: datetime) -> dict:
    """Everything the student's home shows, in a fixed number of queries."""
    return dashboard_mastery(learner=learner, now=now) | {
        "open_session": open_session_of(learner=learner),
        "stats": LearnerStats.objects.filter(learner=learner).first(),
    }


def open_session_of(*, learner: User) -> PracticeSession | None:
    """The learner's latest session in progress (the "Continue" card)."""
    return (
        PracticeSession.objects.filter(learner=learner, status=PracticeSession.Status.IN_PROGRESS)
        .select_related("concept", "topic", "activity")
        .order_by("-started_at")
        .first()
    )


def dashboard_mastery(*, learner: User, now: datetime, content_token: str | None = None) -> dict:
    """The dashboard's parts that only the learner's progress, the curriculum and time
    change (``changes_at``: when time next would), for ``reports.page_cache``. The concept
    list is kept per process under ``content_token`` (None: read it)."""
    concepts = practicable_concept_list(content_token=content_token)
    rows = mastery_rows_with_concepts(learner=learner, concepts=concepts)
    # One status per concept, from the one status function: the "due" list, the counts and
    # the pills below can never disagree.
    statuses = {r.concept_id: status_now(r, now=now) for r in rows}
    estimates = learner_estimates(rows=rows)
    refs = [
        rollups.ConceptRef(
            concept_id=c.pk,
            topic_id=c.topic_id,
            subject_id=c.topic.subject_id,
            topic_weightage=c.topic.exam_weightage,
        )
        for c in concepts
    ]
    rollup = rollups.curriculum_rollup(refs, estimates)
    subjects = list(Subject.objects.order_by("order", "name"))
    subject_progress = []
    for subject in subjects:
        ids = [r.concept_id for r in refs if r.subject_id == subject.pk]
        if not ids:
            continue
        subject_progress.append(
            SubjectProgress(
                subject=subject,
                mastery=rollup.by_subject.get(subject.pk),
                mastered=sum(1 for i in ids if statuses.get(i) == STATUS_MASTERED),
                total=len(ids),
            )
        )
    due = sorted(
        (r for r in rows if statuses[r.concept_id] == STATUS_REVIEW_NEEDED),
        key=lambda r: r.review_due_at,
    )
    edges = ConceptPrerequisite.objects.values_list("concept_id", "prerequisite_id")
    prereqs: dict[int, list[int]] = {}
    for concept_id, prerequisite_id in edges:
        prereqs.setdefault(concept_id, []).append(prerequisite_id)
    candidates = [
        selection.ConceptCandidate(
            concept_id=c.pk,
            order=i,
            p_known=estimates.get(c.pk),
            status=statuses.get(c.pk, STATUS_NOT_STARTED),
            review_due_at=None,  # reviews are offered separately (reviews=False below)
            prerequisite_estimates=tuple(estimates.get(p) for p in prereqs.get(c.pk, [])),
        )
        for i, c in enumerate(concepts)
    ]
    next_id = selection.next_concept(candidates, now=now, reviews=False)  # offered above
    recent = sorted(rows, key=lambda r: r.last_attempt_at, reverse=True)[:5]
    return {
        "overall": rollup.overall,
        "subjects": subject_progress,
        "due": due,
        "next_concept": next((c for c in concepts if c.pk == next_id), None),
        "recent": recent,
        "estimates": estimates,
        "changes_at": review_changes_at(rows, now=now),
    }
