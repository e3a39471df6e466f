"""The demo data: a curriculum, demo people, a class, and simulated learner histories.

Deterministic: every random choice comes from one ``random.Random(seed)``, drawn in the
same order on every run whether or not the row already exists, so the same ``--seed``
always gives the same content and learner ``k`` gets the same profile whatever ``N``.
The only other input is today's date (exam dates are "today + n days").

Idempotent: rows are looked up by natural key (slug, (concept, title), username, class
name) and created only when missing; anything already there is left as it is.

Everything is written through the owning app's services (curriculum through
``learning.services``, people through ``accounts.services``, histories through
``progress.practice.history``, badges through ``achievements.services``), so demo content
passes the same checks as an author's and demo histories are what the answer path would
have stored.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import Classroom, User
from accounts.services import (
    BulkStudent,
    classroom_create,
    classroom_members_add,
    email_set_verified,
    staff_user_create,
    student_profile_update,
    student_register,
    students_bulk_ensure,
)
from achievements.models import Badge
from achievements.services import badge_starter_set_ensure, badges_backfill
from demo import content, simulate
from learning.grading import MULTIPLE, SINGLE
from learning.models import (
    Activity,
    Concept,
    ConceptPrerequisite,
    Question,
    Subject,
    Topic,
    TopicPrerequisite,
)
from learning.permissions import content_editor_add
from learning.services import (
    activity_create,
    concept_create,
    concept_prerequisite_add,
    question_create,
    subject_create,
    topic_create,
    topic_prerequisite_add,
)

SHUFFLED_KINDS = frozenset({SINGLE, MULTIPLE})
PLURALS = {"activity": "activities", "class": "classes", "learner history": "learner histories"}


class Seeder:
    """One seeding run; ``created`` and ``existing`` count rows by kind."""

    def __init__(self, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.created: Counter[str] = Counter()
        self.existing: Counter[str] = Counter()
        self._password_hash: str | None = None

    # --- helpers -----------------------------------------------------------------

    def _tally(self, label: str, *, created: bool, n: int = 1) -> None:
        (self.created if created else self.existing)[label] += n

    @property
    def password_hash(self) -> str:
        """The demo password hashed once (hashing is deliberately slow)."""
        if self._password_hash is None:
            self._password_hash = make_password(content.DEMO_PASSWORD)
        return self._password_hash

    def _exam_date(self, days: int | None) -> date | None:
        return None if days is None else self.today + timedelta(days=days)

    # --- curriculum --------------------------------------------------------------

    def subjects(self) -> dict[str, Subject]:
        found = {s.slug: s for s in Subject.objects.all()}
        result = {}
        for spec in content.SUBJECTS:
            subject = found.get(spec["slug"]) or subject_create(**spec)
            self._tally("subject", created=spec["slug"] not in found)
            result[spec["slug"]] = subject
        return result

    def topics(self, subjects: dict[str, Subject]) -> dict[str, Topic]:
        slugs = [t["slug"] for t in content.TOPICS]
        found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
        result: dict[str, Topic] = {}
        for spec in content.TOPICS:
            topic = found.get(spec["slug"])
            if topic is None:
                topic = topic_create(
                    subject=subjects[spec["subject"]],
                    parent=result[spec["parent"]] if spec["parent"] else None,
                    name=spec["name"],
                    slug=spec["slug"],
                    description=spec["description"],
                    exam_weightage=spec["exam_weightage"],
                    estimated_hours=Decimal(spec["estimated_hours"]),
                    order=spec["order"],
                )
            self._tally("topic", created=spec["slug"] not in found)
            result[spec["slug"]] = topic
        edges = set(TopicPrerequisite.objects.values_list("topic_id", "prerequisite_id"))
        for topic_slug, prerequisite_slug in content.TOPIC_PREREQUISITES:
            topic, prerequisite = result[topic_slug], result[prerequisite_slug]
            is_new = (topic.pk, prerequisite.pk) not in edges
            if is_new:
                topic_prerequisite_add(topic=topic, prerequisite=prerequisite)
            self._tally("prerequisite", created=is_new)
        return result

    def concepts(self, topics: dict[str, Topic]) -> dict[str, Concept]:
        slugs = [c["slug"] for c in content.CONCEPTS]
        found = {c.slug: c for c in Concept.objects.filter(slug__in=slugs)}
        result: dict[str, Concept] = {}
        order_in_topic: Counter[str] = Counter()
        for spec in content.CONCEPTS:
            order_in_topic[spec["topic"]] += 1
            concept = found.get(spec["slug"])
            if concept is None:
                concept = concept_create(
                    topic=topics[spec["topic"]],
                    name=spec["name"],
                    slug=spec["slug"],
                    explanation=spec["explanation"],
                    order=order_in_topic[spec["topic"]],
                )
            self._tally("concept", created=spec["slug"] not in found)
            result[spec["slug"]] = concept
        edges = set(ConceptPrerequisite.objects.values_list("concept_id", "prerequisite_id"))
        for concept_slug, prerequisite_slug in content.CONCEPT_PREREQUISITES:
            concept, prerequisite = result[concept_slug], result[prerequisite_slug]
            is_new = (concept.pk, prerequisite.pk) not in edges
            if is_new:
                concept_prerequisite_add(concept=concept, prerequisite=prerequisite)
            self._tally("prerequisite", created=is_new)
        return result

    def questions(self, concepts: dict[str, Concept]) -> dict[tuple[str, str], Question]:
        found = {
            (q.concept.slug, q.title): q
            for q in Question.objects.filter(concept__in=list(concepts.values())).select_related(
                "concept"
            )
        }
        result = {}
        for concept_slug, specs in content.QUESTIONS.items():
            for order, spec in enumerate(specs, start=1):
                key = (concept_slug, spec["title"])
                choices = list(spec.get("choices", ()))
                if spec["kind"] in SHUFFLED_KINDS:
                    self.rng.shuffle(choices)  # drawn even when the question exists
                question = found.get(key)
                if question is None:
                    question = self._question_create(concepts[concept_slug], spec, choices, order)
                self._tally("question", created=key not in found)
                result[key] = question
        return result

    def _question_create(self, concept: Concept, spec: dict, choices: list, order: int) -> Question:
        hints = [*spec["hints"], "", ""]
        status = Question.Status.DRAFT if spec.get("draft") else Question.Status.PUBLISHED
        try:
            return question_create(
                concept=concept,
                kind=spec["kind"],
                prompt=spec["prompt"],
                choices=choices,
                title=spec["title"],
                explanation=spec["explanation"],
                hint_1=hints[0],
                hint_2=hints[1],
                hint_3=hints[2],
                difficulty=spec["difficulty"],
                status=status,
                numeric_answer=Decimal(spec["answer"]) if "answer" in spec else None,
                tolerance=Decimal(spec.get("tolerance", "0")),
                order=order,
            )
        except ValidationError as exc:
            raise CommandError(
                f"Demo question {spec['title']!r} is invalid: {' '.join(exc.messages)}"
            ) from exc

    def activities(
        self,
        topics: dict[str, Topic],
        concepts: dict[str, Concept],
        questions: dict[tuple[str, str], Question],
    ) -> None:
        slugs = [a["slug"] for a in content.ACTIVITIES]
        found = set(Activity.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        for spec in content.ACTIVITIES:
            self._tally("activity", created=spec["slug"] not in found)
            if spec["slug"] in found:
                continue
            activity_create(
                name=spec["name"],
                slug=spec["slug"],
                kind=spec["kind"],
                description=spec["description"],
                concept=concepts[spec["concept"]] if spec["concept"] else None,
                topic=topics[spec["topic"]] if spec["topic"] else None,
                pass_mark=spec["pass_mark"],
                time_limit_minutes=spec["time_limit_minutes"],
                questions=[questions[key] for key in spec["questions"]],
            )

    # --- people ------------------------------------------------------------------

    def staff_user(self, spec: dict, *, role: str, superuser: bool = False) -> User:
        user = User.objects.filter(username=spec["username"]).first()
        self._tally("user", created=user is None)
        if user is None:
            user = staff_user_create(
                **spec,
                email=f"{spec['username']}@example.com",
                role=role,
                superuser=superuser,
                password_hash=self.password_hash,
            )
        return user

    def students(self) -> list[User]:
        existing = {
            u.username: u
            for u in User.objects.filter(username__in=[s["username"] for s in content.STUDENTS])
        }
        result = []
        for spec in content.STUDENTS:
            user = existing.get(spec["username"])
            self._tally("user", created=user is None)
            if user is None:
                user = student_register(
                    username=spec["username"],
                    email="",
                    password=content.DEMO_PASSWORD,
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                )
                email_set_verified(user=user, email=f"{spec['username']}@example.com")
                profile = {
                    "grade": spec["grade"],
                    "goal": spec["goal"],
                    "exam_date": self._exam_date(spec["exam_in_days"]),
                    "minutes_per_day": spec["minutes_per_day"],
                }
                if spec["timezone"]:
                    profile["timezone"] = spec["timezone"]
                student_profile_update(user=user, **profile)
            result.append(user)
        return result

    def classroom(self, *, teacher: User, students: list[User]) -> Classroom:
        classroom = Classroom.objects.filter(name=content.CLASSROOM_NAME).order_by("pk").first()
        self._tally("class", created=classroom is None)
        if classroom is None:
            classroom = classroom_create(teacher=teacher, name=content.CLASSROOM_NAME)
        classroom_members_add(classroom=classroom, teachers=[teacher], students=students)
        return classroom

    def learners(self, *, count: int, classroom: Classroom) -> list[int]:
        """``learner0001``..: users, profiles and memberships in bulk, a handful of queries.

        Returns the learners' ids in username order."""
        width = max(4, len(str(count)))
        specs = []
        for n in range(1, count + 1):  # draw for every learner so learner k never changes
            first = self.rng.choice(content.LEARNER_FIRST_NAMES)
            last = self.rng.choice(content.LEARNER_LAST_NAMES)
            username = f"learner{n:0{width}d}"
            specs.append(
                BulkStudent(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.com",
                    profile={
                        "grade": "Year 7",
                        "goal": self.rng.choice(content.LEARNER_GOALS),
                        "minutes_per_day": self.rng.choice(content.LEARNER_MINUTES),
                        "timezone": self.rng.choice(content.LEARNER_TIMEZONES),
                        "exam_date": self._exam_date(self.rng.choice(content.LEARNER_EXAM_DAYS)),
                    },
                )
            )
        if not specs:
            return []
        ids, created = students_bulk_ensure(
            students=specs, password_hash=self.password_hash, classroom=classroom
        )
        self._tally("user", created=True, n=created)
        self._tally("user", created=False, n=len(specs) - created)
        return [ids[s.username] for s in specs]

    def attempts(self, *, learner_ids: list[int], per_learner: int, seed: int) -> None:
        """Simulated practice histories for learners who have none (see ``demo.simulate``)."""
        end = timezone.make_aware(datetime.combine(self.today, time.min))
        result = simulate.attempts_simulate(
            learner_ids=learner_ids, attempts_per_learner=per_learner, seed=seed, end=end
        )
        if result.learners_simulated:
            # Imported histories send no attempt_recorded: award what they earned, with
            # points, the way a newly added badge is awarded (exactly once).
            badges_backfill(badges=list(Badge.objects.filter(active=True)), now=end)
        self._tally("attempt", created=True, n=result.attempts_created)
        self._tally("learner history", created=False, n=len(result.learners_skipped))

    def badges(self) -> None:
        """The starter set of badges (created when missing, never changed)."""
        created, existing = badge_starter_set_ensure()
        self._tally("badge", created=True, n=created)
        self._tally("badge", created=False, n=existing)

    # --- the whole run -----------------------------------------------------------

    def run(self, *, learners: int, attempts_per_learner: int = 0, seed: int = 42) -> None:
        subjects = self.subjects()
        topics = self.topics(subjects)
        concepts = self.concepts(topics)
        questions = self.questions(concepts)
        self.activities(topics, concepts, questions)
        self.badges()

        self.staff_user(content.ADMIN, role=User.Role.ADMIN, superuser=True)
        teacher = self.staff_user(content.TEACHER, role=User.Role.TEACHER)
        content_editor_add(user=teacher)
        students = self.students()
        classroom = self.classroom(teacher=teacher, students=students)
        learner_ids = self.learners(count=learners, classroom=classroom)
        if attempts_per_learner:
            self.attempts(learner_ids=learner_ids, per_learner=attempts_per_learner, seed=seed)

    def summary(self) -> str:
        def describe(counts: Counter[str]) -> str:
            parts = [
                f"{n} {label if n == 1 else PLURALS.get(label, label + 's')}"
                for label, n in counts.items()
                if n
            ]
            return ", ".join(parts) or "nothing"

        return f"Created: {describe(self.created)}. Already there: {describe(self.existing)}."
