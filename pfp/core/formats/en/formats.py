"""English dates as a reader anywhere takes them: day, month name, year; a 24-hour clock.

Only what is shown is set here; what people type into date fields (the *_INPUT_FORMATS)
stays Django's.
"""

DATE_FORMAT = "j M Y"  # 1 Dec 2026
DATETIME_FORMAT = "j M Y, H:i"  # 1 Dec 2026, 18:47
TIME_FORMAT = "H:i"  # 18:47
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 1 December
