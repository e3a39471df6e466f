"""The time as the assignment pages read it: the real clock, unless a test froze it.

Services take ``now`` as an argument; views ask here for it. ``PATHWISE_CLOCK_NOW`` is not
read from the environment and ``config/settings.py`` does not define it: only a test sets it
(``settings.PATHWISE_CLOCK_NOW = moment`` with pytest-django's ``settings`` fixture), for
example to look at a teacher's page "the day after the due date" in a browser test.
Without it this is ``timezone.now()``.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    frozen = getattr(settings, "PATHWISE_CLOCK_NOW", None)
    if frozen is None:
        return timezone.now()
    if not isinstance(frozen, datetime) or frozen.tzinfo is None:
        raise TypeError("PATHWISE_CLOCK_NOW must be a timezone-aware datetime")
    return frozen
