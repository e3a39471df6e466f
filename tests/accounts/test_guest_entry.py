"""The guest entry (issue 15): on the home page, one banner (not two), and a way to end
the guest session on a shared computer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_offers_guest_practice(client):
    html = client.get(reverse("home")).content.decode()
    assert 'id="guest-start"' in html and reverse("accounts:guest_start") in html


def test_a_new_guest_sees_one_banner_and_can_end_the_session(client):
    response = client.post(reverse("accounts:guest_start"), follow=True)
    html = response.content.decode()
    assert html.count("You are practising as a guest") == 1
    assert "End the guest session" in html
    assert f'action="{reverse("logout")}"' in html
