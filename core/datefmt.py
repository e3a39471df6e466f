"""Dates written out with the weekday, in the reader's language: "Fri 6 Mar 2026, 09:00",
"vie 6 mar 2026, 09:00". Built from the named formats (core/formats/<lang>), so a language
brings its own order and month style; Django translates the day and month names."""

from datetime import date, datetime

from django.utils import dateformat
from django.utils.formats import get_format


def day_label(value: date | datetime, *, year: bool = True, with_time: bool = False) -> str:
    day = dateformat.format(value, get_format("SHORT_DATE_FORMAT"))  # 6 Mar, 6 mar
    text = f"{dateformat.format(value, 'D')} {day}"
    if year:
        text += f" {value.year}"
    if with_time:
        text += f", {dateformat.format(value, get_format('TIME_FORMAT'))}"
    return text
