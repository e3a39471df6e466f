"""Badge rules are pure: table-driven, no database."""

import pytest

from achievements import rules
from achievements.rules import BadgeParams
from progress.mastery.rollups import ConceptRef
from progress.metrics.snapshot import Event, LearnerSnapshot, SessionResult

REFS = (
    ConceptRef(concept_id=1, topic_id=10, subject_id=100, topic_weightage=0),
    ConceptRef(concept_id=2, topic_id=10, subject_id=100, topic_weightage=0),
    ConceptRef(concept_id=3, topic_id=11, subject_id=100, topic_weightage=0),
    ConceptRef(concept_id=4, topic_id=12, subject_id=200, topic_weightage=0),
)


def snap(**kwargs) -> LearnerSnapshot:
    return LearnerSnapshot(learner_id=1, concept_refs=REFS, **kwargs)


@pytest.mark.parametrize(
    ("kind", "params", "snapshot", "expected"),
    [
        ("first_attempt", BadgeParams(), snap(), (0, 1)),
        ("first_attempt", BadgeParams(), snap(total_attempts=7), (1, 1)),
        ("questions_answered", BadgeParams(threshold=10), snap(total_attempts=3), (3, 10)),
        ("correct_answers", BadgeParams(threshold=5), snap(correct_attempts=6), (6, 5)),
        # the current run until a streak of N was ever reached; then the longest
        ("streak_days", BadgeParams(threshold=5), snap(current_streak=3, longest_streak=4), (3, 5)),
        ("streak_days", BadgeParams(threshold=5), snap(current_streak=1, longest_streak=6), (6, 5)),
        ("concepts_mastered", BadgeParams(threshold=2), snap(concepts_mastered=1), (1, 2)),
        (
            "concepts_mastered",
            BadgeParams(threshold=2, subject_id=100),
            snap(concepts_mastered=3, mastered_concept_ids=frozenset({1, 3, 4})),
            (2, 2),
        ),
        (
            "concepts_mastered",
            BadgeParams(threshold=1, topic_id=12),
            snap(concepts_mastered=2, mastered_concept_ids=frozenset({1, 2})),
            (0, 1),
        ),
        (
            "topic_mastered",
            BadgeParams(topic_id=10),
            snap(mastered_concept_ids=frozenset({1, 3})),
            (1, 2),
        ),
        ("topic_mastered", BadgeParams(topic_id=99), snap(), (0, 0)),  # no concepts: never met
        # 80% of the last 10 answers: 8 correct needed; only the last 10 count
        (
            "accuracy",
            BadgeParams(threshold=80, second=10),
            snap(recent_results=(True,) * 5 + (False, False) + (True,) * 8),
            (8, 8),
        ),
        (
            "accuracy",
            BadgeParams(threshold=80, second=10),
            snap(recent_results=(True, False, True)),
            (2, 8),
        ),
        ("reviews_on_time", BadgeParams(threshold=3), snap(reviews_on_time=2), (2, 3)),
        ("perfect_session", BadgeParams(second=5), snap(total_attempts=50), (0, 1)),
    ],
)
def test_progress(kind, params, snapshot, expected):
    assert rules.RULES[kind].progress(snapshot, params) == expected


@pytest.mark.parametrize(
    ("kind", "params", "snapshot", "repeatable", "expected"),
    [
        ("questions_answered", BadgeParams(threshold=10), snap(total_attempts=9), False, 0),
        ("questions_answered", BadgeParams(threshold=10), snap(total_attempts=25), False, 1),
        # repeatable counters: once per further multiple of N
        ("questions_answered", BadgeParams(threshold=10), snap(total_attempts=25), True, 2),
        ("reviews_on_time", BadgeParams(threshold=2), snap(reviews_on_time=7), True, 3),
        # once rules are earned once even when flagged repeatable
        ("streak_days", BadgeParams(threshold=3), snap(longest_streak=9), True, 1),
        ("first_attempt", BadgeParams(), snap(total_attempts=40), True, 1),
        ("perfect_session", BadgeParams(second=3), snap(total_attempts=40), True, 0),
    ],
)
def test_times_met(kind, params, snapshot, repeatable, expected):
    assert rules.times_met(kind, params, snapshot=snapshot, repeatable=repeatable) == expected


def session(count, correct, *, activity=None, pass_mark=None):
    score = round(100 * correct / count) if count else 0
    return SessionResult(
        session_id=1,
        question_count=count,
        correct_count=correct,
        score_percent=score,
        activity_id=activity,
        pass_mark=pass_mark,
    )


@pytest.mark.parametrize(
    ("kind", "params", "result", "met"),
    [
        ("perfect_session", BadgeParams(second=5), session(5, 5), True),
        ("perfect_session", BadgeParams(second=5), session(4, 4), False),  # too short
        ("perfect_session", BadgeParams(second=5), session(8, 7), False),
        ("activity_passed", BadgeParams(), session(5, 3, activity=9, pass_mark=60), True),
        ("activity_passed", BadgeParams(), session(5, 2, activity=9, pass_mark=60), False),
        ("activity_passed", BadgeParams(), session(5, 5), False),  # not an activity
    ],
)
def test_session_rules(kind, params, result, met):
    event = Event(kind="session_completed", snapshot=snap(), session=result)
    assert rules.occurred(kind, params, event=event) is met


@pytest.mark.parametrize(
    ("times_earned", "repeatable", "expected"),
    [(0, False, 1), (1, False, 0), (1, True, 1), (4, True, 1)],
)
def test_occurrences_repeat_only_when_repeatable(times_earned, repeatable, expected):
    event = Event(kind="session_completed", snapshot=snap(), session=session(6, 6))
    due = rules.awards_due(
        "perfect_session",
        BadgeParams(second=5),
        event=event,
        times_earned=times_earned,
        repeatable=repeatable,
    )
    assert due == expected


def test_counter_awards_are_what_is_owed_beyond_what_was_earned():
    event = Event(kind="attempt_recorded", snapshot=snap(total_attempts=30))
    params = BadgeParams(threshold=10)
    assert (
        rules.awards_due("questions_answered", params, event=event, times_earned=2, repeatable=True)
        == 1
    )
    assert (
        rules.awards_due("questions_answered", params, event=event, times_earned=3, repeatable=True)
        == 0
    )
    assert (
        rules.awards_due(
            "questions_answered", params, event=event, times_earned=1, repeatable=False
        )
        == 0
    )


def test_history_counts_each_qualifying_session():
    sessions = [session(5, 5), session(5, 4), session(10, 10)]
    params = BadgeParams(second=5)
    assert (
        rules.times_met_in_history("perfect_session", params, sessions=sessions, repeatable=True)
        == 2
    )
    assert (
        rules.times_met_in_history("perfect_session", params, sessions=sessions, repeatable=False)
        == 1
    )


def test_an_event_only_moves_the_rules_that_declare_it():
    assert set(rules.kinds_for_event("attempt_recorded")) == {
        "first_attempt",
        "questions_answered",
        "correct_answers",
        "streak_days",
        "accuracy",
        "reviews_on_time",
    }
    assert set(rules.kinds_for_event("session_completed")) == {"perfect_session", "activity_passed"}
    assert set(rules.kinds_for_event("concept_mastered")) == {"concepts_mastered", "topic_mastered"}
    # a mastery rule is not evaluated on an answer, however the snapshot looks
    event = Event(kind="attempt_recorded", snapshot=snap(concepts_mastered=9))
    assert (
        rules.awards_due(
            "concepts_mastered",
            BadgeParams(threshold=1),
            event=event,
            times_earned=0,
            repeatable=False,
        )
        == 0
    )


@pytest.mark.parametrize(
    ("kind", "params", "flags", "fields"),
    [
        ("questions_answered", BadgeParams(threshold=0), {}, {"threshold"}),
        ("first_attempt", BadgeParams(threshold=3), {}, {"threshold"}),
        ("accuracy", BadgeParams(threshold=120, second=10), {}, {"threshold"}),
        ("accuracy", BadgeParams(threshold=80), {}, {"second_parameter"}),
        ("accuracy", BadgeParams(threshold=80, second=51), {}, {"second_parameter"}),
        ("perfect_session", BadgeParams(), {}, {"second_parameter"}),
        ("questions_answered", BadgeParams(threshold=5, second=3), {}, {"second_parameter"}),
        ("topic_mastered", BadgeParams(), {}, {"topic"}),
        ("questions_answered", BadgeParams(threshold=5), {"has_subject": True}, {"subject"}),
        ("concepts_mastered", BadgeParams(), {"has_subject": True, "has_topic": True}, {"topic"}),
        ("streak_days", BadgeParams(threshold=3), {"repeatable": True}, {"repeatable"}),
        ("concepts_mastered", BadgeParams(threshold=2), {"has_topic": True}, set()),
        ("perfect_session", BadgeParams(second=5), {"repeatable": True}, set()),
    ],
)
def test_params_errors(kind, params, flags, fields):
    options = {"repeatable": False, "has_subject": False, "has_topic": False, **flags}
    assert set(rules.params_errors(kind, params, **options)) == fields


def test_descriptions_read_as_plain_language():
    accuracy = rules.RULES["accuracy"].describe(BadgeParams(threshold=80, second=20))
    assert accuracy == "Get at least 80% of your last 20 answers right (16 correct)."
    mastered = rules.RULES["concepts_mastered"].describe(
        BadgeParams(threshold=3, scope_name="Fractions")
    )
    assert mastered == "Master 3 concepts in Fractions."
    for rule in rules.RULES.values():
        assert "{" not in rule.parameter_help()
