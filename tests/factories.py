"""factory-boy factories for every model. Defaults always build valid, answerable data."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from accounts.models import Classroom, StudentProfile
from learning.models import (
    Activity,
    ActivityQuestion,
    Choice,
    Concept,
    ConceptPrerequisite,
    Question,
    Subject,
    Topic,
    TopicPrerequisite,
)

User = get_user_model()
PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    verified_email = factory.SelfAttribute("email")  # an established account
    role = User.Role.STUDENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StudentFactory(UserFactory):
    role = User.Role.STUDENT
    profile = factory.RelatedFactory(
        "tests.factories.StudentProfileFactory", factory_related_name="user"
    )


class TeacherFactory(UserFactory):
    role = User.Role.TEACHER
    is_staff = True


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
    is_staff = True
    is_superuser = True


class StudentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    grade = "Grade 7"
    goal = "End of year exam"
    minutes_per_day = 30
    timezone = "Europe/London"


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Class {n}")

    @factory.post_generation
    def teachers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.teachers.add(*extracted)

    @factory.post_generation
    def students(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.students.add(*extracted)


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.Sequence(lambda n: f"subject-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    subject = factory.SubFactory(SubjectFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    exam_weightage = 10
    estimated_hours = Decimal("2.0")


class TopicPrerequisiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicPrerequisite

    topic = factory.SubFactory(TopicFactory)
    prerequisite = factory.SubFactory(
        TopicFactory, subject=factory.SelfAttribute("..topic.subject")
    )


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    topic = factory.SubFactory(TopicFactory)
    name = factory.Sequence(lambda n: f"Concept {n}")
    slug = factory.Sequence(lambda n: f"concept-{n}")
    explanation = "What this concept is about."


class ConceptPrerequisiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConceptPrerequisite

    concept = factory.SubFactory(ConceptFactory)
    prerequisite = factory.SubFactory(
        ConceptFactory, topic=factory.SelfAttribute("..concept.topic")
    )


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory("tests.factories.QuestionFactory", with_choices=False)
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False


# Choices that make each kind answerable: (text, is_correct, feedback)
DEFAULT_CHOICES = {
    Question.Kind.SINGLE: [
        ("4", True, "Two and two make four."),
        ("5", False, ""),
        ("3", False, ""),
    ],
    Question.Kind.MULTIPLE: [("2", True, ""), ("3", True, ""), ("4", False, "4 = 2 × 2.")],
    Question.Kind.TRUE_FALSE: [("True", True, ""), ("False", False, "")],
    Question.Kind.SHORT_TEXT: [("photosynthesis", True, "")],
    Question.Kind.NUMERIC: [],
}


class QuestionFactory(factory.django.DjangoModelFactory):
    """A published, answerable question; choices follow the kind unless with_choices=False."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    class Params:
        with_choices = True

    concept = factory.SubFactory(ConceptFactory)
    kind = Question.Kind.SINGLE
    prompt = factory.Sequence(lambda n: f"Question {n}: what is 2 + 2?")
    explanation = "Adding two and two gives four."
    hint_1 = "Count on your fingers."
    difficulty = 3
    status = Question.Status.PUBLISHED
    numeric_answer = factory.LazyAttribute(
        lambda q: Decimal("3.5") if q.kind == Question.Kind.NUMERIC else None
    )
    tolerance = factory.LazyAttribute(
        lambda q: Decimal("0.01") if q.kind == Question.Kind.NUMERIC else Decimal(0)
    )

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted
        if specs is None:
            specs = DEFAULT_CHOICES[obj.kind] if obj._with_choices else []
        for order, (text, is_correct, feedback) in enumerate(specs):
            Choice.objects.create(
                question=obj, text=text, is_correct=is_correct, feedback=feedback, order=order
            )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with_choices = kwargs.pop("with_choices", True)
        obj = super()._create(model_class, *args, **kwargs)
        obj._with_choices = with_choices
        return obj


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    name = factory.Sequence(lambda n: f"Activity {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    kind = Activity.Kind.QUIZ
    concept = factory.SubFactory(ConceptFactory)
    pass_mark = 60
    status = Activity.Status.PUBLISHED


class ActivityQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityQuestion

    activity = factory.SubFactory(ActivityFactory)
    question = factory.SubFactory(QuestionFactory)


# --- progress_factories: practice sessions, attempts and mastery rows --------------------
# Appended below the curriculum factories; imports live here so the section stays self-contained.

import uuid  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from progress.models import Attempt, ConceptMastery, PracticeSession  # noqa: E402


class PracticeSessionFactory(factory.django.DjangoModelFactory):
    """An open concept-practice session (pass scope/topic/activity for the other kinds)."""

    class Meta:
        model = PracticeSession

    learner = factory.SubFactory(StudentFactory)
    scope = PracticeSession.Scope.CONCEPT
    concept = factory.SubFactory(ConceptFactory)
    started_at = factory.LazyFunction(timezone.now)


def answer_for(question: Question, *, correct: bool = True) -> dict:
    """A well-formed response to ``question`` (as the service takes it), right or wrong."""
    kind = question.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE, Question.Kind.MULTIPLE):
        picked = [c.pk for c in question.choices.all() if c.is_correct == correct]
        return {"choices": picked if kind == Question.Kind.MULTIPLE else picked[:1]}
    if kind == Question.Kind.NUMERIC:
        return {"value": "3.5" if correct else "42"}
    accepted = next(c.text for c in question.choices.all() if c.is_correct)
    return {"value": accepted if correct else "definitely not it"}


def answer_post_data(question: Question, *, correct: bool = True, token=None) -> dict:
    """The answer form's POST body for ``question`` (choice ids as the browser sends them)."""
    response = answer_for(question, correct=correct)
    data = {"question": str(question.pk), "client_token": str(token or uuid.uuid4())}
    if "choices" in response:
        data["answer"] = [str(pk) for pk in response["choices"]]
    else:
        data["answer"] = response["value"]
    return data


class AttemptFactory(factory.django.DjangoModelFactory):
    """A stored attempt row written directly (history for selectors and query budgets).

    It does not update mastery or stats: use ``progress.services.attempt_record`` for that.
    """

    class Meta:
        model = Attempt

    learner = factory.SubFactory(StudentFactory)
    question = factory.SubFactory(QuestionFactory)
    concept = factory.LazyAttribute(lambda a: a.question.concept)
    session = None
    client_token = factory.LazyFunction(uuid.uuid4)
    response = factory.LazyFunction(lambda: {"choices": []})
    response_text = "4"
    score = 1.0
    is_correct = factory.LazyAttribute(lambda a: a.score == 1)
    question_snapshot = factory.LazyAttribute(
        lambda a: {
            "kind": a.question.kind,
            "prompt": a.question.prompt,
            "explanation": a.question.explanation,
            "choices": [],
            "numeric_answer": None,
            "tolerance": "0",
        }
    )
    mastery_before = 0.6
    mastery_decayed = 0.6
    mastery_after = 0.7
    created_at = factory.LazyFunction(timezone.now)
    local_date = factory.LazyAttribute(lambda a: a.created_at.date())


def attempts_bulk(
    *, learner, questions: list[Question], count: int, start: datetime, session=None
) -> list[Attempt]:
    """``count`` attempts by ``learner`` cycling over ``questions``, one minute apart (bulk)."""
    rows = [
        AttemptFactory.build(
            learner=learner,
            question=questions[i % len(questions)],
            session=session,
            score=float(i % 2),
            created_at=start + timedelta(minutes=i),
        )
        for i in range(count)
    ]
    return Attempt.objects.bulk_create(rows)


class ConceptMasteryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConceptMastery

    learner = factory.SubFactory(StudentFactory)
    concept = factory.SubFactory(ConceptFactory)
    p_known = 0.5
    status = ConceptMastery.Status.IN_PROGRESS
    attempts = 3
    correct = 2
    last_attempt_at = factory.LazyFunction(timezone.now)
    learner_attempt_seq = 3
