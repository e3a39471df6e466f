"""The demo curriculum and demo people, as plain data (no ORM).

``manage.py seed_demo`` turns this into rows through the curriculum services, so the
data obeys every rule an author's would. Natural keys: subjects, topics, concepts and
activities by slug, questions by (concept, title), people by username, the class by
name. Choice order below is the authoring order; the command shuffles single- and
multiple-choice options with the seeded generator so the right answer is not always
first.

Question dicts: ``kind``, ``title``, ``prompt``, ``difficulty`` (1-5), ``explanation``,
``hints`` (1-3), and ``choices`` as ``(text, is_correct, feedback)`` tuples; numeric
questions have ``answer`` and ``tolerance`` (decimal strings) instead of choices. A
question is published unless it says ``"draft": True``.
"""

from learning.grading import MULTIPLE, NUMERIC, SHORT_TEXT, SINGLE, TRUE_FALSE

DEMO_PASSWORD = "pathwise-demo"  # noqa: S105 - the published password of demo accounts


def true_false(answer: bool, *, if_true: str = "", if_false: str = "") -> list:
    """The two choices of a true/false question; feedback for picking each."""
    return [("True", answer, if_true), ("False", not answer, if_false)]


# --- curriculum -------------------------------------------------------------------

SUBJECTS = [
    {
        "slug": "mathematics",
        "name": "Mathematics",
        "description": "Number, fractions and the first steps in geometry.",
        "order": 1,
    },
    {
        "slug": "science",
        "name": "Science",
        "description": "How scientists ask and test questions, and what everything is made of.",
        "order": 2,
    },
]

# Parents come before their children.
TOPICS = [
    {
        "subject": "mathematics",
        "slug": "arithmetic",
        "name": "Arithmetic",
        "parent": None,
        "description": "How numbers are built and the order we work out calculations in.",
        "exam_weightage": 10,
        "estimated_hours": "2.0",
        "order": 1,
    },
    {
        "subject": "mathematics",
        "slug": "addition",
        "name": "Addition",
        "parent": "arithmetic",
        "description": "Adding whole numbers and decimals, with carrying.",
        "exam_weightage": 15,
        "estimated_hours": "3.0",
        "order": 2,
    },
    {
        "subject": "mathematics",
        "slug": "subtraction",
        "name": "Subtraction",
        "parent": "arithmetic",
        "description": "Taking away, finding differences and exchanging.",
        "exam_weightage": 15,
        "estimated_hours": "3.0",
        "order": 3,
    },
    {
        "subject": "mathematics",
        "slug": "multiplication",
        "name": "Multiplication",
        "parent": "arithmetic",
        "description": "Times tables, powers of ten and multiplying larger numbers.",
        "exam_weightage": 20,
        "estimated_hours": "4.0",
        "order": 4,
    },
    {
        "subject": "mathematics",
        "slug": "fractions",
        "name": "Fractions",
        "parent": "arithmetic",
        "description": "Equivalent fractions, adding fractions and fractions of amounts.",
        "exam_weightage": 20,
        "estimated_hours": "5.0",
        "order": 5,
    },
    {
        "subject": "mathematics",
        "slug": "geometry-basics",
        "name": "Geometry basics",
        "parent": None,
        "description": "Angles, perimeter, area and the properties of flat shapes.",
        "exam_weightage": 20,
        "estimated_hours": "4.0",
        "order": 6,
    },
    {
        "subject": "science",
        "slug": "scientific-method",
        "name": "Scientific method",
        "parent": None,
        "description": "Asking testable questions, planning fair tests and handling results.",
        "exam_weightage": 40,
        "estimated_hours": "3.0",
        "order": 1,
    },
    {
        "subject": "science",
        "slug": "matter",
        "name": "Matter",
        "parent": None,
        "description": "Solids, liquids and gases, changes of state and mixtures.",
        "exam_weightage": 60,
        "estimated_hours": "4.0",
        "order": 2,
    },
]

# (topic, prerequisite): learn the prerequisite first.
TOPIC_PREREQUISITES = [
    ("subtraction", "addition"),
    ("multiplication", "addition"),
    ("fractions", "multiplication"),
    ("geometry-basics", "multiplication"),
    ("matter", "scientific-method"),
]

CONCEPTS = [
    # Arithmetic
    {
        "topic": "arithmetic",
        "slug": "place-value",
        "name": "Place value",
        "explanation": (
            "Every digit in a number has a value that depends on where it sits. In 3,482 "
            "the 3 is worth three thousand, the 4 is worth four hundred, the 8 is worth "
            "eighty and the 2 is worth two. Moving one place to the left makes a digit "
            "worth ten times more."
        ),
    },
    {
        "topic": "arithmetic",
        "slug": "order-of-operations",
        "name": "Order of operations",
        "explanation": (
            "When a calculation has more than one operation, we work it out in an agreed "
            "order so that everybody gets the same answer. Brackets come first, then "
            "multiplication and division, then addition and subtraction. So 2 + 3 × 4 is "
            "2 + 12 = 14, not 20."
        ),
    },
    # Addition
    {
        "topic": "addition",
        "slug": "adding-whole-numbers",
        "name": "Adding whole numbers",
        "explanation": (
            "Adding puts amounts together to find the total. Line the numbers up so that "
            "ones sit under ones and tens under tens, then add each column. You can add "
            "in any order: 7 + 5 is the same as 5 + 7."
        ),
    },
    {
        "topic": "addition",
        "slug": "carrying",
        "name": "Carrying (regrouping)",
        "explanation": (
            "When a column adds up to 10 or more, it does not fit in one place. Write the "
            "ones digit in that column and carry the ten to the next column as a small 1. "
            "For 48 + 37: 8 + 7 = 15, so write 5 and carry 1; then 4 + 3 + 1 = 8, so the "
            "answer is 85."
        ),
    },
    {
        "topic": "addition",
        "slug": "adding-decimals",
        "name": "Adding decimals",
        "explanation": (
            "Decimals are added just like whole numbers, as long as the decimal points "
            "line up. Fill empty places with zeros if it helps: 3.5 + 1.25 becomes "
            "3.50 + 1.25 = 4.75. The point in the answer goes straight below the others."
        ),
    },
    # Subtraction
    {
        "topic": "subtraction",
        "slug": "subtracting-whole-numbers",
        "name": "Subtracting whole numbers",
        "explanation": (
            "Subtracting takes one amount away from another, or finds the difference "
            "between two numbers. Order matters: 9 − 4 is 5, but 4 − 9 is not. You can "
            "check a subtraction with an addition: if 9 − 4 = 5, then 5 + 4 gives 9 again."
        ),
    },
    {
        "topic": "subtraction",
        "slug": "exchanging",
        "name": "Exchanging (borrowing)",
        "explanation": (
            "Sometimes the top digit in a column is smaller than the one below it, as in "
            "52 − 17, where 2 is smaller than 7. Then we exchange: take one ten and turn "
            "it into ten ones. 52 becomes 4 tens and 12 ones; 12 − 7 = 5 and 4 − 1 = 3, "
            "so 52 − 17 = 35."
        ),
    },
    {
        "topic": "subtraction",
        "slug": "subtraction-word-problems",
        "name": "Subtraction word problems",
        "explanation": (
            "Many problems are subtractions in disguise. 'How many are left?', 'How many "
            "more?' and 'What is the difference?' all mean: take the smaller amount from "
            "the larger. Read carefully, write the calculation, then check that your "
            "answer makes sense."
        ),
    },
    # Multiplication
    {
        "topic": "multiplication",
        "slug": "times-tables",
        "name": "Times tables",
        "explanation": (
            "Multiplication is a quick way to add equal groups: 4 × 3 means four groups "
            "of three, which is 3 + 3 + 3 + 3 = 12. Knowing the times tables up to "
            "12 × 12 by heart makes all other maths faster. The order does not matter: "
            "4 × 3 = 3 × 4."
        ),
    },
    {
        "topic": "multiplication",
        "slug": "multiplying-by-10-and-100",
        "name": "Multiplying by 10 and 100",
        "explanation": (
            "When you multiply by 10, every digit moves one place to the left and a zero "
            "fills the empty ones place: 34 × 10 = 340. Multiplying by 100 moves every "
            "digit two places: 34 × 100 = 3,400. Decimals work the same way: "
            "2.5 × 10 = 25."
        ),
    },
    {
        "topic": "multiplication",
        "slug": "multiplying-larger-numbers",
        "name": "Multiplying larger numbers",
        "explanation": (
            "To multiply bigger numbers, split one of them into parts. For 23 × 14: "
            "23 × 10 = 230 and 23 × 4 = 92, then add the parts: 230 + 92 = 322. Written "
            "long multiplication does exactly this, in columns."
        ),
    },
    # Fractions
    {
        "topic": "fractions",
        "slug": "equivalent-fractions",
        "name": "Equivalent fractions",
        "explanation": (
            "A fraction shows parts of a whole: 3/4 means the whole is cut into 4 equal "
            "parts and we take 3 of them. Fractions that look different can be the same "
            "size: 1/2 = 2/4 = 4/8. Multiply or divide the top and the bottom by the same "
            "number to get an equivalent fraction."
        ),
    },
    {
        "topic": "fractions",
        "slug": "adding-fractions",
        "name": "Adding and subtracting fractions",
        "explanation": (
            "When the bottom numbers (denominators) are the same, add just the top "
            "numbers: 2/7 + 3/7 = 5/7. When the denominators differ, first rewrite the "
            "fractions with the same denominator: 1/2 + 1/4 = 2/4 + 1/4 = 3/4."
        ),
    },
    {
        "topic": "fractions",
        "slug": "fractions-of-amounts",
        "name": "Fractions of amounts",
        "explanation": (
            "To find a fraction of an amount, divide by the bottom number and multiply by "
            "the top number. For 3/4 of 20: 20 ÷ 4 = 5, then 5 × 3 = 15. Finding 1/2 is "
            "the same as halving, and 1/10 is the same as dividing by 10."
        ),
    },
    # Geometry basics
    {
        "topic": "geometry-basics",
        "slug": "angles",
        "name": "Angles",
        "explanation": (
            "An angle measures how far something turns, in degrees (°). A full turn is "
            "360°, a half turn 180° and a quarter turn, a right angle, 90°. An acute angle "
            "is less than 90°; an obtuse angle is between 90° and 180°. Angles on a "
            "straight line add up to 180°, and so do the angles inside a triangle."
        ),
    },
    {
        "topic": "geometry-basics",
        "slug": "perimeter-and-area",
        "name": "Perimeter and area",
        "explanation": (
            "Perimeter is the distance all the way round the edge of a shape: add up the "
            "sides. Area is the flat space inside, counted in squares such as cm². For a "
            "rectangle, area = length × width, so a 5 cm by 3 cm rectangle has an area of "
            "15 cm² and a perimeter of 5 + 3 + 5 + 3 = 16 cm."
        ),
    },
    {
        "topic": "geometry-basics",
        "slug": "properties-of-shapes",
        "name": "Properties of 2D shapes",
        "explanation": (
            "Flat shapes are named by their sides: a triangle has 3, a quadrilateral 4, a "
            "pentagon 5 and a hexagon 6. A rectangle has four right angles and opposite "
            "sides equal; a square is a rectangle whose four sides are all equal. A shape "
            "is regular when all its sides and all its angles are equal."
        ),
    },
    # Scientific method
    {
        "topic": "scientific-method",
        "slug": "hypotheses-and-predictions",
        "name": "Questions, hypotheses and predictions",
        "explanation": (
            "Science starts with a question you can test, such as 'Does salt make ice "
            "melt faster?'. A hypothesis is a possible explanation you can test. A "
            "prediction says what you expect to see in your experiment if the hypothesis "
            "is right: 'The salted ice cube will melt first.'"
        ),
    },
    {
        "topic": "scientific-method",
        "slug": "fair-tests",
        "name": "Variables and fair tests",
        "explanation": (
            "A variable is anything that can change in an experiment. In a fair test you "
            "change just one variable (the independent variable), measure one (the "
            "dependent variable) and keep everything else the same (the control "
            "variables). Change two things at once and you cannot tell which one caused "
            "the result."
        ),
    },
    {
        "topic": "scientific-method",
        "slug": "recording-results",
        "name": "Measuring and recording results",
        "explanation": (
            "Write results in a table with units, such as seconds or centimetres. "
            "Repeating a measurement and taking the mean makes results more reliable: add "
            "the readings and divide by how many there are. A result far from the others "
            "is called an anomaly and should be checked."
        ),
    },
    # Matter
    {
        "topic": "matter",
        "slug": "states-of-matter",
        "name": "Solids, liquids and gases",
        "explanation": (
            "Everything is made of tiny particles. In a solid they are packed tightly and "
            "only vibrate, so a solid keeps its shape. In a liquid they are close but "
            "slide past each other, so a liquid flows and takes the shape of its "
            "container. In a gas they are far apart and move fast, so a gas spreads out "
            "to fill any space."
        ),
    },
    {
        "topic": "matter",
        "slug": "changes-of-state",
        "name": "Changes of state",
        "explanation": (
            "Heating or cooling can change a material from one state to another. Melting "
            "turns a solid into a liquid and freezing turns it back. Evaporating turns a "
            "liquid into a gas and condensing turns a gas back into a liquid. Pure water "
            "melts at 0 °C and boils at 100 °C."
        ),
    },
    {
        "topic": "matter",
        "slug": "mixtures",
        "name": "Mixtures and separating",
        "explanation": (
            "A mixture is two or more substances mixed but not joined together, so they "
            "can be separated again. Filtering separates an undissolved solid from a "
            "liquid, and evaporating the water from a solution leaves the dissolved solid "
            "behind. Dissolved salt seems to vanish, but it is still there: you can taste "
            "it."
        ),
    },
]

# (concept, prerequisite)
CONCEPT_PREREQUISITES = [
    ("adding-whole-numbers", "place-value"),
    ("carrying", "adding-whole-numbers"),
    ("adding-decimals", "carrying"),
    ("subtracting-whole-numbers", "adding-whole-numbers"),
    ("exchanging", "subtracting-whole-numbers"),
    ("subtraction-word-problems", "subtracting-whole-numbers"),
    ("multiplying-by-10-and-100", "place-value"),
    ("multiplying-larger-numbers", "times-tables"),
    ("multiplying-larger-numbers", "multiplying-by-10-and-100"),
    ("adding-fractions", "equivalent-fractions"),
    ("fractions-of-amounts", "times-tables"),
    ("perimeter-and-area", "times-tables"),
    ("fair-tests", "hypotheses-and-predictions"),
    ("recording-results", "fair-tests"),
    ("changes-of-state", "states-of-matter"),
    ("mixtures", "changes-of-state"),
]

# --- questions, by concept slug ---------------------------------------------------

QUESTIONS = {
    "place-value": [
        {
            "kind": SINGLE,
            "title": "Value of a digit in 5,706",
            "difficulty": 1,
            "prompt": "In the number 5,706, what is the value of the digit 7?",
            "choices": [
                ("700", True, ""),
                ("70", False, "70 would be a 7 in the tens place. Here it is in the hundreds."),
                ("7", False, "That is the digit on its own; its place makes it worth more."),
                ("7,000", False, "The thousands place holds the 5, not the 7."),
            ],
            "explanation": "5,706 is 5 thousands, 7 hundreds, 0 tens and 6 ones: the 7 is 700.",
            "hints": ("Name the places from the right: ones, tens, hundreds, thousands.",),
        },
        {
            "kind": NUMERIC,
            "title": "Build a number from its places",
            "difficulty": 2,
            "prompt": "Write the number that has 4 thousands, 0 hundreds, 3 tens and 9 ones.",
            "answer": "4039",
            "tolerance": "0",
            "explanation": "4 thousands, 0 hundreds, 3 tens and 9 ones is written 4039.",
            "hints": (
                "Write one digit for each place: thousands, hundreds, tens, ones.",
                "There are no hundreds, so that place needs a 0.",
            ),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Compare two threes",
            "difficulty": 2,
            "prompt": "The 3 in 230 is worth more than the 3 in 1,003.",
            "choices": true_false(
                True,
                if_false="In 230 the 3 is in the tens place (30); in 1,003 it is in the "
                "ones place (3).",
            ),
            "explanation": "In 230 the 3 means 30; in 1,003 it means just 3.",
            "hints": ("Find which place each 3 is in.",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name the place of the 6",
            "difficulty": 2,
            "prompt": "In the number 2,615, which place is the digit 6 in?",
            "choices": [
                ("hundreds", True, ""),
                ("hundred", True, ""),
                ("hundreds place", True, ""),
                ("the hundreds", True, ""),
                ("tens", False, "The tens digit of 2,615 is the 1. Count again from the right."),
                ("thousands", False, "The thousands digit is the 2."),
            ],
            "explanation": "2,615 is 2 thousands, 6 hundreds, 1 ten and 5 ones.",
            "hints": ("Start at the right: 5 is in the ones place.",),
        },
    ],
    "order-of-operations": [
        {
            "kind": SINGLE,
            "title": "8 + 2 × 5",
            "difficulty": 2,
            "prompt": "What is 8 + 2 × 5?",
            "choices": [
                ("18", True, ""),
                ("50", False, "You added first. Multiply first: 2 × 5 = 10, then 8 + 10."),
                ("17", False, "Check the multiplication: 2 × 5 is 10, so 8 + 10 = 18."),
            ],
            "explanation": "Multiplication comes before addition: 2 × 5 = 10 and 8 + 10 = 18.",
            "hints": ("Which comes first, adding or multiplying?",),
        },
        {
            "kind": NUMERIC,
            "title": "Brackets first",
            "difficulty": 2,
            "prompt": "Work out (6 + 4) × 3.",
            "answer": "30",
            "tolerance": "0",
            "explanation": "Brackets first: 6 + 4 = 10, then 10 × 3 = 30.",
            "hints": ("Do the part in brackets before anything else.",),
        },
        {
            "kind": NUMERIC,
            "title": "Division before subtraction",
            "difficulty": 3,
            "prompt": "Work out 20 − 12 ÷ 4.",
            "answer": "17",
            "tolerance": "0",
            "explanation": "Divide before subtracting: 12 ÷ 4 = 3, then 20 − 3 = 17.",
            "hints": (
                "Division comes before subtraction.",
                "12 ÷ 4 = 3. Now take that from 20.",
            ),
        },
        {
            "kind": MULTIPLE,
            "title": "Which calculations make 10",
            "difficulty": 4,
            "prompt": "Which of these calculations equal 10? Select all that apply.",
            "choices": [
                ("2 + 4 × 2", True, ""),
                ("(2 + 3) × 2", True, ""),
                ("12 − 4 ÷ 2", True, ""),
                ("(12 − 4) ÷ 2", False, "Brackets first: 12 − 4 = 8, and 8 ÷ 2 = 4."),
                ("3 + 3 × 3", False, "Multiply first: 3 × 3 = 9, then 3 + 9 = 12."),
            ],
            "explanation": (
                "2 + 4 × 2 = 2 + 8 = 10; (2 + 3) × 2 = 5 × 2 = 10; 12 − 4 ÷ 2 = 12 − 2 = 10. "
                "The other two give 4 and 12."
            ),
            "hints": (
                "Work each one out separately.",
                "Brackets, then × and ÷, then + and −.",
            ),
        },
    ],
    "adding-whole-numbers": [
        {
            "kind": NUMERIC,
            "title": "36 + 47",
            "difficulty": 1,
            "prompt": "What is 36 + 47?",
            "answer": "83",
            "tolerance": "0",
            "explanation": "6 + 7 = 13: write 3, carry 1. 3 + 4 + 1 = 8. So 36 + 47 = 83.",
            "hints": ("Add the ones first, then the tens.",),
        },
        {
            "kind": SINGLE,
            "title": "Adding in any order",
            "difficulty": 1,
            "prompt": "Which calculation gives the same answer as 9 + 14?",
            "choices": [
                ("14 + 9", True, ""),
                ("14 − 9", False, "Subtraction changes the answer: 14 − 9 = 5, but 9 + 14 = 23."),
                ("9 × 14", False, "That is multiplication: 9 × 14 = 126."),
            ],
            "explanation": "You can add in any order, so 9 + 14 = 14 + 9 = 23.",
            "hints": ("Does swapping the numbers change a sum?",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Adding zero",
            "difficulty": 1,
            "prompt": "Adding zero to a number leaves the number unchanged.",
            "choices": true_false(True, if_false="Try it: 8 + 0 = 8. Zero adds nothing."),
            "explanation": "Zero means nothing, so 8 + 0 = 8 and 125 + 0 = 125.",
            "hints": ("Try it with a number, such as 8 + 0.",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name of an addition answer",
            "difficulty": 2,
            "prompt": "What word do we use for the answer to an addition?",
            "choices": [
                ("sum", True, ""),
                ("total", True, ""),
                ("the sum", True, ""),
                ("the total", True, ""),
                ("difference", False, "The difference is the answer to a subtraction."),
                ("product", False, "The product is the answer to a multiplication."),
            ],
            "explanation": "The answer to an addition is called the sum (or the total).",
            "hints": ("It is a three-letter word that starts with s.",),
        },
    ],
    "carrying": [
        {
            "kind": NUMERIC,
            "title": "268 + 457",
            "difficulty": 3,
            "prompt": "Work out 268 + 457.",
            "answer": "725",
            "tolerance": "0",
            "explanation": (
                "8 + 7 = 15: write 5, carry 1. 6 + 5 + 1 = 12: write 2, carry 1. "
                "2 + 4 + 1 = 7. So 268 + 457 = 725."
            ),
            "hints": (
                "Start with the ones column: 8 + 7.",
                "Remember to add each carried 1 into the next column.",
            ),
        },
        {
            "kind": SINGLE,
            "title": "Find the carrying mistake",
            "difficulty": 3,
            "prompt": "Amir works out 58 + 27 and gets 75. What went wrong?",
            "choices": [
                ("He forgot to carry the 1 from the ones column", True, ""),
                (
                    "He added the tens wrongly",
                    False,
                    "5 + 2 = 7 is right, but the carried 1 is missing: 5 + 2 + 1 = 8.",
                ),
                (
                    "He should have subtracted",
                    False,
                    "The question asks for a total, so adding is right.",
                ),
            ],
            "explanation": (
                "8 + 7 = 15, so write 5 and carry 1 ten. The tens are 5 + 2 + 1 = 8, "
                "giving 85, not 75."
            ),
            "hints": ("Work out 8 + 7. Does it fit in one column?",),
        },
        {
            "kind": NUMERIC,
            "title": "Tickets sold",
            "difficulty": 4,
            "prompt": (
                "A school sold 1385 tickets on Friday and 2746 on Saturday. How many "
                "tickets did it sell altogether?"
            ),
            "answer": "4131",
            "tolerance": "0",
            "explanation": (
                "5 + 6 = 11 (write 1, carry 1); 8 + 4 + 1 = 13 (write 3, carry 1); "
                "3 + 7 + 1 = 11 (write 1, carry 1); 1 + 2 + 1 = 4. Total: 4131."
            ),
            "hints": (
                "'Altogether' means add.",
                "Line the numbers up in columns; there are carries in three columns.",
            ),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Is there a carry in 67 + 25",
            "difficulty": 2,
            "prompt": "To work out 67 + 25 in columns, you need to carry a 1 into the tens.",
            "choices": true_false(
                True, if_false="Look at the ones: 7 + 5 = 12, which is more than 9."
            ),
            "explanation": "7 + 5 = 12, so write 2 and carry 1 ten. 67 + 25 = 92.",
            "hints": ("Add the ones digits first.",),
        },
    ],
    "adding-decimals": [
        {
            "kind": NUMERIC,
            "title": "3.5 + 1.25",
            "difficulty": 2,
            "prompt": "Work out 3.5 + 1.25.",
            "answer": "4.75",
            "tolerance": "0",
            "explanation": "Line up the points: 3.50 + 1.25 = 4.75.",
            "hints": ("Write 3.5 as 3.50 so both numbers have two decimal places.",),
        },
        {
            "kind": SINGLE,
            "title": "0.6 + 0.7",
            "difficulty": 2,
            "prompt": "What is 0.6 + 0.7?",
            "choices": [
                ("1.3", True, ""),
                ("0.13", False, "Six tenths and seven tenths make thirteen tenths: 1.3."),
                ("1.03", False, "Thirteen tenths is one whole and three tenths, 1.3."),
            ],
            "explanation": "6 tenths + 7 tenths = 13 tenths = 1 whole and 3 tenths = 1.3.",
            "hints": ("Count in tenths: 6 tenths and 7 tenths.",),
        },
        {
            "kind": NUMERIC,
            "title": "Book and pen",
            "difficulty": 3,
            "prompt": (
                "Mia buys a book for £4.75 and a pen for £1.60. How much does she spend, in pounds?"
            ),
            "answer": "6.35",
            "tolerance": "0",
            "explanation": "£4.75 + £1.60 = £6.35.",
            "hints": (
                "Add the pence first: 75p + 60p.",
                "75p + 60p = 135p, which is £1.35.",
            ),
        },
        {
            "kind": MULTIPLE,
            "title": "Pairs that make one",
            "difficulty": 3,
            "prompt": "Which of these add up to exactly 1? Select all that apply.",
            "choices": [
                ("0.5 + 0.5", True, ""),
                ("0.25 + 0.75", True, ""),
                ("0.9 + 0.1", True, ""),
                ("0.4 + 0.06", False, "Line up the points: 0.40 + 0.06 = 0.46."),
                ("0.3 + 0.8", False, "3 tenths + 8 tenths = 11 tenths = 1.1, a bit over 1."),
            ],
            "explanation": "0.5 + 0.5, 0.25 + 0.75 and 0.9 + 0.1 each make exactly 1.",
            "hints": ("Think of each as tenths or hundredths of 1.",),
        },
    ],
    "subtracting-whole-numbers": [
        {
            "kind": NUMERIC,
            "title": "93 − 41",
            "difficulty": 1,
            "prompt": "What is 93 − 41?",
            "answer": "52",
            "tolerance": "0",
            "explanation": "Ones: 3 − 1 = 2. Tens: 9 − 4 = 5. So 93 − 41 = 52.",
            "hints": ("Subtract the ones, then the tens.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Order in subtraction",
            "difficulty": 1,
            "prompt": "12 − 5 gives the same answer as 5 − 12.",
            "choices": true_false(
                False, if_true="Order matters in subtraction: 12 − 5 = 7, but 5 − 12 = −7."
            ),
            "explanation": "12 − 5 = 7, but 5 − 12 = −7: swapping changes the answer.",
            "hints": ("Try it on a number line.",),
        },
        {
            "kind": SINGLE,
            "title": "Checking a subtraction",
            "difficulty": 2,
            "prompt": "Which addition checks that 64 − 29 = 35?",
            "choices": [
                ("35 + 29 = 64", True, ""),
                (
                    "64 + 29 = 93",
                    False,
                    "To check, add the answer to the number you took away: 35 + 29.",
                ),
                ("35 + 64 = 99", False, "Add the answer to the 29 that was taken away."),
            ],
            "explanation": "If 64 − 29 = 35, then putting the 29 back gives 64: 35 + 29 = 64.",
            "hints": ("Subtraction undoes addition, so addition can undo subtraction.",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name of a subtraction answer",
            "difficulty": 2,
            "prompt": "What word describes the answer to a subtraction such as 10 − 3?",
            "choices": [
                ("difference", True, ""),
                ("the difference", True, ""),
                ("sum", False, "The sum is the answer to an addition."),
                (
                    "remainder",
                    False,
                    "We keep 'remainder' for what is left over after dividing.",
                ),
            ],
            "explanation": "The answer to a subtraction is the difference: 10 − 3 = 7.",
            "hints": ("'What is the ___ between 10 and 3?'",),
        },
    ],
    "exchanging": [
        {
            "kind": NUMERIC,
            "title": "503 − 278",
            "difficulty": 4,
            "prompt": "Work out 503 − 278.",
            "answer": "225",
            "tolerance": "0",
            "explanation": (
                "503 is 4 hundreds, 9 tens and 13 ones. 13 − 8 = 5, 9 − 7 = 2, 4 − 2 = 2, "
                "so 503 − 278 = 225. Check: 225 + 278 = 503."
            ),
            "hints": (
                "You cannot take 8 from 3, and there are no tens to exchange.",
                "Exchange a hundred first: 503 = 4 hundreds, 9 tens and 13 ones.",
            ),
        },
        {
            "kind": SINGLE,
            "title": "72 − 38",
            "difficulty": 3,
            "prompt": "Jo works out 72 − 38 and writes 46. What is the correct answer?",
            "choices": [
                ("34", True, ""),
                (
                    "46",
                    False,
                    "That is Jo's answer: it takes the smaller digit from the bigger one "
                    "(8 − 2). Exchange a ten instead: 12 − 8 = 4.",
                ),
                ("44", False, "After exchanging, 72 has 6 tens left, and 6 − 3 = 3."),
                ("110", False, "That is 72 + 38."),
            ],
            "explanation": (
                "Exchange one ten: 72 = 6 tens and 12 ones. 12 − 8 = 4 and 6 − 3 = 3, "
                "so 72 − 38 = 34."
            ),
            "hints": ("Can you take 8 from 2? If not, exchange a ten.",),
        },
        {
            "kind": NUMERIC,
            "title": "Empty bus seats",
            "difficulty": 2,
            "prompt": "A bus has 45 seats and 28 of them are taken. How many seats are empty?",
            "answer": "17",
            "tolerance": "0",
            "explanation": "45 − 28: exchange a ten, 15 − 8 = 7 and 3 − 2 = 1, so 17.",
            "hints": ("Work out 45 − 28.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Exchange in 60 − 24",
            "difficulty": 2,
            "prompt": "To work out 60 − 24 in columns, you need to exchange a ten.",
            "choices": true_false(True, if_false="The ones column is 0 − 4: you need ten ones."),
            "explanation": "You cannot take 4 from 0, so 60 becomes 5 tens and 10 ones: 36.",
            "hints": ("Look at the ones column.",),
        },
    ],
    "subtraction-word-problems": [
        {
            "kind": NUMERIC,
            "title": "Pages left",
            "difficulty": 2,
            "prompt": (
                "Priya has read 134 pages of a 300-page book. How many pages does she "
                "have left to read?"
            ),
            "answer": "166",
            "tolerance": "0",
            "explanation": "300 − 134 = 166. Check: 166 + 134 = 300.",
            "hints": ("'Left' means subtract: 300 − 134.",),
        },
        {
            "kind": NUMERIC,
            "title": "Temperature drop",
            "difficulty": 4,
            "prompt": (
                "The temperature was 9 °C at noon and −3 °C at midnight. By how many "
                "degrees did it fall?"
            ),
            "answer": "12",
            "tolerance": "0",
            "explanation": "From 9 down to 0 is 9 degrees, and on to −3 is 3 more: 12.",
            "hints": (
                "Count down from 9 to 0 first.",
                "Then keep going below zero to −3.",
            ),
        },
        {
            "kind": MULTIPLE,
            "title": "Stories for 50 − 18",
            "difficulty": 3,
            "prompt": "Which of these can be answered with 50 − 18? Select all that apply.",
            "choices": [
                ("Sam had 50 stickers and gave away 18. How many are left?", True, ""),
                ("How many more is 50 than 18?", True, ""),
                ("What is the difference between 18 and 50?", True, ""),
                (
                    "There are 50 rows of 18 chairs. How many chairs?",
                    False,
                    "Equal rows mean multiplication: 50 × 18.",
                ),
                (
                    "Dan has 18 marbles and wins 50 more. How many now?",
                    False,
                    "Winning more means adding: 18 + 50.",
                ),
            ],
            "explanation": "'Left', 'how many more' and 'difference' all mean subtract.",
            "hints": ("Look for words that mean taking away or comparing.",),
        },
    ],
    "times-tables": [
        {
            "kind": NUMERIC,
            "title": "7 × 8",
            "difficulty": 1,
            "prompt": "What is 7 × 8?",
            "answer": "56",
            "tolerance": "0",
            "explanation": "7 × 8 = 56. A way to remember it: 5, 6, 7, 8 — 56 = 7 × 8.",
            "hints": ("5 × 8 = 40. Add two more eights.",),
        },
        {
            "kind": SINGLE,
            "title": "9 × 6",
            "difficulty": 1,
            "prompt": "What is 9 × 6?",
            "choices": [
                ("54", True, ""),
                ("56", False, "56 is 7 × 8, a common mix-up."),
                ("45", False, "45 is 9 × 5: add one more 9."),
                ("63", False, "63 is 9 × 7: one nine too many."),
            ],
            "explanation": "9 × 6 = 54. Check: 10 × 6 = 60, take away one 6 to get 54.",
            "hints": ("Work out 10 × 6 and take away one 6.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "12 × 12",
            "difficulty": 2,
            "prompt": "12 × 12 = 144.",
            "choices": true_false(True, if_false="12 × 10 = 120 and 12 × 2 = 24; 120 + 24 = 144."),
            "explanation": "12 × 12 = 12 × 10 + 12 × 2 = 120 + 24 = 144.",
            "hints": ("Split 12 into 10 and 2.",),
        },
        {
            "kind": MULTIPLE,
            "title": "Multiples of 6",
            "difficulty": 2,
            "prompt": "Which of these are multiples of 6? Select all that apply.",
            "choices": [
                ("24", True, ""),
                ("36", True, ""),
                ("42", True, ""),
                ("40", False, "40 ÷ 6 is 6 remainder 4, so 40 is not in the 6 times table."),
                ("56", False, "56 is 7 × 8, but 56 ÷ 6 is 9 remainder 2."),
            ],
            "explanation": "24 = 4 × 6, 36 = 6 × 6 and 42 = 7 × 6. 40 and 56 leave remainders.",
            "hints": (
                "Count up in sixes: 6, 12, 18, ...",
                "A multiple of 6 is even and its digits add up to a multiple of 3.",
            ),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name of a multiplication answer",
            "difficulty": 2,
            "prompt": "What word do we use for the answer to a multiplication?",
            "choices": [
                ("product", True, ""),
                ("the product", True, ""),
                ("sum", False, "The sum is the answer to an addition."),
                ("difference", False, "The difference is the answer to a subtraction."),
            ],
            "explanation": "The answer to a multiplication is the product: 3 × 4 = 12.",
            "hints": ("It starts with p.",),
        },
        {
            "kind": NUMERIC,
            "title": "Boxes of eggs",
            "difficulty": 2,
            "prompt": "Eggs come in boxes of 6. How many eggs are in 8 boxes?",
            "answer": "48",
            "tolerance": "0",
            "explanation": "8 boxes of 6 is 8 × 6 = 48 eggs.",
            "hints": ("Equal groups: multiply.", "8 × 6 is double 4 × 6."),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Times zero",
            "difficulty": 1,
            "prompt": "7 × 0 = 7.",
            "choices": true_false(False, if_true="Seven groups of nothing is nothing: 7 × 0 = 0."),
            "explanation": "Any number times 0 is 0: seven empty groups hold nothing.",
            "hints": ("Imagine 7 empty bags.",),
        },
    ],
    "multiplying-by-10-and-100": [
        {
            "kind": NUMERIC,
            "title": "46 × 100",
            "difficulty": 1,
            "prompt": "What is 46 × 100?",
            "answer": "4600",
            "tolerance": "0",
            "explanation": "Each digit moves two places to the left: 46 × 100 = 4600.",
            "hints": ("Multiplying by 100 moves digits two places left.",),
        },
        {
            "kind": SINGLE,
            "title": "3.7 × 10",
            "difficulty": 3,
            "prompt": "What is 3.7 × 10?",
            "choices": [
                ("37", True, ""),
                ("3.70", False, "A zero at the end of a decimal changes nothing; move the digits."),
                ("30.7", False, "Every digit moves: 3 becomes 30 and 7 tenths become 7 ones."),
                ("370", False, "That is 3.7 × 100."),
            ],
            "explanation": "Each digit moves one place left: 3 ones become 3 tens and 7 tenths "
            "become 7 ones, giving 37.",
            "hints": ("Do not just add a zero: move every digit one place to the left.",),
        },
        {
            "kind": NUMERIC,
            "title": "Packs of paper",
            "difficulty": 2,
            "prompt": "A pack holds 250 sheets of paper. How many sheets are in 10 packs?",
            "answer": "2500",
            "tolerance": "0",
            "explanation": "250 × 10 = 2500.",
            "hints": ("Multiply 250 by 10.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "60 × 100",
            "difficulty": 1,
            "prompt": "60 × 100 = 6000.",
            "choices": true_false(True, if_false="6 tens × 100 = 6 thousands: 6000."),
            "explanation": "The digits move two places: 60 × 100 = 6000.",
            "hints": ("6 × 100 = 600. What about 60 × 100?",),
        },
    ],
    "multiplying-larger-numbers": [
        {
            "kind": NUMERIC,
            "title": "23 × 14",
            "difficulty": 3,
            "prompt": "Work out 23 × 14.",
            "answer": "322",
            "tolerance": "0",
            "explanation": "23 × 10 = 230 and 23 × 4 = 92; 230 + 92 = 322.",
            "hints": ("Split 14 into 10 and 4.",),
        },
        {
            "kind": NUMERIC,
            "title": "Cinema seats",
            "difficulty": 4,
            "prompt": "A cinema has 18 rows with 24 seats in each row. How many seats is that?",
            "answer": "432",
            "tolerance": "0",
            "explanation": "18 × 24 = 18 × 20 + 18 × 4 = 360 + 72 = 432.",
            "hints": (
                "Multiply 18 by 24.",
                "Split 24 into 20 and 4: 18 × 20 = 360.",
            ),
        },
        {
            "kind": SINGLE,
            "title": "Estimate 49 × 21",
            "difficulty": 3,
            "prompt": "Which is the best estimate for 49 × 21?",
            "choices": [
                ("1000", True, ""),
                ("100", False, "49 is about 50 and 21 about 20; 50 × 20 is 1000, not 100."),
                ("10000", False, "Too big: 50 × 20 = 1000."),
                ("70", False, "70 is close to 49 + 21, but this is a multiplication."),
            ],
            "explanation": "Round to 50 × 20 = 1000. (The exact answer is 1029.)",
            "hints": ("Round each number to the nearest ten.",),
        },
        {
            "kind": MULTIPLE,
            "title": "Ways to make 15 × 12",
            "difficulty": 4,
            "prompt": "Which of these are equal to 15 × 12? Select all that apply.",
            "choices": [
                ("15 × 10 + 15 × 2", True, ""),
                ("10 × 12 + 5 × 12", True, ""),
                ("180", True, ""),
                ("15 × 10 + 2", False, "The 2 must be multiplied by 15 too: 15 × 2 = 30."),
                ("15 + 12", False, "That adds the numbers instead of multiplying them."),
            ],
            "explanation": (
                "15 × 12 = 180, and splitting either number gives the same: 150 + 30 and "
                "120 + 60 are both 180."
            ),
            "hints": ("Work out 15 × 12 first, then check each option.",),
        },
    ],
    "equivalent-fractions": [
        {
            "kind": SINGLE,
            "title": "Equivalent to 2/3",
            "difficulty": 2,
            "prompt": "Which fraction is equivalent to 2/3?",
            "choices": [
                ("4/6", True, ""),
                ("3/4", False, "Adding 1 to top and bottom changes the size; multiply both."),
                ("2/6", False, "Only the bottom was multiplied; multiply the top by 2 as well."),
                ("4/5", False, "Multiply the top and the bottom by the same number."),
            ],
            "explanation": "Multiply top and bottom by 2: 2/3 = 4/6.",
            "hints": ("Multiply the top and bottom by the same number.",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Simplify 6/8",
            "difficulty": 2,
            "prompt": "Write 6/8 in its simplest form.",
            "choices": [
                ("3/4", True, ""),
                ("three quarters", True, ""),
                ("three-quarters", True, ""),
                (
                    "6/8",
                    False,
                    "That is the fraction you started with: divide top and bottom by 2.",
                ),
                ("12/16", False, "12/16 is equivalent, but the numbers got bigger, not simpler."),
                ("0.75", False, "0.75 is the same value as a decimal; write it as a fraction."),
            ],
            "explanation": "Divide the top and bottom by 2: 6/8 = 3/4.",
            "hints": ("Find a number that divides both 6 and 8.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "5/10 and 1/2",
            "difficulty": 1,
            "prompt": "5/10 is equivalent to 1/2.",
            "choices": true_false(True, if_false="5 is half of 10, so 5/10 is one half."),
            "explanation": "Divide the top and bottom of 5/10 by 5 to get 1/2.",
            "hints": ("Is 5 half of 10?",),
        },
        {
            "kind": NUMERIC,
            "title": "Missing numerator",
            "difficulty": 3,
            "prompt": "Fill in the missing number: 3/5 = ?/20",
            "answer": "12",
            "tolerance": "0",
            "explanation": "5 × 4 = 20, so multiply the top by 4 too: 3 × 4 = 12.",
            "hints": (
                "What do you multiply 5 by to get 20?",
                "Do the same to the top number.",
            ),
        },
        {
            "kind": MULTIPLE,
            "title": "Fractions equal to a half",
            "difficulty": 2,
            "prompt": "Which of these fractions are equal to 1/2? Select all that apply.",
            "choices": [
                ("3/6", True, ""),
                ("5/10", True, ""),
                ("6/12", True, ""),
                ("2/3", False, "2/3 is more than a half: half of 3 is 1.5."),
                ("4/6", False, "4/6 simplifies to 2/3, not 1/2."),
            ],
            "explanation": "A fraction is a half when the top is half the bottom: 3/6, 5/10, 6/12.",
            "hints": ("Is the top number exactly half of the bottom number?",),
        },
    ],
    "adding-fractions": [
        {
            "kind": SINGLE,
            "title": "1/3 + 1/3",
            "difficulty": 1,
            "prompt": "What is 1/3 + 1/3?",
            "choices": [
                ("2/3", True, ""),
                ("2/6", False, "Do not add the bottoms: thirds plus thirds are still thirds."),
                ("1/6", False, "1/6 is smaller than either part, but adding makes more."),
            ],
            "explanation": "One third plus one third is two thirds: 2/3.",
            "hints": ("One third plus one third. How many thirds?",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "1/2 + 1/4",
            "difficulty": 3,
            "prompt": "What is 1/2 + 1/4? Write your answer as a fraction.",
            "choices": [
                ("3/4", True, ""),
                ("three quarters", True, ""),
                ("2/6", False, "You added tops and bottoms. Change 1/2 into 2/4 first."),
                ("2/4", False, "1/2 is 2/4, so 2/4 + 1/4 = 3/4."),
            ],
            "explanation": "1/2 = 2/4, and 2/4 + 1/4 = 3/4.",
            "hints": (
                "Make the denominators the same.",
                "How many quarters make a half?",
            ),
        },
        {
            "kind": NUMERIC,
            "title": "5/8 − 3/8 as a decimal",
            "difficulty": 4,
            "prompt": "Work out 5/8 − 3/8 and give your answer as a decimal.",
            "answer": "0.25",
            "tolerance": "0",
            "explanation": "5/8 − 3/8 = 2/8 = 1/4, and 1/4 = 0.25.",
            "hints": (
                "Same denominators: subtract the tops.",
                "2/8 simplifies to 1/4. What is a quarter as a decimal?",
            ),
        },
        {
            "kind": TRUE_FALSE,
            "title": "1/4 + 1/4",
            "difficulty": 2,
            "prompt": "1/4 + 1/4 = 2/8.",
            "choices": true_false(
                False,
                if_true="Quarters plus quarters are still quarters: 1/4 + 1/4 = 2/4 = 1/2.",
            ),
            "explanation": "1/4 + 1/4 = 2/4, which is 1/2. (2/8 is only a quarter.)",
            "hints": ("Adding does not change the size of the pieces.",),
        },
    ],
    "fractions-of-amounts": [
        {
            "kind": NUMERIC,
            "title": "2/5 of 35",
            "difficulty": 2,
            "prompt": "What is 2/5 of 35?",
            "answer": "14",
            "tolerance": "0",
            "explanation": "35 ÷ 5 = 7, and 7 × 2 = 14.",
            "hints": ("Divide by the bottom number first.",),
        },
        {
            "kind": NUMERIC,
            "title": "Walking to school",
            "difficulty": 3,
            "prompt": "There are 28 pupils in a class and 3/7 of them walk to school. How many "
            "pupils walk?",
            "answer": "12",
            "tolerance": "0",
            "explanation": "28 ÷ 7 = 4, and 4 × 3 = 12 pupils.",
            "hints": ("Find 1/7 of 28 first.",),
        },
        {
            "kind": SINGLE,
            "title": "Compare two fractions of amounts",
            "difficulty": 3,
            "prompt": "Which is bigger: 1/3 of 60 or 1/4 of 100?",
            "choices": [
                ("1/4 of 100", True, ""),
                ("1/3 of 60", False, "1/3 of 60 is 20, but 1/4 of 100 is 25."),
                ("They are the same", False, "Work out both: 20 and 25."),
            ],
            "explanation": "1/3 of 60 = 60 ÷ 3 = 20; 1/4 of 100 = 100 ÷ 4 = 25. 25 is bigger.",
            "hints": ("Work out each amount, then compare.",),
        },
        {
            "kind": NUMERIC,
            "title": "Sale price reduction",
            "difficulty": 3,
            "prompt": (
                "A jacket costs £48 and the price is reduced by 1/3. How many pounds are taken off?"
            ),
            "answer": "16",
            "tolerance": "0",
            "explanation": "1/3 of £48 = £48 ÷ 3 = £16 off (the jacket now costs £32).",
            "hints": ("Find 1/3 of 48.",),
        },
    ],
    "angles": [
        {
            "kind": NUMERIC,
            "title": "Angles on a straight line",
            "difficulty": 2,
            "prompt": (
                "Two angles sit together on a straight line. One is 125°. How big is the "
                "other, in degrees?"
            ),
            "answer": "55",
            "tolerance": "0",
            "explanation": "Angles on a straight line add up to 180°: 180 − 125 = 55°.",
            "hints": ("Angles on a straight line add up to 180°.",),
        },
        {
            "kind": SINGLE,
            "title": "Type of a 135° angle",
            "difficulty": 2,
            "prompt": "What type of angle is 135°?",
            "choices": [
                ("Obtuse", True, ""),
                ("Acute", False, "Acute angles are smaller than 90°."),
                ("Right angle", False, "A right angle is exactly 90°."),
                ("Reflex", False, "Reflex angles are bigger than 180°."),
            ],
            "explanation": "135° is between 90° and 180°, so it is obtuse.",
            "hints": ("Is it more or less than 90°? More or less than 180°?",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Angles in a triangle",
            "difficulty": 2,
            "prompt": "The three angles inside any triangle add up to 180°.",
            "choices": true_false(
                True, if_false="Tear the corners off a paper triangle: they make a straight line."
            ),
            "explanation": "In every triangle the angles add up to 180°, a straight line.",
            "hints": ("Think of the corners of a triangle placed side by side.",),
        },
        {
            "kind": NUMERIC,
            "title": "Third angle of a triangle",
            "difficulty": 3,
            "prompt": "A triangle has angles of 50° and 60°. What is the third angle, in degrees?",
            "answer": "70",
            "tolerance": "0",
            "explanation": "50 + 60 = 110, and 180 − 110 = 70°.",
            "hints": (
                "The angles of a triangle add up to 180°.",
                "Add the two angles you know, then take that from 180.",
            ),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name of a 90° angle",
            "difficulty": 1,
            "prompt": "What do we call an angle of exactly 90°?",
            "choices": [
                ("right angle", True, ""),
                ("a right angle", True, ""),
                ("right", True, ""),
                ("quarter turn", True, ""),
                ("a quarter turn", True, ""),
                ("acute", False, "Acute angles are smaller than 90°."),
                ("straight angle", False, "A straight angle is 180°, a half turn."),
            ],
            "explanation": "A 90° angle is a right angle, a quarter of a full turn.",
            "hints": ("It is the angle in the corner of a square.",),
        },
    ],
    "perimeter-and-area": [
        {
            "kind": NUMERIC,
            "title": "Area of a rectangle",
            "difficulty": 2,
            "prompt": "A rectangle is 8 cm long and 5 cm wide. What is its area, in cm²?",
            "answer": "40",
            "tolerance": "0",
            "explanation": "Area = length × width = 8 × 5 = 40 cm².",
            "hints": ("Area of a rectangle = length × width.",),
        },
        {
            "kind": NUMERIC,
            "title": "Perimeter of a square",
            "difficulty": 2,
            "prompt": "What is the perimeter of a square with sides of 7 cm, in cm?",
            "answer": "28",
            "tolerance": "0",
            "explanation": "A square has 4 equal sides: 4 × 7 = 28 cm.",
            "hints": ("How many sides does a square have?",),
        },
        {
            "kind": SINGLE,
            "title": "Perimeter of a 6 m by 4 m rectangle",
            "difficulty": 2,
            "prompt": "A rectangle is 6 m long and 4 m wide. What is its perimeter?",
            "choices": [
                ("20 m", True, ""),
                ("24 m", False, "24 is the area (6 × 4) in m², not the perimeter."),
                ("10 m", False, "That is only two sides: 6 + 4. Go all the way round."),
            ],
            "explanation": "6 + 4 + 6 + 4 = 20 m.",
            "hints": ("Add all four sides.",),
        },
        {
            "kind": NUMERIC,
            "title": "Circumference of a pond",
            "difficulty": 5,
            "prompt": (
                "A round pond has a diameter of 4 m. Using π ≈ 3.14, what is the distance "
                "around its edge (its circumference), in metres? Answers within 0.1 m "
                "are accepted."
            ),
            "answer": "12.56",
            "tolerance": "0.1",
            "explanation": "Circumference = π × diameter ≈ 3.14 × 4 = 12.56 m.",
            "hints": (
                "Circumference = π × diameter.",
                "Work out 3.14 × 4.",
            ),
        },
        {
            "kind": MULTIPLE,
            "title": "Units of area",
            "difficulty": 2,
            "prompt": "Which of these units could measure an area? Select all that apply.",
            "choices": [
                ("cm²", True, ""),
                ("m²", True, ""),
                ("km²", True, ""),
                ("cm", False, "cm measures a length, such as a perimeter."),
                ("litres", False, "Litres measure how much a container holds (volume)."),
            ],
            "explanation": "Area is counted in squares, so its units are 'squared': cm², m², km².",
            "hints": ("Area units have a little ² after them.",),
        },
    ],
    "properties-of-shapes": [
        {
            "kind": SHORT_TEXT,
            "title": "Six-sided shape",
            "difficulty": 1,
            "prompt": "What is the name of a flat shape with 6 straight sides?",
            "choices": [
                ("hexagon", True, ""),
                ("a hexagon", True, ""),
                ("pentagon", False, "A pentagon has 5 sides."),
                ("octagon", False, "An octagon has 8 sides."),
            ],
            "explanation": "A shape with 6 straight sides is a hexagon, like a honeycomb cell.",
            "hints": ("Think of the cells in a honeycomb.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Squares and rectangles",
            "difficulty": 3,
            "prompt": "Every square is also a rectangle.",
            "choices": true_false(
                True,
                if_false="A rectangle needs four right angles and equal opposite sides; a "
                "square has both.",
            ),
            "explanation": "A square has four right angles and equal opposite sides, so it is "
            "a special rectangle.",
            "hints": ("What does a shape need to be a rectangle?",),
        },
        {
            "kind": MULTIPLE,
            "title": "Quadrilaterals",
            "difficulty": 2,
            "prompt": "Which of these shapes are quadrilaterals? Select all that apply.",
            "choices": [
                ("Square", True, ""),
                ("Rectangle", True, ""),
                ("Rhombus", True, ""),
                ("Triangle", False, "A triangle has 3 sides; quadrilaterals have 4."),
                ("Pentagon", False, "A pentagon has 5 sides."),
            ],
            "explanation": "A quadrilateral is any flat shape with 4 straight sides.",
            "hints": ("'Quad' means four.",),
        },
        {
            "kind": NUMERIC,
            "title": "Counting sides",
            "difficulty": 3,
            "prompt": "How many sides do 3 pentagons and 2 hexagons have altogether?",
            "answer": "27",
            "tolerance": "0",
            "explanation": "3 × 5 = 15 and 2 × 6 = 12; 15 + 12 = 27 sides.",
            "hints": ("A pentagon has 5 sides and a hexagon has 6.",),
        },
        {
            "kind": SINGLE,
            "title": "One pair of parallel sides",
            "difficulty": 4,
            "draft": True,
            "prompt": "Which quadrilateral has exactly one pair of parallel sides?",
            "choices": [
                ("Trapezium", True, ""),
                ("Parallelogram", False, "A parallelogram has two pairs of parallel sides."),
                ("Square", False, "A square has two pairs of parallel sides."),
            ],
            "explanation": "A trapezium has exactly one pair of parallel sides.",
            "hints": ("Parallel lines never meet, like railway tracks.",),
        },
    ],
    "hypotheses-and-predictions": [
        {
            "kind": SINGLE,
            "title": "A testable question",
            "difficulty": 1,
            "prompt": "Which of these is a question a scientist could test?",
            "choices": [
                ("Do plants grow taller with more sunlight?", True, ""),
                ("Which flower is the prettiest?", False, "'Prettiest' is an opinion."),
                ("Is science fun?", False, "That is an opinion, not something to measure."),
            ],
            "explanation": "You can measure plant height with different amounts of light.",
            "hints": ("Could you measure something to answer it?",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name for a testable explanation",
            "difficulty": 2,
            "prompt": (
                "What is the name for a possible explanation that a scientist can test "
                "with an experiment?"
            ),
            "choices": [
                ("hypothesis", True, ""),
                ("a hypothesis", True, ""),
                (
                    "theory",
                    False,
                    "A theory is an explanation backed by lots of evidence. An idea you "
                    "are about to test is a hypothesis.",
                ),
                (
                    "prediction",
                    False,
                    "A prediction says what you expect to happen; the explanation behind "
                    "it is the hypothesis.",
                ),
            ],
            "explanation": "A hypothesis is a possible explanation that an experiment can test.",
            "hints": ("It starts with h.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Unexpected results",
            "difficulty": 2,
            "prompt": "If the result does not match the prediction, the experiment was wasted.",
            "choices": true_false(
                False,
                if_true="A surprising result is still evidence: it tells you the "
                "hypothesis may be wrong.",
            ),
            "explanation": "Results that disagree with a prediction are useful evidence too.",
            "hints": ("What do you learn when a prediction turns out wrong?",),
        },
    ],
    "fair-tests": [
        {
            "kind": SINGLE,
            "title": "Bouncing ball variable",
            "difficulty": 2,
            "prompt": (
                "Lucy tests whether the height she drops a ball from changes how high it "
                "bounces. Which variable does she change?"
            ),
            "choices": [
                ("The drop height", True, ""),
                ("The bounce height", False, "The bounce height is what she measures."),
                ("The type of ball", False, "She should keep the same ball to be fair."),
            ],
            "explanation": "She changes the drop height (independent) and measures the bounce.",
            "hints": ("What does Lucy choose before each drop?",),
        },
        {
            "kind": MULTIPLE,
            "title": "Fair test for paper towels",
            "difficulty": 3,
            "prompt": (
                "Tom tests which brand of paper towel soaks up the most water. What must he "
                "keep the same for a fair test? Select all that apply."
            ),
            "choices": [
                ("The amount of water", True, ""),
                ("The size of each towel", True, ""),
                ("How long each towel is left in the water", True, ""),
                (
                    "The brand of paper towel",
                    False,
                    "The brand is what he is testing, so it is the one thing that changes.",
                ),
            ],
            "explanation": "Only the brand changes; water, size and time stay the same.",
            "hints": ("Which one thing is he testing? Everything else stays the same.",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "The measured variable",
            "difficulty": 3,
            "prompt": "What do we call the variable that you measure in an experiment?",
            "choices": [
                ("dependent variable", True, ""),
                ("the dependent variable", True, ""),
                ("dependent", True, ""),
                (
                    "independent variable",
                    False,
                    "The independent variable is the one you change on purpose.",
                ),
                ("control variable", False, "Control variables are the ones kept the same."),
            ],
            "explanation": "You measure the dependent variable: it depends on what you change.",
            "hints": ("Its value depends on the one you change.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "One change at a time",
            "difficulty": 1,
            "prompt": "In a fair test you change only one variable at a time.",
            "choices": true_false(
                True, if_false="With two changes you cannot tell which one caused the result."
            ),
            "explanation": "Changing one thing means any difference must come from that thing.",
            "hints": ("If two things change, which one caused the result?",),
        },
    ],
    "recording-results": [
        {
            "kind": NUMERIC,
            "title": "Mean of three timings",
            "difficulty": 3,
            "prompt": (
                "Three timings of a toy car are 4.2 s, 4.5 s and 4.8 s. What is the mean "
                "time, in seconds?"
            ),
            "answer": "4.5",
            "tolerance": "0.05",
            "explanation": "4.2 + 4.5 + 4.8 = 13.5, and 13.5 ÷ 3 = 4.5 s.",
            "hints": ("Add the three times, then divide by 3.",),
        },
        {
            "kind": NUMERIC,
            "title": "Mean to one decimal place",
            "difficulty": 4,
            "prompt": (
                "Sugar took 7 s, 8 s and 8 s to dissolve in three tries. What is the mean "
                "time in seconds, to one decimal place?"
            ),
            "answer": "7.7",
            "tolerance": "0.05",
            "explanation": "7 + 8 + 8 = 23, and 23 ÷ 3 = 7.666…, which rounds to 7.7 s.",
            "hints": (
                "Add the times and divide by how many there are.",
                "23 ÷ 3 = 7.666… Round to one decimal place.",
            ),
        },
        {
            "kind": SINGLE,
            "title": "Spot the anomaly",
            "difficulty": 2,
            "prompt": (
                "Five measurements are 21 cm, 22 cm, 20 cm, 45 cm and 21 cm. Which one is "
                "the anomaly?"
            ),
            "choices": [
                ("45 cm", True, ""),
                ("20 cm", False, "20 cm is close to the others; an anomaly stands out."),
                ("21 cm", False, "21 cm appears twice and fits the pattern."),
            ],
            "explanation": "The others are all about 21 cm; 45 cm does not fit the pattern.",
            "hints": ("Which reading is far from the rest?",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Name for an odd result",
            "difficulty": 2,
            "prompt": "What is the name for a result that does not fit the pattern of the others?",
            "choices": [
                ("anomaly", True, ""),
                ("an anomaly", True, ""),
                ("anomalous result", True, ""),
                ("outlier", True, ""),
                ("mistake", False, "It may come from a mistake, but the word is 'anomaly'."),
            ],
            "explanation": "A result that does not fit the pattern is an anomaly (an outlier).",
            "hints": ("It starts with 'an'.",),
        },
    ],
    "states-of-matter": [
        {
            "kind": SINGLE,
            "title": "Keeps its shape",
            "difficulty": 1,
            "prompt": "Which state of matter keeps its own shape and volume?",
            "choices": [
                ("Solid", True, ""),
                ("Liquid", False, "A liquid keeps its volume but takes its container's shape."),
                ("Gas", False, "A gas spreads out to fill whatever container it is in."),
            ],
            "explanation": "Particles in a solid are held in place, so its shape stays the same.",
            "hints": ("Think of an ice cube and the water it melts into.",),
        },
        {
            "kind": MULTIPLE,
            "title": "Liquids at room temperature",
            "difficulty": 2,
            "prompt": "Which of these are liquids at room temperature? Select all that apply.",
            "choices": [
                ("Water", True, ""),
                ("Milk", True, ""),
                ("Cooking oil", True, ""),
                ("Oxygen", False, "Oxygen is a gas at room temperature."),
                ("Iron", False, "Iron is a solid; it melts only at about 1500 °C."),
            ],
            "explanation": "Water, milk and cooking oil all flow and can be poured.",
            "hints": ("Which ones can you pour into a glass?",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Squashing gases",
            "difficulty": 2,
            "prompt": "Gases can be squashed into a smaller space more easily than solids.",
            "choices": true_false(
                True, if_false="Gas particles are far apart, so there is room to push them closer."
            ),
            "explanation": "Gas particles have lots of space between them; solids have little.",
            "hints": ("Think about squeezing a balloon and a brick.",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "State of air",
            "difficulty": 1,
            "prompt": "Air is an example of which state of matter?",
            "choices": [
                ("gas", True, ""),
                ("a gas", True, ""),
                ("liquid", False, "Air does not pour or form drops: it is a gas."),
                ("solid", False, "Air has no fixed shape: it is a gas."),
            ],
            "explanation": "Air is a mixture of gases that spreads out to fill any space.",
            "hints": ("Air spreads out to fill a balloon or a room.",),
        },
    ],
    "changes-of-state": [
        {
            "kind": SHORT_TEXT,
            "title": "Liquid to solid",
            "difficulty": 2,
            "prompt": "What is the name of the change when a liquid turns into a solid?",
            "choices": [
                ("freezing", True, ""),
                ("freeze", True, ""),
                ("solidifying", True, ""),
                ("melting", False, "Melting is the other way round: solid to liquid."),
                ("condensing", False, "Condensing turns a gas into a liquid."),
            ],
            "explanation": "A liquid turning into a solid is freezing, as water becomes ice.",
            "hints": ("What happens to water in a freezer?",),
        },
        {
            "kind": NUMERIC,
            "title": "Boiling point of water",
            "difficulty": 1,
            "prompt": "At what temperature, in °C, does pure water boil at sea level?",
            "answer": "100",
            "tolerance": "0",
            "explanation": "Pure water boils at 100 °C at sea level.",
            "hints": ("It is a round number on the Celsius scale.",),
        },
        {
            "kind": SINGLE,
            "title": "Drops on a cold glass",
            "difficulty": 3,
            "prompt": (
                "Drops of water form on the outside of a cold glass of juice. Which change "
                "of state is this?"
            ),
            "choices": [
                ("Condensation", True, ""),
                (
                    "Evaporation",
                    False,
                    "Evaporation turns liquid into gas; here water vapour in the air turns "
                    "into liquid.",
                ),
                ("Melting", False, "Nothing solid turns into liquid: the water comes from air."),
            ],
            "explanation": "Water vapour in the air cools on the glass and condenses into drops.",
            "hints": ("Where does the water come from? It was not in the glass.",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Mass when melting",
            "difficulty": 3,
            "prompt": "When ice melts, the water it makes has less mass than the ice had.",
            "choices": true_false(
                False,
                if_true="Changing state adds or removes no matter: 100 g of ice makes "
                "100 g of water.",
            ),
            "explanation": "Mass stays the same when a material changes state.",
            "hints": ("Is any matter lost when ice melts in a sealed bag?",),
        },
        {
            "kind": NUMERIC,
            "title": "Warming ice",
            "difficulty": 3,
            "prompt": (
                "Ice at −6 °C is warmed until it starts to melt at 0 °C. By how many "
                "degrees has its temperature risen?"
            ),
            "answer": "6",
            "tolerance": "0",
            "explanation": "From −6 °C up to 0 °C is a rise of 6 degrees.",
            "hints": ("Count up from −6 to 0.",),
        },
    ],
    "mixtures": [
        {
            "kind": SINGLE,
            "title": "Separating sand and water",
            "difficulty": 2,
            "prompt": "How could you get the sand out of a mixture of sand and water?",
            "choices": [
                ("Filter it", True, ""),
                ("Use a magnet", False, "Sand is not magnetic: a magnet works for iron filings."),
                ("Stir it for longer", False, "Sand does not dissolve, however long you stir."),
            ],
            "explanation": "Filter paper lets water through but catches the sand grains.",
            "hints": ("Sand does not dissolve in water.",),
        },
        {
            "kind": MULTIPLE,
            "title": "What dissolves",
            "difficulty": 2,
            "prompt": "Which of these dissolve in water? Select all that apply.",
            "choices": [
                ("Salt", True, ""),
                ("Sugar", True, ""),
                ("Instant coffee", True, ""),
                ("Sand", False, "Sand stays as grains at the bottom: it is insoluble."),
                ("Chalk", False, "Chalk makes water cloudy but settles out: it is insoluble."),
            ],
            "explanation": "Salt, sugar and instant coffee dissolve; sand and chalk do not.",
            "hints": ("Which ones seem to disappear when stirred in?",),
        },
        {
            "kind": SHORT_TEXT,
            "title": "Word for dissolving",
            "difficulty": 3,
            "prompt": "What word describes a solid that dissolves in a liquid?",
            "choices": [
                ("soluble", True, ""),
                ("insoluble", False, "Insoluble means it does NOT dissolve."),
                ("solution", False, "The mixture is a solution; the solid itself is soluble."),
            ],
            "explanation": "A solid that dissolves is soluble, like salt or sugar.",
            "hints": ("It is related to the word 'solution'.",),
        },
        {
            "kind": NUMERIC,
            "title": "Mass of a salt solution",
            "difficulty": 3,
            "prompt": (
                "Ava dissolves 20 g of salt in 180 g of water. What is the mass of the salt "
                "solution, in grams?"
            ),
            "answer": "200",
            "tolerance": "0",
            "explanation": "Nothing is lost when salt dissolves: 20 g + 180 g = 200 g.",
            "hints": ("Does the salt disappear, or is it still there?",),
        },
        {
            "kind": TRUE_FALSE,
            "title": "Getting salt back",
            "difficulty": 3,
            "draft": True,
            "prompt": "You can get salt back from salty water by evaporating the water.",
            "choices": true_false(
                True, if_false="Leave salty water in a warm place: the salt stays behind."
            ),
            "explanation": "When the water evaporates, the dissolved salt is left as crystals.",
            "hints": ("What is left in a dish after salty water dries up?",),
        },
    ],
}

# --- activities ---------------------------------------------------------------------

# A quiz on one concept and a practice set on one topic; questions by (concept, title).
ACTIVITIES = [
    {
        "slug": "times-tables-quiz",
        "name": "Times tables quiz",
        "kind": "quiz",
        "description": "Five quick questions on the times tables. Score 60% to pass.",
        "concept": "times-tables",
        "topic": None,
        "pass_mark": 60,
        "time_limit_minutes": 10,
        "questions": [
            ("times-tables", "7 × 8"),
            ("times-tables", "9 × 6"),
            ("times-tables", "Multiples of 6"),
            ("times-tables", "Boxes of eggs"),
            ("times-tables", "Times zero"),
        ],
    },
    {
        "slug": "fractions-practice",
        "name": "Fractions practice",
        "kind": "practice",
        "description": "Mixed practice on equivalent fractions, adding fractions and "
        "fractions of amounts.",
        "concept": None,
        "topic": "fractions",
        "pass_mark": None,
        "time_limit_minutes": None,
        "questions": [
            ("equivalent-fractions", "Equivalent to 2/3"),
            ("equivalent-fractions", "Simplify 6/8"),
            ("adding-fractions", "1/3 + 1/3"),
            ("adding-fractions", "1/2 + 1/4"),
            ("fractions-of-amounts", "2/5 of 35"),
            ("fractions-of-amounts", "Walking to school"),
        ],
    },
]

# --- people -------------------------------------------------------------------------

CLASSROOM_NAME = "Year 7 Maths"

ADMIN = {"username": "admin", "first_name": "Ada", "last_name": "Admin"}
TEACHER = {"username": "teacher", "first_name": "Tom", "last_name": "Okafor"}

# exam_in_days is counted from today (the command's only non-determinism).
STUDENTS = [
    {
        "username": "student",
        "first_name": "Sam",
        "last_name": "Patel",
        "grade": "Year 7",
        "goal": "Mathematics end-of-year exam",
        "exam_in_days": 30,
        "minutes_per_day": 45,
        "timezone": "Europe/London",
    },
    {
        "username": "student2",
        "first_name": "Priya",
        "last_name": "Sharma",
        "grade": "Year 7",
        "goal": "Maths Olympiad qualifier",
        "exam_in_days": 60,
        "minutes_per_day": 60,
        "timezone": "Asia/Kolkata",
    },
    {
        "username": "student3",
        "first_name": "Jayden",
        "last_name": "Brooks",
        "grade": "Grade 7",
        "goal": "State maths test",
        "exam_in_days": 90,
        "minutes_per_day": 20,
        "timezone": "America/New_York",
    },
    {
        "username": "student4",
        "first_name": "Mia",
        "last_name": "Kowalski",
        "grade": "Year 7",
        "goal": "Science end-of-term test",
        "exam_in_days": 14,
        "minutes_per_day": 30,
        "timezone": "Europe/Warsaw",
    },
    {
        "username": "student5",
        "first_name": "Leo",
        "last_name": "Nguyen",
        "grade": "Year 7",
        "goal": "",
        "exam_in_days": None,
        "minutes_per_day": 15,
        "timezone": None,  # the site's default learner timezone
    },
]

# The living class: each named student's history (demo.personas). Two to six weeks each;
# some master concepts, one struggles for a real reason (wrong answers in a row on
# equivalent fractions), one has a review backlog, one has gone quiet.
PERSONAS = [
    # Sam, the demo login: four steady weeks of maths, practised yesterday.
    {"username": "student", "days": 28, "answers": 150, "ability": 1.1, "idle_days": 0,
     "subject": "mathematics"},
    # Priya: six keen weeks, quick to learn; far ahead.
    {"username": "student2", "days": 42, "answers": 320, "ability": 1.6, "idle_days": 0},
    # Jayden: three weeks, slow going, and stuck on equivalent fractions right now.
    {"username": "student3", "days": 21, "answers": 110, "ability": 0.55, "idle_days": 1,
     "subject": "mathematics", "struggle": "equivalent-fractions"},
    # Mia: five weeks of science, then a few days off: her mastered concepts fall due.
    {"username": "student4", "days": 35, "answers": 200, "ability": 1.3, "idle_days": 1,
     "subject": "science"},
    # Leo: two weeks at the start of term, nothing for over three weeks since.
    {"username": "student5", "days": 14, "answers": 70, "ability": 0.9, "idle_days": 24},
]  # fmt: skip

# Bulk learners (--learners N) draw their names and profiles from these.
LEARNER_FIRST_NAMES = (
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hana", "Isaac", "Jade",
    "Kofi", "Lily", "Mateo", "Nia", "Oscar", "Pooja", "Quinn", "Rosa", "Sami", "Tara",
    "Umar", "Vera", "Will", "Yusuf", "Zara",
)  # fmt: skip
LEARNER_LAST_NAMES = (
    "Adams", "Begum", "Chen", "Davies", "Evans", "Fernandes", "Garcia", "Hughes", "Ito",
    "Jones", "Khan", "Lewis", "Mensah", "Novak", "O'Brien", "Price", "Rossi", "Singh",
    "Taylor", "Walker",
)  # fmt: skip
LEARNER_GOALS = (
    "Mathematics end-of-year exam",
    "Science end-of-term test",
    "Catch up on fractions",
    "",
)
LEARNER_MINUTES = (15, 20, 30, 30, 45, 60)
LEARNER_TIMEZONES = ("Europe/London", "Europe/London", "Asia/Kolkata", "America/New_York")
LEARNER_EXAM_DAYS = (None, 21, 30, 45, 60, 90, 120)
