"""The plan page's forms keep what the student chose and say what is wrong next to the
field (issue 15: they reset every field and flashed the error at the top); the topic
list carries each topic's subject so the page offers only the chosen subject's topics."""

import re

import pytest
from django.urls import reverse

from progress.models import LearnerGoal, StudyPlan

pytestmark = pytest.mark.django_db


def _checked(html: str, name: str) -> set[str]:
    return {
        m[1]
        for m in re.finditer(rf'<input type="checkbox" name="{name}" value="(\d+)"([^>]*)>', html)
        if "checked" in m[2]
    } | {
        m[1]
        for m in re.finditer(
            rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]*checked', html
        )
    }


def test_a_topic_of_another_subject_is_refused_next_to_the_field_keeping_the_choice(
    login, exam_student, curriculum
):
    client = login(exam_student)
    science, algebra = curriculum["science"], curriculum["algebra"]
    response = client.post(reverse("plans:goal"), {"subject": science.pk, "topics": [algebra.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(
        r'<ul class="errorlist field-error" id="id_topics_error">(.*?)</ul>', html, re.S
    )
    assert error and f"{algebra.name} is not in {science.name}" in error[1]
    assert re.search(rf'<option value="{science.pk}" selected>', html)  # the subject is kept
    assert str(algebra.pk) in _checked(html, "topics")  # and the ticked topic
    assert 'aria-describedby="id_topics_error"' in html or "id_topics_error" in html
    assert not LearnerGoal.objects.filter(learner=exam_student).exists()


def test_topics_carry_their_subject_for_the_page_script(login, exam_student, curriculum):
    html = login(exam_student).get(reverse("plans:my_plan")).content.decode()
    algebra = curriculum["algebra"]
    box = re.search(rf'<input type="checkbox" name="topics" value="{algebra.pk}"[^>]*>', html)[0]
    assert f'data-parent="{algebra.subject_id}"' in box and 'data-depends-on="subject"' in box


def test_all_rest_days_comes_back_ticked_with_the_error(login, exam_student, curriculum):
    client = login(exam_student)
    days = [str(d) for d in range(7)]
    response = client.post(reverse("plans:generate"), {"rest_weekdays": days})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Leave at least one day of the week for study." in html
    assert _checked(html, "rest_weekdays") == set(days)
    assert not StudyPlan.objects.exists()


def test_one_readiness_point_is_a_number_not_a_one_dot_chart(login, exam_student, curriculum):
    client = login(exam_student)
    client.post(reverse("plans:generate"), {})
    html = client.get(reverse("plans:my_plan")).content.decode()
    assert 'aria-label="Readiness over time"' in html  # the figure, as a list
    assert 'id="readiness-chart-title"' not in html  # no chart of a single dot
    assert "appears once the plan has been made on two different days" in html
