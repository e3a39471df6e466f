"""Pathwise's date formats in Spanish, the sibling of core/formats/en: the same compact
style (day, abbreviated month, year; a 24-hour clock) with Spanish month names. Everything
not named here (number separators, input formats) comes from Django's own ``es`` formats:
a decimal comma and a no-break space between thousands."""

# "b": the month abbreviated in lower case, as Spanish writes it (dic, not Dic).
DATE_FORMAT = "j b Y"  # 1 dic 2026
DATETIME_FORMAT = "j b Y, H:i"  # 1 dic 2026, 14:05
SHORT_DATE_FORMAT = "j b"  # 1 dic (charts, plan days)
SHORT_DATETIME_FORMAT = "j b, H:i"
MONTH_DAY_FORMAT = r"j \d\e F"  # 1 de diciembre
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"  # diciembre de 2026
FIRST_DAY_OF_WEEK = 1  # Monday
