"""One status badge for every status the app shows (issue 14): colour AND text, never colour alone.

`tone(obj)` picks the badge colour from the status code; `badge_html` is its markup, used by the
template tags `{% status_badge %}` and `{% status_cell %}` (core/templatetags/status.py) and by the
list cells (core/lists.py). A code means the same in
every model (afgewezen is always an error, betaald always done); `OVERRIDES` holds the exceptions.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

OK, INFO, WARNING, ERROR, NEUTRAL = "ok", "info", "warning", "error", "neutral"
TONES = {
    # done / in order
    "goedgekeurd": OK,
    "geboekt": OK,
    "betaald": OK,
    "bevestigd": OK,
    "verleend": OK,
    "vastgesteld": OK,
    "ontvangen": OK,
    "behaald": OK,
    "definitief": OK,
    "geregistreerd": OK,
    "ready": OK,
    "sent": OK,
    # with someone, moving
    "ingediend": INFO,
    "opnieuw_ingediend": INFO,
    "voorgesteld": INFO,
    "running": INFO,
    # not started / waiting
    "concept": NEUTRAL,
    "open": NEUTRAL,
    "verwacht": NEUTRAL,
    "queued": NEUTRAL,
    "pending": NEUTRAL,
    # needs action
    "wijziging_gevraagd": WARNING,
    "teruggestuurd": WARNING,
    "verschuldigd": WARNING,
    # ended badly / reversed
    "afgewezen": ERROR,
    "gestorneerd": ERROR,
    "niet_behaald": ERROR,
    "failed": ERROR,
}
OVERRIDES = {
    # A declaration's first approval still waits for the second pair of eyes.
    "declaraties.declaratie": {"goedgekeurd": INFO},
    # A milestone still open is only a warning once its deadline passed (the milestone pages say so).
    "mijlpalen.mijlpaalstatus": {"open": NEUTRAL},
}


def tone(obj: Any = None, code: str | None = None) -> str:
    """The badge tone for `obj.status` (or `code`)."""
    if code is None:
        code = getattr(obj, "status", None)
    if code is None:
        return NEUTRAL
    meta = getattr(obj, "_meta", None)
    if meta is not None:
        override = OVERRIDES.get(meta.label_lower, {})
        if code in override:
            return override[code]
    return TONES.get(str(code), NEUTRAL)


def label(obj: Any) -> str:
    display = getattr(obj, "get_status_display", None)
    return str(display()) if callable(display) else str(getattr(obj, "status", ""))


def badge_html(label: Any, tone_: str, code: Any = None, id: str | None = None) -> SafeString:  # noqa: A002
    """The badge: its text always shown, the tone as colour; `data-status` carries the code."""
    return format_html(
        '<span class="utrecht-badge-status app-status app-status--{}"{}{}>{}</span>',
        tone_,
        format_html(' id="{}"', id) if id else "",
        format_html(' data-status="{}"', code) if code else "",
        label,
    )
