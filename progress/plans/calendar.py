"""The study plan as an iCalendar file (RFC 5545), pure: the caller passes ``now``."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


@dataclass(frozen=True)
class CalendarDay:
    uid: str
    day: date
    summary: str
    description: str


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


def ics_calendar(*, days: Iterable[CalendarDay], now: datetime, name: str) -> str:
    """A VCALENDAR with one all-day VEVENT per day; CRLF line endings throughout."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pathwise//Study plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
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
