"""Every named URL is classified (fuzzed or read-only), and posting to read-only pages is never
a 500.

A new URL that is not classified fails ``test_every_url_is_classified``."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.fuzz.cases import CASES, url_of
from tests.fuzz.hostile import (
    MEGABYTE,
)

pytestmark = pytest.mark.django_db


# --- every URL is classified --------------------------------------------------------------

FUZZED = {c.url_name for c in CASES} | {"api:attempts_batch"}
# Pages and downloads that only read (GET); posting to them must still never be a 500.
READ_ONLY = {
    "home": lambda w: reverse("home"),
    "privacy": lambda w: reverse("privacy"),
    "core:healthz": lambda w: reverse("core:healthz"),
    "core:readyz": lambda w: reverse("core:readyz"),
    "core:favicon": lambda w: reverse("core:favicon"),
    "password_change_done": lambda w: reverse("password_change_done"),
    "password_reset_done": lambda w: reverse("password_reset_done"),
    "password_reset_complete": lambda w: reverse("password_reset_complete"),
    "accounts:classroom_list": lambda w: reverse("accounts:classroom_list"),
    "accounts:classroom_detail": url_of("accounts:classroom_detail", "classroom"),
    "learning:subject_list": lambda w: reverse("learning:subject_list"),
    "learning:subject_detail": lambda w: reverse("learning:subject_detail", args=["nope"]),
    "learning:topic_detail": lambda w: reverse("learning:topic_detail", args=["nope"]),
    "learning:concept_detail": lambda w: reverse("learning:concept_detail", args=["fuzz-concept"]),
    "progress:dashboard": lambda w: reverse("progress:dashboard"),
    "progress:session_question": url_of("progress:session_question", "theirs"),
    "progress:session_summary": url_of("progress:session_summary", "closed"),
    "progress:attempt_feedback": lambda w: reverse(
        "progress:attempt_feedback", args=[w.ids["session"], 999999]
    ),
    "progress:mastery_doc": lambda w: reverse("progress:mastery_doc"),
    "progress:mastery_explain": lambda w: reverse("progress:mastery_explain", args=["x"]),
    "insights:my_progress": lambda w: reverse("insights:my_progress"),
    "insights:student_detail": lambda w: reverse("insights:student_detail", args=[1]),
    "insights:student_attempts_csv": lambda w: reverse("insights:student_attempts_csv", args=[1]),
    "teach:class_dashboard": url_of("teach:class_dashboard", "classroom"),
    "teach:class_grid_csv": url_of("teach:class_grid_csv", "classroom"),
    "teach:item_analysis": url_of("teach:item_analysis", "classroom"),
    "assignments:class_list": url_of("assignments:class_list", "classroom"),
    "assignments:detail": url_of("assignments:detail", "assignment"),
    "assignments:status_csv": url_of("assignments:status_csv", "assignment"),
    "achievements:badge_list": lambda w: reverse("achievements:badge_list"),
    "achievements:credential": lambda w: reverse("achievements:credential", args=["none"]),
    "achievements:badge_image": lambda w: reverse("achievements:badge_image", args=["none"]),
    "did_document": lambda w: reverse("did_document"),
    "achievements:achievement": lambda w: reverse("achievements:achievement", args=[uuid.uuid4()]),
    "achievements:achievement_image": lambda w: reverse(
        "achievements:achievement_image", args=[uuid.uuid4()]
    ),
    "achievements:credential_detail": lambda w: reverse(
        "achievements:credential_detail", args=[uuid.uuid4()]
    ),
    "achievements:status_list": lambda w: reverse("achievements:status_list", args=[1]),
    "plans:my_plan": lambda w: reverse("plans:my_plan"),
    "plans:ics": lambda w: reverse("plans:ics"),
    # The calendar subscription takes no input (a POST makes or turns off the feed; junk
    # fields are ignored); the feed itself answers GET and HEAD only.
    "plans:calendar": lambda w: reverse("plans:calendar"),
    "plans:calendar_revoke": lambda w: reverse("plans:calendar_revoke"),
    "plans:feed": lambda w: reverse("plans:feed", args=["cal_nope"]),
    "exports:download": url_of("exports:download", "their_export"),
    "api:export_list": lambda w: reverse("api:export_list"),
    "api:export_download": url_of("api:export_download", "export"),
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
