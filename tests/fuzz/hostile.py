"""What the hostile-input tests share: the personas' world, hostile values, and the check that a
refused request wrote nothing.

Each POST-capable endpoint is posted a seeded random mix of hostile payloads by the persona
that would use it: missing fields, 1 MB strings, wrong types, repeated values, invalid UTF-8
and garbage multipart bodies, other learners' ids, closed sessions, draft and deleted
questions, non-JSON to the JSON API. For each request the rows of every model are counted
before and after; when the request was refused (a 4xx, a form re-rendered with errors, or an
error message on the redirect) no table may have grown or shrunk.
"""

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.test import Client

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


# What the run sent: printed at the end (tests/fuzz/conftest.py) for docs/security.md.
TALLY: Counter[str] = Counter()


def tally(response, *, refused_it: bool) -> None:
    TALLY["requests"] += 1
    TALLY["refused"] += int(refused_it)
    TALLY["server errors"] += int(response.status_code >= 500)


def send(world: World, persona: str, path: str, *, label: str, **kwargs) -> None:
    # Logged in before counting rows; anonymous is a fresh client, as a successful signup,
    # login or guest start would log the shared one in.
    client = Client() if persona == "anonymous" else world.client(persona)
    before = row_counts()
    response = client.post(path, **kwargs)
    where = f"{persona} POST {path} [{label}]"
    TALLY["endpoints:" + path.split("?")[0]] = 1
    tally(response, refused_it=refused(response))
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
