"""Helpers for the practice pages' tests: URLs, starting a session, reading a page."""

import html
import re

from django.urls import reverse

from progress.models import PracticeSession


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def url(name, *args):
    return reverse(f"progress:{name}", args=args)


def start(client, scope, slug=""):
    response = client.post(url("practice_start"), {"scope": scope, "slug": slug, "back": "/"})
    session = PracticeSession.objects.order_by("-pk").first()
    return response, session


def token_in(page) -> str:
    return re.search(r'name="client_token" value="([0-9a-f-]{36})"', page.content.decode())[1]
