"""A learner's own clock: their timezone and their local date.

"Today" for a learner is their local date, not the server's: streaks, daily activity, plans
and reports all ask here. ``local_date`` is pure; the ``*_of``/``*_for`` helpers read the
learner's profile (no query when it was loaded with ``select_related("profile")``) and fall
back to ``PATHWISE_DEFAULT_LEARNER_TIMEZONE`` for users without one (teachers, admins).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist


def local_date(moment: datetime, timezone_name: str | None) -> date:
    """The date on a clock in ``timezone_name`` (the default learner timezone when empty) at
    ``moment``, which must be timezone-aware."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    zone = ZoneInfo(timezone_name or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE)
    return moment.astimezone(zone).date()


def timezone_name_of(user) -> str:
    try:
        name = user.profile.timezone
    except (ObjectDoesNotExist, AttributeError):
        name = ""
    return name or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE


def zone_of(user) -> ZoneInfo:
    return ZoneInfo(timezone_name_of(user))


def today_for(user, now: datetime) -> date:
    return local_date(now, timezone_name_of(user))
