"""The study plan as an iCalendar file (RFC 5545), pure: the caller passes ``now``.

One all-day event per study day. Its UID depends only on the learner and the date
(:func:`event_uid`), never on the plan's generation: re-planning changes what a day holds,
not which event it is, so a calendar that imports the file again, or polls the
subscription feed, updates its events instead of adding copies.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# Fixed: changing it would give every learner's events new UIDs (duplicates in calendars).
UID_NAMESPACE = uuid.UUID("7c0f3b5e-2d1a-4c8e-9b57-3e2f9a6d1c40")


@dataclass(frozen=True)
class CalendarDay:
    uid: str
    day: date
    summary: str
    description: str


def event_uid(*, learner_id: int, day: date) -> str:
    """The study day's UID: the same for every plan of this learner (an opaque UUID, so
    the learner's id is not written into a calendar that might be shared)."""
    return f"{uuid.uuid5(UID_NAMESPACE, f'{learner_id}:{day.isoformat()}')}@pathwise"


def _duration(delta: timedelta) -> str:
    """An RFC 5545 duration of whole minutes: 1 hour -> "PT1H", 90 minutes -> "PT1H30M"."""
    hours, minutes = divmod(max(1, int(delta.total_seconds() // 60)), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")


def ics_escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets (UTF-8), never inside a character; each
    continuation starts with one space (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    budget = limit
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > budget:
            parts.append(current)
            current, size = "", 0
            budget = limit - 1  # the leading space counts
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def ics_calendar(
    *,
    days: Iterable[CalendarDay],
    now: datetime,
    name: str,
    refresh: timedelta | None = None,
) -> str:
    """A VCALENDAR with one all-day VEVENT per day; CRLF line endings throughout.
    ``refresh``: how often a subscribed calendar should fetch it again (RFC 7986)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pathwise//Study plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{ics_escape(name)}",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    if refresh is not None:
        lines += [
            f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(refresh)}",
            f"X-PUBLISHED-TTL:{_duration(refresh)}",
        ]
    for d in days:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{d.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{d.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(d.summary)}",
            f"DESCRIPTION:{ics_escape(d.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
