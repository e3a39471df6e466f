"""An assignment's dates on the class's clock (pure).

Teachers give dates and times as they read them on the classroom wall: "due Friday at
17:00" in the class's time zone. They are stored as instants (UTC), and shown back in the
class's zone to everyone, so a student travelling abroad sees the class's deadline, not a
shifted one.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, ngettext

from core.datefmt import day_label

END_OF_DAY = time(23, 59)
REMINDER_BEFORE = timedelta(days=1)
DUE_SOON = timedelta(days=3)


def at_class_time(day: date, at: time, timezone_name: str) -> datetime:
    """The instant ``day`` at ``at`` on a clock in ``timezone_name``. A wall time that does
    not exist (the hour skipped when clocks go forward) is read as the hour before the
    change, as ``zoneinfo`` does; an ambiguous one as the first of the two."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(timezone_name))


def on_class_clock(moment: datetime, timezone_name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(ZoneInfo(timezone_name))


def label(moment: datetime, timezone_name: str) -> str:
    """ "Fri 13 Mar 2026, 17:00" on the class's clock."""
    local = on_class_clock(moment, timezone_name)
    return day_label(local, with_time=True)  # day and month in the reader's language


def due_in_words(due_at: datetime, now: datetime) -> str:
    """How far away the due date is, in a phrase: "due in 3 days", "overdue by 2 hours"."""
    delta = due_at - now
    past = delta.total_seconds() < 0
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        amount = gettext("%(n)d min") % {"n": max(1, round(seconds / 60))}
    elif seconds < 2 * 86400:
        hours = round(seconds / 3600)
        amount = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    else:
        days = round(seconds / 86400)
        amount = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if past:
        return gettext("overdue by %(amount)s") % {"amount": amount}
    return gettext("due in %(amount)s") % {"amount": amount}


def due_words_change_at(due_at: datetime, now: datetime) -> datetime:
    """The next moment ``due_in_words(due_at, ·)`` may read differently than at ``now``
    (never later than it does): when the rounded amount ticks, the phrase moves to the next
    unit, or "due in" turns to "overdue by". For keeping a rendered board until it is stale."""
    seconds = (due_at - now).total_seconds()
    units = ((3600, 60), (2 * 86400, 3600), (float("inf"), 86400))  # (below, unit)
    if seconds > 0:  # counting down: the amount falls, then the phrase turns to "overdue"
        floor = 0.0
        for below, unit in units:
            if seconds < below:
                amount = max(1, round(seconds / unit))
                floor = max(floor, (amount - 0.5) * unit)
                break
            floor = below
        wait = seconds - floor
    else:  # counting up: the amount grows, then the phrase moves to the next unit
        past = -seconds
        for below, unit in units:
            if past < below:
                amount = max(1, round(past / unit))
                wait = min(below, (amount + 0.5) * unit) - past
                break
    return now + timedelta(seconds=max(wait - 0.001, 0.0))  # a millisecond early: rounding
