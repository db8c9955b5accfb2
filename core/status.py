"""One status badge for every status the app shows (issue 14): colour AND text, never colour alone.

`tone(obj)` picks the badge colour from the status code; the template tag `{% status_badge %}`
(core/templatetags/status.py) renders templates/core/_status_badge.html. A code means the same in
every model (afgewezen is always an error, betaald always done); `OVERRIDES` holds the exceptions.
"""

from __future__ import annotations

from typing import Any

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
