"""The demo class's five students as people a teacher would recognise (a "living class").

Each named demo student gets two to six weeks of history shaped by a persona in
``demo.content.PERSONAS``: how long and how much they practised, how fast they learn,
which subject they work on, how many days ago they stopped, and (for the one who is
struggling) a concept they keep getting wrong at the end. So the teacher's first look at
the class dashboard shows mastered concepts, real struggles, a review backlog and one
student who has gone quiet, not a grid of "Not started".

Two halves, like ``demo.simulate``: :func:`persona_answers` is pure (no ORM, no clock);
:func:`personas_simulate` loads the curriculum and writes the histories through
``progress.practice.history.histories_import`` (the very replay ``recompute_progress``
checks), for the students who have no answers yet. Deterministic: student ``u`` gets
``random.Random(f"{seed}:persona:{u}")`` and the only other input is ``end`` (today).
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings

from accounts.models import StudentProfile, User
from demo.simulate import (
    SimAnswer,
    SimQuestion,
    answer_response,
    curriculum_questions,
    simulate_learner,
)
from learning import grading
from learning.models import Concept
from progress.mastery.bkt import BKTParams
from progress.models import MasteryParameters, params_from
from progress.practice.history import PastAnswer, histories_import

STEADY_AFTER_MISSES = 2


@dataclass(frozen=True)
class Persona:
    username: str
    days: int  # how many days of history (two to six weeks)
    answers: int
    ability: float  # how fast they learn: 0.5 slow .. 1.6 quick
    idle_days: int = 0  # days since they last practised
    subject: str | None = None  # subject slug they work on (None: the whole curriculum)
    struggle: str | None = None  # a concept slug they keep getting wrong at the end
    struggle_answers: int = 4


def persona_answers(
    *,
    persona: Persona,
    rng: random.Random,
    concepts: Sequence[int],
    questions: Mapping[int, list[SimQuestion]],
    params: Mapping[int, BKTParams],
    end: datetime,
    timezone_name: str,
    struggle_concept: int | None = None,
) -> list[SimAnswer]:
    """One persona's answers, ascending, all before ``end - idle_days`` (pure)."""
    last = end - timedelta(days=persona.idle_days)
    answers = simulate_learner(
        rng=rng,
        concepts=concepts,
        questions=dict(questions),
        params=dict(params),
        count=persona.answers,
        end=last,
        timezone_name=timezone_name,
        days=persona.days,
        ability=persona.ability,
    )
    answers = _steady(answers, rng=rng)
    options = questions.get(struggle_concept) if struggle_concept is not None else None
    if not answers or not options:
        return answers
    # The struggle: a run of wrong answers on one concept at the end of the last session
    # (a little before ``last``), the pattern "needs help" looks for.
    clock = min(answers[-1].created_at, last - timedelta(minutes=2 * persona.struggle_answers))
    answers = [a for a in answers if a.created_at < clock]
    for n in range(persona.struggle_answers):
        question = options[n % len(options)]
        clock += timedelta(seconds=rng.uniform(50, 100))
        answers.append(
            SimAnswer(
                question=question,
                created_at=clock,
                response=answer_response(question.spec, correct=False, rng=rng),
                seconds=round(rng.uniform(40, 90), 1),
                hints_used=0,
                confidence=1,
            )
        )
    return answers


def _steady(answers: list[SimAnswer], *, rng: random.Random) -> list[SimAnswer]:
    """After two misses in a row on a concept these students take a hint and get the next
    one right, so only the persona written to struggle shows a run of wrong answers."""
    misses: dict[int, int] = {}
    out = []
    for a in answers:
        concept = a.question.concept_id
        wrong = grading.grade(a.question.spec, a.response).score < 1
        if wrong and misses.get(concept, 0) >= STEADY_AFTER_MISSES:
            a = replace(
                a,
                response=answer_response(a.question.spec, correct=True, rng=rng),
                hints_used=min(1, a.question.hint_count),
            )
            wrong = False
        misses[concept] = misses.get(concept, 0) + 1 if wrong else 0
        out.append(a)
    return out


def personas_simulate(
    *, personas: Sequence[Persona], seed: int, end: datetime
) -> tuple[int, list[int]]:
    """Write the personas' histories for those who have none (attempts created, learners
    given a history). A persona whose user does not exist is skipped."""
    users = dict(
        User.objects.filter(username__in=[p.username for p in personas]).values_list(
            "username", "pk"
        )
    )
    personas = [p for p in personas if p.username in users]
    if not personas:
        return 0, []
    order, questions = curriculum_questions()
    subjects = dict(Concept.objects.filter(pk__in=order).values_list("pk", "topic__subject__slug"))
    slugs = dict(Concept.objects.filter(pk__in=order).values_list("slug", "pk"))
    params = {p.concept_id: params_from(p) for p in MasteryParameters.objects.all()}
    zones = dict(
        StudentProfile.objects.filter(user_id__in=users.values()).values_list("user_id", "timezone")
    )
    histories: dict[int, list[PastAnswer]] = {}
    timezones: dict[int, str] = {}
    for persona in personas:
        learner_id = users[persona.username]
        zone = zones.get(learner_id) or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE
        timezones[learner_id] = zone
        concepts = [c for c in order if persona.subject in (None, subjects.get(c))]
        answers = persona_answers(
            persona=persona,
            rng=random.Random(f"{seed}:persona:{persona.username}"),
            concepts=concepts,
            questions=questions,
            params=params,
            end=end,
            timezone_name=zone,
            struggle_concept=slugs.get(persona.struggle) if persona.struggle else None,
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
    imported = histories_import(histories=histories, timezones=timezones)
    return imported.attempts_created, imported.learners_imported
