"""Item analysis arithmetic, table-driven, no database."""

import pytest

from progress.reports import item_analysis as ia


def r(student, question=1, correct=True, seconds=10.0, choices=(), text=""):
    return ia.Response(
        student_id=student,
        question_id=question,
        score=1.0 if correct else 0.0,
        is_correct=correct,
        seconds=seconds,
        choice_ids=tuple(choices),
        text=text,
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([7.0], 7.0), ([1.0, 3.0], 2.0), ([5.0, 1.0, 3.0], 3.0), ([4, 1, 9, 2], 3.0)],
)
def test_median(values, expected):
    assert ia.median(values) == expected


@pytest.mark.parametrize(
    ("n_students", "group_size"),
    [(1, 0), (3, 0), (4, 1), (10, 3), (11, 3), (20, 5), (100, 27)],
)
def test_upper_and_lower_groups_are_27_percent(n_students, group_size):
    scores = {sid: sid / 100 for sid in range(n_students)}
    upper, lower = ia.score_groups(scores)
    assert len(upper) == len(lower) == group_size
    if group_size:
        assert max(scores) in upper and min(scores) in lower
        assert not upper & lower


def _class_of_ten(item_correct_for):
    """Ten students; student k answers 3k of 30 anchor items right (ability grows with k,
    far enough apart that item 99 never reorders them), and item 99 when item_correct_for(k)."""
    responses = []
    for k in range(10):
        responses += [r(k, question=q, correct=q < 3 * k) for q in range(30)]
        responses.append(r(k, question=99, correct=item_correct_for(k)))
    return responses


@pytest.mark.parametrize(
    ("rule", "expected_d", "flags"),
    [
        (lambda k: k >= 7, 1.0, ()),  # only the strong get it: discriminates perfectly
        (lambda k: True, 0.0, ()),  # everyone gets it: tells nobody apart
        (lambda k: k <= 2, -1.0, (ia.FLAG_NEGATIVE_DISCRIMINATION,)),  # answer key suspect
        (lambda k: False, 0.0, (ia.FLAG_NEARLY_ALL_WRONG,)),
    ],
)
def test_discrimination_index_and_flags(rule, expected_d, flags):
    rows = {s.question_id: s for s in ia.analyse(_class_of_ten(rule), {})}
    item = rows[99]
    assert item.discrimination == pytest.approx(expected_d)
    assert item.flags == flags
    assert item.attempts == item.students == 10


def test_discrimination_needs_enough_students():
    responses = [r(1, correct=True), r(2, correct=False), r(3, correct=True)]
    (item,) = ia.analyse(responses, {})
    assert item.discrimination is None
    assert ia.FLAG_NEGATIVE_DISCRIMINATION not in item.flags


def test_discrimination_uses_first_attempts_but_share_correct_counts_all():
    # Student 0 is weak (first try wrong) and then retries until right three times.
    responses = _class_of_ten(lambda k: k >= 7) + [r(0, question=99, correct=True)] * 3
    rows = {s.question_id: s for s in ia.analyse(responses, {})}
    assert rows[99].discrimination == pytest.approx(1.0)
    assert rows[99].attempts == 13
    assert rows[99].correct == 6
    assert rows[99].share_correct == pytest.approx(6 / 13)


@pytest.mark.parametrize(
    ("n_correct", "n_wrong", "flagged"),
    [
        (1, 4, True),  # 20% of five attempts: nearly everyone wrong
        (0, 4, False),  # four attempts are too few to judge
        (2, 4, False),  # a third right is hard, not broken
        (0, 30, True),
    ],
)
def test_nearly_everyone_wrong_flag(n_correct, n_wrong, flagged):
    responses = [r(i, correct=True) for i in range(n_correct)]
    responses += [r(100 + i, correct=False) for i in range(n_wrong)]
    (item,) = ia.analyse(responses, {})
    assert (ia.FLAG_NEARLY_ALL_WRONG in item.flags) is flagged


def test_wrong_choices_are_counted_including_unpicked_and_removed_ones():
    info = ia.ItemInfo(
        question_id=1,
        choices=(
            ia.ChoiceInfo(10, "4", True),
            ia.ChoiceInfo(11, "5", False),
            ia.ChoiceInfo(12, "3", False),
        ),
    )
    responses = [
        r(1, correct=True, choices=[10]),
        r(2, correct=False, choices=[11]),
        r(3, correct=False, choices=[11]),
        r(4, correct=False, choices=[99]),  # a choice the author deleted since
    ]
    (item,) = ia.analyse(responses, {1: info})
    assert [(w.label, w.count) for w in item.wrong_answers] == [
        ("5", 2),
        ("3", 0),
        ("Choice 99 (since removed)", 1),
    ]
    assert item.wrong_answers[0].share == pytest.approx(0.5)


def test_typed_answers_list_the_most_common_wrong_ones():
    responses = [
        r(1, correct=False, text="12"),
        r(2, correct=False, text="12 "),
        r(3, correct=False, text="7"),
        r(4, correct=True, text="3.5"),
        r(5, correct=False, text="1"),
        r(6, correct=False, text="2"),
    ]
    (item,) = ia.analyse(responses, {})
    assert [(w.label, w.count) for w in item.wrong_answers] == [("12", 2), ("1", 1), ("2", 1)]


def test_flagged_items_come_first_then_hardest():
    responses = [r(i, question=1, correct=i < 3) for i in range(6)]  # 50%
    responses += [r(i, question=2, correct=i < 5) for i in range(6)]  # 83%
    responses += [r(i, question=3, correct=False) for i in range(6)]  # 0%: flagged
    responses += [r(i, question=4, correct=i < 1) for i in range(6)]  # 17%: flagged
    order = [s.question_id for s in ia.analyse(responses, {})]
    assert order[:2] == [3, 4]
    assert order[2:] == [1, 2]


def test_median_time_per_item():
    responses = [r(1, seconds=5), r(2, seconds=50), r(3, seconds=20)]
    (item,) = ia.analyse(responses, {})
    assert item.median_seconds == 20
