"""Realistic attempt histories in bulk, for demos and benchmarks.

Each simulated learner works through the curriculum roughly in order over the last ~60
days, in bursts on active days. Behind every (learner, concept) there is a hidden
known/unknown state drawn from the mastery model itself: it starts known with ``prior``,
may be forgotten (``forget``) before an attempt, produces a correct answer with
``1 - slip`` (known) or ``guess`` (unknown), and becomes known with ``learn`` after each
attempt. Responses are real ones for the question's kind (choice ids, a number, a typed
answer), recorded through ``progress.practice.history.histories_import``: graded by the real
grader, so every row is what ``attempt_record`` would have stored.

Two halves: :func:`schedule`, :func:`answer_response` and :func:`simulate_learner` are pure
(no ORM, no clock); :func:`attempts_simulate` loads the curriculum, simulates each learner
and hands the answers to ``histories_import``, which replays them through the same ledger
``recompute_progress`` uses to check the answer path for drift.

Deterministic: learner ``u`` gets ``random.Random(f"{seed}:{u.username}")``, so the same
seed, curriculum and ``end`` give the same history whatever other learners exist.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch

from accounts.models import StudentProfile, User
from learning import grading
from learning.models import Choice, Question
from progress.mastery.bkt import DEFAULT_PARAMS, BKTParams
from progress.mastery.selectors import concept_refs
from progress.models import MasteryParameters, params_from
from progress.practice.answers import MAX_TIME_PER_QUESTION
from progress.practice.history import PastAnswer, histories_import

HISTORY_DAYS = 60
# Learners move on from a concept after a run of correct answers once they know it, or
# give up after this many attempts and come back to it later as a review.
MOVE_ON_STREAK = 3
GIVE_UP_AFTER = 20
REVIEW_SHARE = 0.15
HINT_SHARE = 0.08
MAX_SECONDS = MAX_TIME_PER_QUESTION.total_seconds()


# --- pure --------------------------------------------------------------------------


@dataclass(frozen=True)
class SimQuestion:
    """A published question as the simulation sees it."""

    id: int
    concept_id: int
    spec: grading.QuestionSpec
    hint_count: int


@dataclass(frozen=True)
class SimAnswer:
    """One simulated answer, before grading and the mastery ledger."""

    question: SimQuestion
    created_at: datetime
    response: dict
    seconds: float
    hints_used: int
    confidence: int | None


@dataclass
class _Hidden:
    known: bool
    attempts: int = 0
    streak: int = 0


def schedule(
    *, rng: random.Random, count: int, end: datetime, timezone_name: str, days: int = HISTORY_DAYS
) -> list[tuple[datetime, float]]:
    """``count`` answer times (UTC, ascending, all before ``end``) with seconds spent on each.

    Active days are a learner-specific share of the ``days`` local dates before ``end``'s;
    each day holds one or more bursts of 8-30 answers starting between 07:00 and 21:00
    local time, 15 minutes to 2.5 hours apart.
    """
    if count <= 0:
        return []
    zone = ZoneInfo(timezone_name)
    last_day = end.astimezone(zone).date() - timedelta(days=1)
    engagement = rng.uniform(0.45, 0.95)
    active = min(count, days, max(1, round(days * engagement)))
    chosen = sorted(rng.sample(range(days), active))
    per_day = _allocate(rng, count, active)
    out: list[tuple[datetime, float]] = []
    for offset, n in zip(chosen, per_day, strict=True):
        day = last_day - timedelta(days=days - 1 - offset)
        start_hour = rng.uniform(7, 12) if n > 30 else rng.uniform(7, 21)
        clock = _local(day, start_hour, zone)
        left = n
        while left:
            burst = min(left, rng.randint(8, 30))
            for _ in range(burst):
                seconds = min(MAX_SECONDS, rng.lognormvariate(3.4, 0.5))  # median about 30 s
                clock += timedelta(seconds=seconds + rng.uniform(3, 12))  # plus reading feedback
                out.append((clock, round(seconds, 1)))
            left -= burst
            clock += timedelta(minutes=rng.uniform(15, 150))
    latest = end - timedelta(minutes=1)
    if out[-1][0] > latest:  # a late burst ran past the end: slide the whole history back
        shift = out[-1][0] - latest
        out = [(at - shift, s) for at, s in out]
    return out


def _allocate(rng: random.Random, count: int, days: int) -> list[int]:
    """Split ``count`` over ``days`` uneven days, at least one each."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(days)]
    spare = count - days
    total = sum(weights)
    shares = [spare * w / total for w in weights]
    counts = [1 + int(s) for s in shares]
    by_remainder = sorted(range(days), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    return counts


def _local(day: date, hour: float, zone: ZoneInfo) -> datetime:
    minutes = int(hour * 60)
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return local.astimezone(UTC)  # arithmetic from here on is in real (UTC) time


def answer_response(spec: grading.QuestionSpec, *, correct: bool, rng: random.Random) -> dict:
    """A response a student could submit for ``spec``: right when ``correct``, else a
    plausible mistake (a wrong choice, a partly right selection, a number out of
    tolerance, an anticipated wrong answer)."""
    right = [c for c in spec.choices if c.is_correct]
    wrong = [c for c in spec.choices if not c.is_correct]
    if spec.kind in (grading.SINGLE, grading.TRUE_FALSE):
        pool = right if correct or not wrong else wrong
        return {"choices": [rng.choice(pool).id]}
    if spec.kind == grading.MULTIPLE:
        picked = {c.id for c in right}
        if not correct:
            if len(right) > 1 and (not wrong or rng.random() < 0.5):
                picked.discard(rng.choice(right).id)  # missed one
            if wrong and (picked == {c.id for c in right} or rng.random() < 0.5):
                picked.add(rng.choice(wrong).id)  # ticked a wrong one
        return {"choices": sorted(picked)}
    if spec.kind == grading.NUMERIC:
        value = spec.numeric_answer
        if not correct:
            sign = rng.choice((-1, 1))
            value = value + sign * (spec.tolerance + rng.choice((1, 2, 10)))
        return {"value": _plain(value)}
    # Short text: a right answer is one worth full credit, typed as is (no wildcard).
    full = [c for c in right if (c.weight is None or c.weight >= 1) and "*" not in c.text] or right
    if correct or not wrong:
        return {"value": rng.choice(full).text}
    return {"value": rng.choice(wrong).text}


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def simulate_learner(
    *,
    rng: random.Random,
    concepts: Sequence[int],
    questions: dict[int, list[SimQuestion]],
    params: dict[int, BKTParams],
    count: int,
    end: datetime,
    timezone_name: str,
) -> list[SimAnswer]:
    """``count`` answers of one learner working through ``concepts`` (curriculum order)."""
    concepts = [c for c in concepts if questions.get(c)]
    if not concepts or count <= 0:
        return []
    times = schedule(rng=rng, count=count, end=end, timezone_name=timezone_name)
    ability = rng.uniform(0.6, 1.6)  # some learners learn faster than others
    hidden: dict[int, _Hidden] = {}
    frontier = 0
    last_question: int | None = None
    answers = []
    for created_at, seconds in times:
        finished = frontier >= len(concepts)
        if finished or (frontier and rng.random() < REVIEW_SHARE):
            # Review: earlier concepts, recent ones more often.
            upto = min(frontier, len(concepts))
            concept_id = concepts[min(upto - 1, int(upto * (1 - rng.random() ** 2)))]
        else:
            concept_id = concepts[frontier]
        p = params.get(concept_id, DEFAULT_PARAMS)
        state = hidden.get(concept_id)
        if state is None:
            state = hidden[concept_id] = _Hidden(known=rng.random() < p.prior)
        elif state.known and rng.random() < p.forget:
            state.known = False
        options = questions[concept_id]
        if len(options) > 1:
            options = [q for q in options if q.id != last_question]
        question = rng.choice(options)
        last_question = question.id

        hints = 0
        if question.hint_count and not state.known and rng.random() < HINT_SHARE * 3:
            hints = rng.randint(1, question.hint_count)
        elif question.hint_count and rng.random() < HINT_SHARE / 4:
            hints = 1
        correct = rng.random() < ((1 - p.slip) if state.known else p.guess + 0.1 * hints)
        confidence = None
        if rng.random() < 0.7:
            confidence = rng.choice((2, 3, 3)) if state.known else rng.choice((1, 1, 2))
        answers.append(
            SimAnswer(
                question=question,
                created_at=created_at,
                response=answer_response(question.spec, correct=correct, rng=rng),
                seconds=seconds if state.known else min(MAX_SECONDS, seconds * 1.4),
                hints_used=hints,
                confidence=confidence,
            )
        )

        state.attempts += 1
        state.streak = state.streak + 1 if correct else 0
        if not state.known and rng.random() < min(1.0, p.learn * ability):
            state.known = True
        if concept_id == (concepts[frontier] if not finished else None) and (
            (state.known and state.streak >= MOVE_ON_STREAK) or state.attempts >= GIVE_UP_AFTER
        ):
            frontier += 1
    return answers


# --- database ----------------------------------------------------------------------


@dataclass
class SimulationResult:
    attempts_created: int = 0
    learners_simulated: list[int] = field(default_factory=list)
    learners_skipped: list[int] = field(default_factory=list)


def curriculum_questions() -> tuple[list[int], dict[int, list[SimQuestion]]]:
    """Concepts in curriculum order and their published questions (2 queries)."""
    order = [ref.concept_id for ref in concept_refs()]
    by_concept: dict[int, list[SimQuestion]] = {}
    published = (
        Question.objects.published()
        .filter(concept_id__in=order)
        .order_by("concept_id", "order", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
    )
    for question in published:
        spec = question.to_spec()
        by_concept.setdefault(question.concept_id, []).append(
            SimQuestion(
                id=question.pk,
                concept_id=question.concept_id,
                spec=spec,
                hint_count=len(question.hints),
            )
        )
    return order, by_concept


def attempts_simulate(
    *,
    learner_ids: Sequence[int],
    attempts_per_learner: int,
    seed: int,
    end: datetime,
) -> SimulationResult:
    """Give each learner without attempts ``attempts_per_learner`` simulated answers before
    ``end``, recorded through ``progress.practice.history.histories_import`` (graded, stored
    and with every derived table written as the answer path would have). Learners who
    already have attempts are skipped.
    """
    result = SimulationResult()
    if attempts_per_learner <= 0 or not learner_ids:
        return result
    concepts, questions = curriculum_questions()
    if not questions:
        return result
    params = {p.concept_id: params_from(p) for p in MasteryParameters.objects.all()}
    usernames = dict(User.objects.filter(pk__in=learner_ids).values_list("pk", "username"))
    zones = {
        pk: zone or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE
        for pk, zone in StudentProfile.objects.filter(user_id__in=learner_ids).values_list(
            "user_id", "timezone"
        )
    }
    histories = {}
    for learner_id in learner_ids:
        zone = zones.setdefault(learner_id, settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE)
        answers = simulate_learner(
            rng=random.Random(f"{seed}:{usernames[learner_id]}"),
            concepts=concepts,
            questions=questions,
            params=params,
            count=attempts_per_learner,
            end=end,
            timezone_name=zone,
        )
        histories[learner_id] = [
            PastAnswer(
                question_id=a.question.id,
                response=a.response,
                answered_at=a.created_at,
                seconds=a.seconds,
                hints_used=a.hints_used,
                confidence=a.confidence,
            )
            for a in answers
        ]
    imported = histories_import(histories=histories, timezones=zones)
    result.attempts_created = imported.attempts_created
    result.learners_simulated = imported.learners_imported
    result.learners_skipped = imported.learners_skipped
    return result
