"""A learner's own export ("My data"): every table Pathwise keeps about them, and only
their rows (a data-protection access request must be complete).

The privacy page (``/privacy/``) lists these same tables with their descriptions, from
:func:`personal_tables_described`, so the page and the export cannot drift apart; and
``tests/progress/interop/test_personal_export.py`` checks that every table pointing at a
user is either here (``sources``) or named as not being about the learner.

Secrets are never exported, only their metadata: API tokens and the calendar feed keep a
SHA-256 digest (not exported either), passwords a salted hash (not exported).
"""

from django.db.models import QuerySet

from accounts.models import ApiToken, StudentProfile, User
from progress.assignments.personal import assignment_tables
from progress.interop.exports.tables import (
    ATTEMPT_COLUMNS,
    CHUNK,
    MASTERY_COLUMNS,
    Table,
    attempt_rows,
    class_tables,
    learner_table_providers,
    mastery_rows,
)
from progress.interop.models import ExportJob, LrsStatement
from progress.models import (
    CalendarFeed,
    DailyActivity,
    LearnerGoal,
    LearnerStats,
    LearningEvent,
    PracticeSession,
    ProgressMetric,
    ProgressSnapshot,
    StudyPlan,
    StudyPlanItem,
)

PROFILE_COLUMNS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "verified_email",
    "role",
    "date_joined",
    "last_login",
    "grade",
    "goal",
    "exam_date",
    "minutes_per_day",
    "timezone",
    "classes",
)
STATS_COLUMNS = (
    "total_attempts",
    "correct_attempts",
    "score_total",
    "seconds_total",
    "hints_total",
    "sessions_started",
    "sessions_completed",
    "current_streak",
    "longest_streak",
    "total_points",
    "concepts_mastered",
    "concepts_in_progress",
    "concepts_review_needed",
    "reviews_on_time",
    "last_activity_at",
    "last_active_date",
    "recent_results",
)
MY_MASTERY_EXTRA = ("was_mastered", "wrong_streak", "review_card")
SESSION_COLUMNS = (
    "session_id",
    "scope",
    "mode",
    "concept",
    "topic",
    "activity",
    "status",
    "started_at",
    "ended_at",
    "target_questions",
    "question_count",
    "correct_count",
    "score_total",
    "seconds_total",
)
PLAN_COLUMNS = (
    "plan_id",
    "status",
    "trigger",
    "created_at",
    "start_date",
    "exam_date",
    "minutes_per_day",
    "rest_weekdays",
    "subject",
    "goal_label",
    "readiness",
    "feasible",
    "message",
    "left_out",
    "minutes_needed",
    "minutes_available",
)
PLAN_ITEM_COLUMNS = (
    "plan_id",
    "date",
    "position",
    "kind",
    "concept",
    "minutes",
    "part",
    "parts",
)


def _profile_rows(user: User) -> list[tuple]:
    profile = StudentProfile.objects.filter(user=user).first()
    classes = ", ".join(user.classrooms.order_by("name").values_list("name", flat=True))
    return [
        (
            user.username,
            user.first_name,
            user.last_name,
            user.email,
            user.verified_email,
            user.role,
            user.date_joined,
            user.last_login,
            profile.grade if profile else "",
            profile.goal if profile else "",
            profile.exam_date if profile else None,
            profile.minutes_per_day if profile else None,
            profile.timezone if profile else "",
            classes,
        )
    ]


def _goal_rows(user: User) -> list[tuple]:
    goal = (
        LearnerGoal.objects.filter(learner=user)
        .select_related("subject")
        .prefetch_related("topics")
        .first()
    )
    if goal is None:
        return []
    return [(goal.subject.name, ", ".join(t.name for t in goal.topics.all()))]


def _values(queryset: QuerySet, *fields: str):
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


def _mine(user: User) -> list[Table]:
    """Progress's and accounts' tables about ``user``, in the order a person reads them."""
    me = User.objects.filter(pk=user.pk)
    learner = {"learner": user}
    return [
        Table(
            "profile",
            PROFILE_COLUMNS,
            lambda: _profile_rows(user),
            "Your account and profile: name, e-mail, role, exam date, daily minutes, time "
            "zone, and the classes you are in.",
            ("accounts.User", "accounts.StudentProfile", "accounts.Classroom_students"),
        ),
        Table(
            "stats",
            STATS_COLUMNS,
            lambda: LearnerStats.objects.filter(**learner).values_list(*STATS_COLUMNS),
            "Your running totals: answers, accuracy, time, streaks, points, concepts "
            "mastered, and the results of your latest answers.",
            ("progress.LearnerStats",),
        ),
        Table(
            "attempts",
            ATTEMPT_COLUMNS,
            lambda: attempt_rows(me),
            "Every answer you gave: the question as it was asked, your response, the score, "
            "time taken, hints, confidence and how it moved your mastery.",
            ("progress.Attempt",),
        ),
        Table(
            "sessions",
            SESSION_COLUMNS,
            lambda: _values(
                PracticeSession.objects.filter(**learner).order_by("started_at", "pk"),
                "pk",
                "scope",
                "mode",
                "concept__slug",
                "topic__slug",
                "activity__slug",
                "status",
                "started_at",
                "ended_at",
                "target_questions",
                "question_count",
                "correct_count",
                "score_total",
                "seconds_total",
            ),
            "Your practice sessions, quizzes and tests: what you practised, when, and how it went.",
            ("progress.PracticeSession",),
        ),
        Table(
            "mastery",
            MASTERY_COLUMNS + MY_MASTERY_EXTRA,
            lambda: mastery_rows(me, extra=MY_MASTERY_EXTRA),
            "What Pathwise estimates you know of each concept, and when each is next due "
            "for review (the review schedule's memory model included).",
            ("progress.ConceptMastery",),
        ),
        Table(
            "metrics",
            ("dimension", "key", "metric", "value", "numerator", "denominator", "updated_at"),
            lambda: _values(
                ProgressMetric.objects.filter(**learner).order_by("dimension", "key", "metric"),
                "dimension",
                "key",
                "metric",
                "value",
                "numerator",
                "denominator",
                "updated_at",
            ),
            "Your current progress figures overall, per subject, topic and goal.",
            ("progress.ProgressMetric",),
        ),
        Table(
            "daily_snapshots",
            ("date", "dimension", "key", "metric", "value"),
            lambda: _values(
                ProgressSnapshot.objects.filter(**learner).order_by("date", "dimension", "key"),
                "date",
                "dimension",
                "key",
                "metric",
                "value",
            ),
            "Those figures at the end of each day you practised (your progress charts).",
            ("progress.ProgressSnapshot",),
        ),
        Table(
            "daily_activity",
            ("date", "attempts", "correct", "seconds"),
            lambda: _values(
                DailyActivity.objects.filter(**learner).order_by("date"),
                "date",
                "attempts",
                "correct",
                "seconds",
            ),
            "How much you practised on each day, in your own time zone.",
            ("progress.DailyActivity",),
        ),
        Table(
            "learning_events",
            ("kind", "concept", "session_id", "data", "created_at"),
            lambda: _values(
                LearningEvent.objects.filter(**learner).order_by("created_at", "pk"),
                "kind",
                "concept__slug",
                "session_id",
                "data",
                "created_at",
            ),
            "Moments of your practice: sessions started and completed, hints shown, "
            "concepts mastered.",
            ("progress.LearningEvent",),
        ),
        Table(
            "goal",
            ("subject", "topics"),
            lambda: _goal_rows(user),
            "What you are working towards: a subject, and the topics you chose.",
            ("progress.LearnerGoal", "progress.LearnerGoal_topics"),
        ),
        Table(
            "study_plans",
            PLAN_COLUMNS,
            lambda: _values(
                StudyPlan.objects.filter(**learner).order_by("created_at", "pk"),
                *(f if f != "plan_id" else "pk" for f in PLAN_COLUMNS[:8]),
                "subject__name",
                *PLAN_COLUMNS[9:],
            ),
            "Every study plan made for you (each re-planning is kept): its inputs, "
            "readiness and what did not fit.",
            ("progress.StudyPlan",),
        ),
        Table(
            "study_plan_items",
            PLAN_ITEM_COLUMNS,
            lambda: _values(
                StudyPlanItem.objects.filter(plan__learner=user).order_by(
                    "plan_id", "date", "position"
                ),
                "plan_id",
                "date",
                "position",
                "kind",
                "concept__slug",
                "minutes",
                "part",
                "parts",
            ),
            "The days of those plans: what to learn or review, and for how long.",
            ("progress.StudyPlanItem",),
        ),
        Table(
            "calendar_feed",
            ("created_at", "last_fetched_at"),
            lambda: CalendarFeed.objects.filter(**learner).values_list(
                "created_at", "last_fetched_at"
            ),
            "Your calendar subscription, if it is on: when it was made and last read (its "
            "secret address is not kept, only a fingerprint, and is not exported).",
            ("progress.CalendarFeed",),
        ),
        Table(
            "api_tokens",
            ("name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"),
            lambda: _values(
                ApiToken.objects.filter(user=user).order_by("created_at", "pk"),
                "name",
                "prefix",
                "scopes",
                "created_at",
                "last_used_at",
                "revoked_at",
            ),
            "Your API tokens: name, public start, permissions and use (never the secret, "
            "which is not kept).",
            ("accounts.ApiToken",),
        ),
        Table(
            "exports",
            ("kind", "format", "status", "records", "size_bytes", "created_at", "expires_at"),
            lambda: _values(
                ExportJob.objects.filter(owner=user).order_by("created_at", "pk"),
                "kind",
                "format",
                "status",
                "records",
                "size_bytes",
                "created_at",
                "expires_at",
            ),
            "The exports you asked for (their files are deleted after a few days).",
            ("progress.ExportJob",),
        ),
        Table(
            "lrs_statements",
            ("statement_id", "kind", "status", "created_at", "sent_at", "statement"),
            lambda: _values(
                LrsStatement.objects.filter(**learner).order_by("created_at", "pk"),
                "statement_id",
                "kind",
                "status",
                "created_at",
                "sent_at",
                "statement",
            ),
            "xAPI statements about you waiting for, or recently sent to, your school's "
            "learning record store (only when one is configured; sent ones are kept for a "
            "month).",
            ("progress.LrsStatement",),
        ),
        *assignment_tables(user),
    ]


def personal_tables(user: User) -> list[Table]:
    """Everything Pathwise holds about ``user``: progress's tables, then those the apps
    above progress registered (achievements: badges and points)."""
    me = User.objects.filter(pk=user.pk).values("pk")
    return [
        *_mine(user),
        *(table for provider in learner_table_providers() for table in provider(me)),
    ]


def personal_tables_described() -> list[Table]:
    """The same tables, for the privacy page (nothing is read: rows are never asked for)."""
    return personal_tables(User())


def export_tables(*, job: ExportJob, learners: QuerySet[User]) -> list[Table]:
    if job.kind == ExportJob.Kind.MY_DATA:
        return personal_tables(job.owner)
    return class_tables(learners)
