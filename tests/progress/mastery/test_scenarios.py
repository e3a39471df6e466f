"""Simulated learners through the real answer path (demo.scenarios), each with its stated
expectation: the same scenarios bench/mastery_scenarios.py prints."""

import pytest

from demo import scenarios

pytestmark = pytest.mark.django_db


def test_a_random_guesser_is_never_mastered_and_reads_under_half_after_twenty():
    result = scenarios.random_guesser()
    assert result["answers"] == 60
    assert not result["ever_mastered"]
    assert result["estimate_after_20"] < 0.5
    assert result["passed"]


def test_repeating_revealed_answers_never_masters():
    result = scenarios.revealed_answer_repeater()
    # A 4-question concept makes 4-question sessions, never 10 out of 4.
    assert result["session_lengths"] == [4] * 10
    assert result["right"] >= 36  # the repeats are all right...
    assert result["estimate_at_end"] == result["estimate_after_first_session"]  # ...and count 0
    assert result["status_at_end"] == "in_progress"
    assert result["passed"]


def test_a_knower_is_mastered_after_three_distinct_questions_within_eight_answers():
    result = scenarios.knower()
    assert result["distinct_questions_by_then"] >= 3
    assert result["mastered_after_answers"] <= 8
    assert result["estimates"] == sorted(result["estimates"])  # never eased within the sitting
    assert result["passed"]


def test_wrong_five_times_then_right_is_mastered_within_a_bounded_number_of_answers():
    result = scenarios.late_learner()
    assert 0 < result["further_answers_to_mastery"] <= scenarios.MAX_FURTHER
    assert result["passed"]


def test_a_mastered_concept_needs_review_only_after_days():
    result = scenarios.mastered_then_no_practice()
    statuses = result["statuses"]
    assert statuses["right_after"] == statuses["eleven_hours_later"] == "mastered"
    assert statuses["at_the_review_date"] == "review_needed"
    assert result["review_due_after_days"] >= 1
    assert result["dashboard_agrees"]
    assert result["passed"]


def test_a_single_right_first_answer_reads_under_about_sixty_percent():
    result = scenarios.single_correct_first_answer()
    assert all(v <= 0.6 for v in result["estimates"].values())
    assert result["passed"]


def test_few_random_guessers_ever_reach_mastery():
    """One seeded guesser shows one outcome; across many, mastery by luck stays rare (the
    bench prints the figure for 1,000)."""
    population = scenarios.guesser_population(300)
    assert population["share_ever_mastered_in_60"] < 0.05
    assert population["share_at_or_above_50_percent_after_20"] < 0.2
