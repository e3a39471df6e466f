"""Hostile files to the admin question-bank import: refused clearly, nothing written."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.fuzz.hostile import (
    RAW_BODIES,
    SEED,
    send,
)

pytestmark = pytest.mark.django_db


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
