"""Reading what learners did for assignments, for many assignments and learners at once.

The selectors of every assignment page (the student's board, the teacher's status page,
the class list and CSV, the study plan's deadlines) go through :func:`works_for`: a fixed
number of queries whatever the number of assignments, learners or answers, then the pure
``work.work_of`` for each (assignment, learner).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from accounts.models import ClassGroup, Classroom
from learning.models import Concept
from learning.selectors import practicable_concepts
from progress.assignments import work
from progress.assignments.models import Assignment, AssignmentGroup, AssignmentSession
from progress.models import Attempt, ConceptMastery


@dataclass
class Targets:
    """Each assignment's target, and the concepts named in them (for labels and plans)."""

    by_assignment: dict[int, work.Target]
    concepts: dict[int, Concept]

    def concepts_of(self, assignment_id: int) -> list[Concept]:
        target = self.by_assignment[assignment_id]
        return [self.concepts[c] for c in target.concept_ids if c in self.concepts]


def targets_for(assignments: Sequence[Assignment]) -> Targets:
    """Targets of ``assignments`` (2 queries at most: the assigned concepts, the concepts of
    assigned topics; none when no assignment needs them)."""
    practice = [a for a in assignments if a.kind == Assignment.Kind.PRACTICE]
    by_topic = [a for a in practice if a.topic_id is not None]
    by_concepts = [a for a in practice if a.topic_id is None]
    concepts: dict[int, Concept] = {}
    chosen: dict[int, list[int]] = defaultdict(list)
    if by_concepts:
        through = Assignment.concepts.through.objects.filter(
            assignment_id__in=[a.pk for a in by_concepts]
        ).select_related("concept__topic__subject")
        for row in sorted(through, key=lambda r: _curriculum_key(r.concept)):
            chosen[row.assignment_id].append(row.concept_id)
            concepts[row.concept_id] = row.concept
    topic_concepts: dict[int, list[int]] = defaultdict(list)
    if by_topic:
        for concept in practicable_concepts().filter(topic_id__in={a.topic_id for a in by_topic}):
            topic_concepts[concept.topic_id].append(concept.pk)
            concepts[concept.pk] = concept
    by_assignment = {}
    for a in assignments:
        ids = topic_concepts[a.topic_id] if a.topic_id else chosen.get(a.pk, [])
        by_assignment[a.pk] = work.Target(
            kind=a.kind,
            goal=a.goal,
            target_count=a.target_count,
            concept_ids=tuple(ids) if a.kind == Assignment.Kind.PRACTICE else (),
            due_at=a.due_at,
            late_counts=a.late_counts,
        )
    return Targets(by_assignment=by_assignment, concepts=concepts)


def _curriculum_key(c: Concept) -> tuple:
    t = c.topic
    return (t.subject.order, t.subject.name, t.order, t.name, c.order, c.name, c.pk)


@dataclass
class Audience:
    """Who each assignment is for, before intersecting with the class's students."""

    whole_class: set[int] = field(default_factory=set)
    groups: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    students: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def recipients(self, assignment_id: int, class_students: Iterable[int]) -> set[int]:
        students = set(class_students)
        if assignment_id in self.whole_class:
            return students
        chosen = set(self.students.get(assignment_id, ()))
        for group_id in self.groups.get(assignment_id, ()):
            chosen |= self.members.get(group_id, set())
        return chosen & students


def audience_for(
    assignments: Sequence[Assignment], *, members: dict[int, set[int]] | None = None
) -> Audience:
    """Who ``assignments`` are for (3 queries at most: their groups, the groups' members
    unless ``members`` (group id -> user ids) is given, the chosen students; none for
    assignments to whole classes)."""
    audience = Audience(whole_class={a.pk for a in assignments if a.whole_class})
    chosen = [a.pk for a in assignments if not a.whole_class]
    if not chosen:
        return audience
    for assignment_id, group_id in AssignmentGroup.objects.filter(
        assignment_id__in=chosen
    ).values_list("assignment_id", "group_id"):
        audience.groups[assignment_id].add(group_id)
    group_ids = set().union(*audience.groups.values()) if audience.groups else set()
    if members is not None:
        audience.members.update({g: set(members.get(g, ())) for g in group_ids})
    elif group_ids:
        for group_id, user_id in ClassGroup.members.through.objects.filter(
            classgroup_id__in=group_ids
        ).values_list("classgroup_id", "user_id"):
            audience.members[group_id].add(user_id)
    for assignment_id, user_id in Assignment.students.through.objects.filter(
        assignment_id__in=chosen
    ).values_list("assignment_id", "user_id"):
        audience.students[assignment_id].add(user_id)
    return audience


def class_student_ids(classrooms: Iterable[int]) -> dict[int, set[int]]:
    """The (non-guest) students of each class (1 query)."""
    out: dict[int, set[int]] = defaultdict(set)
    for classroom_id, user_id in Classroom.students.through.objects.filter(
        classroom_id__in=set(classrooms), user__is_guest=False
    ).values_list("classroom_id", "user_id"):
        out[classroom_id].add(user_id)
    return out


def works_for(
    assignments: Sequence[Assignment],
    *,
    targets: Targets,
    learner_ids: Iterable[int],
    now: datetime,
) -> dict[tuple[int, int], work.Work]:
    """Work of each learner on each assignment, keyed (assignment id, learner id).

    Queries (each skipped when nothing needs it): mastery of the assigned concepts, the
    sessions started from the assignments, the time of the N-th correct answer for
    "N correct" assignments."""
    learners = sorted(set(learner_ids))
    ids = [a.pk for a in assignments]
    if not ids or not learners:
        return {}
    concept_ids = {c for t in targets.by_assignment.values() for c in t.concept_ids}
    mastery: dict[int, dict[int, work.MasteryFacts]] = defaultdict(dict)
    if concept_ids:
        for learner_id, concept_id, was_mastered, mastered_at in ConceptMastery.objects.filter(
            learner_id__in=learners, concept_id__in=concept_ids
        ).values_list("learner_id", "concept_id", "was_mastered", "mastered_at"):
            mastery[learner_id][concept_id] = work.MasteryFacts(was_mastered, mastered_at)
    sessions: dict[tuple[int, int], list[work.SessionFacts]] = defaultdict(list)
    for row in AssignmentSession.objects.filter(
        assignment_id__in=ids, learner_id__in=learners
    ).values_list(
        "assignment_id",
        "learner_id",
        "session__status",
        "session__question_count",
        "session__correct_count",
        "session__score_total",
        "session__target_questions",
        "session__ended_at",
    ):
        sessions[(row[0], row[1])].append(work.SessionFacts(*row[2:]))
    nth = _nth_correct_times(
        [a for a in assignments if targets.by_assignment[a.pk].goal == work.GOAL_CORRECT],
        learners,
    )
    result = {}
    for a in assignments:
        target = targets.by_assignment[a.pk]
        for learner_id in learners:
            key = (a.pk, learner_id)
            result[key] = work.work_of(
                target,
                sessions=sessions.get(key, ()),
                mastery=mastery.get(learner_id, {}),
                nth_correct_at=nth.get(key),
                now=now,
            )
    return result


def _nth_correct_times(
    assignments: Sequence[Assignment], learners: list[int]
) -> dict[tuple[int, int], datetime]:
    """When each learner gave their N-th correct answer in each "N correct" practice
    assignment (1 query; the answers are numbered per assignment and learner)."""
    practice = [a.pk for a in assignments if a.kind == Assignment.Kind.PRACTICE]
    if not practice:
        return {}
    link = "session__assignment_link__assignment"
    rows = (
        Attempt.objects.filter(
            is_correct=True, learner_id__in=learners, **{f"{link}_id__in": practice}
        )
        .annotate(
            assignment_ref=F(f"{link}_id"),
            needed=F(f"{link}__target_count"),
            rank=Window(
                RowNumber(),
                partition_by=[F(f"{link}_id"), F("learner_id")],
                order_by=[F("created_at").asc(), F("pk").asc()],
            ),
        )
        .filter(rank=F("needed"))
        .values_list("assignment_ref", "learner_id", "created_at")
    )
    return {(a, lid): at for a, lid, at in rows}
