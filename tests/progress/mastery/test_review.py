"""Pure tests of progress.review, the FSRS wrapper that schedules concept reviews."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from progress.mastery import review

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def answer(card=None, *, score=1.0, confidence=None, at=NOW):
    return review.review_record(card=card, effective_score=score, confidence=confidence, now=at)


@pytest.mark.parametrize(
    ("effective_score", "confidence", "rating"),
    [
        (0.0, None, Rating.Again),
        (0.0, 3, Rating.Again),
        (0.49, None, Rating.Again),
        (0.5, None, Rating.Hard),
        (0.7, 3, Rating.Hard),
        (0.99, None, Rating.Hard),
        (1.0, None, Rating.Good),
        (1.0, 1, Rating.Good),
        (1.0, 2, Rating.Good),
        (1.0, 3, Rating.Easy),
    ],
)
def test_rating_mapping(effective_score, confidence, rating):
    assert review.rating_for(effective_score=effective_score, confidence=confidence) == rating


def test_first_answer_is_a_review_and_schedules_the_next_in_the_future():
    state = answer()
    assert state.reviewed
    assert state.due > NOW
    assert review.predicted_recall(card=state.card, now=NOW) == pytest.approx(1.0)


@pytest.mark.parametrize("hours_later", [0, 1, 6, 11.9])
def test_second_answer_within_twelve_hours_does_not_review(hours_later):
    first = answer()
    second = answer(first.card, score=0.0, at=NOW + timedelta(hours=hours_later))
    assert not second.reviewed
    assert second.card == first.card
    assert second.due == first.due


@pytest.mark.parametrize("hours_later", [12, 13, 48])
def test_answer_twelve_hours_or_more_later_reviews_again(hours_later):
    first = answer()
    later = NOW + timedelta(hours=hours_later)
    second = answer(first.card, at=later)
    assert second.reviewed
    assert second.card["last_review"] != first.card["last_review"]
    assert second.due > later


def test_wrong_answer_brings_the_review_sooner_than_a_right_one():
    first = answer()
    later = NOW + timedelta(days=2)
    wrong = answer(first.card, score=0.0, at=later)
    hard = answer(first.card, score=0.6, at=later)
    good = answer(first.card, score=1.0, at=later)
    easy = answer(first.card, score=1.0, confidence=3, at=later)
    assert wrong.due < hard.due < good.due < easy.due


def test_spacing_grows_with_successive_correct_reviews():
    state, at, gaps = answer(), NOW, []
    for _ in range(4):
        gaps.append(state.due - at)
        at = state.due
        state = answer(state.card, at=at)
    assert gaps == sorted(gaps)
    assert gaps[-1] > gaps[0]


def test_predicted_recall_decreases_over_time():
    card = answer().card
    values = [
        review.predicted_recall(card=card, now=NOW + timedelta(days=d)) for d in (0, 1, 7, 30, 90)
    ]
    assert values == sorted(values, reverse=True)
    assert len(set(values)) == len(values)
    assert all(0 < v <= 1 for v in values)


@pytest.mark.parametrize("card", [None, {}])
def test_predicted_recall_is_none_without_a_review(card):
    assert review.predicted_recall(card=card, now=NOW) is None


def test_schedules_are_reproducible():
    assert answer().card == answer().card
    assert answer().due == answer().due


def test_naive_datetime_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        answer(at=datetime(2025, 3, 3, 9, 0))
