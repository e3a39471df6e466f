"""The class's item analysis: per question, how the class did (selector over the attempt log)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Exists, F, Window
from django.db.models.functions import RowNumber

from accounts.models import Classroom, User
from learning.models import Concept, Question
from progress.models import Attempt
from progress.reports import item_analysis as analysis
from progress.reports.filters import ClassGridFilter


@dataclass(frozen=True)
class ItemRow:
    question: Question
    stats: analysis.ItemStats

    @property
    def percent_correct(self) -> int:
        return round(100 * self.stats.share_correct)


@dataclass(frozen=True)
class ItemAnalysis:
    classroom: Classroom
    rows: list[ItemRow]
    filterset: ClassGridFilter
    students: int  # students with at least one answer in scope


def _item_info(question_id: int, snapshot: dict) -> analysis.ItemInfo:
    return analysis.ItemInfo(
        question_id=question_id,
        choices=tuple(
            # A choice that earns any credit (a Moodle fraction above 0) is not a distractor.
            analysis.ChoiceInfo(
                id=c["id"],
                text=c["text"],
                is_correct=c["is_correct"] or (c.get("weight") or 0) > 0,
            )
            for c in snapshot.get("choices", [])
            if snapshot.get("kind") in ("single", "multiple", "true_false")
        ),
    )


def item_analysis(
    *, teacher: User, classroom: Classroom, filters: Mapping | None = None
) -> ItemAnalysis:
    """Per question answered by the class: attempts, % correct, median time, wrong answers
    picked, discrimination index and flags (3 queries whatever the class size).

    Queries: the class's attempts in scope (a few columns each), the latest snapshot of
    each question answered (what was shown most recently: choice texts), the questions
    with their concepts. ``teacher`` must teach the class (superusers see all): checked
    inside the attempts query, so a wrong pairing yields an empty report.
    """
    filterset = ClassGridFilter(filters or None, queryset=Concept.objects.all())
    attempts = Attempt.objects.filter(
        learner__in=classroom.students.all(), concept__in=filterset.qs.values("pk")
    )
    if not teacher.is_superuser:
        attempts = attempts.filter(
            Exists(
                Classroom.teachers.through.objects.filter(
                    classroom_id=classroom.pk, user_id=teacher.pk
                )
            )
        )
    columns = (
        "learner_id",
        "question_id",
        "score",
        "is_correct",
        "time_taken_seconds",
        "response",
        "response_text",
    )
    responses = [
        analysis.Response(
            student_id=learner_id,
            question_id=question_id,
            score=score,
            is_correct=is_correct,
            seconds=seconds,
            choice_ids=tuple(response.get("choices", ())) if isinstance(response, dict) else (),
            text=text,
        )
        for learner_id, question_id, score, is_correct, seconds, response, text in (
            attempts.order_by("created_at", "pk").values_list(*columns)
        )
    ]
    question_ids = {r.question_id for r in responses}
    snapshots = (
        attempts.annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("question_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(recency=1)
        .values_list("question_id", "question_snapshot")
    )
    items = {qid: _item_info(qid, snap or {}) for qid, snap in snapshots}
    questions = Question.objects.filter(pk__in=question_ids).select_related("concept__topic")
    by_id = {q.pk: q for q in questions}
    stats = analysis.analyse(responses, items)
    return ItemAnalysis(
        classroom=classroom,
        rows=[ItemRow(question=by_id[s.question_id], stats=s) for s in stats],
        filterset=filterset,
        students=len({r.student_id for r in responses}),
    )
