"""Replaying a learner's answers, in order, into everything derived from them (pure).

One loop for every path that rebuilds history: ``recompute_progress`` (drift check and fix),
the guest merge (the combined log), and importing past answers (simulated or synced
histories). Each answer goes through the very functions the answer path applies one at a
time (``mastery.ledger.advance_concept``, ``metrics.totals``, ``metrics.metric_rows``,
``mastery.rollups``), which is what makes "no drift after normal use" true.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from progress.mastery import ledger, rollups
from progress.mastery.bkt import DEFAULT_PARAMS, BKTParams
from progress.mastery.status import STATUS_IN_PROGRESS, STATUS_MASTERED, STATUS_REVIEW_NEEDED
from progress.metrics import metric_rows
from progress.metrics.totals import Totals, totals_after


@dataclass(frozen=True)
class Answer:
    """What the replay needs of one recorded (or about to be recorded) answer."""

    concept_id: int
    topic_id: int
    question_id: int
    chance: float  # the question's blind-guess probability (mastery.evidence.chance_of)
    score: float
    is_correct: bool
    hints_used: int
    confidence: int | None
    seconds: float
    created_at: datetime
    local_date: date


@dataclass(frozen=True)
class Curriculum:
    """What the replay needs of the curriculum: parameters, roll-up refs, topic -> subject."""

    params: Mapping[int, BKTParams]
    refs: tuple[rollups.ConceptRef, ...]
    topic_subject: Mapping[int, int]

    def params_for(self, concept_id: int) -> BKTParams:
        return self.params.get(concept_id) or DEFAULT_PARAMS


@dataclass
class Replay:
    """Everything derived for one learner, as the answer path would have left it."""

    concepts: dict[int, ledger.ConceptState] = field(default_factory=dict)
    totals: Totals = field(default_factory=Totals)
    daily: dict[date, list[float]] = field(default_factory=dict)
    metric_values: dict[metric_rows.RowKey, metric_rows.Value] = field(default_factory=dict)
    snapshots: dict[tuple[date, str, str, str], float] = field(default_factory=dict)
    steps: list[ledger.ConceptAdvance] = field(default_factory=list)  # one per answer, in order

    @property
    def stats(self) -> dict[str, object]:
        """The ``LearnerStats`` fields derived from the answers (sessions are not)."""
        statuses = [s.status for s in self.concepts.values()]
        return {
            **self.totals.fields(),
            "concepts_mastered": statuses.count(STATUS_MASTERED),
            "concepts_in_progress": statuses.count(STATUS_IN_PROGRESS),
            "concepts_review_needed": statuses.count(STATUS_REVIEW_NEEDED),
        }


def replay(
    answers: Iterable[Answer], *, curriculum: Curriculum, goal: rollups.Goal | None
) -> Replay:
    out = Replay()
    for answer in answers:
        previous_day = out.totals.streak.last_active_date
        if previous_day is not None and answer.local_date > previous_day and out.metric_values:
            # The end of the previous active day, before anything changes today.
            for (dim, key, metric), value in out.metric_values.items():
                out.snapshots.setdefault((previous_day, dim, key, metric), value.value)
        advance = ledger.advance_concept(
            out.concepts.get(answer.concept_id),
            question_id=answer.question_id,
            chance=answer.chance,
            score=answer.score,
            is_correct=answer.is_correct,
            hints_used=answer.hints_used,
            confidence=answer.confidence,
            learner_attempts_before=out.totals.total_attempts,
            now=answer.created_at,
            params=curriculum.params_for(answer.concept_id),
        )
        out.steps.append(advance)
        out.concepts[answer.concept_id] = advance.state
        out.totals = totals_after(
            out.totals,
            is_correct=answer.is_correct,
            score=answer.score,
            seconds=answer.seconds,
            hints_used=answer.hints_used,
            review_on_time=advance.review_on_time,
            at=answer.created_at,
            local_date=answer.local_date,
        )
        day = out.daily.setdefault(answer.local_date, [0, 0, 0.0])
        day[0] += 1
        day[1] += int(answer.is_correct)
        day[2] += answer.seconds

        estimates = {cid: s.p_known for cid, s in out.concepts.items()}
        keys = metric_rows.dimension_keys(
            subject_id=curriculum.topic_subject[answer.topic_id],
            topic_id=answer.topic_id,
            goal=goal,
        )
        out.metric_values.update(
            metric_rows.apply_attempt(
                out.metric_values, keys=keys, is_correct=answer.is_correct, seconds=answer.seconds
            )
        )
        out.metric_values.update(
            metric_rows.mastery_rows(
                keys=keys,
                rollup=rollups.curriculum_rollup(curriculum.refs, estimates),
                goal_value=rollups.goal_rollup(curriculum.refs, estimates, goal),
            )
        )
        out.metric_values.update(metric_rows.streak_row(out.totals.streak.current))
    return out
