"""Hostile input to every form and API endpoint: never a 500, never a row for a refusal.

Every named URL outside the admin is classified below (a new URL that is not fails
``test_every_url_is_classified``). Each POST-capable endpoint is posted a seeded random
mix of hostile payloads by the persona that would use it: missing fields, 1 MB strings,
wrong types, repeated values, invalid UTF-8 and garbage multipart bodies, other learners'
ids, closed sessions, draft and deleted questions, non-JSON to the JSON API.

For each request we count the rows of every model (``apps.get_models()``) before and
after; when the request was refused (a 4xx, a form re-rendered with errors, or an error
message on the redirect) no table may have grown or shrunk.
"""

import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import services as account_services
from accounts import tokens
from learning.models import Question
from progress import services
from progress.models_exports import ExportJob
from tests import factories

pytestmark = pytest.mark.django_db

SEED = 20250303
MEGABYTE = "x" * (1024 * 1024)
HOSTILE = [
    "",
    " ",
    MEGABYTE,
    "\x00",
    "\x00" * 64,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "3.5",
    "true",
    "null",
    "[]",
    "{}",
    '{"a": [1, 2]}',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "😀" * 2000,
    "\u202e\u200b\ufeff",
    "Ω" * 300,
    "%00%ff",
    "ABCD-2345",
    str(uuid.uuid4()),
    "2025-02-30",
    "9999-12-31",
]
INVALID_UTF8 = b"\xff\xfe\xfd answer=\xc3\x28&question=\xa0\xa1&name=\xf0\x28\x8c\x28"


# --- the world the personas live in ---------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    ids: dict[str, int]
    raw_tokens: dict[str, str]
    slugs: dict[str, str]
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            client = Client()
            if persona != "anonymous":
                client.force_login(self.users[persona])
            self.clients[persona] = client
        return self.clients[persona]


@pytest.fixture
def world(student, other_student, teacher, other_teacher, admin_user, classroom):
    concept = factories.ConceptFactory(slug="fuzz-concept")
    other_concept = factories.ConceptFactory(slug="fuzz-elsewhere")
    single = factories.QuestionFactory(concept=concept, kind=Question.Kind.SINGLE)
    numeric = factories.QuestionFactory(concept=concept, kind=Question.Kind.NUMERIC)
    multiple = factories.QuestionFactory(concept=concept, kind=Question.Kind.MULTIPLE)
    elsewhere = factories.QuestionFactory(concept=other_concept)
    draft = factories.QuestionFactory(concept=concept, status=Question.Status.DRAFT)
    deleted = factories.QuestionFactory(concept=concept)
    deleted_pk = deleted.pk
    deleted.delete()
    draft_activity = factories.ActivityFactory(
        slug="fuzz-draft-activity", status="draft", concept=concept
    )
    now = timezone.now()
    session = services.session_start(learner=student, concept=concept, now=now)
    services.session_serve(session=session, question=single, now=now)
    closed = services.session_start(learner=student, concept=concept, now=now)
    services.session_complete(session=closed, now=now)
    theirs = services.session_start(learner=other_student, concept=concept, now=now)
    guest = account_services.guest_create()
    failed_export = ExportJob.objects.create(
        owner=student, kind="my_data", format="json", status="failed", created_at=now
    )
    their_export = ExportJob.objects.create(
        owner=other_student, kind="my_data", format="json", status="failed", created_at=now
    )
    sync = tokens.token_create(user=student, name="Tablet", scopes=["sync"], now=now)
    read = tokens.token_create(user=student, name="Read only", scopes=[], now=now)
    their_token = tokens.token_create(user=other_student, name="Theirs", scopes=[], now=now)
    revoked = tokens.token_create(user=student, name="Old", scopes=["sync"], now=now)
    tokens.token_revoke(token=revoked.token, now=now)
    return World(
        users={
            "student": student,
            "other_student": other_student,
            "teacher": teacher,
            "other_teacher": other_teacher,
            "admin": admin_user,
            "guest": guest,
        },
        ids={
            "single": single.pk,
            "single_choice": single.choices.first().pk,
            "numeric": numeric.pk,
            "multiple": multiple.pk,
            "elsewhere": elsewhere.pk,
            "draft": draft.pk,
            "deleted": deleted_pk,
            "session": session.pk,
            "closed": closed.pk,
            "theirs": theirs.pk,
            "classroom": classroom.pk,
            "export": failed_export.pk,
            "their_export": their_export.pk,
            "token": read.token.pk,
            "their_token": their_token.token.pk,
            "subject": concept.topic.subject_id,
            "topic": concept.topic_id,
            "other_topic": other_concept.topic_id,
        },
        raw_tokens={"sync": sync.raw, "read": read.raw, "revoked": revoked.raw},
        slugs={"concept": concept.slug, "draft_activity": draft_activity.slug},
    )


# --- measuring ----------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def refused(response) -> bool:
    """A 4xx, a form shown again with errors, or an error message on a redirect."""
    if response.status_code >= 400:
        return True
    context = response.context
    if context is not None:
        for key in context.keys():  # noqa: SIM118 - a ContextList iterates contexts
            value = context.get(key)
            if getattr(value, "is_bound", False) and getattr(value, "errors", None):
                return True
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= messages.ERROR for m in queued)


def send(world: World, persona: str, path: str, *, label: str, **kwargs) -> None:
    # Logged in before counting rows; anonymous is a fresh client, as a successful signup,
    # login or guest start would log the shared one in.
    client = Client() if persona == "anonymous" else world.client(persona)
    before = row_counts()
    response = client.post(path, **kwargs)
    where = f"{persona} POST {path} [{label}]"
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if refused(response):
        after = row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert not changed, f"{where} was refused ({response.status_code}) but wrote {changed}"


# --- payloads -----------------------------------------------------------------------------


def form_payloads(rng: random.Random, valid: dict[str, Any], n: int) -> list[tuple[str, dict]]:
    """Seeded hostile variants of a form's fields (values may be lists: repeated keys)."""
    names = list(valid) or ["field"]
    out: list[tuple[str, dict]] = [("empty", {}), ("valid-ish", dict(valid))]
    out.append(("all huge", dict.fromkeys(names, MEGABYTE)))
    out.append(("lists everywhere", {k: [rng.choice(HOSTILE)[:50], "1", "2"] for k in names}))
    out.append(("unknown fields", {**valid, "is_superuser": "1", "learner": "1", "pk": "1"}))
    for i in range(n):
        data = dict(valid)
        for name in rng.sample(names, rng.randint(1, len(names))):
            choice = rng.random()
            if choice < 0.15:
                data.pop(name, None)
            elif choice < 0.3:
                data[name] = [rng.choice(HOSTILE) for _ in range(rng.randint(2, 4))]
            else:
                data[name] = rng.choice(HOSTILE)
        out.append((f"random {i}", data))
    return out


RAW_BODIES = [
    ("invalid utf-8 form", INVALID_UTF8, "application/x-www-form-urlencoded"),
    ("invalid utf-8 multipart", b"--b\r\n" + INVALID_UTF8, "multipart/form-data; boundary=b"),
    ("garbage multipart", b"not really multipart", "multipart/form-data; boundary=zzz"),
    ("multipart without boundary", b"--\r\n\r\n", "multipart/form-data"),
    ("json to a form", b'{"question": 1, "answer": [1]}', "application/json"),
    ("binary", bytes(range(256)) * 16, "application/octet-stream"),
]


# --- endpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    url_name: str
    persona: str
    path: Callable[[World], str]
    valid: Callable[[World], dict] = lambda w: {}
    examples: int = 8


def _url(name: str, *args_from: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.ids[a] for a in args_from])


def _answer(question: str, answer: str | list[str]) -> Callable[[World], dict]:
    return lambda w: {
        "question": str(w.ids[question]),
        "client_token": str(uuid.uuid4()),
        "answer": answer if answer != "choice" else str(w.ids["single_choice"]),
        "confidence": "2",
    }


def _password_reset_confirm(w: World) -> str:
    return reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"})


SIGNUP = {
    "username": "newbie",
    "first_name": "New",
    "last_name": "Bie",
    "email": "newbie@example.org",
    "password1": "a-long-and-fine-password",
    "password2": "a-long-and-fine-passwort",  # one letter off: nearly valid
    "join_code": "",
}

CASES = [
    Case("accounts:signup", "anonymous", _url("accounts:signup"), lambda w: SIGNUP),
    Case("accounts:signup", "guest", _url("accounts:signup"), lambda w: SIGNUP, examples=4),
    Case(
        "login",
        "anonymous",
        _url("login"),
        lambda w: {"username": "student", "password": "wrong", "next": "//evil.example/"},
    ),
    Case("logout", "student", _url("logout"), examples=2),
    Case("password_reset", "anonymous", _url("password_reset"), lambda w: {"email": "x@y.org"}),
    Case(
        "admin_login",
        "anonymous",
        lambda w: reverse("admin_login"),
        lambda w: {"username": "student", "password": "wrong"},
    ),
    Case("accounts:email", "student", _url("accounts:email"), lambda w: {"email": "n@e.org"}),
    Case(
        "accounts:email_verify",
        "anonymous",
        lambda w: reverse("accounts:email_verify", args=["not-a-signed-token"]),
        examples=3,
    ),
    Case("password_reset_confirm", "anonymous", _password_reset_confirm, examples=3),
    Case(
        "password_change",
        "student",
        _url("password_change"),
        lambda w: {
            "old_password": "wrong",
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    ),
    Case("accounts:guest_start", "anonymous", _url("accounts:guest_start"), examples=3),
    Case("accounts:guest_start", "guest", _url("accounts:guest_start"), examples=3),
    Case(
        "accounts:profile",
        "student",
        _url("accounts:profile"),
        lambda w: {
            "grade": "Grade 7",
            "goal": "Exam",
            "exam_date": "2030-01-01",
            "minutes_per_day": "30",
            "timezone": "Europe/London",
        },
    ),
    Case("accounts:classroom_create", "teacher", _url("accounts:classroom_create"), lambda w: {}),
    Case("accounts:classroom_create", "student", _url("accounts:classroom_create"), examples=2),
    Case(
        "accounts:classroom_join",
        "student",
        _url("accounts:classroom_join"),
        lambda w: {"code": "ZZZZ-ZZZZ"},
    ),
    Case(
        "accounts:classroom_regenerate_code",
        "other_teacher",
        _url("accounts:classroom_regenerate_code", "classroom"),
        examples=2,
    ),
    Case("accounts:token_list", "student", _url("accounts:token_list"), lambda w: {"name": ""}),
    Case(
        "accounts:token_revoke", "student", _url("accounts:token_revoke", "their_token"), examples=2
    ),
    Case(
        "progress:practice_start",
        "student",
        _url("progress:practice_start"),
        lambda w: {"scope": "activity", "slug": w.slugs["draft_activity"], "back": "/"},
    ),
    Case(
        "progress:practice_start",
        "student",
        _url("progress:practice_start"),
        lambda w: {"scope": "concept", "slug": "no-such-concept"},
        examples=4,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "session"),
        _answer("numeric", "not a number"),
        examples=12,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "session"),
        _answer("draft", "choice"),
        examples=4,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "session"),
        _answer("deleted", "choice"),
        examples=3,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "session"),
        _answer("elsewhere", "choice"),
        examples=3,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "closed"),
        _answer("single", "choice"),
        examples=4,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "theirs"),
        _answer("single", "choice"),
        examples=3,
    ),
    Case(
        "progress:session_answer",
        "student",
        _url("progress:session_answer", "session"),
        _answer("multiple", ["999999", "-1"]),
        examples=6,
    ),
    Case("progress:session_hint", "student", _url("progress:session_hint", "closed"), examples=2),
    Case("progress:session_hint", "student", _url("progress:session_hint", "theirs"), examples=2),
    Case(
        "progress:session_finish", "student", _url("progress:session_finish", "theirs"), examples=2
    ),
    Case(
        "progress:session_finish", "student", _url("progress:session_finish", "closed"), examples=2
    ),
    Case(
        "plans:generate",
        "student",
        _url("plans:generate"),
        lambda w: {"rest_weekdays": ["0", "1", "2", "3", "4", "5", "6"]},
    ),
    Case(
        "plans:goal",
        "student",
        _url("plans:goal"),
        lambda w: {"subject": str(w.ids["subject"]), "topics": [str(w.ids["other_topic"])]},
    ),
    Case("plans:goal", "teacher", _url("plans:goal"), examples=2),
    Case(
        "exports:list",
        "student",
        _url("exports:list"),
        lambda w: {"kind": "everything", "format": "json", "classroom": str(w.ids["classroom"])},
    ),
    Case(
        "exports:list",
        "teacher",
        _url("exports:list"),
        lambda w: {"kind": "class", "format": "csv", "classroom": "999999"},
    ),
    Case("exports:retry", "student", _url("exports:retry", "their_export"), examples=2),
    Case("achievements:badges_seen", "student", _url("achievements:badges_seen"), examples=3),
    Case("achievements:badges_seen", "teacher", _url("achievements:badges_seen"), examples=2),
]


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.url_name}-{c.persona}-{i}" for i, c in enumerate(CASES)]
)
def test_forms_refuse_hostile_input_without_a_500_or_a_write(world, case):
    rng = random.Random(f"{SEED}-{case.url_name}-{case.persona}")
    path = case.path(world)
    for label, data in form_payloads(rng, case.valid(world), case.examples):
        send(world, case.persona, path, label=label, data=data)
    for label, body, content_type in RAW_BODIES:
        send(world, case.persona, path, label=label, data=body, content_type=content_type)
    send(world, case.persona, path + "?next=%ff%fe", label="query string", data={})


PUBLIC = {
    "accounts:signup",
    "accounts:guest_start",
    "login",
    "logout",
    "password_reset",
    "admin_login",
    "accounts:email_verify",
}


def test_anonymous_posts_are_sent_to_log_in_and_write_nothing(world):
    for case in CASES:
        if case.url_name in PUBLIC or case.persona == "anonymous":
            continue
        path = case.path(world)
        before = row_counts()
        response = Client().post(path, case.valid(world))
        assert response.status_code in (302, 404), (path, response.status_code)
        assert row_counts() == before, path


# --- the JSON API -------------------------------------------------------------------------


def _item(w: World, **overrides) -> dict:
    item = {
        "client_token": str(uuid.uuid4()),
        "question_id": w.ids["single"],
        "response": {"choices": [w.ids["single_choice"]]},
        "answered_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "time_taken_seconds": 12,
    }
    item.update(overrides)
    return item


def api_bodies(w: World, rng: random.Random) -> list[tuple[str, bytes, str]]:
    """Bodies that must be refused as a whole (400/413) or item by item."""
    bodies: list[tuple[str, Any]] = [
        ("not json", b"items=1&question=2"),
        ("invalid utf-8", INVALID_UTF8),
        ("empty", b""),
        ("NaN", b'[{"time_taken_seconds": NaN}]'),
        ("scalar", b"42"),
        ("string", b'"items"'),
        ("null", b"null"),
        ("object without items", b'{"answers": []}'),
        ("items not a list", b'{"items": {"0": 1}}'),
        ("deep nesting", b"[" * 50_000 + b"]" * 50_000),
        ("deep nesting in an item", b'{"items": [' + b"[" * 50_000 + b"]" * 50_000 + b"]}"),
        ("too many", json.dumps([_item(w) for _ in range(201)]).encode()),
        ("huge string", json.dumps({"items": [MEGABYTE]}).encode()),
    ]
    hostile_items = [
        _item(w, question_id=w.ids["draft"]),
        _item(w, question_id=w.ids["deleted"]),
        _item(w, question_id="1"),
        _item(w, question_id=True),
        _item(w, question_id=-5),
        _item(w, question_id=10**40),
        _item(w, client_token="not-a-uuid"),
        _item(w, client_token=None),
        _item(w, response=[1, 2]),
        _item(w, response={"choices": "all"}),
        _item(w, response={"choices": [10**30]}),
        _item(w, response={"value": MEGABYTE}),
        _item(w, question_id=w.ids["numeric"], response={"value": {"a": 1}}),
        _item(w, question_id=w.ids["numeric"], response={"value": "1e99999999"}),
        _item(w, answered_at="yesterday"),
        _item(w, answered_at="2025-01-01T10:00:00"),
        _item(w, answered_at="2999-01-01T10:00:00+00:00"),
        _item(w, answered_at="1970-01-01T00:00:00+00:00"),
        _item(w, answered_at=12345),
        _item(w, time_taken_seconds=-1),
        _item(w, time_taken_seconds="12"),
        _item(w, time_taken_seconds=1e308 * 10),
        "not an object",
        None,
        [],
    ]
    for i in range(4):
        picked = rng.sample(hostile_items, 6)
        bodies.append((f"hostile items {i}", json.dumps({"items": picked}).encode()))
    return [(label, body, "application/json") for label, body in bodies] + [
        ("json as a form", b"items=%5B%5D", "application/x-www-form-urlencoded"),
        ("json as text", json.dumps([_item(w, question_id=w.ids["draft"])]).encode(), "text/plain"),
    ]


@pytest.mark.parametrize("token_name", ["sync", "read", "revoked", None, "garbage"])
def test_the_batch_api_refuses_hostile_bodies_without_a_500_or_a_write(world, token_name):
    rng = random.Random(f"{SEED}-api-{token_name}")
    path = reverse("api:attempts_batch")
    header = {
        None: {},
        # WSGI hands headers over as latin-1 decoded text: raw bytes arrive like this.
        "garbage": {"HTTP_AUTHORIZATION": "Bearer \xff\xfe\x00 \xc3("},
    }.get(token_name, {"HTTP_AUTHORIZATION": f"Bearer {world.raw_tokens.get(token_name)}"})
    for label, body, content_type in api_bodies(world, rng):
        client = world.client("anonymous")
        before = row_counts()
        response = client.post(path, data=body, content_type=content_type, **header)
        where = f"{token_name} token, {label}"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        assert response["Content-Type"].startswith("application/json"), where
        if response.status_code >= 400:
            assert row_counts() == before, f"{where} was refused but wrote rows"
            continue
        results = response.json()["results"]
        assert response.json()["recorded"] == 0, (where, results)
        assert all(r is None or r["status"] == "rejected" for r in results), (where, results)
        assert row_counts() == before, f"{where}: every item was rejected but rows were written"


def test_the_batch_api_does_not_accept_other_methods_or_another_learners_token(world):
    path = reverse("api:attempts_batch")
    client = world.client("anonymous")
    for method in ("get", "put", "patch", "delete"):
        response = getattr(client, method)(
            path, HTTP_AUTHORIZATION=f"Bearer {world.raw_tokens['sync']}"
        )
        assert response.status_code == 405, method
    student_client = world.client("student")  # logged in before counting rows
    before = row_counts()
    response = student_client.post(
        path, data=json.dumps([_item(world)]), content_type="application/json"
    )
    assert response.status_code == 401  # a session cookie is not a token
    assert row_counts() == before


# --- the admin question-bank import -------------------------------------------------------


def test_the_admin_import_refuses_hostile_files(world):
    path = reverse("admin:learning_question_import")
    rng = random.Random(f"{SEED}-import")
    files = [
        ("random.gift", bytes(rng.randrange(256) for _ in range(4096))),
        ("invalid.xml", b"<?xml version='1.0'?><quiz><question type='multichoice'>"),
        ("bomb.xml", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'),
        ("latin1.gift", "::Q:: Qu'est-ce que c'est? {=oui ~non}".encode("latin-1")),
        ("bad.json", b'{"questions": [{"kind": "numeric", "numeric_answer": "NaN"}]}'),
        ("deep.json", b"[" * 50_000 + b"]" * 50_000),
        ("virus.exe", b"MZ" + bytes(100)),
        ("empty.gift", b""),
        ("huge.gift", b"::Q:: x {=a}\n" * (3 * 1024 * 1024 // 13)),
    ]
    for name, content in files:
        for extra in ({}, {"format": "xml"}, {"concept": "999999"}, {"create_categories": "on"}):
            send(
                world,
                "admin",
                path,
                label=f"{name} {extra}",
                data={"file": SimpleUploadedFile(name, content), **extra},
            )
    for label, body, content_type in RAW_BODIES:
        send(world, "admin", path, label=label, data=body, content_type=content_type)
    send(world, "teacher", path, label="teacher", data={})
    confirm = reverse("admin:learning_question_import_confirm")
    send(world, "admin", confirm, label="confirm without preview", data={})


# --- every URL is classified --------------------------------------------------------------

FUZZED = {c.url_name for c in CASES} | {"api:attempts_batch"}
# Pages and downloads that only read (GET); posting to them must still never be a 500.
READ_ONLY = {
    "home": lambda w: reverse("home"),
    "core:healthz": lambda w: reverse("core:healthz"),
    "core:readyz": lambda w: reverse("core:readyz"),
    "password_change_done": lambda w: reverse("password_change_done"),
    "password_reset_done": lambda w: reverse("password_reset_done"),
    "password_reset_complete": lambda w: reverse("password_reset_complete"),
    "accounts:classroom_list": lambda w: reverse("accounts:classroom_list"),
    "accounts:classroom_detail": _url("accounts:classroom_detail", "classroom"),
    "learning:subject_list": lambda w: reverse("learning:subject_list"),
    "learning:subject_detail": lambda w: reverse("learning:subject_detail", args=["nope"]),
    "learning:topic_detail": lambda w: reverse("learning:topic_detail", args=["nope"]),
    "learning:concept_detail": lambda w: reverse("learning:concept_detail", args=["fuzz-concept"]),
    "progress:dashboard": lambda w: reverse("progress:dashboard"),
    "progress:session_question": _url("progress:session_question", "theirs"),
    "progress:session_summary": _url("progress:session_summary", "closed"),
    "progress:attempt_feedback": lambda w: reverse(
        "progress:attempt_feedback", args=[w.ids["session"], 999999]
    ),
    "progress:mastery_doc": lambda w: reverse("progress:mastery_doc"),
    "progress:mastery_explain": lambda w: reverse("progress:mastery_explain", args=["x"]),
    "insights:my_progress": lambda w: reverse("insights:my_progress"),
    "insights:student_detail": lambda w: reverse("insights:student_detail", args=[1]),
    "insights:student_attempts_csv": lambda w: reverse("insights:student_attempts_csv", args=[1]),
    "teach:class_dashboard": _url("teach:class_dashboard", "classroom"),
    "teach:class_grid_csv": _url("teach:class_grid_csv", "classroom"),
    "teach:item_analysis": _url("teach:item_analysis", "classroom"),
    "achievements:badge_list": lambda w: reverse("achievements:badge_list"),
    "achievements:credential": lambda w: reverse("achievements:credential", args=["none"]),
    "achievements:badge_image": lambda w: reverse("achievements:badge_image", args=["none"]),
    "plans:my_plan": lambda w: reverse("plans:my_plan"),
    "plans:ics": lambda w: reverse("plans:ics"),
    "exports:download": _url("exports:download", "their_export"),
    "api:export_list": lambda w: reverse("api:export_list"),
    "api:export_download": _url("api:export_download", "export"),
    "api:statement_list": lambda w: reverse("api:statement_list"),
}


def _named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin; the project's own admin import is fuzzed above
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_url_is_classified():
    unclassified = _named_urls(get_resolver()) - FUZZED - set(READ_ONLY)
    assert not unclassified, f"add these URLs to the fuzz test: {sorted(unclassified)}"


@pytest.mark.parametrize("persona", ["student", "teacher", "anonymous"])
def test_posting_to_read_only_pages_is_never_a_500(world, persona):
    client = world.client(persona)
    for name, build in READ_ONLY.items():
        response = client.post(build(world), {"x": MEGABYTE[:1000]})
        assert response.status_code < 500, (persona, name, response.status_code)
