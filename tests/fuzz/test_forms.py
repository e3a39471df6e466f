"""Hostile posts to every form: never a 500, never a row written for a refusal."""

import random

import pytest
from django.test import Client

from tests.fuzz.cases import CASES
from tests.fuzz.hostile import (
    RAW_BODIES,
    SEED,
    form_payloads,
    row_counts,
    send,
)

pytestmark = pytest.mark.django_db


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
