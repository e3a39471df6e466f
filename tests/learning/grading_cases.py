"""Questions the grading tests share (pure specs, no database)."""

from decimal import Decimal

from learning.grading import ChoiceSpec, QuestionSpec

SINGLE = QuestionSpec(
    kind="single",
    choices=(
        ChoiceSpec(1, "A", False, "A is a trap."),
        ChoiceSpec(2, "B", True, "Yes, B."),
        ChoiceSpec(3, "C", False),
    ),
)
TRUE_FALSE = QuestionSpec(
    kind="true_false",
    choices=(ChoiceSpec(10, "True", True), ChoiceSpec(11, "False", False, "Look again.")),
)
# 2 correct (B, D), 3 wrong (A, C, E).
MULTIPLE = QuestionSpec(
    kind="multiple",
    choices=(
        ChoiceSpec(1, "A", False, "A is wrong."),
        ChoiceSpec(2, "B", True, "B is right."),
        ChoiceSpec(3, "C", False),
        ChoiceSpec(4, "D", True, "D is right."),
        ChoiceSpec(5, "E", False),
    ),
)
ALL_CORRECT = QuestionSpec(
    kind="multiple", choices=(ChoiceSpec(1, "A", True), ChoiceSpec(2, "B", True))
)
NUMERIC = QuestionSpec(kind="numeric", numeric_answer=Decimal("3.5"), tolerance=Decimal("0.05"))
EXACT = QuestionSpec(kind="numeric", numeric_answer=Decimal("1234.5"))
SHORT = QuestionSpec(
    kind="short_text",
    choices=(
        ChoiceSpec(1, "Photosynthesis", True, "Well done."),
        ChoiceSpec(2, "Photo synthesis", True),
        ChoiceSpec(3, "Respiration", False, "Respiration releases energy; it does not store it."),
    ),
)
CAFE = QuestionSpec(kind="short_text", choices=(ChoiceSpec(1, "café", True),))
HALF = QuestionSpec(kind="short_text", choices=(ChoiceSpec(1, "3.5", True),))
HUGE = "x" * 10_000_000
