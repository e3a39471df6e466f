"""The admin's object pages against every persona, with real object ids (finding 1).

For every registered model, the change, delete and history pages of a real object, and
the "Delete selected" confirmation, are opened as each persona. Non-staff are sent to a
login page; nothing answers 500; and no page served to a content editor or a teacher
names a learner: Django's delete pages used to list every protected attempt as
"Attempt: <full name> (<username>) answered ...".
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User
from learning.models import Activity, Question
from progress.plans import services as plan_services
from tests import factories
from tests.security.matrix_world import CANARY, PERSONAS, _body, persona_is_staff

pytestmark = pytest.mark.django_db

# Names of the victim that only the victim, their teacher and the superuser may see.
NON_LEARNER_VIEWERS = {"teacher", "other_teacher", "content_editor"}


def victim_markers(world) -> list[str]:
    return [CANARY, world.victim.username, world.victim.get_full_name()]


@pytest.fixture
def admin_world(world):
    """The matrix world plus what the admin's delete pages reach: a goal, an activity."""
    subject = world.concept.topic.subject
    plan_services.learner_goal_set(
        learner=world.victim, subject=subject, topics=[world.concept.topic], now=timezone.now()
    )
    factories.ActivityFactory(concept=world.concept)
    return world


def object_pages(model_admin, obj) -> list[tuple[str, str]]:
    opts = model_admin.model._meta
    pages = []
    for page in ("change", "delete", "history"):
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[obj.pk])
        except NoReverseMatch:
            continue
        pages.append((f"{opts.label} {page}", url))
    return pages


def registered_objects() -> list[tuple[object, object]]:
    found = []
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            found.append((model_admin, obj))
    return found


def judge(
    persona: str, where: str, response, markers: list[str], *, read_only: bool = False
) -> list[str]:
    status = response.status_code
    where = f"{persona} {where} -> {status}"
    if status >= 500:
        return [f"{where}: server error"]
    if not persona_is_staff(persona):
        location = response.get("Location", "")
        if status != 302 or not location.startswith((reverse("admin:login"), reverse("login"))):
            return [f"{where}: non-staff not sent to a login page"]
        return []
    if persona == "admin_user":
        if status == 403 and read_only:  # learner history is view-only, for everyone
            return []
        return [] if status in (200, 302) else [f"{where}: the superuser was refused"]
    body = _body(response)
    return [f"{where}: names the learner ({m!r})" for m in markers if m and m in body]


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_object_pages(persona, admin_world, as_persona):
    markers = victim_markers(admin_world)
    objects = registered_objects()
    covered = {type(obj)._meta.label for _, obj in objects}
    # The models whose delete reaches learner data all have an object here.
    assert {
        "learning.Subject",
        "learning.Topic",
        "learning.Concept",
        "learning.Question",
        "learning.Activity",
        "achievements.Badge",
        "achievements.LearnerBadge",
        "accounts.Classroom",
        "accounts.User",
    } <= covered
    problems = []
    superuser_request = RequestFactory().get("/")
    superuser_request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model_admin, obj in objects:
        # progress's admin shows learner history and never changes it (progress/admin.py)
        read_only = not model_admin.has_delete_permission(superuser_request)
        for where, url in object_pages(model_admin, obj):
            response = as_persona(persona).get(url)
            problems += judge(persona, f"GET {where}", response, markers, read_only=read_only)
        opts = model_admin.model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        bulk = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk]}
        response = as_persona(persona).post(changelist, bulk)  # the confirmation page only
        problems += judge(
            persona, f"POST {opts.label} delete_selected", response, markers, read_only=read_only
        )
    assert not problems, "\n".join(problems)


def test_question_delete_page_counts_answers_and_says_what_to_do(admin_world, as_persona):
    question = Question.objects.get(pk=admin_world.attempt.question_id)
    client = as_persona("content_editor")
    url = reverse("admin:learning_question_delete", args=[question.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert "1 attempt" in text
    assert "unpublish it instead" in text
    for marker in victim_markers(admin_world):
        assert marker not in text
    # The refusal stands: confirming deletes nothing.
    client.post(url, {"post": "yes"})
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("model", ["concept", "topic", "subject"])
def test_curriculum_delete_pages_count_learner_records(model, admin_world, as_persona):
    obj = {
        "concept": admin_world.concept,
        "topic": admin_world.concept.topic,
        "subject": admin_world.concept.topic.subject,
    }[model]
    response = as_persona("content_editor").get(
        reverse(f"admin:learning_{model}_delete", args=[obj.pk])
    )
    assert response.status_code == 200
    text = response.text
    assert "protected related objects" in text
    for marker in victim_markers(admin_world):
        assert marker not in text
    protected_list = text.split("protected related objects")[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", protected_list)
    # Counts only ("1 attempt", "3 learner goals"), never an object's name.
    assert items and all(re.fullmatch(r"[\d,]+ [a-z ]+", i) for i in items), items


def test_a_delete_without_learner_data_still_names_what_is_deleted(admin_world, as_persona):
    activity = Activity.objects.first()
    client = as_persona("content_editor")
    url = reverse("admin:learning_activity_delete", args=[activity.pk])
    page = client.get(url)
    assert page.status_code == 200 and str(activity) in page.text
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
