"""Helpers for the assignment tests: setting work through the real service, answering
through the real answer path inside assignment sessions."""

from datetime import UTC, datetime, timedelta

from progress.assignments.services import AssignmentSpec, assignment_create, assignment_start
from progress.models import PracticeSession
from progress.practice.selectors import session_next_question
from progress.practice.sessions import session_complete, session_serve
from tests.progress.helpers import record

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 9:00 in London (GMT)


def assign(classroom, teacher, *, now=NOW, due_in=timedelta(days=4), **fields):
    """Set an assignment (practice until mastered on ``concepts`` unless told otherwise)."""
    fields.setdefault("title", "Homework")
    fields.setdefault("opens_at", now)
    fields.setdefault("due_at", now + due_in)
    return assignment_create(
        classroom=classroom, teacher=teacher, spec=AssignmentSpec(**fields), now=now
    )


def work_through(assignment, learner, *, answers=3, correct=True, now=NOW, finish=False):
    """Start (or continue) the assignment and answer ``answers`` questions in it, a minute
    apart, as the question page would serve them. Returns the session."""
    session = assignment_start(assignment=assignment, learner=learner, now=now)
    moment = now
    for _ in range(answers):
        session.refresh_from_db()
        session.learner = learner
        if not session.is_open:
            break
        question = session_next_question(session=session, now=moment)
        if question is None:
            break
        session_serve(session=session, question=question, now=moment)
        moment += timedelta(seconds=40)
        record(learner, question, correct=correct, now=moment, session=session)
    session.refresh_from_db()
    if finish and session.status == PracticeSession.Status.IN_PROGRESS:
        session = session_complete(session=session, now=moment + timedelta(seconds=5))
    return session
