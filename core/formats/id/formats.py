# One way to print a date in each language, the one the templates spell out ("4 Dec 2026",
# "4 Dec 2026 23:02"): without it, a bare {{ date }} or |date printed Django's
# "Dec. 4, 2026, 11:02 p.m." beside them (settings.FORMAT_MODULE_PATH).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
