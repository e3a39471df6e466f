"""Settings for content language and LRS forwarding fail at start-up with a clear message."""

import pytest

from tests.test_settings import PRODUCTION_ENV, run_manage


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_CONTENT_LANGUAGE": "english"}, "DJANGO_CONTENT_LANGUAGE='english' is not"),
        ({"DJANGO_LRS_ENDPOINT": "lrs.example.org/xAPI"}, "DJANGO_LRS_ENDPOINT must be"),
        (
            {"DJANGO_LRS_ENDPOINT": "https://lrs.example.org/xAPI/", "DJANGO_LRS_USERNAME": "u"},
            "Set both DJANGO_LRS_USERNAME and DJANGO_LRS_PASSWORD",
        ),
        ({"DJANGO_LRS_BATCH_SIZE": "0"}, "DJANGO_LRS_BATCH_SIZE must be at least 1"),
    ],
)
def test_bad_values_refuse_to_start(env, message):
    result = run_manage("check", env={**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_good_values_are_normalised():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_CONTENT_LANGUAGE": "PT-br",
        "DJANGO_LRS_ENDPOINT": "https://lrs.example.org/xAPI",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.PATHWISE_CONTENT_LANGUAGE, s.PATHWISE_LRS_ENDPOINT)"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1].split() == [
        "pt-BR",
        "https://lrs.example.org/xAPI/",
    ], result.stderr
