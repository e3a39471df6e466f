"""Imported questions keep Moodle's fractions and grade by its rules; what differs is warned."""

from __future__ import annotations

import pytest

from learning import grading
from learning.importing import questions_import
from learning.models import Question
from tests.factories import ConceptFactory
from tests.learning.banks import bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept():
    return ConceptFactory(slug="target", name="Target")


def scores(question: Question, responses: list) -> list[float]:
    spec = question.to_spec()
    return [grading.grade(spec, response).score for response in responses]


def test_usecase_is_stored_and_used_and_select_scores_0():
    concept = ConceptFactory()
    document = (
        "<quiz><question type='shortanswer'><name><text>SQL</text></name>"
        "<questiontext><text>Keyword?</text></questiontext><usecase>1</usecase>"
        "<answer fraction='100'><text>SELECT</text></answer></question></quiz>"
    )
    questions_import(data=document.encode(), filename="sql.xml", concept=concept)
    question = Question.objects.get()
    assert question.case_sensitive
    assert scores(question, [{"value": "SELECT"}, {"value": "select"}]) == [1.0, 0.0]


def test_gift_mixed_weights_read_the_plain_tilde_as_0(concept):
    text = "Who's buried in Grant's tomb?{~No one ~%50%Grant ~%50%Grant's wife ~Grant's father}\n"
    questions_import(data=text.encode(), filename="g.gift", concept=concept)
    question = Question.objects.get()
    no_one, grant, wife, father = (c.pk for c in question.choices.all())
    assert [c.weight for c in question.choices.all()] == [0.0, 0.5, 0.5, 0.0]
    picks = [[no_one, grant], [grant, wife], [no_one, father], [grant, wife, father]]
    assert scores(question, [{"choices": p} for p in picks]) == [0.5, 1.0, 0.0, 1.0]


def test_single_choice_partial_credit_is_graded_not_warned(concept):
    report = questions_import(
        data=bank("moodle-tools/multiple-choiceRef.xml").read_bytes(),
        filename="mc.xml",
        concept=concept,
    )
    extended = Question.objects.filter(concept=concept).order_by("order").last()
    ids = [c.pk for c in extended.choices.all()]
    assert scores(extended, [{"choices": [pk]} for pk in ids]) == [1.0, 0.5, 0.0]
    assert report.warnings == []


def test_short_answer_partial_credit_and_feedback(concept):
    text = (
        "Jesus Christ was from {\n=Nazareth#Yes!\n=%75%Nazereth#Misspelled.\n"
        "=%25%Bethlehem#Born there.\n}.\n"
    )
    report = questions_import(data=text.encode(), filename="j.gift", concept=concept)
    spec = Question.objects.get().to_spec()
    nazereth = grading.grade(spec, {"value": "nazereth"})
    assert (nazereth.score, nazereth.feedback) == (0.75, ("Misspelled.",))
    assert report.warnings == []


def test_what_still_differs_from_moodle_is_warned(concept):
    text = (
        "::Penalty::Pick one{=good ~%-50%bad#ouch ~meh}\n\n"
        "::Generous::Pick some{~%100%a ~%100%b ~c}\n"
    )
    report = questions_import(data=text.encode(), filename="w.gift", concept=concept)
    assert len(report.imported) == 2
    assert report.warnings == [
        "line 1: answer 'bad' takes 50% away in Moodle; Pathwise scores it 0 (scores are "
        "never below 0)",
        "line 3: the positive fractions add up to 200%; Moodle refuses a multiple-answer "
        "question unless they add up to 100%, Pathwise grades it (a score never exceeds 100%)",
    ]
    penalty = Question.objects.get(title="Penalty")
    bad = penalty.choices.get(text="bad")
    assert scores(penalty, [{"choices": [bad.pk]}]) == [0.0]
