"""One date format on every page, PDF and e-mail (issue 14): 29-11-2026 and 29-11-2026 14:05.

Only the display formats: everything else (input formats, separators) falls back to Django's nl locale.
Templates write `{{ d|date }}` / `{{ dt|date:"DATETIME_FORMAT" }}` instead of their own patterns.
"""

DATE_FORMAT = "d-m-Y"
SHORT_DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "d-m-Y H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
