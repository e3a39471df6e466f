"""Simulated learners driven through the real answer path, each with a stated expectation.

Every scenario builds its own small concept with the curriculum services, registers a
learner, and practises the way the pages do: ``session_start``, ``session_next_question``,
``session_serve``, ``attempt_record`` (grading, evidence, mastery, review, stats, badges)
and ``session_complete``. Time is simulated: answers are ``ANSWER_EVERY`` apart and later
sittings days later, so "no decay within a sitting" and "review needed after days" are
tested, not assumed. Nothing is mocked.

``run_all()`` returns one dict per scenario: ``expectation`` (in words), ``passed`` and what
was observed. ``bench/mastery_scenarios.py`` prints them as JSON; the tests in
``tests/progress/mastery/test_scenarios.py`` assert every one passes. Deterministic: each
learner's random choices come from ``random.Random(seed)``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils.text import slugify

from accounts.models import User
from accounts.services import student_register
from learning.models import Concept, Question
from learning.services import concept_create, question_create, subject_create, topic_create
from progress.mastery import ledger
from progress.mastery.bkt import DEFAULT_PARAMS
from progress.mastery.selectors import status_now
from progress.mastery.status import STATUS_MASTERED, STATUS_REVIEW_NEEDED
from progress.models import ConceptMastery, PracticeSession
from progress.practice.answers import attempt_record
from progress.practice.selectors import session_next_question
from progress.practice.sessions import session_complete, session_serve, session_start
from progress.reports.dashboard import student_dashboard

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
ANSWER_EVERY = timedelta(seconds=20)

# A learner policy: (question, rng, answer shown before?) -> whether to answer right.
Policy = Callable[[Question, random.Random, bool], bool]


@dataclass
class Practice:
    """One simulated learner on one concept, with the clock they answer by."""

    learner: User
    concept: Concept
    now: datetime = START
    log: list[dict] = field(default_factory=list)  # one entry per answer
    seen: set[int] = field(default_factory=set)  # questions whose answer was shown

    def row(self) -> ConceptMastery | None:
        return ConceptMastery.objects.filter(learner=self.learner, concept=self.concept).first()

    def status(self, at: datetime | None = None) -> str:
        return status_now(self.row(), now=at or self.now)

    def session(self, policy: Policy, rng: random.Random, *, limit: int | None = None) -> int:
        """One concept session, as the pages run it, until it ends or ``limit`` answers."""
        session = session_start(learner=self.learner, concept=self.concept, now=self.now)
        answered = 0
        while limit is None or answered < limit:
            session = PracticeSession.objects.get(pk=session.pk)
            question = session_next_question(session=session, now=self.now)
            if question is None:
                break
            session_serve(session=session, question=question, now=self.now)
            self.answer(question, policy(question, rng, question.pk in self.seen), session)
            answered += 1
        session_complete(session=PracticeSession.objects.get(pk=session.pk), now=self.now)
        return answered

    def answer(self, question: Question, correct: bool, session=None) -> None:
        """Record one answer, right or wrong, as the answer page would."""
        picked = [next(c.pk for c in question.choices.all() if c.is_correct == correct)]
        recorded = attempt_record(
            learner=self.learner,
            question=question,
            response={"choices": picked},
            client_token=uuid.uuid4(),
            now=self.now,
            session=session,
        )
        self.seen.add(question.pk)  # the feedback page shows the answer
        row = recorded.concept_mastery
        self.log.append(
            {
                "question": question.pk,
                "correct": recorded.attempt.is_correct,
                "evidence": recorded.attempt.evidence,
                "estimate": round(row.p_known, 4),
                "status": row.status,
            }
        )
        self.now += ANSWER_EVERY

    def first_mastered(self) -> int | None:
        """1-based index of the answer after which the concept was first mastered."""
        return next(
            (i for i, e in enumerate(self.log, start=1) if e["status"] == STATUS_MASTERED), None
        )

    def distinct_before_mastery(self) -> int:
        n = self.first_mastered() or len(self.log)
        return len({e["question"] for e in self.log[:n]})


def _concept(name: str, questions: int, *, choices: int = 4) -> Concept:
    """A concept of ``questions`` single-choice questions with ``choices`` options each."""
    tag = uuid.uuid4().hex[:8]
    slug = slugify(name)
    subject = subject_create(name=f"Scenarios {tag}", slug=f"scenarios-{tag}")
    topic = topic_create(subject=subject, name=f"{name} topic", slug=f"{slug}-topic-{tag}")
    concept = concept_create(topic=topic, name=name, slug=f"{slug}-{tag}")
    for n in range(questions):
        question_create(
            concept=concept,
            kind=Question.Kind.SINGLE,
            prompt=f"{name}: question {n + 1}",
            choices=[(f"Option {k + 1}", k == n % choices, "") for k in range(choices)],
            explanation="The right option is shown after each answer.",
            status=Question.Status.PUBLISHED,
            order=n,
        )
    return concept


def _learner(name: str) -> User:
    tag = uuid.uuid4().hex[:8]
    return student_register(
        username=f"{name}-{tag}",
        email=f"{name}-{tag}@example.com",
        password=uuid.uuid4().hex,
        first_name=name.title(),
        last_name="Simulated",
    )


def _guess(question: Question, rng: random.Random, seen: bool) -> bool:
    return rng.random() < 0.25  # one of four options, blindly: right one time in four


def _knower(question: Question, rng: random.Random, seen: bool) -> bool:
    return True


def _repeater(question: Question, rng: random.Random, seen: bool) -> bool:
    """Knows nothing, but picks the answer the last feedback page revealed for it."""
    return True if seen else rng.random() < 0.25


# --- the scenarios ------------------------------------------------------------------------


def random_guesser(seed: int = 1) -> dict:
    rng = random.Random(seed)
    p = Practice(_learner("guesser"), _concept("Guessing", 60))
    while len(p.log) < 60:
        p.session(_guess, rng)
    mastered = [i for i, e in enumerate(p.log, start=1) if e["status"] == STATUS_MASTERED]
    after_20 = p.log[19]["estimate"]
    return {
        "expectation": "a random guesser on 4-choice questions is never mastered in 60 "
        "answers, and reads below 50% after 20",
        "passed": not mastered and after_20 < 0.5,
        "answers": len(p.log),
        "right": sum(e["correct"] for e in p.log),
        "estimate_after_20": after_20,
        "highest_estimate": max(e["estimate"] for e in p.log),
        "ever_mastered": bool(mastered),
    }


def revealed_answer_repeater(seed: int = 2) -> dict:
    """The demo journey: a 4-question concept, then the revealed answers again and again."""
    rng = random.Random(seed)
    p = Practice(_learner("repeater"), _concept("Four questions", 4))
    lengths = [p.session(_repeater, rng) for _ in range(10)]
    repeats = p.log[4:]
    return {
        "expectation": "a learner who always picks the answer revealed on the last feedback "
        "page is never mastered from repeats alone",
        "passed": all(e["status"] != STATUS_MASTERED for e in p.log)
        and all(e["evidence"] == 0 for e in repeats),
        "session_lengths": lengths,
        "answers": len(p.log),
        "right": sum(e["correct"] for e in p.log),
        "estimate_after_first_session": p.log[3]["estimate"],
        "estimate_at_end": p.log[-1]["estimate"],
        "status_at_end": p.status(),
    }


def knower(seed: int = 3) -> dict:
    rng = random.Random(seed)
    p = Practice(_learner("knower"), _concept("Known", 10))
    p.session(_knower, rng)
    first = p.first_mastered()
    return {
        "expectation": "a learner who knows the concept is mastered only after at least three "
        "distinct questions, and within about eight answers",
        "passed": first is not None and p.distinct_before_mastery() >= 3 and first <= 8,
        "mastered_after_answers": first,
        "distinct_questions_by_then": p.distinct_before_mastery(),
        "estimates": [e["estimate"] for e in p.log[: (first or len(p.log))]],
    }


MAX_FURTHER = 10


def late_learner(seed: int = 4) -> dict:
    rng = random.Random(seed)
    p = Practice(_learner("late"), _concept("Late", 16))

    def wrong_five_times_then_right(question: Question, rng: random.Random, seen: bool) -> bool:
        return len(p.log) >= 5

    while p.first_mastered() is None and len(p.log) < 16:
        p.session(wrong_five_times_then_right, rng)
    first = p.first_mastered()
    further = None if first is None else first - 5
    return {
        "expectation": f"a learner wrong five times, then right from then on, is mastered "
        f"within {MAX_FURTHER} further answers",
        "passed": further is not None and 0 < further <= MAX_FURTHER,
        "further_answers_to_mastery": further,
        "estimates": [e["estimate"] for e in p.log[: first or len(p.log)]],
    }


def mastered_then_no_practice(seed: int = 5) -> dict:
    rng = random.Random(seed)
    p = Practice(_learner("resting"), _concept("Resting", 10))
    p.session(_knower, rng)
    row = p.row()
    checks = {
        "right_after": p.now,
        "one_hour_later": p.now + timedelta(hours=1),
        "eleven_hours_later": p.now + timedelta(hours=11),
        "one_day_later": p.now + timedelta(days=1),
        "at_the_review_date": row.review_due_at,
        "sixty_days_later": p.now + timedelta(days=60),
    }
    statuses = {name: p.status(at) for name, at in checks.items()}
    dashboards = {
        name: [r.concept_id for r in student_dashboard(learner=p.learner, now=at)["due"]]
        for name, at in checks.items()
    }
    same_sitting = ("right_after", "one_hour_later", "eleven_hours_later")
    agree = all(
        (statuses[name] == STATUS_REVIEW_NEEDED) == (p.concept.pk in dashboards[name])
        for name in checks
    )
    return {
        "expectation": 'a mastered concept with no practice is "review needed" only after '
        "simulated days, never within the same sitting, and the dashboard's due list agrees",
        "passed": row.status == STATUS_MASTERED
        and all(statuses[n] == STATUS_MASTERED for n in same_sitting)
        and statuses["at_the_review_date"] == STATUS_REVIEW_NEEDED
        and statuses["sixty_days_later"] == STATUS_REVIEW_NEEDED
        and agree,
        "review_due_after_days": round((row.review_due_at - p.now).total_seconds() / 86400, 2),
        "statuses": statuses,
        "dashboard_agrees": agree,
    }


SINGLE_MAX = 0.6


def single_correct_first_answer(seed: int = 6) -> dict:
    rng = random.Random(seed)
    estimates = {}
    for options in (2, 4):
        p = Practice(_learner("single"), _concept(f"One{options}", 3, choices=options))
        p.session(_knower, rng, limit=1)
        estimates[f"{options}_options"] = p.log[0]["estimate"]
    return {
        "expectation": f"a single correct first answer reads below about "
        f"{round(100 * SINGLE_MAX)}%",
        "passed": all(v <= SINGLE_MAX for v in estimates.values()),
        "estimates": estimates,
    }


SCENARIOS: dict[str, Callable[[], dict]] = {
    "random_guesser": random_guesser,
    "revealed_answer_repeater": revealed_answer_repeater,
    "knower": knower,
    "late_learner": late_learner,
    "mastered_then_no_practice": mastered_then_no_practice,
    "single_correct_first_answer": single_correct_first_answer,
}


def guesser_population(n: int) -> dict:
    """Share of ``n`` seeded random guessers (60 answers on 60 four-choice questions, one
    sitting) ever mastered, and reading >= 50% at answer 20, through the pure ledger."""
    start = START
    mastered = high_at_20 = 0
    for seed in range(n):
        rng, state, ever = random.Random(seed), None, False
        for i in range(60):
            right = rng.random() < 0.25
            state = ledger.advance_concept(
                state,
                question_id=i,
                chance=0.25,
                score=float(right),
                is_correct=right,
                hints_used=0,
                confidence=None,
                learner_attempts_before=i,
                now=start + timedelta(seconds=20 * i),
                params=DEFAULT_PARAMS,
            ).state
            ever = ever or state.status == "mastered"
            if i == 19:
                high_at_20 += state.p_known >= 0.5
        mastered += ever
    return {
        "guessers": n,
        "share_ever_mastered_in_60": round(mastered / n, 4),
        "share_at_or_above_50_percent_after_20": round(high_at_20 / n, 4),
    }


def run_all() -> dict[str, dict]:
    return {name: scenario() for name, scenario in SCENARIOS.items()}
