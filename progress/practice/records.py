"""Building the record of one answer: the one way an ``Attempt`` row is made.

The answer path (``practice.answers``) and imported histories (``practice.history``: synced,
simulated or migrated answers) both call :func:`attempt_build`, so every row carries the
same fields, the same snapshot of the question and the same mastery step, whichever way it
arrived.
"""

import uuid
from datetime import date, datetime

from learning import grading
from learning.models import Question
from progress.mastery.bkt import MasteryStep
from progress.models import Attempt

MAX_RESPONSE_TEXT = 1000


def question_snapshot(question: Question, spec: grading.QuestionSpec) -> dict:
    """The question as shown: what "why this number", feedback and exports read later, so
    editing the question never rewrites history. Its format and language say how xAPI and
    exports turn the text into plain text and which language tag they carry."""
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "prompt_format": question.prompt_format,
        "language": question.content_language,
        "explanation": question.explanation,
        "choices": [
            {
                "id": c.id,
                "text": c.text,
                "is_correct": c.is_correct,
                "feedback": c.feedback,
                "weight": c.weight,
            }
            for c in spec.choices
        ],
        "numeric_answer": None if spec.numeric_answer is None else str(spec.numeric_answer),
        "tolerance": str(spec.tolerance),
        # Moodle-style answer rows, each with its own tolerance, credit and feedback.
        "numeric_answers": [
            {
                "id": a.id,
                "text": a.text,
                "is_correct": a.is_correct,
                "feedback": a.feedback,
                "weight": a.weight,
                "tolerance": None if a.tolerance is None else str(a.tolerance),
            }
            for a in spec.numeric_answers
        ],
        "case_sensitive": spec.case_sensitive,
    }


def attempt_build(
    *,
    learner_id: int,
    question_id: int,
    concept_id: int,
    session_id: int | None,
    client_token: uuid.UUID,
    graded: grading.GradeResult,
    snapshot: dict,
    seconds: float,
    hints_used: int,
    confidence: int | None,
    step: MasteryStep,
    created_at: datetime,
    local_date: date,
    response_locale: str = "",
) -> Attempt:
    """An unsaved ``Attempt`` for one graded answer and the mastery step it caused."""
    return Attempt(
        learner_id=learner_id,
        question_id=question_id,
        concept_id=concept_id,
        session_id=session_id,
        client_token=client_token,
        response=graded.response,
        response_text=graded.response_text[:MAX_RESPONSE_TEXT],
        response_locale=response_locale,
        score=graded.score,
        is_correct=graded.is_correct,
        time_taken_seconds=seconds,
        hints_used=hints_used,
        confidence=confidence,
        question_snapshot=snapshot,
        feedback=list(graded.feedback),
        mastery_before=step.p_before,
        mastery_decayed=step.p_decayed,
        mastery_after=step.p_after,
        gap_steps=step.gap_steps,
        elapsed_days=step.elapsed_days,
        evidence=step.evidence,
        created_at=created_at,
        local_date=local_date,
    )
