"""Every form endpoint, the persona that would use it, and what a nearly valid post looks like."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.fuzz.hostile import World

# --- endpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    url_name: str
    persona: str
    path: Callable[[World], str]
    valid: Callable[[World], dict] = lambda w: {}
    examples: int = 8


def url_of(name: str, *args_from: str) -> Callable[[World], str]:
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

ASSIGNMENT = {
    "title": "Homework",
    "instructions": "",
    "kind": "practice",
    "goal": "correct",
    "target_count": "10",
    "opens_on": "2026-03-02",
    "due_on": "2026-03-01",  # one day before it opens: nearly valid
    "due_time": "17:00",
    "late_counts": "on",
    "audience": "chosen",
}


def _assignment(w: World) -> dict:
    return {**ASSIGNMENT, "concepts": [str(w.ids["concept"])], "groups": [str(w.ids["group"])]}


CASES = [
    Case("accounts:signup", "anonymous", url_of("accounts:signup"), lambda w: SIGNUP),
    Case("accounts:signup", "guest", url_of("accounts:signup"), lambda w: SIGNUP, examples=4),
    Case(
        "login",
        "anonymous",
        url_of("login"),
        lambda w: {"username": "student", "password": "wrong", "next": "//evil.example/"},
    ),
    Case("logout", "student", url_of("logout"), examples=2),
    Case("password_reset", "anonymous", url_of("password_reset"), lambda w: {"email": "x@y.org"}),
    Case(
        "admin_login",
        "anonymous",
        lambda w: reverse("admin_login"),
        lambda w: {"username": "student", "password": "wrong"},
    ),
    Case("accounts:email", "student", url_of("accounts:email"), lambda w: {"email": "n@e.org"}),
    Case(
        "accounts:set_language",
        "student",
        url_of("accounts:set_language"),
        lambda w: {"language": "es", "next": "/"},
    ),
    Case(
        "accounts:set_language",
        "anonymous",
        url_of("accounts:set_language"),
        lambda w: {"language": "es", "next": "//evil.example/"},
        examples=3,
    ),
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
        url_of("password_change"),
        lambda w: {
            "old_password": "wrong",
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    ),
    Case("accounts:guest_start", "anonymous", url_of("accounts:guest_start"), examples=3),
    Case("accounts:guest_start", "guest", url_of("accounts:guest_start"), examples=3),
    Case(
        "accounts:guest_claim",
        "student",
        url_of("accounts:guest_claim"),
        lambda w: {"choice": "keep", "next": "/"},
        examples=4,
    ),
    Case(
        "accounts:profile",
        "student",
        url_of("accounts:profile"),
        lambda w: {
            "grade": "Grade 7",
            "goal": "Exam",
            "exam_date": "2030-01-01",
            "minutes_per_day": "30",
            "timezone": "Europe/London",
        },
    ),
    Case("accounts:classroom_create", "teacher", url_of("accounts:classroom_create"), lambda w: {}),
    Case("accounts:classroom_create", "student", url_of("accounts:classroom_create"), examples=2),
    Case(
        "accounts:classroom_join",
        "student",
        url_of("accounts:classroom_join"),
        lambda w: {"code": "ZZZZ-ZZZZ"},
    ),
    Case(
        "accounts:classroom_regenerate_code",
        "other_teacher",
        url_of("accounts:classroom_regenerate_code", "classroom"),
        examples=2,
    ),
    Case("accounts:token_list", "student", url_of("accounts:token_list"), lambda w: {"name": ""}),
    Case(
        "accounts:token_revoke",
        "student",
        url_of("accounts:token_revoke", "their_token"),
        examples=2,
    ),
    Case(
        "progress:practice_start",
        "student",
        url_of("progress:practice_start"),
        lambda w: {"scope": "activity", "slug": w.slugs["draft_activity"], "back": "/"},
    ),
    Case(
        "progress:practice_start",
        "student",
        url_of("progress:practice_start"),
        lambda w: {"scope": "concept", "slug": "no-such-concept"},
        examples=4,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "session"),
        _answer("numeric", "not a number"),
        examples=12,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "session"),
        _answer("draft", "choice"),
        examples=4,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "session"),
        _answer("deleted", "choice"),
        examples=3,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "session"),
        _answer("elsewhere", "choice"),
        examples=3,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "closed"),
        _answer("single", "choice"),
        examples=4,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "theirs"),
        _answer("single", "choice"),
        examples=3,
    ),
    Case(
        "progress:session_answer",
        "student",
        url_of("progress:session_answer", "session"),
        _answer("multiple", ["999999", "-1"]),
        examples=6,
    ),
    Case("progress:session_hint", "student", url_of("progress:session_hint", "closed"), examples=2),
    Case("progress:session_hint", "student", url_of("progress:session_hint", "theirs"), examples=2),
    Case(
        "progress:session_finish",
        "student",
        url_of("progress:session_finish", "theirs"),
        examples=2,
    ),
    Case(
        "progress:session_finish",
        "student",
        url_of("progress:session_finish", "closed"),
        examples=2,
    ),
    Case(
        "plans:generate",
        "student",
        url_of("plans:generate"),
        lambda w: {"rest_weekdays": ["0", "1", "2", "3", "4", "5", "6"]},
    ),
    Case(
        "plans:goal",
        "student",
        url_of("plans:goal"),
        lambda w: {"subject": str(w.ids["subject"]), "topics": [str(w.ids["other_topic"])]},
    ),
    Case("plans:goal", "teacher", url_of("plans:goal"), examples=2),
    Case(
        "exports:list",
        "student",
        url_of("exports:list"),
        lambda w: {"kind": "everything", "format": "json", "classroom": str(w.ids["classroom"])},
    ),
    Case(
        "exports:list",
        "teacher",
        url_of("exports:list"),
        lambda w: {"kind": "class", "format": "csv", "classroom": "999999"},
    ),
    Case("exports:retry", "student", url_of("exports:retry", "their_export"), examples=2),
    Case("achievements:badges_seen", "student", url_of("achievements:badges_seen"), examples=3),
    Case("assignments:create", "teacher", url_of("assignments:create", "classroom"), _assignment),
    Case("assignments:edit", "teacher", url_of("assignments:edit", "assignment"), _assignment),
    Case(
        "assignments:create", "other_teacher", url_of("assignments:create", "classroom"), examples=2
    ),
    Case(
        "assignments:quick_practice",
        "teacher",
        url_of("assignments:quick_practice", "classroom"),
        lambda w: {
            "student": str(w.ids["theirs"]),
            "concept": str(w.ids["concept"]),
            "back": "//x",
        },
    ),
    Case(
        "assignments:start", "other_student", url_of("assignments:start", "assignment"), examples=2
    ),
    Case("assignments:start", "teacher", url_of("assignments:start", "assignment"), examples=2),
    Case(
        "assignments:delete",
        "other_teacher",
        url_of("assignments:delete", "assignment"),
        examples=2,
    ),
    Case("assignments:notices_seen", "teacher", url_of("assignments:notices_seen"), examples=2),
    Case(
        "accounts:class_groups",
        "teacher",
        url_of("accounts:class_groups", "classroom"),
        lambda w: {"name": "Fuzz group"},  # a duplicate: refused
    ),
    Case(
        "accounts:class_group_members",
        "teacher",
        url_of("accounts:class_group_members", "classroom"),
        lambda w: {f"group-{w.ids['group']}": [str(w.users["other_student"].pk)]},  # not in it
    ),
    Case(
        "accounts:class_group_rename",
        "teacher",
        url_of("accounts:class_group_rename", "group"),
        lambda w: {"name": ""},
    ),
    Case(
        "accounts:class_group_delete",
        "other_teacher",
        url_of("accounts:class_group_delete", "group"),
        examples=2,
    ),
    Case(
        "accounts:classroom_edit",
        "teacher",
        url_of("accounts:classroom_edit", "classroom"),
        lambda w: {"name": "7B", "timezone": "Mars/Olympus"},
    ),
    Case("achievements:badges_seen", "teacher", url_of("achievements:badges_seen"), examples=2),
    # Public Open Badge verification: a page (form) and a JSON endpoint, for anyone.
    Case(
        "achievements:verify",
        "anonymous",
        url_of("achievements:verify"),
        lambda w: {"credential": "{}"},
    ),
    Case("achievements:verify", "student", url_of("achievements:verify"), examples=3),
    Case("achievements:verify_json", "anonymous", url_of("achievements:verify_json"), examples=3),
]
