"""Hostile bodies to the JSON batch API: never a 500, never a row written for a refusal."""

import json
import random
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.fuzz.hostile import (
    INVALID_UTF8,
    MEGABYTE,
    SEED,
    World,
    row_counts,
    tally,
)

pytestmark = pytest.mark.django_db


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
        tally(response, refused_it=True)  # every body here is hostile: nothing may be stored
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
