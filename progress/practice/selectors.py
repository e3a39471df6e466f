"""Reads for practice pages, each with a bounded number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from accounts.access import owned_or_404
from accounts.models import User
from learning import versioning
from learning.models import ActivityQuestion, Concept, ConceptPrerequisite, Question
from learning.selectors import practicable_concepts
from progress.mastery import predict
from progress.mastery.ledger import days_away
from progress.mastery.selectors import review_needed_q, status_now
from progress.models import (
    Attempt,
    ConceptMastery,
    LearnerStats,
    MasteryParameters,
    PracticeSession,
    params_from,
)
from progress.practice import selection


def session_get_for_user(*, user: User, pk: int) -> PracticeSession:
    """The learner's own session (404 for anyone else's)."""
    queryset = PracticeSession.objects.select_related(
        "concept", "topic", "activity", "current_question__concept__topic__subject"
    )
    session = owned_or_404(queryset, user=user, pk=pk)
    session.learner = user  # it is theirs: no second query for the learner
    return session


def attempt_get_for_user(*, user: User, session: PracticeSession, pk: int) -> Attempt:
    queryset = Attempt.objects.select_related("question", "concept").filter(session=session)
    return owned_or_404(queryset, user=user, pk=pk)


def question_for_answer(*, pk: int | None, content_token: str | None = None) -> Question | None:
    """A question with its concept (its topic and subject: the content's language), the
    concept's mastery parameters and its choices, as the answer POST needs them: 2 queries,
    or none when this process already read it under the current content version
    (``content_token``; see learning.versioning). The object may be shared by later requests
    of this process: callers must not change it."""
    if pk is None:
        return None

    def load() -> Question | None:
        return (
            Question.objects.select_related(
                "concept__mastery_parameters", "concept__topic__subject"
            )
            .prefetch_related("choices")
            .filter(pk=pk)
            .order_by()  # one row by key: no default ordering (its joins cost on every answer)
            .first()
        )

    return versioning.cached(f"progress.question_for_answer.{pk}", content_token, load)


def session_for_answer(*, user: User, pk: int) -> PracticeSession:
    """The learner's own session, without the joins the question page needs (404 if not),
    annotated with the curriculum's ``content_token`` (for question_for_answer)."""
    queryset = PracticeSession.objects.annotate(content_token=versioning.token_subquery())
    session = owned_or_404(queryset, user=user, pk=pk)
    session.learner = user
    return session


def _concept_candidates(
    *, learner: User, concepts: list[Concept], now: datetime
) -> list[selection.ConceptCandidate]:
    ids = [c.pk for c in concepts]
    rows = {
        m.concept_id: m for m in ConceptMastery.objects.filter(learner=learner, concept_id__in=ids)
    }
    edges = ConceptPrerequisite.objects.filter(concept_id__in=ids).values_list(
        "concept_id", "prerequisite_id"
    )
    prereqs: dict[int, list[int]] = {}
    for concept_id, prerequisite_id in edges:
        prereqs.setdefault(concept_id, []).append(prerequisite_id)
    outside = {p for ps in prereqs.values() for p in ps} - set(rows) - set(ids)
    if outside:
        rows.update(
            {
                m.concept_id: m
                for m in ConceptMastery.objects.filter(learner=learner, concept_id__in=outside)
            }
        )
    candidates = []
    for order, concept in enumerate(concepts):
        row = rows.get(concept.pk)
        candidates.append(
            selection.ConceptCandidate(
                concept_id=concept.pk,
                order=order,
                p_known=row.p_known if row else None,
                status=status_now(row, now=now),
                review_due_at=row.review_due_at if row else None,
                prerequisite_estimates=tuple(
                    rows[p].p_known if p in rows else None for p in prereqs.get(concept.pk, [])
                ),
            )
        )
    return candidates


def concept_blocked_for(*, learner: User, concept: Concept, now: datetime) -> bool:
    """True when the concept's prerequisites are far from mastered for this learner."""
    (candidate,) = _concept_candidates(learner=learner, concepts=[concept], now=now)
    return selection.is_blocked(candidate)


def _concept_parameters(question: Question | None) -> MasteryParameters | None:
    if question is None:
        return None
    try:
        return question.concept.mastery_parameters
    except MasteryParameters.DoesNotExist:
        return None


def _next_question_in_concept(
    *, learner: User, concept_id: int, now: datetime, session: PracticeSession
) -> Question | None:
    """The concept's next question for this session (None: all served in it), 3 queries."""
    # The learner's own answers per question, as correlated subqueries on the learner's
    # attempts in this concept (index attempt_learner_concept). Not a join on every attempt
    # of the question filtered afterwards: that read all learners' answers, 120-200 ms per
    # question page on PostgreSQL with 10 million attempts (docs/performance.md).
    mine = Attempt.objects.filter(
        learner=learner, concept_id=concept_id, question_id=OuterRef("pk")
    ).order_by()
    questions = list(
        Question.objects.published()
        .filter(concept_id=concept_id)
        # One concept: one joined row (its subject: the content's language on the page).
        .select_related("concept__mastery_parameters", "concept__topic__subject")
        .order_by("order", "pk")  # the default ordering, without its joins (one concept)
        .annotate(
            last_answered_at=Subquery(mine.order_by("-created_at").values("created_at")[:1]),
            in_session=Exists(mine.filter(session_id=session.pk)),
        )
    )
    if not questions:
        return None
    row = ConceptMastery.objects.filter(learner=learner, concept_id=concept_id).first()
    counts = (
        LearnerStats.objects.filter(learner=learner)
        .values_list("correct_attempts", "total_attempts")
        .first()
    ) or (0, 0)
    params = params_from(_concept_parameters(questions[0]))
    base = predict.next_correct(
        p_chain=(row.p_chain if row.p_chain is not None else row.p_known) if row else None,
        params=params,
        gap_steps=max(0, counts[1] - row.learner_attempt_seq) if row else 0,
        elapsed_days=days_away(row.last_attempt_at, now) if row else None,
        learner_correct=counts[0],
        learner_answers=counts[1],
    )
    chosen = selection.next_question(
        [
            selection.QuestionCandidate(
                question_id=q.pk,
                difficulty=q.difficulty,
                last_answered_at=q.last_answered_at,
                in_session=q.in_session,
            )
            for q in questions
        ],
        base_success=base,
        now=now,
    )
    return next((q for q in questions if q.pk == chosen), None)


def _topic_concepts_left(*, session: PracticeSession) -> list[Concept]:
    """The topic's practicable concepts with a published question not yet served in this
    session, in curriculum order (1 query)."""
    served = Attempt.objects.filter(session_id=session.pk).values("question_id")
    unserved = (
        Question.objects.published()
        .filter(concept=OuterRef("pk"))
        .exclude(pk__in=served)
        .order_by()
    )
    return list(practicable_concepts().filter(topic_id=session.topic_id).filter(Exists(unserved)))


def session_next_question(*, session: PracticeSession, now: datetime) -> Question | None:
    """The next question for this session, or None when the session is finished."""
    learner = session.learner
    if session.scope == PracticeSession.Scope.ACTIVITY:
        answered = Attempt.objects.filter(session=session).values("question_id")
        item = (
            ActivityQuestion.objects.filter(
                activity=session.activity, question__status=Question.Status.PUBLISHED
            )
            .exclude(question_id__in=answered)
            .select_related("question__concept__topic__subject")
            .order_by("order", "pk")
            .first()
        )
        return item.question if item else None
    if session.question_count >= session.target_questions:
        return None
    if session.scope == PracticeSession.Scope.CONCEPT:
        concept_id = session.concept_id
    elif session.scope == PracticeSession.Scope.TOPIC:
        # Concepts whose questions were all served in this session are left out: the
        # session moves on to the next ready concept, and ends when none is left.
        concepts = _topic_concepts_left(session=session)
        candidates = _concept_candidates(learner=learner, concepts=concepts, now=now)
        concept_id = selection.next_concept(candidates, now=now)
        if concept_id is None:  # everything mastered or blocked: keep practising a mastered one
            unblocked = [c.concept_id for c in candidates if not selection.is_blocked(c)]
            concept_id = unblocked[0] if unblocked else (concepts[0].pk if concepts else None)
    else:  # review: the most overdue concept whose review is due ("review needed")
        concept_id = (
            ConceptMastery.objects.filter(review_needed_q(now=now), learner=learner)
            .exclude(
                concept_id__in=Attempt.objects.filter(session_id=session.pk).values("concept_id")
            )
            .order_by("review_due_at")
            .values_list("concept_id", flat=True)
            .first()
        )
    if concept_id is None:
        return None
    return _next_question_in_concept(
        learner=learner, concept_id=concept_id, now=now, session=session
    )


@dataclass(frozen=True)
class ConceptMove:
    concept: Concept
    before: float | None
    after: float


def session_concept_moves(*, session: PracticeSession) -> list[ConceptMove]:
    """How each concept practised in the session moved, first estimate to last (1 query)."""
    first: dict[int, Attempt] = {}
    last: dict[int, Attempt] = {}
    for attempt in session.attempts.select_related("concept").order_by("created_at", "pk"):
        first.setdefault(attempt.concept_id, attempt)
        last[attempt.concept_id] = attempt
    return [
        ConceptMove(concept=a.concept, before=a.mastery_before, after=last[cid].mastery_after)
        for cid, a in first.items()
    ]


def session_attempts(*, session: PracticeSession) -> QuerySet[Attempt]:
    return session.attempts.select_related("question").order_by("created_at", "pk")
