"""Where a student stands on an assignment (pure, no database): status, progress, summary."""

from datetime import UTC, datetime, timedelta

import pytest

from progress.assignments import work
from progress.assignments.dates import at_class_time, due_in_words, label
from progress.assignments.work import MasteryFacts, SessionFacts, Target

DUE = datetime(2026, 3, 6, 23, 59, tzinfo=UTC)
BEFORE, AFTER = DUE - timedelta(days=1), DUE + timedelta(days=1)


def target(kind="practice", goal="mastered", n=3, concepts=(1, 2), late=True):
    return Target(kind, goal, n, tuple(concepts), DUE, late)


def session(status="completed", answered=3, correct=3, score=3.0, of=3, ended=BEFORE):
    return SessionFacts(status, answered, correct, score, of, ended)


@pytest.mark.parametrize(
    ("mastery", "now", "status", "progress", "summary"),
    [
        ({}, BEFORE, work.NOT_STARTED, 0.0, "0 of 2 concepts mastered"),
        ({1: MasteryFacts(True, BEFORE)}, BEFORE, work.IN_PROGRESS, 0.5, "1 of 2 concepts"),
        ({1: MasteryFacts(True, BEFORE)}, AFTER, work.MISSING, 0.5, "1 of 2 concepts"),
        (
            {1: MasteryFacts(True, BEFORE), 2: MasteryFacts(True, BEFORE)},
            AFTER,
            work.DONE,
            1.0,
            "2 of 2 concepts mastered",
        ),
        (
            {1: MasteryFacts(True, BEFORE), 2: MasteryFacts(True, AFTER)},
            AFTER,
            work.LATE,
            1.0,
            "2 of 2",
        ),
        ({1: MasteryFacts(False, None)}, BEFORE, work.NOT_STARTED, 0.0, "0 of 2"),
    ],
)
def test_practice_until_mastered(mastery, now, status, progress, summary):
    w = work.work_of(target(), sessions=(), mastery=mastery, nth_correct_at=None, now=now)
    assert (w.status, w.progress) == (status, progress)
    assert summary in w.summary


def test_mastered_before_it_was_set_counts_as_done():
    long_ago = DUE - timedelta(days=90)
    mastery = {1: MasteryFacts(True, long_ago), 2: MasteryFacts(True, long_ago)}
    w = work.work_of(target(), sessions=(), mastery=mastery, nth_correct_at=None, now=BEFORE)
    assert w.status == work.DONE and w.done_at == long_ago


def test_late_work_that_does_not_count_is_missing_and_says_why():
    mastery = {1: MasteryFacts(True, AFTER), 2: MasteryFacts(True, AFTER)}
    w = work.work_of(
        target(late=False), sessions=(), mastery=mastery, nth_correct_at=None, now=AFTER
    )
    assert w.status == work.MISSING
    assert "after the due date, which does not count" in w.summary


@pytest.mark.parametrize(
    ("correct", "nth", "now", "status", "summary"),
    [
        (0, None, BEFORE, work.IN_PROGRESS, "0 of 5 correct answers"),
        (4, None, BEFORE, work.IN_PROGRESS, "4 of 5 correct answers"),
        (7, BEFORE, AFTER, work.DONE, "5 of 5 correct answers"),
        (5, AFTER, AFTER, work.LATE, "5 of 5"),
        (4, None, AFTER, work.MISSING, "4 of 5"),
    ],
)
def test_practice_n_correct(correct, nth, now, status, summary):
    sessions = [session(status="in_progress", answered=correct + 1, correct=correct, ended=None)]
    w = work.work_of(
        target(goal="correct", n=5), sessions=sessions, mastery={}, nth_correct_at=nth, now=now
    )
    assert w.status == status
    assert summary in w.summary
    assert w.progress == min(1.0, correct / 5)


def test_activity_done_when_submitted_with_the_best_score():
    first = session(answered=3, score=1.0, ended=BEFORE - timedelta(hours=1))
    retake = session(answered=3, score=3.0, ended=AFTER)
    w = work.work_of(
        target(kind="activity", concepts=()),
        sessions=[first, retake],
        mastery={},
        nth_correct_at=None,
        now=AFTER,
    )
    assert w.status == work.DONE  # the first submission was on time
    assert w.score_percent == 100 and w.summary == "Score 100%"


def test_activity_in_progress_counts_answered_questions():
    open_ = session(status="in_progress", answered=1, score=1.0, of=4, ended=None)
    w = work.work_of(
        target(kind="activity", concepts=()),
        sessions=[open_],
        mastery={},
        nth_correct_at=None,
        now=BEFORE,
    )
    assert (w.status, w.summary, w.progress) == (
        work.IN_PROGRESS,
        "1 of 4 questions answered",
        0.25,
    )


def test_a_review_is_done_when_a_review_session_with_answers_finishes():
    empty = session(answered=0, correct=0, score=0.0, ended=BEFORE)
    assert not empty.submitted
    w = work.work_of(
        target(kind="review", concepts=()),
        sessions=[empty],
        mastery={},
        nth_correct_at=None,
        now=BEFORE,
    )
    assert w.status == work.IN_PROGRESS
    finished = session(answered=4, ended=BEFORE)
    w = work.work_of(
        target(kind="review", concepts=()),
        sessions=[empty, finished],
        mastery={},
        nth_correct_at=None,
        now=AFTER,
    )
    assert (w.status, w.summary) == (work.DONE, "4 questions reviewed")


def test_tally_has_every_status():
    ws = [
        work.work_of(target(), sessions=(), mastery={}, nth_correct_at=None, now=t)
        for t in (BEFORE, AFTER, AFTER)
    ]
    assert work.tally(ws) == {
        "not_started": 1,
        "in_progress": 0,
        "done": 0,
        "late": 0,
        "missing": 2,
    }


def test_dates_on_the_class_clock_across_a_dst_change():
    # 29 March 2026: clocks go forward in London; 17:00 local is 16:00 UTC after it.
    before = at_class_time(
        datetime(2026, 3, 27).date(), datetime(2026, 1, 1, 17).time(), "Europe/London"
    )
    after = at_class_time(
        datetime(2026, 3, 30).date(), datetime(2026, 1, 1, 17).time(), "Europe/London"
    )
    assert before.astimezone(UTC).hour == 17 and after.astimezone(UTC).hour == 16
    assert label(after, "Europe/London") == "Mon 30 Mar 2026, 17:00"
    assert label(after, "Asia/Kolkata") == "Mon 30 Mar 2026, 21:30"


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(minutes=20), "due in 20 min"),
        (timedelta(hours=5), "due in 5 hours"),
        (timedelta(days=3), "due in 3 days"),
        (-timedelta(hours=1), "overdue by 1 hour"),
    ],
)
def test_due_in_words(delta, words):
    assert due_in_words(DUE, DUE - delta) == words
