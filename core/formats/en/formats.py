"""Pathwise's date formats (FORMAT_MODULE_PATH = "core.formats"): one style on every page,
day before month and a 24-hour clock, whatever the template. Templates name these formats
(``|date:"DATE_FORMAT"``) instead of spelling out their own."""

DATE_FORMAT = "j M Y"  # 1 Dec 2026
DATETIME_FORMAT = "j M Y, H:i"  # 1 Dec 2026, 14:05
SHORT_DATE_FORMAT = "j M"  # 1 Dec (charts, plan days)
SHORT_DATETIME_FORMAT = "j M, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
