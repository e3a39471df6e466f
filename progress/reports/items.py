"""The class's item analysis: per question, how the class did (selector over the attempt log)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Q, QuerySet, Window
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
    rows_read: int  # rows fetched from the database: bounded by students x questions


CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE)


def _item_info(question: Question) -> analysis.ItemInfo:
    """What the question offers now (a choice picked but since removed is labelled so)."""
    if question.kind not in CHOICE_KINDS:
        return analysis.ItemInfo(question_id=question.pk)
    return analysis.ItemInfo(
        question_id=question.pk,
        choices=tuple(
            # A choice that earns any credit (a Moodle fraction above 0) is not a distractor.
            analysis.ChoiceInfo(
                id=c.pk, text=c.text, is_correct=c.is_correct or (c.weight or 0) > 0
            )
            for c in question.choices.all()
        ),
    )


def _attempts_in_scope(*, teacher: User, classroom: Classroom, concepts) -> QuerySet[Attempt]:
    attempts = Attempt.objects.filter(
        learner__in=classroom.students.all(), concept__in=concepts.values("pk")
    )
    if not teacher.is_superuser:
        # Checked inside the query: a wrong pairing yields an empty report.
        attempts = attempts.filter(
            Exists(
                Classroom.teachers.through.objects.filter(
                    classroom_id=classroom.pk, user_id=teacher.pk
                )
            )
        )
    return attempts.order_by()


def item_analysis(
    *, teacher: User, classroom: Classroom, filters: Mapping | None = None
) -> ItemAnalysis:
    """Per question answered by the class: attempts, % correct, median time, wrong answers
    picked, discrimination index and flags.

    The database does the counting; what comes back is bounded by the class and the
    curriculum, never by the history: one row per question (attempts, correct), one row
    per student and question (the first attempt), the questions with their choices.
    Queries: per-question totals, first attempts (a window), questions with concepts,
    their choices. ``teacher`` must teach the class (superusers see all).
    """
    filterset = ClassGridFilter(filters or None, queryset=Concept.objects.all())
    attempts = _attempts_in_scope(teacher=teacher, classroom=classroom, concepts=filterset.qs)
    totals = [
        analysis.ItemTotals(question_id=qid, attempts=n, correct=c)
        for qid, n, c in attempts.values("question_id")
        .annotate(n=Count("pk"), c=Count("pk", filter=Q(is_correct=True)))
        .values_list("question_id", "n", "c")
    ]
    first_rows = list(
        attempts.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("learner_id"), F("question_id")],
                order_by=[F("created_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank=1)
        .values_list(
            "learner_id",
            "question_id",
            "score",
            "is_correct",
            "time_taken_seconds",
            "response",
            "response_text",
        )
    )
    first = {
        (learner_id, question_id): analysis.Response(
            student_id=learner_id,
            question_id=question_id,
            score=score,
            is_correct=is_correct,
            seconds=seconds,
            choice_ids=tuple(response.get("choices", ())) if isinstance(response, dict) else (),
            text=text,
        )
        for learner_id, question_id, score, is_correct, seconds, response, text in first_rows
    }
    questions = list(
        Question.objects.filter(pk__in=[t.question_id for t in totals])
        .select_related("concept__topic")
        .prefetch_related("choices")
    )
    by_id = {q.pk: q for q in questions}
    stats = analysis.analyse_items(totals, first, {q.pk: _item_info(q) for q in questions})
    return ItemAnalysis(
        classroom=classroom,
        rows=[ItemRow(question=by_id[s.question_id], stats=s) for s in stats],
        filterset=filterset,
        students=len({sid for sid, _ in first}),
        rows_read=len(totals) + len(first_rows) + len(questions),
    )
