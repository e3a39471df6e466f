"""Imported question banks score every possible response exactly as Moodle does.

For each bank (every file in ../shared/data/question-banks, and the synthetic banks below
for what those files do not show: numeric answers, mixed weights, case sensitivity...),
the file is imported into the database, and for every supported question every possible
response is graded by Pathwise (``learning.grading`` on the stored question) and by
:mod:`tests.learning.moodle_reference`, a port of Moodle's own PHP that shares no code with
Pathwise: every single choice; every non-empty subset of a multiple-answer question's
choices; every short answer (and its wildcard-free form) with case and spacing variants;
each numeric answer's value, both ends of its tolerance and just beyond. Scores and the
feedback shown must agree. The only difference allowed is one that is documented and that
the import report warns about: a single-choice answer worth a negative fraction, which
Moodle subtracts and Pathwise scores 0. The same responses are then graded again after an
export to each format and a re-import, which must change nothing that the export report
does not mention.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from learning import grading
from learning.exporting import questions_export_report, questions_for_export
from learning.importing import questions_import
from learning.models import Question
from tests.factories import ConceptFactory
from tests.learning import moodle_reference as moodle
from tests.learning.banks import BANK_FILES, bank, bank_files_on_disk
from tests.learning.synthetic_banks import SYNTHETIC

pytestmark = pytest.mark.django_db
SLACK = 1e-6  # Pathwise counts a score within 1e-6 of 1 as 1 (Moodle's 7-decimal fractions)
NAMES = {"match": "matching"}


def words(text: str) -> str:
    return " ".join(text.split())


def read_moodle(name: str, data: bytes) -> list[moodle.MoodleQuestion]:
    if name.endswith(".xml"):
        return moodle.read_xml(data)
    return moodle.read_gift(data.decode("utf-8"))


def responses(mq: moodle.MoodleQuestion) -> list[object]:
    """Every response a learner could give (choice kinds), or a telling sample (text kinds)."""
    n = len(mq.answers)
    if mq.qtype == "truefalse":
        return [True, False]
    if mq.qtype == "multichoice" and mq.single:
        return [(i,) for i in range(n)]
    if mq.qtype == "multichoice":
        return [c for size in range(1, n + 1) for c in itertools.combinations(range(n), size)]
    if mq.qtype == "numerical":
        values = ["0", "-123456.75", "1e6"]
        for answer in mq.answers:
            if answer.text == "*":
                continue
            value, tolerance = Decimal(answer.text), Decimal(repr(answer.tolerance))
            values += [str(value + d) for d in (0, tolerance, -tolerance)]
            values += [str(value + d) for d in (tolerance + Decimal("0.000001"), -tolerance - 1)]
        return list(dict.fromkeys(values))
    texts = ["zzq-nothing-like-it"]
    for answer in mq.answers:
        for text in {answer.text, moodle.clean_response(answer.text)} - {"", "*"}:
            texts += [text, text.upper(), text.lower(), text.swapcase(), f"  {text}\t"]
            texts += [text.replace(" ", "  "), f"{text}.", f"x{text}"]
    return list(dict.fromkeys(texts))


def moodle_grade(mq: moodle.MoodleQuestion, response: object) -> tuple[float, list[str]]:
    if mq.qtype == "truefalse":
        return moodle.grade_truefalse(mq, response)
    if mq.qtype == "multichoice":
        return moodle.grade_choices(mq, list(response))
    if mq.qtype == "numerical":
        return moodle.grade_numerical(mq, response)
    return moodle.grade_shortanswer(mq, response)


def pathwise_grade(question: Question, mq: moodle.MoodleQuestion, response: object):
    spec = question.to_spec()
    if mq.qtype == "truefalse":
        [choice] = [c for c in spec.choices if c.text == ("True" if response else "False")]
        return grading.grade(spec, {"choices": [choice.id]})
    if mq.qtype == "multichoice":
        return grading.grade(spec, {"choices": [spec.choices[i].id for i in response]})
    return grading.grade(spec, {"value": response})


def compare(question: Question, mq: moodle.MoodleQuestion) -> list[tuple]:
    """(response, Pathwise score, Moodle score) wherever the two disagree."""
    differences = []
    for response in responses(mq):
        expected, feedback = moodle_grade(mq, response)
        result = pathwise_grade(question, mq, response)
        wanted = [words(f) for f in feedback if f.strip()]
        if abs(result.score - expected) > SLACK or [words(f) for f in result.feedback] != wanted:
            differences.append((response, result.score, expected, result.feedback, wanted))
    return differences


def allowed(difference: tuple, warnings: list[str]) -> bool:
    """A negative single-choice fraction: Moodle subtracts, Pathwise scores 0 (and warns)."""
    _, ours, theirs, *_ = difference
    return theirs < 0 and ours == 0 and any("Pathwise scores it 0" in w for w in warnings)


def import_and_compare(name: str, data: bytes) -> None:
    concept = ConceptFactory()
    report = questions_import(data=data, filename=name.rsplit("/", 1)[-1], concept=concept)
    read = read_moodle(name, data)
    supported = [q for q in read if q.qtype in moodle.SUPPORTED and not q.several_blocks]
    unsupported = [q for q in read if q.qtype not in moodle.SUPPORTED or q.several_blocks]
    assert [s.qtype for s in report.skipped] == [
        "cloze" if q.several_blocks else NAMES.get(q.qtype, q.qtype) for q in unsupported
    ], [s.reason for s in report.skipped]
    questions = list(Question.objects.filter(concept=concept).order_by("order"))
    assert len(questions) == len(supported)
    for imported, question, mq in zip(report.imported, questions, supported, strict=True):
        assert words(question.prompt) == words(mq.questiontext)
        warned = [w for w in report.warnings if w.startswith(f"{imported.source_ref}: ")]
        differences = [d for d in compare(question, mq) if not allowed(d, warned)]
        assert differences == [], (imported.source_ref, question.kind, differences)
    round_trip(concept, questions, supported)


def round_trip(concept, questions: list[Question], supported) -> None:
    """Export, import again: every response scores the same unless the export said why."""
    for fmt in ("gift", "xml", "json"):
        export = questions_export_report(queryset=questions_for_export(concept=concept), fmt=fmt)
        copy = ConceptFactory()
        again = questions_import(data=export.text.encode(), filename=f"x.{fmt}", concept=copy)
        assert again.skipped == []
        copies = list(Question.objects.filter(concept=copy).order_by("order"))
        for original, question, mq in zip(questions, copies, supported, strict=True):
            noted = any(f"(id {original.pk})" in note for note in export.notes)
            before = [pathwise_grade(original, mq, r).score for r in responses(mq)]
            after = [pathwise_grade(question, mq, r).score for r in responses(mq)]
            assert noted or before == pytest.approx(after), (fmt, original.prompt)


@pytest.mark.parametrize("relative", BANK_FILES)
def test_shared_bank_scores_every_response_as_moodle(relative):
    import_and_compare(relative, bank(relative).read_bytes())


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_synthetic_bank_scores_every_response_as_moodle(name):
    import_and_compare(name, SYNTHETIC[name].encode())


def test_bank_lists_match_the_shared_directory():
    assert bank_files_on_disk() == sorted(BANK_FILES)


def test_the_comparison_catches_a_grader_that_strays_from_moodle():
    """Pathwise's old rule (weights ignored when some are missing) is caught on Grant's tomb."""
    concept = ConceptFactory()
    text = "Who's buried?{~No one ~%50%Grant ~%50%Grant's wife ~Grant's father}\n"
    questions_import(data=text.encode(), filename="g.gift", concept=concept)
    question = Question.objects.get(concept=concept)
    [mq] = moodle.read_gift(text)
    assert compare(question, mq) == []
    question.choices.update(weight=None)  # what the import stored before the fix
    differences = compare(question, mq)
    # 9 of the 15 selections score differently; {No one, Grant} is 0.5 in Moodle, 0 here.
    assert len(differences) == 9
    assert ((0, 1), 0.0, 0.5, (), []) in differences
