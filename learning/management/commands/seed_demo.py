"""``manage.py seed_demo``: a demo curriculum, demo people and a class, in one transaction.

Deterministic: every random choice comes from one ``random.Random(seed)``, drawn in the
same order on every run whether or not the row already exists, so the same ``--seed``
always gives the same content and learner ``k`` gets the same profile whatever ``N``.
The only other input is today's date (exam dates are "today + n days").

Idempotent: rows are looked up by natural key (slug, (concept, title), username, class
name) and created only when missing; anything already there is left as it is. Content
goes through the curriculum services, so demo questions pass the same answerability
check and prerequisites the same cycle check as an author's.

``--attempts-per-learner M`` gives each bulk learner without attempts M simulated answers
over the last 60 days (``progress.simulate``: drawn from the mastery model, graded by the
real grader, derived tables rebuilt by ``recompute_progress``). Learners who already have
attempts get none, so a re-run adds nothing. The history ends at midnight (UTC) of today,
so the same seed on the same day gives the same answers.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import Classroom, StudentProfile
from accounts.services import classroom_create, student_register
from learning import demo_content
from learning.grading import MULTIPLE, SINGLE
from learning.models import (
    Activity,
    ActivityQuestion,
    Concept,
    ConceptPrerequisite,
    Question,
    Subject,
    Topic,
    TopicPrerequisite,
)
from learning.permissions import content_editors_group_ensure
from learning.services import concept_prerequisite_add, question_create, topic_prerequisite_add

User = get_user_model()

BATCH_SIZE = 500
SHUFFLED_KINDS = frozenset({SINGLE, MULTIPLE})
PLURALS = {"activity": "activities", "class": "classes", "learner history": "learner histories"}

LOGINS = """\
Demo logins (password: {password})
  student  -> http://127.0.0.1:8000/ (a student with an exam in 30 days)
  teacher  -> http://127.0.0.1:8000/admin/ (authoring) and /accounts/classes/
  admin    -> http://127.0.0.1:8000/admin/"""


def _chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
            self._password_hash = make_password(demo_content.DEMO_PASSWORD)
        return self._password_hash

    def _exam_date(self, days: int | None) -> date | None:
        return None if days is None else self.today + timedelta(days=days)

    # --- curriculum --------------------------------------------------------------

    def subjects(self) -> dict[str, Subject]:
        found = {s.slug: s for s in Subject.objects.all()}
        result = {}
        for spec in demo_content.SUBJECTS:
            subject = found.get(spec["slug"])
            if subject is None:
                subject = Subject(**spec)
                subject.full_clean()
                subject.save()
            self._tally("subject", created=spec["slug"] not in found)
            result[spec["slug"]] = subject
        return result

    def topics(self, subjects: dict[str, Subject]) -> dict[str, Topic]:
        slugs = [t["slug"] for t in demo_content.TOPICS]
        found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
        result: dict[str, Topic] = {}
        for spec in demo_content.TOPICS:
            topic = found.get(spec["slug"])
            if topic is None:
                topic = Topic(
                    subject=subjects[spec["subject"]],
                    parent=result[spec["parent"]] if spec["parent"] else None,
                    name=spec["name"],
                    slug=spec["slug"],
                    description=spec["description"],
                    exam_weightage=spec["exam_weightage"],
                    estimated_hours=Decimal(spec["estimated_hours"]),
                    order=spec["order"],
                )
                topic.full_clean()
                topic.save()
            self._tally("topic", created=spec["slug"] not in found)
            result[spec["slug"]] = topic
        edges = set(TopicPrerequisite.objects.values_list("topic_id", "prerequisite_id"))
        for topic_slug, prerequisite_slug in demo_content.TOPIC_PREREQUISITES:
            topic, prerequisite = result[topic_slug], result[prerequisite_slug]
            is_new = (topic.pk, prerequisite.pk) not in edges
            if is_new:
                topic_prerequisite_add(topic=topic, prerequisite=prerequisite)
            self._tally("prerequisite", created=is_new)
        return result

    def concepts(self, topics: dict[str, Topic]) -> dict[str, Concept]:
        slugs = [c["slug"] for c in demo_content.CONCEPTS]
        found = {c.slug: c for c in Concept.objects.filter(slug__in=slugs)}
        result: dict[str, Concept] = {}
        order_in_topic: Counter[str] = Counter()
        for spec in demo_content.CONCEPTS:
            order_in_topic[spec["topic"]] += 1
            concept = found.get(spec["slug"])
            if concept is None:
                concept = Concept(
                    topic=topics[spec["topic"]],
                    name=spec["name"],
                    slug=spec["slug"],
                    explanation=spec["explanation"],
                    order=order_in_topic[spec["topic"]],
                )
                concept.full_clean()
                concept.save()
            self._tally("concept", created=spec["slug"] not in found)
            result[spec["slug"]] = concept
        edges = set(ConceptPrerequisite.objects.values_list("concept_id", "prerequisite_id"))
        for concept_slug, prerequisite_slug in demo_content.CONCEPT_PREREQUISITES:
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
        for concept_slug, specs in demo_content.QUESTIONS.items():
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
        slugs = [a["slug"] for a in demo_content.ACTIVITIES]
        found = set(Activity.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        for spec in demo_content.ACTIVITIES:
            self._tally("activity", created=spec["slug"] not in found)
            if spec["slug"] in found:
                continue
            activity = Activity(
                name=spec["name"],
                slug=spec["slug"],
                kind=spec["kind"],
                description=spec["description"],
                concept=concepts[spec["concept"]] if spec["concept"] else None,
                topic=topics[spec["topic"]] if spec["topic"] else None,
                pass_mark=spec["pass_mark"],
                time_limit_minutes=spec["time_limit_minutes"],
                status=Activity.Status.PUBLISHED,
            )
            activity.full_clean()
            activity.save()
            ActivityQuestion.objects.bulk_create(
                ActivityQuestion(activity=activity, question=questions[key], order=order)
                for order, key in enumerate(spec["questions"], start=1)
            )

    # --- people ------------------------------------------------------------------

    def staff_user(self, spec: dict, *, role: str, superuser: bool = False) -> User:
        user = User.objects.filter(username=spec["username"]).first()
        self._tally("user", created=user is None)
        if user is None:
            user = User(
                **spec,
                email=f"{spec['username']}@example.com",
                role=role,
                is_staff=True,
                is_superuser=superuser,
                password=self.password_hash,
            )
            user.full_clean()
            user.save()
        return user

    def students(self) -> list[User]:
        existing = {
            u.username: u
            for u in User.objects.filter(
                username__in=[s["username"] for s in demo_content.STUDENTS]
            )
        }
        result = []
        for spec in demo_content.STUDENTS:
            user = existing.get(spec["username"])
            self._tally("user", created=user is None)
            if user is None:
                user = student_register(
                    username=spec["username"],
                    email=f"{spec['username']}@example.com",
                    password=demo_content.DEMO_PASSWORD,
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                )
                profile = user.profile
                profile.grade = spec["grade"]
                profile.goal = spec["goal"]
                profile.exam_date = self._exam_date(spec["exam_in_days"])
                profile.minutes_per_day = spec["minutes_per_day"]
                if spec["timezone"]:
                    profile.timezone = spec["timezone"]
                profile.full_clean()
                profile.save()
            result.append(user)
        return result

    def classroom(self, *, teacher: User, students: list[User]) -> Classroom:
        classroom = (
            Classroom.objects.filter(name=demo_content.CLASSROOM_NAME).order_by("pk").first()
        )
        self._tally("class", created=classroom is None)
        if classroom is None:
            classroom = classroom_create(teacher=teacher, name=demo_content.CLASSROOM_NAME)
        classroom.teachers.add(teacher)  # both no-ops when already there
        classroom.students.add(*students)
        return classroom

    def learners(self, *, count: int, classroom: Classroom) -> list[int]:
        """``learner0001``..: users, profiles and memberships in bulk, a handful of queries.

        Returns the learners' ids in username order."""
        width = max(4, len(str(count)))
        specs = []
        for n in range(1, count + 1):  # draw for every learner so learner k never changes
            first = self.rng.choice(demo_content.LEARNER_FIRST_NAMES)
            last = self.rng.choice(demo_content.LEARNER_LAST_NAMES)
            specs.append(
                {
                    "username": f"learner{n:0{width}d}",
                    "first_name": first,
                    "last_name": last,
                    "goal": self.rng.choice(demo_content.LEARNER_GOALS),
                    "minutes_per_day": self.rng.choice(demo_content.LEARNER_MINUTES),
                    "timezone": self.rng.choice(demo_content.LEARNER_TIMEZONES),
                    "exam_in_days": self.rng.choice(demo_content.LEARNER_EXAM_DAYS),
                }
            )
        if not specs:
            return []
        usernames = [s["username"] for s in specs]
        ids = self._user_ids(usernames)
        new_users = [
            User(
                username=s["username"],
                first_name=s["first_name"],
                last_name=s["last_name"],
                email=f"{s['username']}@example.com",
                role=User.Role.STUDENT,
                password=self.password_hash,
            )
            for s in specs
            if s["username"] not in ids
        ]
        User.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
        self._tally("user", created=True, n=len(new_users))
        self._tally("user", created=False, n=len(specs) - len(new_users))
        if new_users:
            ids = self._user_ids(usernames)

        with_profile: set[int] = set()
        for chunk in _chunks(list(ids.values())):
            with_profile.update(
                StudentProfile.objects.filter(user_id__in=chunk).values_list("user_id", flat=True)
            )
        StudentProfile.objects.bulk_create(
            [
                StudentProfile(
                    user_id=ids[s["username"]],
                    grade="Year 7",
                    goal=s["goal"],
                    exam_date=self._exam_date(s["exam_in_days"]),
                    minutes_per_day=s["minutes_per_day"],
                    timezone=s["timezone"],
                )
                for s in specs
                if ids[s["username"]] not in with_profile
            ],
            batch_size=BATCH_SIZE,
        )

        membership = Classroom.students.through
        members = set(
            membership.objects.filter(classroom=classroom).values_list("user_id", flat=True)
        )
        missing = [pk for pk in ids.values() if pk not in members]
        membership.objects.bulk_create(
            [membership(classroom_id=classroom.pk, user_id=pk) for pk in missing],
            batch_size=BATCH_SIZE,
        )
        self._tally("class membership", created=True, n=len(missing))
        self._tally("class membership", created=False, n=len(ids) - len(missing))
        return [ids[name] for name in usernames]

    def attempts(self, *, learner_ids: list[int], per_learner: int, seed: int) -> None:
        """Simulated practice histories for learners who have none (see progress.simulate)."""
        # The one place the learning app reaches into progress: seeding orchestrates every
        # app, and importing here keeps the curriculum modules free of progress.
        from achievements.models import Badge
        from achievements.services import badges_backfill
        from progress.simulate import attempts_simulate

        end = timezone.make_aware(datetime.combine(self.today, time.min))
        result = attempts_simulate(
            learner_ids=learner_ids, attempts_per_learner=per_learner, seed=seed, end=end
        )
        if result.learners_simulated:
            # Bulk inserts send no attempt_recorded: award what the histories earned, with
            # points, the way a newly added badge is awarded (exactly once).
            badges_backfill(badges=list(Badge.objects.filter(active=True)), now=end)
        self._tally("attempt", created=True, n=result.attempts_created)
        self._tally("learner history", created=False, n=len(result.learners_skipped))

    def badges(self) -> None:
        """The starter set of badges (created when missing, never changed)."""
        # Like attempts(): seeding orchestrates every app, so the import stays local.
        from achievements.services import badge_starter_set_ensure

        created, existing = badge_starter_set_ensure()
        self._tally("badge", created=True, n=created)
        self._tally("badge", created=False, n=existing)

    @staticmethod
    def _user_ids(usernames: list[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for chunk in _chunks(usernames):
            ids.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
        return ids

    # --- the whole run -----------------------------------------------------------

    def run(self, *, learners: int, attempts_per_learner: int = 0, seed: int = 42) -> None:
        subjects = self.subjects()
        topics = self.topics(subjects)
        concepts = self.concepts(topics)
        questions = self.questions(concepts)
        self.activities(topics, concepts, questions)
        self.badges()

        self.staff_user(demo_content.ADMIN, role=User.Role.ADMIN, superuser=True)
        teacher = self.staff_user(demo_content.TEACHER, role=User.Role.TEACHER)
        teacher.groups.add(content_editors_group_ensure())  # a no-op when already a member
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


class Command(BaseCommand):
    help = (
        "Create a demo curriculum (Mathematics, Science), demo logins and a class. "
        "Deterministic for a given --seed and safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=42, help="Seed for the random choices (default 42)."
        )
        parser.add_argument(
            "--learners",
            type=int,
            default=0,
            help="Also add N bulk students learner0001..learnerN to the demo class.",
        )
        parser.add_argument(
            "--attempts-per-learner",
            type=int,
            default=0,
            metavar="M",
            help=(
                "Give each bulk learner who has no attempts yet M simulated answers over the "
                "last 60 days (default 0)."
            ),
        )

    def handle(self, *args, seed: int, learners: int, attempts_per_learner: int, **options) -> None:
        if learners < 0:
            raise CommandError("--learners must be zero or more.")
        if attempts_per_learner < 0:
            raise CommandError("--attempts-per-learner must be zero or more.")
        seeder = Seeder(seed=seed, today=timezone.localdate())
        with transaction.atomic():
            seeder.run(learners=learners, attempts_per_learner=attempts_per_learner, seed=seed)
        self.stdout.write(LOGINS.format(password=demo_content.DEMO_PASSWORD))
        self.stdout.write(seeder.summary())
