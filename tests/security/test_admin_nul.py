"""NUL characters in admin filter and search values are refused with 400 (finding 8).

PostgreSQL cannot store a NUL in text, so ``?status=%00`` raised inside psycopg and the
changelist answered 500. Every registered admin, every parameter its filters read, and
its search box: on whichever database the suite runs (SQLite and PostgreSQL in CI).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def changelist_parameters(rf, admin_user) -> list[tuple[str, str]]:
    """(changelist URL, parameter) for every filter parameter and search box."""
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request = rf.get(url)
        request.user = admin_user
        changelist = model_admin.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            found += [(url, parameter) for parameter in spec.expected_parameters()]
        # A field name on its own (``?status=``) is applied as a lookup as well.
        for entry in model_admin.get_list_filter(request):
            field = entry[0] if isinstance(entry, (tuple, list)) else entry
            if isinstance(field, str):
                found.append((url, field))
        if model_admin.get_search_fields(request):
            found.append((url, "q"))
    return found


def test_every_admin_filter_and_search_refuses_nul(rf, client, admin_user):
    parameters = changelist_parameters(rf, admin_user)
    names = {p for _, p in parameters}
    assert {"status", "kind", "q"} <= names  # the question list's, as reported
    client.force_login(admin_user)
    problems = []
    for url, parameter in parameters:
        for value in ("\x00", "pub\x00lished"):
            response = client.get(url, {parameter: value})
            if response.status_code != 400 or b"NUL character" not in response.content:
                problems.append(f"{url}?{parameter}={value!r} -> {response.status_code}")
        # A NUL in a parameter's name is refused as well.
        if client.get(url, {f"{parameter}\x00": "x"}).status_code != 400:
            problems.append(f"{url}?{parameter}%00=x was not refused")
    assert not problems, "\n".join(problems)
    # Ordinary values still work.
    ok = client.get(reverse("admin:learning_question_changelist"), {"status": "published"})
    assert ok.status_code == 200


def test_a_nul_in_an_object_address_is_refused_too(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/learning/question/1%00/change/")
    assert response.status_code == 400
