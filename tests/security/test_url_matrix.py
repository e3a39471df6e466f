"""Every URL of the project against every persona, with another user's objects.

The URLconf is walked, not listed by hand: a URL nobody declared a rule for fails
``test_every_url_has_a_rule``, naming it. The admin is one rule (staff only) applied to
each of its pages that take no argument.

The victim is ``other_student`` (in ``other_teacher``'s class): their session, attempt,
mastery, plan, export, token and badge fill every URL argument. Their names carry a
canary that must never appear in a page served to anyone but them, their teacher or the
superuser.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import tokens
from accounts.models import ApiToken, ClassGroup, Classroom
from achievements.models import LearnerBadge
from progress.assignments.models import Assignment, AssignmentNotice, AssignmentSession
from progress.interop.models import ExportJob
from progress.models import Attempt, ConceptMastery, PracticeSession
from progress.plans.models import StudyPlan
from tests import factories
from tests.security.matrix_world import CANARY, PERSONAS, World, _body, persona_is_staff

pytestmark = pytest.mark.django_db

# Rules --------------------------------------------------------------------------------------

PUBLIC = "public"  # anyone, signed in or not
LOGIN = "login"  # any signed-in user; shows only the requester's own data
STUDENT_OWN = "student-own"  # an object of one learner: theirs alone
BADGE_ASSET = "badge-asset"  # a hidden badge's image: its earners and staff
TEACHER_OWN_CLASS = "teacher-own-class"  # a class: its teachers and superusers
TEACHER_OF_STUDENT = "teacher-of-student"  # a learner: the teachers of their classes
TOKEN_API = "token-api"  # /api/v1: a bearer token, never the session cookie
STAFF = "staff"  # the admin


@dataclass(frozen=True)
class Rule:
    kind: str
    post_only: bool = False


RULES: dict[str, Rule] = {
    "home": Rule(PUBLIC),
    "privacy": Rule(PUBLIC),
    "core:healthz": Rule(PUBLIC),
    "core:readyz": Rule(PUBLIC),
    "core:favicon": Rule(PUBLIC),
    # django.contrib.auth (login and password_reset are the throttled subclasses)
    "login": Rule(PUBLIC),
    "logout": Rule(LOGIN, post_only=True),
    "password_change": Rule(LOGIN),
    "password_change_done": Rule(LOGIN),
    "password_reset": Rule(PUBLIC),
    "admin_login": Rule(PUBLIC),  # the admin's login, throttled (shadows admin:login)
    "password_reset_done": Rule(PUBLIC),
    "password_reset_confirm": Rule(PUBLIC),
    "password_reset_complete": Rule(PUBLIC),
    # accounts
    "accounts:signup": Rule(PUBLIC),
    "accounts:guest_start": Rule(PUBLIC, post_only=True),
    "accounts:guest_claim": Rule(LOGIN),
    "accounts:profile": Rule(LOGIN),
    "accounts:email": Rule(LOGIN),  # the requester's own address
    # The language switcher: a cookie for anyone, the saved choice of the requester only.
    "accounts:set_language": Rule(PUBLIC, post_only=True),
    "accounts:email_verify": Rule(PUBLIC),  # the signed token is the proof
    "accounts:classroom_list": Rule(LOGIN),
    "accounts:classroom_create": Rule(LOGIN),
    "accounts:classroom_join": Rule(LOGIN),
    "accounts:classroom_detail": Rule(TEACHER_OWN_CLASS),
    "accounts:classroom_regenerate_code": Rule(TEACHER_OWN_CLASS, post_only=True),
    "accounts:token_list": Rule(LOGIN),
    "accounts:token_revoke": Rule(STUDENT_OWN, post_only=True),
    # learning (curriculum browsing is public)
    "learning:subject_list": Rule(PUBLIC),
    "learning:subject_detail": Rule(PUBLIC),
    "learning:topic_detail": Rule(PUBLIC),
    "learning:concept_detail": Rule(PUBLIC),
    # progress: practice
    "progress:dashboard": Rule(LOGIN),
    "progress:practice_start": Rule(LOGIN, post_only=True),
    "progress:session_question": Rule(STUDENT_OWN),
    "progress:session_answer": Rule(STUDENT_OWN, post_only=True),
    "progress:session_hint": Rule(STUDENT_OWN, post_only=True),
    "progress:session_finish": Rule(STUDENT_OWN, post_only=True),
    "progress:session_summary": Rule(STUDENT_OWN),
    "progress:attempt_feedback": Rule(STUDENT_OWN),
    "progress:mastery_doc": Rule(PUBLIC),
    "progress:mastery_explain": Rule(LOGIN),  # the requester's own mastery of the concept
    # progress: insights, teaching
    "insights:my_progress": Rule(LOGIN),
    "insights:student_detail": Rule(TEACHER_OF_STUDENT),
    "insights:student_attempts_csv": Rule(TEACHER_OF_STUDENT),
    "teach:class_dashboard": Rule(TEACHER_OWN_CLASS),
    "teach:class_grid_csv": Rule(TEACHER_OWN_CLASS),
    "teach:item_analysis": Rule(TEACHER_OWN_CLASS),
    # assignments, and a class's groups and settings: its teachers; starting one: its student
    "accounts:classroom_edit": Rule(TEACHER_OWN_CLASS),
    "accounts:class_groups": Rule(TEACHER_OWN_CLASS),
    "accounts:class_group_members": Rule(TEACHER_OWN_CLASS, post_only=True),
    "accounts:class_group_rename": Rule(TEACHER_OWN_CLASS, post_only=True),
    "accounts:class_group_delete": Rule(TEACHER_OWN_CLASS, post_only=True),
    "assignments:class_list": Rule(TEACHER_OWN_CLASS),
    "assignments:create": Rule(TEACHER_OWN_CLASS),
    "assignments:quick_practice": Rule(TEACHER_OWN_CLASS, post_only=True),
    "assignments:detail": Rule(TEACHER_OWN_CLASS),
    "assignments:status_csv": Rule(TEACHER_OWN_CLASS),
    "assignments:edit": Rule(TEACHER_OWN_CLASS),
    "assignments:delete": Rule(TEACHER_OWN_CLASS, post_only=True),
    "assignments:start": Rule(STUDENT_OWN, post_only=True),
    "assignments:notices_seen": Rule(LOGIN, post_only=True),
    # achievements
    "achievements:badge_list": Rule(LOGIN),
    "achievements:badges_seen": Rule(LOGIN, post_only=True),
    "achievements:credential": Rule(STUDENT_OWN),
    "achievements:badge_image": Rule(BADGE_ASSET),
    # Open Badges: what a verifier resolves and the verification itself are public
    "did_document": Rule(PUBLIC),
    "achievements:achievement": Rule(PUBLIC),  # by an unguessable id, hidden badges too
    "achievements:achievement_image": Rule(PUBLIC),
    "achievements:credential_detail": Rule(PUBLIC),  # status only, never the holder
    "achievements:status_list": Rule(PUBLIC),
    "achievements:verify": Rule(PUBLIC),
    "achievements:verify_json": Rule(PUBLIC, post_only=True),
    # plans
    "plans:my_plan": Rule(LOGIN),
    "plans:generate": Rule(LOGIN, post_only=True),
    "plans:goal": Rule(LOGIN, post_only=True),
    "plans:ics": Rule(LOGIN),
    "plans:calendar": Rule(LOGIN),
    "plans:calendar_revoke": Rule(LOGIN, post_only=True),
    # No login: the secret token is the credential (tests/progress/plans/test_calendar_feed.py)
    "plans:feed": Rule(PUBLIC),
    # exports
    "exports:list": Rule(LOGIN),
    "exports:download": Rule(STUDENT_OWN),
    "exports:retry": Rule(STUDENT_OWN, post_only=True),
    # API
    "api:export_list": Rule(TOKEN_API),
    "api:export_download": Rule(TOKEN_API),
    "api:statement_list": Rule(TOKEN_API),
    "api:attempts_batch": Rule(TOKEN_API, post_only=True),
}

# The admin's own login and logout are for everyone; every other admin page is staff only.
ADMIN_PUBLIC = {"admin:login", "admin:logout"}


# Walking the URLconf -------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]
    admin: bool


def _walk(patterns, prefix="", namespace="", admin=False):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                full_ns,
                admin or entry.app_name == "admin",
            )
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            if callback.__module__.startswith("django.contrib.staticfiles"):
                continue  # DEBUG-only static file serving
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(
                name=name or f"<unnamed {prefix}{entry.pattern}>",
                route=prefix + str(entry.pattern),
                params=tuple(entry.pattern.regex.groupindex),
                admin=admin,
            )


def project_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def app_routes() -> list[Route]:
    return [r for r in project_routes() if not r.admin]


def admin_routes() -> list[Route]:
    """The admin pages without arguments (index, changelists, add forms, custom views)."""
    seen, routes = set(), []
    for route in project_routes():
        if route.admin and not route.params and route.name not in seen:
            seen.add(route.name)
            routes.append(route)
    return routes


def test_every_url_has_a_rule():
    undeclared = sorted({r.name for r in app_routes() if r.name not in RULES})
    assert not undeclared, (
        "URLs without an access rule in tests/security/test_url_matrix.py RULES "
        f"(declare who may use each): {', '.join(undeclared)}"
    )


def test_every_rule_names_a_url():
    names = {r.name for r in app_routes()}
    stale = sorted(set(RULES) - names)
    assert not stale, f"RULES entries for URLs that no longer exist: {', '.join(stale)}"


def test_the_walk_sees_the_admin():
    names = {r.name for r in admin_routes()}
    assert {"admin:index", "admin:learning_question_changelist"} <= names


def sample_kwargs(name: str, w: World) -> dict:
    """Arguments for each URL, always naming the victim's objects."""
    session = {"pk": w.session.pk}
    samples = {
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(w.victim.pk)),
            "token": "bogus-token",
        },
        "accounts:email_verify": {"token": w.victim_verification_token},
        "accounts:classroom_detail": {"pk": w.classroom.pk},
        "accounts:classroom_regenerate_code": {"pk": w.classroom.pk},
        "accounts:token_revoke": {"pk": w.token.pk},
        "learning:subject_detail": {"slug": w.concept.topic.subject.slug},
        "learning:topic_detail": {"slug": w.concept.topic.slug},
        "learning:concept_detail": {"slug": w.concept.slug},
        "progress:session_question": session,
        "progress:session_answer": session,
        "progress:session_hint": session,
        "progress:session_finish": session,
        "progress:session_summary": session,
        "progress:attempt_feedback": {"pk": w.session.pk, "attempt_pk": w.attempt.pk},
        "progress:mastery_explain": {"slug": w.concept.slug},
        "insights:student_detail": {"pk": w.victim.pk},
        "insights:student_attempts_csv": {"pk": w.victim.pk},
        "teach:class_dashboard": {"pk": w.classroom.pk},
        "teach:class_grid_csv": {"pk": w.classroom.pk},
        "teach:item_analysis": {"pk": w.classroom.pk},
        "achievements:credential": {"slug": w.badge.slug},
        "achievements:badge_image": {"slug": w.hidden_badge.slug},
        "achievements:achievement": {"public_id": w.hidden_badge.public_id},
        "achievements:achievement_image": {"public_id": w.hidden_badge.public_id},
        "achievements:credential_detail": {"pk": w.credential.pk},
        "achievements:status_list": {"list_no": w.credential.status_list},
        "exports:download": {"pk": w.export.pk},
        "exports:retry": {"pk": w.export.pk},
        "api:export_download": {"pk": w.export.pk},
        "plans:feed": {"token": "cal_not-a-real-token"},
    }
    cls, group, assignment = {"pk": w.classroom.pk}, {"pk": w.group.pk}, {"pk": w.assignment.pk}
    samples |= dict.fromkeys(
        ("accounts:classroom_edit", "accounts:class_groups", "accounts:class_group_members"), cls
    )
    samples |= dict.fromkeys(("accounts:class_group_rename", "accounts:class_group_delete"), group)
    samples |= dict.fromkeys(
        ("assignments:class_list", "assignments:create", "assignments:quick_practice"), cls
    )
    for name_ in ("detail", "status_csv", "edit", "delete", "start"):
        samples[f"assignments:{name_}"] = assignment
    return samples.get(name, {})


def victim_fingerprint(w: World) -> tuple:
    """Everything of the victim's a stranger's POST could change."""
    victim = type(w.victim).objects.get(pk=w.victim.pk)
    classroom = Classroom.objects.get(pk=w.classroom.pk)
    return (
        victim.password,
        victim.email,
        victim.first_name,
        classroom.join_code,
        sorted(classroom.students.values_list("pk", flat=True)),
        sorted(classroom.teachers.values_list("pk", flat=True)),
        Attempt.objects.filter(learner=victim).count(),
        list(
            PracticeSession.objects.filter(learner=victim).values_list(
                "pk", "ended_at", "hints_shown"
            )
        ),
        list(ConceptMastery.objects.filter(learner=victim).values_list("p_known", "attempts")),
        list(StudyPlan.objects.filter(learner=victim).values_list("pk", "status")),
        list(ExportJob.objects.filter(owner=victim).values_list("pk", "status", "tries")),
        list(ApiToken.objects.filter(user=victim).values_list("pk", "revoked_at")),
        list(LearnerBadge.objects.filter(learner=victim).values_list("pk", "seen_at")),
        list(Assignment.objects.values_list("pk", "title", "status", "due_at")),
        list(ClassGroup.objects.values_list("pk", "name")),
        sorted(ClassGroup.members.through.objects.values_list("classgroup_id", "user_id")),
        list(AssignmentSession.objects.values_list("pk", "assignment_id")),
        list(AssignmentNotice.objects.filter(learner=victim).values_list("pk", "seen_at")),
    )


# The matrix ---------------------------------------------------------------------------------

OWNERS = {
    STUDENT_OWN: {"other_student"},
    BADGE_ASSET: {"other_student"},
    TEACHER_OWN_CLASS: {"other_teacher", "admin_user"},
    TEACHER_OF_STUDENT: {"other_teacher", "admin_user"},
}
# Who may see the victim's name at all: the victim, their teacher, the superuser.
MAY_SEE_VICTIM = {"other_student", "other_teacher", "admin_user"}
DENIED = {403, 404}


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def check(persona: str, name: str, rule: Rule, method: str, response) -> list[str]:
    """The problems with one response (empty when it is as the rule says)."""
    status = response.status_code
    where = f"{persona} {method} {name} -> {status}"
    problems = []
    if status >= 500:
        return [f"{where}: server error"]
    body = _body(response)
    if persona not in MAY_SEE_VICTIM and CANARY in body:
        problems.append(f"{where}: shows the victim's data")
    answers_anyone = persona != "anonymous" or rule.kind in (PUBLIC, TOKEN_API)
    if rule.post_only and method == "GET" and answers_anyone:
        if status != 405:
            problems.append(f"{where}: a POST-only URL answered GET")
        return problems
    if rule.kind == TOKEN_API:
        if status != 401 or response["Content-Type"] != "application/json":
            problems.append(f"{where}: the API must answer 401 JSON to cookies")
        return problems
    if persona == "anonymous":
        if rule.kind == PUBLIC:
            if _is_login_redirect(response):
                problems.append(f"{where}: public page asks to log in")
        elif not _is_login_redirect(response):
            problems.append(f"{where}: anonymous not sent to the login page")
        return problems
    if rule.kind in OWNERS:
        if persona in OWNERS[rule.kind]:
            if method == "GET" and not rule.post_only and status != 200:
                problems.append(f"{where}: the owner cannot open their own page")
        else:
            exempt = persona == "admin_user" or (
                rule.kind == BADGE_ASSET and persona_is_staff(persona)
            )
            if not exempt and status not in DENIED:
                problems.append(f"{where}: a stranger was not refused (403/404 expected)")
    return problems


@pytest.mark.parametrize("persona", PERSONAS)
def test_url_matrix(persona, world, as_persona, django_capture_on_commit_callbacks):
    problems = []
    for route in app_routes():
        rule = RULES.get(route.name)
        if rule is None:
            continue  # test_every_url_has_a_rule names it
        url = reverse(route.name, kwargs=sample_kwargs(route.name, world))
        problems += check(persona, route.name, rule, "GET", as_persona(persona).get(url))
        if rule.post_only:
            before = victim_fingerprint(world)
            with django_capture_on_commit_callbacks(execute=True):
                response = as_persona(persona).post(url, {})
            problems += check(persona, route.name, rule, "POST", response)
            if persona not in MAY_SEE_VICTIM and victim_fingerprint(world) != before:
                problems.append(f"{persona} POST {route.name}: changed the victim's data")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_staff_only(persona, world, as_persona):
    client = as_persona(persona)  # the admin pages below only read
    staff = persona_is_staff(persona)
    problems = []
    for route in admin_routes():
        response = client.get(reverse(route.name))
        where = f"{persona} GET {route.name} -> {response.status_code}"
        if response.status_code >= 500:
            problems.append(f"{where}: server error")
            continue
        if route.name in ADMIN_PUBLIC:
            continue
        if not staff:
            location = response.get("Location", "")
            logins = (reverse("admin:login"), reverse("login"))
            if response.status_code != 302 or not location.startswith(logins):
                problems.append(f"{where}: non-staff not sent to a login page")
        elif persona != "admin_user" and CANARY in _body(response):
            problems.append(f"{where}: shows the victim's data")
    assert not problems, "\n".join(problems)


# The API with a token: a token acts as its owner and never more ------------------------------


def test_api_token_reads_only_its_owner(world, client, student):
    own = tokens.token_create(user=student, name="mine", scopes=["read"], now=timezone.now())
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {own.raw}"}
    download = reverse("api:export_download", args=[world.export.pk])
    assert client.get(download, **bearer).status_code == 404
    for name in ("api:export_list", "api:statement_list"):
        response = client.get(reverse(name), **bearer)
        assert response.status_code == 200
        assert CANARY not in response.content.decode()
        assert str(world.attempt.client_token) not in response.content.decode()

    victim = {"HTTP_AUTHORIZATION": f"Bearer {world.victim_raw_token}"}
    assert client.get(download, **victim).status_code == 200  # the control: the owner can


def test_password_reset_link_of_another_user_needs_its_token(world, client):
    uid = urlsafe_base64_encode(force_bytes(world.victim.pk))
    url = reverse("password_reset_confirm", args=[uid, "set-password"])
    response = client.post(
        url, {"new_password1": "n3w-Pa55word!", "new_password2": "n3w-Pa55word!"}
    )
    assert response.status_code == 200 and "invalid" in response.content.decode().lower()
    world.victim.refresh_from_db()
    assert world.victim.check_password(factories.PASSWORD)
    # ...and the real token works (the control).
    real = default_token_generator.make_token(world.victim)
    assert client.get(reverse("password_reset_confirm", args=[uid, real])).status_code == 302
