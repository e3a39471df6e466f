"""Fit per-concept mastery parameters from the recorded attempts (ORM glue).

The maths is :func:`progress.mastery.fit`, the same EM code the benchmark runs; this
module only turns ``Attempt`` rows into the sequences it takes and writes the result to
``MasteryParameters``.

* One sequence per learner, all concepts interleaved in the order answered
  (``created_at``, then ``pk``), so the gap steps the app uses (questions elsewhere since
  the last attempt on this concept) are the ones the fit sees.
* An answer counts as correct when its effective score (score after the hint penalty,
  :func:`progress.mastery.effective_score`, the evidence the live update uses) is at
  least one half: the fit takes 0/1 responses only.
* Practice answers (``Attempt.evidence == 0``: the same question again within a sitting
  of seeing its answer, ``progress.mastery.evidence``) are left out: the live model does
  not learn from them either.
* ``gap_forget`` is not stored per concept (the app always uses the default), so it is
  held at the default while ``forget`` is fitted, and the stored ``forget`` is the one
  that goes with it.
* A concept with fewer than ``min_responses`` responses or ``MIN_FIT_STUDENTS`` learners
  is not fitted: no row is written, and an existing row (an earlier fit or an author's
  values) is left as it is.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning.models import Concept
from progress.mastery.bkt import BKTParams, effective_score
from progress.mastery.em import MIN_FIT_RESPONSES, MIN_FIT_STUDENTS, fit
from progress.models import Attempt, MasteryParameters

ATTEMPT_CHUNK = 20_000
CORRECT_FROM = 0.5


@dataclass(frozen=True)
class ConceptFit:
    """One concept's line of the report."""

    concept: Concept
    responses: int
    learners: int
    params: BKTParams | None  # None: too little data, nothing written
    had_row: bool  # a MasteryParameters row existed before this run

    @property
    def fitted(self) -> bool:
        return self.params is not None


@dataclass(frozen=True)
class FitReport:
    concepts: list[ConceptFit]
    attempts: int  # attempts read (all concepts, for the gap steps)
    min_responses: int
    min_learners: int
    iterations: int
    dry_run: bool
    fitted_at: datetime

    @property
    def fitted(self) -> list[ConceptFit]:
        return [c for c in self.concepts if c.fitted]

    @property
    def kept(self) -> list[ConceptFit]:
        return [c for c in self.concepts if not c.fitted]


def _load_sequences(
    *, concept: Concept | None
) -> tuple[list[tuple[list[int], list[int]]], Counter[int], Counter[int], int]:
    """Per-learner (concept ids, 0/1) sequences in answer order, plus counts per concept.

    With ``concept``, only learners who answered it are read, but all their attempts, so
    the gap steps are right.
    """
    attempts = Attempt.objects.filter(evidence__gt=0).order_by("learner_id", "created_at", "pk")
    if concept is not None:
        attempts = attempts.filter(
            learner_id__in=Attempt.objects.filter(concept=concept).values("learner_id")
        )
    rows = attempts.values_list("learner_id", "concept_id", "score", "hints_used")
    sequences: list[tuple[list[int], list[int]]] = []
    responses: Counter[int] = Counter()
    learners: Counter[int] = Counter()
    current_learner = None
    skills: list[int] = []
    correct: list[int] = []
    seen: set[int] = set()
    total = 0
    for learner_id, concept_id, score, hints_used in rows.iterator(chunk_size=ATTEMPT_CHUNK):
        if learner_id != current_learner:
            if skills:
                sequences.append((skills, correct))
            current_learner, skills, correct, seen = learner_id, [], [], set()
        skills.append(concept_id)
        correct.append(int(effective_score(score, hints_used) >= CORRECT_FROM))
        responses[concept_id] += 1
        if concept_id not in seen:
            seen.add(concept_id)
            learners[concept_id] += 1
        total += 1
    if skills:
        sequences.append((skills, correct))
    return sequences, responses, learners, total


def mastery_parameters_fit(
    *,
    now: datetime,
    min_responses: int | None = None,
    dry_run: bool = False,
    concept: Concept | None = None,
) -> FitReport:
    """Fit every concept (or only ``concept``) and upsert its ``MasteryParameters``.

    Concepts with too little data keep their parameters (the defaults when they have no
    row). All writes happen in one transaction; ``dry_run=True`` writes nothing and
    returns the same report.
    """
    if min_responses is None:
        min_responses = MIN_FIT_RESPONSES
    if min_responses < 1:
        raise ValidationError(_("The minimum number of responses must be at least 1."))
    min_learners = MIN_FIT_STUDENTS
    concepts = (
        [concept]
        if concept is not None
        else list(
            Concept.objects.select_related("topic__subject").order_by(
                "topic__subject__name", "topic__order", "topic__name", "order", "name"
            )
        )
    )
    sequences, responses, learners, total = _load_sequences(concept=concept)
    result = (
        fit(
            sequences,
            fit_forget=True,
            fit_gap_forget=False,
            min_responses=min_responses,
            min_students=min_learners,
        )
        if sequences  # fit cannot pack an empty data set
        else None
    )
    fitted_skills = result.fitted_skills if result is not None else frozenset()
    existing = set(
        MasteryParameters.objects.filter(concept__in=concepts).values_list("concept_id", flat=True)
    )
    lines = [
        ConceptFit(
            concept=c,
            responses=responses[c.pk],
            learners=learners[c.pk],
            params=result.params[c.pk] if c.pk in fitted_skills else None,
            had_row=c.pk in existing,
        )
        for c in concepts
    ]
    if not dry_run:
        with transaction.atomic():
            for line in lines:
                if line.params is None:
                    continue
                MasteryParameters.objects.update_or_create(
                    concept=line.concept,
                    defaults={
                        "prior": line.params.prior,
                        "learn": line.params.learn,
                        "slip": line.params.slip,
                        "guess": line.params.guess,
                        "forget": line.params.forget,
                        "fitted_at": now,
                        "fitted_on_attempts": line.responses,
                    },
                )
    return FitReport(
        concepts=lines,
        attempts=total,
        min_responses=min_responses,
        min_learners=min_learners,
        iterations=result.iterations if result is not None else 0,
        dry_run=dry_run,
        fitted_at=now,
    )
