"""Property-based tests of grading and number parsing (pure, no database).

Hypothesis generates valid questions (``validate_question`` returns no errors) and
arbitrary responses; the properties are what a student relies on: a score is a fraction
of a mark, a malformed answer is refused with a message (never a crash), partial credit
never punishes a right pick or rewards a wrong one, and a number reads back as itself
however it is formatted.
"""

import contextlib
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learning.grading import (
    MAX_EXPONENT,
    MAX_TEXT_LENGTH,
    MINUS,
    ChoiceSpec,
    InvalidResponse,
    QuestionSpec,
    grade,
    grade_multiple_choice,
    normalise_text,
    parse_number,
    validate_question,
)

FAST = settings(max_examples=60, deadline=None)

# --- strategies ---------------------------------------------------------------------------

texts = st.text(min_size=1, max_size=12)
weights = st.sampled_from([-1.0, -0.5, -0.3333333, 0.0, 0.25, 0.3333333, 0.5, 1.0])


@st.composite
def choice_questions(draw, kind=None, weighted=None):
    kind = kind or draw(st.sampled_from(["single", "multiple", "true_false"]))
    if kind == "true_false":
        correct_true = draw(st.booleans())
        choices = (ChoiceSpec(1, "True", correct_true), ChoiceSpec(2, "False", not correct_true))
        return QuestionSpec(kind=kind, choices=choices)
    n = draw(st.integers(min_value=2, max_value=6))
    names = draw(st.lists(texts, min_size=n, max_size=n, unique_by=lambda t: t.casefold()))
    if kind == "single":
        right = draw(st.integers(min_value=0, max_value=n - 1))
        flags = [i == right for i in range(n)]
    else:
        flags = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    use_weights = draw(st.booleans()) if weighted is None else weighted
    ws = [None] * n
    if kind == "multiple" and use_weights:
        ws = [draw(weights.filter(lambda w, f=f: (w > 0) == f)) for f in flags]
    ids = draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n, unique=True))
    choices = tuple(
        ChoiceSpec(i, name, flag, weight=w)
        for i, name, flag, w in zip(ids, names, flags, ws, strict=True)
    )
    q = QuestionSpec(kind=kind, choices=choices)
    assume(not validate_question(q))
    return q


@st.composite
def text_questions(draw):
    if draw(st.booleans()):
        answer = draw(st.decimals(allow_nan=False, allow_infinity=False, places=3))
        tolerance = draw(st.decimals(min_value=0, max_value=10, places=2))
        return QuestionSpec(kind="numeric", numeric_answer=answer, tolerance=tolerance)
    accepted = draw(st.lists(texts, min_size=1, max_size=3))
    choices = tuple(ChoiceSpec(i, t, True) for i, t in enumerate(accepted, start=1))
    q = QuestionSpec(kind="short_text", choices=choices)
    assume(not validate_question(q))
    return q


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.binary(max_size=8)
)
anything = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def responses(draw, q: QuestionSpec):
    """Plausible and hostile responses: real ids, digit strings, junk, wrong shapes."""
    ids = [c.id for c in q.choices]
    id_like = st.sampled_from(ids) | st.sampled_from([str(i) for i in ids]) if ids else anything
    pick = st.lists(id_like | anything, max_size=len(ids) + 2)
    return draw(
        st.fixed_dictionaries({"choices": pick})
        | st.fixed_dictionaries({"value": st.text(max_size=60) | anything})
        | st.dictionaries(st.text(max_size=8), anything, max_size=3)
        | anything
    )


# --- grading --------------------------------------------------------------------------------


@FAST
@given(data=st.data(), q=choice_questions() | text_questions())
def test_grade_scores_a_fraction_of_a_mark_or_refuses_with_a_message(data, q):
    response = data.draw(responses(q))
    try:
        result = grade(q, response)
    except InvalidResponse as exc:
        assert str(exc).strip(), "a refusal must say why"
        return
    assert 0.0 <= result.score <= 1.0
    assert result.is_correct == (result.score == 1.0)
    assert isinstance(result.response, dict)


@FAST
@given(q=choice_questions(kind="multiple"), data=st.data())
def test_adding_a_correct_pick_never_lowers_and_a_wrong_pick_never_raises(q, data):
    ids = [c.id for c in q.choices]
    picked = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    rest = [c for c in q.choices if c.id not in picked]
    assume(rest)
    extra = data.draw(st.sampled_from(rest))
    before = grade_multiple_choice(q, picked).score
    after = grade_multiple_choice(q, [*picked, extra.id]).score
    if extra.is_correct:
        assert after >= before, (picked, extra)
    else:
        assert after <= before, (picked, extra)


@FAST
@given(q=choice_questions(kind="multiple", weighted=False))
def test_picking_exactly_the_correct_choices_is_full_credit_and_everything_is_zero(q):
    correct = [c.id for c in q.choices if c.is_correct]
    assert grade_multiple_choice(q, correct).is_correct
    if len(correct) < len(q.choices):
        assert grade_multiple_choice(q, [c.id for c in q.choices]).score == 0.0


@FAST
@given(q=text_questions())
def test_an_accepted_answer_typed_with_other_case_and_spacing_is_correct(q):
    assume(q.kind == "short_text")
    accepted = q.choices[0].text
    typed = "  " + accepted.upper().replace(" ", "   ") + " "
    assume(len(typed) <= MAX_TEXT_LENGTH and normalise_text(typed) == normalise_text(accepted))
    assert grade(q, {"value": typed}).is_correct


# --- numbers --------------------------------------------------------------------------------

reasonable = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False
)
money = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2)


@FAST
@given(d=reasonable)
def test_a_number_reads_back_as_itself(d):
    for text in (str(d), f"{d:f}", f"{d:e}", f" {d} "):
        assert parse_number(text) == d, text


@FAST
@given(d=money)
def test_grouped_and_localised_variants_read_as_the_same_number(d):
    us = f"{abs(d):,.2f}"  # 1,234,567.89
    european = us.translate(str.maketrans(",.", ".,"))  # 1.234.567,89
    sign = "-" if d < 0 else ""
    variants = [
        sign + us,
        sign + european,
        sign + us.replace(",", " "),  # 1 234 567.89
        sign + european.replace(".", "\u00a0"),  # no-break space groups, decimal comma
        sign + european.replace(".", "\u202f"),  # narrow no-break space
        sign + us.replace(",", "_"),
        ("+" if d >= 0 else MINUS) + us,
    ]
    for text in variants:
        assert parse_number(text) == d, text


@FAST
@given(text=st.text(max_size=MAX_TEXT_LENGTH + 20))
def test_parse_number_returns_a_finite_number_or_refuses_with_a_message(text):
    try:
        value = parse_number(text)
    except InvalidResponse as exc:
        assert str(exc).strip()
        return
    assert value.is_finite()
    if value:
        assert abs(value.adjusted()) <= MAX_EXPONENT


@FAST
@given(text=st.from_regex(r"\A[ +\-\u2212]?[0-9 ,._]{1,20}([eE][+\-]?[0-9]{1,4})?\Z"))
def test_number_like_text_never_crashes_the_parser(text):
    with contextlib.suppress(InvalidResponse):
        assert parse_number(text).is_finite()
