"""``manage.py fit_mastery`` and the service behind it, on synthetic attempts.

The attempts are simulated from known parameters with the model's own generative story
(know it or not; answer; maybe learn; maybe forget before the next question), so a
working fit must recover them.
"""

import io
import uuid
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from progress.mastery import fitting
from progress.mastery.bkt import BKTParams
from progress.mastery.em import MIN_FIT_STUDENTS
from progress.models import Attempt, MasteryParameters
from tests import factories

User = get_user_model()

TRUE = BKTParams(prior=0.3, learn=0.2, slip=0.1, guess=0.2, forget=0.02)
# Sampling error at 400 learners x 15 answers (seeded, so the run is repeatable).
TOLERANCE = {"prior": 0.07, "learn": 0.05, "slip": 0.04, "guess": 0.04, "forget": 0.03}
LEARNERS = 400
ANSWERS_EACH = 15
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _simulate(rng: np.random.Generator, params: BKTParams, length: int) -> list[int]:
    known = rng.random() < params.prior
    answers = []
    for t in range(length):
        if t:
            if not known:
                known = rng.random() < params.learn
            if known and rng.random() < params.forget:
                known = False
        p_correct = 1 - params.slip if known else params.guess
        answers.append(int(rng.random() < p_correct))
    return answers


def _attempt(*, learner, question, score: float, at: datetime, hints_used: int = 0) -> Attempt:
    return Attempt(
        learner=learner,
        question=question,
        concept_id=question.concept_id,
        client_token=uuid.uuid4(),
        response={},
        response_text="synthetic",
        score=score,
        is_correct=score >= 1,
        hints_used=hints_used,
        question_snapshot={},
        mastery_after=0.5,
        created_at=at,
        local_date=at.date(),
    )


@pytest.fixture
def practised():
    """One concept answered 15 times by each of 400 learners; another only 5 times."""
    rich = factories.QuestionFactory(concept__slug="well-practised").concept
    questions = factories.QuestionFactory.create_batch(3, concept=rich)
    thin_question = factories.QuestionFactory(concept__slug="barely-practised")
    learners = User.objects.bulk_create(factories.UserFactory.build_batch(LEARNERS))
    rng = np.random.default_rng(2025)
    attempts = []
    for n, learner in enumerate(learners):
        at = START + timedelta(hours=n)
        for t, correct in enumerate(_simulate(rng, TRUE, ANSWERS_EACH)):
            attempts.append(
                _attempt(
                    learner=learner,
                    question=questions[t % 3],
                    score=float(correct),
                    at=at + timedelta(minutes=t),
                )
            )
    for learner in learners[:5]:
        attempts.append(
            _attempt(learner=learner, question=thin_question, score=1.0, at=START - timedelta(1))
        )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    return rich, thin_question.concept


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("fit_mastery", *args, stdout=out)
    return out.getvalue()


def _stored(concept) -> dict[str, float]:
    row = MasteryParameters.objects.get(concept=concept)
    return {name: getattr(row, name) for name in TOLERANCE}


@pytest.mark.django_db
def test_recovers_the_parameters_the_attempts_were_simulated_from(practised):
    rich, thin = practised

    output = _run()

    fitted = _stored(rich)
    for name, tolerance in TOLERANCE.items():
        assert fitted[name] == pytest.approx(getattr(TRUE, name), abs=tolerance), name
    row = MasteryParameters.objects.get(concept=rich)
    assert row.fitted_on_attempts == LEARNERS * ANSWERS_EACH
    assert row.fitted_at is not None
    # The thin concept gets no row: it goes on using the defaults.
    assert not MasteryParameters.objects.filter(concept=thin).exists()
    rich_line = next(line for line in output.splitlines() if line.startswith("well-practised"))
    assert rich_line.split()[1:3] == [str(LEARNERS * ANSWERS_EACH), str(LEARNERS)]
    assert f"{fitted['slip']:.3f}" in rich_line
    thin_line = next(line for line in output.splitlines() if line.startswith("barely-practised"))
    assert thin_line.split()[1:3] == ["5", "5"]
    assert "kept defaults (too little data)" in thin_line


@pytest.mark.django_db
def test_dry_run_writes_nothing_but_prints_the_fit(practised):
    output = _run("--dry-run")

    assert not MasteryParameters.objects.exists()
    rich_line = next(line for line in output.splitlines() if line.startswith("well-practised"))
    assert "kept" not in rich_line
    assert "nothing was written" in output


@pytest.mark.django_db
def test_running_twice_gives_the_same_parameters_and_no_duplicates(practised):
    rich, _ = practised
    _run()
    first = _stored(rich)

    _run()

    assert _stored(rich) == first
    assert MasteryParameters.objects.count() == 1


@pytest.mark.django_db
def test_thin_concept_keeps_an_existing_row_untouched(practised):
    _, thin = practised
    MasteryParameters.objects.create(concept=thin, prior=0.4, learn=0.3)

    output = _run("--concept", thin.slug)

    row = MasteryParameters.objects.get(concept=thin)
    assert (row.prior, row.learn, row.fitted_at) == (0.4, 0.3, None)
    assert "kept current (too little data)" in output
    assert "well-practised" not in output  # only the concept asked for is reported


@pytest.mark.django_db
def test_min_responses_lets_a_small_concept_be_fitted_only_with_enough_learners(practised):
    _, thin = practised
    # 5 responses pass --min-responses 5, but 5 learners are still fewer than needed.
    assert MIN_FIT_STUDENTS > 5
    report = fitting.mastery_parameters_fit(now=NOW, min_responses=5, concept=thin)
    assert report.fitted == []

    report = fitting.mastery_parameters_fit(now=NOW, min_responses=5)
    assert [line.concept.slug for line in report.fitted] == ["well-practised"]


@pytest.mark.django_db
def test_answers_after_too_many_hints_count_as_wrong():
    question = factories.QuestionFactory()
    learners = User.objects.bulk_create(factories.UserFactory.build_batch(2))
    Attempt.objects.bulk_create(
        [
            _attempt(learner=learners[0], question=question, score=1.0, at=START, hints_used=2),
            _attempt(learner=learners[1], question=question, score=1.0, at=START, hints_used=1),
        ]
    )
    sequences, responses, learner_counts, total = fitting._load_sequences(concept=None)
    # 1 - 2 x 0.3 = 0.4 of the evidence: wrong; 1 - 0.3 = 0.7: right.
    assert sorted(obs for _, obs in sequences) == [[0], [1]]
    assert (responses[question.concept_id], learner_counts[question.concept_id], total) == (2, 2, 2)


@pytest.mark.django_db
def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="No concept with the slug"):
        _run("--concept", "no-such-concept")
    with pytest.raises(CommandError, match="at least 1"):
        _run("--min-responses", "0")


@pytest.mark.django_db
def test_no_attempts_at_all_fits_nothing():
    concept = factories.ConceptFactory()

    report = fitting.mastery_parameters_fit(now=NOW)

    assert [(line.concept, line.fitted) for line in report.concepts] == [(concept, False)]
    assert not MasteryParameters.objects.exists()
