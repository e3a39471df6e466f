"""Writes for assignments: set, edit, delete (archive), start, and one-click practice.

Nothing here ever changes a learner's answers, mastery or badges: an edit changes what the
assignment asks for from now on, and "delete" archives it (the sessions started from it
keep pointing at it, with a snapshot of what was assigned then). Bad input raises
``ValidationError`` before anything is written.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.localtime import local_date
from accounts.models import ClassGroup, Classroom, User
from learning.models import Activity, Concept, Question, Topic
from learning.selectors import practicable_concepts
from progress.assignments import dates
from progress.assignments.models import Assignment, AssignmentGroup, AssignmentSession
from progress.models import ConceptMastery, PracticeSession
from progress.practice.sessions import session_start
from progress.tasks import assignment_notices_task

MAX_CONCEPTS = 20
QUICK_DUE_DAYS = 7


@dataclass(frozen=True)
class AssignmentSpec:
    """What a teacher sets: everything the form asks, already parsed."""

    title: str
    opens_at: datetime
    due_at: datetime
    kind: str = Assignment.Kind.PRACTICE
    instructions: str = ""
    goal: str = Assignment.Goal.MASTERED
    target_count: int = 10
    concepts: list[Concept] = field(default_factory=list)
    topic: Topic | None = None
    activity: Activity | None = None
    late_counts: bool = True
    email_students: bool = False
    whole_class: bool = True
    groups: list[ClassGroup] = field(default_factory=list)
    students: list[User] = field(default_factory=list)


def assignment_notices_schedule(*, assignment: Assignment, now: datetime) -> None:
    """Once the transaction commits, run the notice task (the assignment may be open
    already); with a worker that can defer tasks, also at the open date and a day before
    the due date. Running it more often than needed is harmless: each notice is sent once."""
    moments = [
        m for m in (assignment.opens_at, assignment.due_at - dates.REMINDER_BEFORE) if m > now
    ]

    def enqueue() -> None:
        assignment_notices_task.enqueue()
        if assignment_notices_task.get_backend().supports_defer:
            for moment in moments:
                assignment_notices_task.using(run_after=moment).enqueue()

    transaction.on_commit(enqueue, robust=True)


def _check_target(spec: AssignmentSpec) -> None:
    if spec.kind not in Assignment.Kind.values:
        raise ValidationError(_("Choose practice, a quiz or test, or a review."), code="kind")
    if spec.kind == Assignment.Kind.PRACTICE:
        if bool(spec.topic) == bool(spec.concepts):
            raise ValidationError(
                _("Choose either concepts or one topic to practise."), code="what"
            )
        if len(spec.concepts) > MAX_CONCEPTS:
            raise ValidationError(
                _("Choose at most %(max_concepts)s concepts.") % {"max_concepts": MAX_CONCEPTS},
                code="concepts",
            )
        practicable = practicable_concepts()
        if spec.topic is not None and not practicable.filter(topic=spec.topic).exists():
            raise ValidationError(_("This topic has no questions to practise yet."), code="empty")
        ids = {c.pk for c in spec.concepts}
        if ids and practicable.filter(pk__in=ids).count() != len(ids):
            raise ValidationError(_("Some of those concepts have no questions yet."), code="empty")
        if spec.goal not in Assignment.Goal.values:
            raise ValidationError(
                _("Choose the target: mastered, or correct answers."), code="goal"
            )
        if not 1 <= spec.target_count <= 200:
            raise ValidationError(_("Ask for between 1 and 200 correct answers."), code="target")
    elif spec.topic or spec.concepts:
        raise ValidationError(_("Concepts and topics are for practice assignments."), code="what")
    if spec.kind == Assignment.Kind.ACTIVITY:
        activity = spec.activity
        if activity is None or activity.status != Activity.Status.PUBLISHED:
            raise ValidationError(_("Choose a published quiz or test."), code="activity")
        if not activity.items.filter(question__status=Question.Status.PUBLISHED).exists():
            raise ValidationError(_("This activity has no questions yet."), code="activity")
    elif spec.activity is not None:
        raise ValidationError(_("An activity is for quiz or test assignments."), code="activity")


def _check(*, classroom: Classroom, spec: AssignmentSpec) -> AssignmentSpec:
    title = " ".join(spec.title.split())
    if not title:
        raise ValidationError(_("Give the assignment a title."), code="title")
    if len(title) > 160 or len(spec.instructions) > 2000:
        raise ValidationError(_("The title or the instructions are too long."), code="length")
    _check_target(spec)
    if spec.due_at <= spec.opens_at:
        raise ValidationError(_("The due date must be after the open date."), code="dates")
    if any(g.classroom_id != classroom.pk for g in spec.groups):
        raise ValidationError(_("Choose groups of this class."), code="groups")
    if spec.students:
        members = set(
            classroom.students.filter(is_guest=False, role=User.Role.STUDENT).values_list(
                "pk", flat=True
            )
        )
        if any(s.pk not in members for s in spec.students):
            raise ValidationError(_("Choose students of this class."), code="students")
    if not spec.whole_class and not (spec.groups or spec.students):
        raise ValidationError(
            _("Choose who the assignment is for: the whole class, groups or students."),
            code="audience",
        )
    return spec


_FIELDS = (
    "instructions",
    "kind",
    "goal",
    "target_count",
    "topic",
    "activity",
    "opens_at",
    "due_at",
    "late_counts",
    "email_students",
    "whole_class",
)


def _apply(assignment: Assignment, spec: AssignmentSpec) -> None:
    assignment.title = " ".join(spec.title.split())
    for name in _FIELDS:
        setattr(assignment, name, getattr(spec, name))
    if spec.kind != Assignment.Kind.PRACTICE:
        assignment.topic = None
        assignment.goal = Assignment.Goal.MASTERED


def _set_relations(assignment: Assignment, spec: AssignmentSpec) -> None:
    assignment.concepts.set(spec.concepts if spec.kind == Assignment.Kind.PRACTICE else [])
    groups = [] if spec.whole_class else spec.groups
    AssignmentGroup.objects.filter(assignment=assignment).exclude(
        group__in=[g.pk for g in groups]
    ).delete()
    have = set(
        AssignmentGroup.objects.filter(assignment=assignment).values_list("group_id", flat=True)
    )
    AssignmentGroup.objects.bulk_create(
        AssignmentGroup(assignment=assignment, group=g) for g in groups if g.pk not in have
    )
    assignment.students.set([] if spec.whole_class else spec.students)


@transaction.atomic
def assignment_create(
    *, classroom: Classroom, teacher: User, spec: AssignmentSpec, now: datetime
) -> Assignment:
    """Set work for a class, groups or students; students are told once it is open."""
    spec = _check(classroom=classroom, spec=spec)
    if spec.due_at <= now:
        raise ValidationError(_("The due date has already passed."), code="past")
    assignment = Assignment(classroom=classroom, created_by=teacher, created_at=now, updated_at=now)
    _apply(assignment, spec)
    assignment.save()
    _set_relations(assignment, spec)
    assignment_notices_schedule(assignment=assignment, now=now)
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, spec: AssignmentSpec, now: datetime) -> Assignment:
    """Change what an active assignment asks, when, or for whom. Answers already given stay
    as they are and keep counting for it; notices already sent are not sent again."""
    if not assignment.is_active:
        raise ValidationError(_("A deleted assignment cannot be edited."), code="archived")
    spec = _check(classroom=assignment.classroom, spec=spec)
    _apply(assignment, spec)
    assignment.updated_at = now
    assignment.save()
    _set_relations(assignment, spec)
    assignment_notices_schedule(assignment=assignment, now=now)
    return assignment


@transaction.atomic
def assignment_archive(*, assignment: Assignment, now: datetime) -> Assignment:
    """ "Delete" for teachers: students no longer see it; the record stays, with every
    session started from it, so no answer ever loses what it was given for."""
    if assignment.is_active:
        assignment.status = Assignment.Status.ARCHIVED
        assignment.archived_at = now
        assignment.updated_at = now
        assignment.save(update_fields=["status", "archived_at", "updated_at"])
    return assignment


def _snapshot(assignment: Assignment) -> dict:
    return {
        "title": assignment.title,
        "kind": assignment.kind,
        "goal": assignment.goal,
        "target_count": assignment.target_count,
        "concepts": sorted(assignment.concepts.values_list("pk", flat=True)),
        "topic": assignment.topic_id,
        "activity": assignment.activity_id,
        "opens_at": assignment.opens_at.isoformat(),
        "due_at": assignment.due_at.isoformat(),
        "late_counts": assignment.late_counts,
    }


def _next_concept(assignment: Assignment, learner: User) -> Concept:
    concepts = list(practicable_concepts().filter(pk__in=assignment.concepts.all()))
    if not concepts:
        raise ValidationError(_("This assignment has nothing to practise any more."), code="empty")
    mastered = set(
        ConceptMastery.objects.filter(
            learner=learner, concept__in=concepts, was_mastered=True
        ).values_list("concept_id", flat=True)
    )
    return next((c for c in concepts if c.pk not in mastered), concepts[0])


@transaction.atomic
def assignment_start(*, assignment: Assignment, learner: User, now: datetime) -> PracticeSession:
    """Open the right practice for the assignment (or continue the one already open), and
    record that the session was started from it."""
    if not assignment.is_active:
        raise ValidationError(_("Your teacher deleted this assignment."), code="archived")
    if assignment.opens_at > now:
        raise ValidationError(_("This assignment is not open yet."), code="not_open")
    if now > assignment.due_at and not assignment.late_counts:
        raise ValidationError(
            _(
                "The due date has passed and late work does not count for this assignment. You "
                "can still practise from the subject pages."
            ),
            code="closed",
        )
    open_link = (
        AssignmentSession.objects.filter(
            assignment=assignment,
            learner=learner,
            session__status=PracticeSession.Status.IN_PROGRESS,
        )
        .select_related("session")
        .order_by("-started_at")
        .first()
    )
    if open_link is not None:
        return open_link.session
    if assignment.kind == Assignment.Kind.ACTIVITY:
        target = {"activity": assignment.activity}
    elif assignment.kind == Assignment.Kind.REVIEW:
        target = {"review_mode": True}
    elif assignment.topic_id:
        target = {"topic": assignment.topic}
    else:
        target = {"concept": _next_concept(assignment, learner)}
    session = session_start(learner=learner, now=now, **target)
    AssignmentSession.objects.create(
        session=session,
        assignment=assignment,
        learner=learner,
        title=assignment.title,
        assigned=_snapshot(assignment),
        started_at=now,
    )
    return session


@transaction.atomic
def assignment_quick_practice(
    *, classroom: Classroom, teacher: User, student: User, concept: Concept, now: datetime
) -> Assignment:
    """One click from "needs help": practise this concept until mastered, due in a week at
    the end of the day on the class's clock, for this student alone."""
    if not classroom.students.filter(pk=student.pk, is_guest=False).exists():
        raise ValidationError(_("That student is not in this class."), code="student")
    already = Assignment.objects.filter(
        classroom=classroom,
        status=Assignment.Status.ACTIVE,
        kind=Assignment.Kind.PRACTICE,
        due_at__gt=now,
        students=student,
        concepts=concept,
    ).first()
    if already is not None:
        raise ValidationError(
            _("%(name)s already has practice on %(concept)s due %(due)s."),
            params={
                "name": student.display_name,
                "concept": concept.name,
                "due": dates.label(already.due_at, classroom.timezone),
            },
            code="duplicate",
        )
    day = local_date(now, classroom.timezone) + timedelta(days=QUICK_DUE_DAYS)
    spec = AssignmentSpec(
        title=f"Practise {concept.name}",
        opens_at=now,
        due_at=dates.at_class_time(day, dates.END_OF_DAY, classroom.timezone),
        concepts=[concept],
        whole_class=False,
        students=[student],
    )
    return assignment_create(classroom=classroom, teacher=teacher, spec=spec, now=now)
