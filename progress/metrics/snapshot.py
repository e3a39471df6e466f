"""What a learner has achieved so far, as already loaded by the answer path (pure).

Badge rules evaluate against this snapshot: no extra queries per badge, so the answer
POST costs the same whether 5 or 200 badges exist.
"""

from dataclasses import dataclass, field

from progress.mastery.rollups import ConceptRef

RECENT_WINDOW = 50  # how many latest answers are kept for "accuracy over the last N"


@dataclass(frozen=True)
class LearnerSnapshot:
    learner_id: int
    total_attempts: int = 0
    correct_attempts: int = 0
    current_streak: int = 0
    longest_streak: int = 0
    concepts_mastered: int = 0
    reviews_on_time: int = 0
    total_points: int = 0
    recent_results: tuple[bool, ...] = ()  # oldest first, at most RECENT_WINDOW
    mastered_concept_ids: frozenset[int] = frozenset()
    concept_refs: tuple[ConceptRef, ...] = ()


@dataclass(frozen=True)
class SessionResult:
    """A completed session, for rules like "a perfect session" or "an activity passed"."""

    session_id: int
    question_count: int
    correct_count: int
    score_percent: int
    activity_id: int | None = None
    pass_mark: int | None = None
    mode: str = "practice"

    @property
    def passed(self) -> bool:
        return self.pass_mark is not None and self.score_percent >= self.pass_mark


@dataclass(frozen=True)
class Event:
    """What just happened: the rules an event can move are the only ones evaluated."""

    kind: str  # "attempt_recorded" | "session_completed" | "concept_mastered"
    snapshot: LearnerSnapshot
    session: SessionResult | None = None
    concept_id: int | None = None
    extra: dict = field(default_factory=dict)


def push_result(recent: tuple[bool, ...] | list[bool], is_correct: bool) -> tuple[bool, ...]:
    return (*tuple(recent)[-(RECENT_WINDOW - 1) :], is_correct)
