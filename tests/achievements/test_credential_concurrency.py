"""Simultaneous first downloads issue one credential; a revocation racing a download wins
(real PostgreSQL connections; skipped on SQLite, which serialises writers)."""

import contextlib

import pytest
from django.db import connection
from django.utils import timezone

from achievements.credentials import services as credential_services
from achievements.models import BadgeCredential
from tests.achievements.factories import LearnerBadgeFactory
from tests.achievements.test_concurrency import THREADS, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and real concurrency); set DATABASE_URL")


def test_simultaneous_first_downloads_issue_one_credential():
    award = LearnerBadgeFactory()
    issued = []
    run_together(
        THREADS,
        lambda i: issued.append(
            credential_services.credential_issue(learner_badge=award, now=timezone.now()).pk
        ),
    )
    assert len(set(issued)) == 1
    assert BadgeCredential.objects.count() == 1


def test_downloads_racing_a_revocation_end_revoked():
    award = LearnerBadgeFactory()

    def work(i):
        if i == 0:
            credential_services.awards_revoke(
                learner_badges=[award], reason="Race", by=None, now=timezone.now()
            )
            return
        with contextlib.suppress(credential_services.CredentialRevoked):
            credential_services.credential_issue(learner_badge=award, now=timezone.now())

    run_together(THREADS, work)
    [credential] = BadgeCredential.objects.all()
    assert credential.revoked_at is not None and credential.revocation_reason == "Race"
