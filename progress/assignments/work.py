"""Where a student stands on an assignment, derived from their answers and mastery (pure: no
ORM, no clock read; ``now`` is passed in).

Nothing about an assignment's progress is stored: the selectors read the learner's
sessions started from the assignment and their mastery of its concepts, and
:func:`work_of` turns them into a status, a share done, a score and a sentence. So editing
an assignment re-reads the same history against the new target, and archiving it changes
nothing at all.

Targets:

- **practice until mastered**: every assigned concept (a topic: its practicable concepts)
  mastered at some point (``ConceptMastery.was_mastered``), wherever it was practised;
  done when the last of them was first mastered.
- **practice, N correct**: N correct answers in sessions started from the assignment;
  done at the N-th.
- **activity** (quiz or test): a session of the activity started from the assignment and
  submitted; done when first submitted, scored with the best submission.
- **review**: a review session started from the assignment and finished (it ends after its
  questions, or when nothing more is due) with at least one answer.

Statuses: ``done`` (finished by the due date), ``late`` (after it, and late work counts),
``missing`` (past the due date and not finished, or finished late when late work does not
count), ``in_progress`` (started), ``not_started``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

KIND_PRACTICE = "practice"
KIND_ACTIVITY = "activity"
KIND_REVIEW = "review"
GOAL_MASTERED = "mastered"
GOAL_CORRECT = "correct"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
LATE = "late"
MISSING = "missing"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, LATE, MISSING)
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    DONE: "Done",
    LATE: "Done late",
    MISSING: "Missing",
}
SESSION_COMPLETED = "completed"


@dataclass(frozen=True)
class Target:
    """What an assignment asks for, as this module needs it."""

    kind: str
    goal: str
    target_count: int
    concept_ids: tuple[int, ...]  # practice: the concepts to master
    due_at: datetime
    late_counts: bool


@dataclass(frozen=True)
class SessionFacts:
    """One practice session started from the assignment (its counters)."""

    status: str
    question_count: int
    correct_count: int
    score_total: float
    target_questions: int
    ended_at: datetime | None

    @property
    def submitted(self) -> bool:
        return self.status == SESSION_COMPLETED and self.question_count > 0

    @property
    def score_percent(self) -> int:
        return round(100 * self.score_total / self.question_count) if self.question_count else 0


@dataclass(frozen=True)
class MasteryFacts:
    was_mastered: bool
    mastered_at: datetime | None


@dataclass(frozen=True)
class Work:
    status: str
    progress: float  # share of the target reached, 0..1
    done_at: datetime | None
    score_percent: int | None
    summary: str
    started: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def progress_percent(self) -> int:
        return round(100 * self.progress)

    @property
    def is_finished(self) -> bool:
        return self.status in (DONE, LATE)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _practice_mastered(target: Target, mastery: Mapping[int, MasteryFacts], now: datetime):
    concepts = target.concept_ids
    mastered = [c for c in concepts if c in mastery and mastery[c].was_mastered]
    done_at = None
    if concepts and len(mastered) == len(concepts):
        done_at = max(mastery[c].mastered_at or now for c in mastered)
    progress = len(mastered) / len(concepts) if concepts else 0.0
    summary = f"{len(mastered)} of {_plural(len(concepts), 'concept')} mastered"
    return progress, done_at, None, summary, bool(mastered)


def _practice_correct(target: Target, sessions: Sequence[SessionFacts], nth: datetime | None):
    correct = sum(s.correct_count for s in sessions)
    done_at = nth if correct >= target.target_count else None
    progress = min(1.0, correct / target.target_count)
    summary = f"{min(correct, target.target_count)} of {target.target_count} correct answers"
    return progress, done_at, None, summary, False


def _activity(sessions: Sequence[SessionFacts]):
    submitted = [s for s in sessions if s.submitted]
    if submitted:
        best = max(s.score_percent for s in submitted)
        done_at = min(s.ended_at for s in submitted if s.ended_at is not None)
        return 1.0, done_at, best, f"Score {best}%", True
    answered = max((s.question_count for s in sessions), default=0)
    total = max((s.target_questions for s in sessions), default=0)
    progress = min(0.99, answered / total) if total else 0.0
    summary = f"{answered} of {_plural(total, 'question')} answered" if total else "Not started"
    return progress, None, None, summary, False


def _review(sessions: Sequence[SessionFacts]):
    answered = sum(s.question_count for s in sessions)
    finished = [s.ended_at for s in sessions if s.submitted and s.ended_at is not None]
    summary = f"{_plural(answered, 'question')} reviewed"
    if finished:
        return 1.0, min(finished), None, summary, True
    open_ = [s for s in sessions if s.status != SESSION_COMPLETED]
    total = max((s.target_questions for s in open_), default=0)
    current = max((s.question_count for s in open_), default=0)
    progress = min(0.99, current / total) if total else 0.0
    return progress, None, None, summary, False


def status_of(*, done_at: datetime | None, started: bool, target: Target, now: datetime) -> str:
    if done_at is not None:
        if done_at <= target.due_at:
            return DONE
        return LATE if target.late_counts else MISSING
    if now > target.due_at:
        return MISSING
    return IN_PROGRESS if started else NOT_STARTED


def work_of(
    target: Target,
    *,
    sessions: Sequence[SessionFacts],
    mastery: Mapping[int, MasteryFacts],
    nth_correct_at: datetime | None,
    now: datetime,
) -> Work:
    """Where one learner stands on one assignment."""
    if target.kind == KIND_ACTIVITY:
        progress, done_at, score, summary, touched = _activity(sessions)
    elif target.kind == KIND_REVIEW:
        progress, done_at, score, summary, touched = _review(sessions)
    elif target.goal == GOAL_CORRECT:
        progress, done_at, score, summary, touched = _practice_correct(
            target, sessions, nth_correct_at
        )
    else:
        progress, done_at, score, summary, touched = _practice_mastered(target, mastery, now)
    started = bool(sessions) or touched or done_at is not None
    status = status_of(done_at=done_at, started=started, target=target, now=now)
    if status == MISSING and done_at is not None:
        summary = f"{summary}; finished after the due date, which does not count"
    return Work(
        status=status,
        progress=progress,
        done_at=done_at,
        score_percent=score,
        summary=summary,
        started=started,
    )


def tally(works: Sequence[Work]) -> dict[str, int]:
    """How many learners are in each status (every status present, zero or not)."""
    counts = dict.fromkeys(STATUSES, 0)
    for w in works:
        counts[w.status] += 1
    return counts
