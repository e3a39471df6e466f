"""Revoking an award's Open Badge: the admin action (with a reason), what learners and
verifiers see, and the public pages' query budgets."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements.credentials import services as credential_services
from achievements.models import BadgeCredential
from tests.achievements import outside_verifier
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:achievements_learnerbadge_changelist"


@pytest.fixture
def award(student):
    return LearnerBadgeFactory(learner=student, badge=BadgeFactory(name="Century", slug="century"))


def issue(client, award) -> dict:
    client.force_login(award.learner)
    body = client.get(reverse("achievements:credential", args=[award.badge.slug])).content
    client.logout()
    return json.loads(body)


def revoke_in_admin(client, admin_user, award, reason):
    client.force_login(admin_user)
    data = {"action": "revoke_credentials", "_selected_action": [award.pk]}
    ask = client.post(reverse(CHANGELIST), data)
    assert ask.status_code == 200 and "Revoke Open Badge credentials" in ask.content.decode()
    return client.post(reverse(CHANGELIST), {**data, "post": "yes", "reason": reason}, follow=True)


def test_the_admin_revokes_with_a_reason_and_verifiers_see_it(client, admin_user, award):
    credential = issue(client, award)
    response = revoke_in_admin(client, admin_user, award, "  Awarded   by mistake ")
    assert "Revoked 1 credential; verifiers now see the reason." in response.content.decode()
    record = BadgeCredential.objects.get()
    assert record.revocation_reason == "Awarded by mistake" and record.revoked_by == admin_user
    assert "revoked: Awarded by mistake" in client.get(reverse(CHANGELIST)).content.decode()

    client.logout()
    assert outside_verifier.revoked(client, credential)
    page = client.post(reverse("achievements:verify"), {"credential": json.dumps(credential)})
    html = page.content.decode()
    assert "Not verified" in html and "Status: failed." in html and "Awarded by mistake" in html
    status_page = client.get(reverse("achievements:credential_detail", args=[record.pk]))
    assert "Revoked" in status_page.content.decode()


def test_a_revocation_needs_a_reason(client, admin_user, award):
    issue(client, award)
    response = revoke_in_admin(client, admin_user, award, "   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert BadgeCredential.objects.get().revoked_at is None


def test_revoking_before_any_download_means_it_is_never_issued(client, admin_user, award):
    revoke_in_admin(client, admin_user, award, "Cheating")
    client.force_login(award.learner)
    response = client.get(reverse("achievements:credential", args=[award.badge.slug]))
    assert response.status_code == 410
    assert "revoked: Cheating" in response.content.decode()
    board = client.get(reverse("achievements:badge_list")).content.decode()
    assert "Its Open Badge credential was revoked: Cheating" in board
    assert reverse("achievements:credential", args=[award.badge.slug]) not in board
    assert BadgeCredential.objects.get().document is None


def test_revoking_twice_keeps_the_first_reason(admin_user, award):
    now = timezone.now()
    args = {"learner_badges": [award], "by": admin_user, "now": now}
    assert credential_services.awards_revoke(reason="First", **args) == 1
    assert credential_services.awards_revoke(reason="Second", **args) == 0
    assert BadgeCredential.objects.get().revocation_reason == "First"


def test_only_those_with_the_permission_may_revoke(client, award, teacher):
    teacher.is_staff = True
    teacher.save()
    client.force_login(teacher)
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "revoke_credentials",
            "_selected_action": [award.pk],
            "post": "yes",
            "reason": "x",
        },
    )
    assert response.status_code in (302, 403)
    assert not BadgeCredential.objects.exists()


def test_credentials_cannot_be_deleted_in_the_admin(client, admin_user, award):
    issue(client, award)
    client.force_login(admin_user)
    record = BadgeCredential.objects.get()
    url = reverse("admin:achievements_badgecredential_delete", args=[record.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert BadgeCredential.objects.exists()


# Query budgets of the public pages ------------------------------------------------------------


def test_public_pages_query_budgets(client, award, django_assert_num_queries):
    credential = issue(client, award)
    record = BadgeCredential.objects.get()
    # 1 the badge by public id (with its scope)
    with django_assert_num_queries(1):
        assert (
            client.get(
                reverse("achievements:achievement", args=[award.badge.public_id])
            ).status_code
            == 200
        )
    # 1 the credential with its badge
    with django_assert_num_queries(1):
        assert (
            client.get(reverse("achievements:credential_detail", args=[record.pk])).status_code
            == 200
        )
    # 1 lists in use  2 the revoked indexes of the list
    with django_assert_num_queries(2):
        assert client.get(reverse("achievements:status_list", args=[1])).status_code == 200
    # none: keys come from settings
    with django_assert_num_queries(0):
        assert client.get("/.well-known/did.json").status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse("achievements:verify")).status_code == 200
    assert credential["id"].endswith(f"/badges/credentials/{record.pk}/")


def test_unknown_public_ids_are_404(client, db):
    import uuid

    for name in ("achievements:achievement", "achievements:achievement_image"):
        assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404
    assert (
        client.get(reverse("achievements:credential_detail", args=[uuid.uuid4()])).status_code
        == 404
    )
    assert client.get(reverse("achievements:status_list", args=[2])).status_code == 404


def test_the_learners_data_export_lists_their_credentials(
    client, award, admin_user, django_capture_on_commit_callbacks
):
    from progress.models import ExportJob

    issue(client, award)
    credential_services.awards_revoke(
        learner_badges=[award], reason="Mistake", by=admin_user, now=timezone.now()
    )
    client.force_login(award.learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:list"), {"kind": "my_data", "format": "json"})
    job = ExportJob.objects.get(owner=award.learner)
    response = client.get(reverse("exports:download", args=[job.pk]))
    data = json.loads(b"".join(response.streaming_content))
    [row] = data["badge_credentials"]
    record = BadgeCredential.objects.get()
    assert row["badge"] == "Century" and row["credential_id"] == str(record.pk)
    assert row["revocation_reason"] == "Mistake"
