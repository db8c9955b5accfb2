"""The gemeente's house style (`core.Huisstijl`) as pages and files use it.

Pages load `static/css/huisstijl.css` (the neutral theme, default colour Rijksblauw) and then the
gemeente's own stylesheet from `core:huisstijl_css`, which sets one custom property. A strict CSP
allows no inline styles, so the colour travels in a stylesheet of our own origin, not a style
attribute. PDFs get the logo as a data: URI (WeasyPrint reads no private URLs).

A colour is used as button background under white text and as link text on white, so both need
WCAG AA contrast (4.5:1) against white. `validate_primaire_kleur` refuses a lighter colour (for the
settings form); `leesbare_kleur` darkens one that is already stored, so an old or imported value
never makes a page unreadable.
"""

from __future__ import annotations

import base64
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Huisstijl, Organisatie

DEFAULT_KLEUR = "#154273"
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def _rgb(kleur: str) -> tuple[int, int, int]:
    return int(kleur[1:3], 16), int(kleur[3:5], 16), int(kleur[5:7], 16)


def _luminance(kleur: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(kleur))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(kleur_a: str, kleur_b: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(kleur_a), _luminance(kleur_b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def leesbare_kleur(kleur: str) -> str:
    """`kleur` (lower case), darkened in small steps until white on it reaches WCAG AA;
    the default colour for anything that is not #rrggbb."""
    if not kleur or not _HEX.match(kleur):
        return DEFAULT_KLEUR
    r, g, b = _rgb(kleur.lower())
    factor = 1.0
    current = kleur.lower()
    while contrast(current) < MIN_CONTRAST and factor > 0:
        factor = round(factor - 0.02, 2)
        current = f"#{int(r * factor):02x}{int(g * factor):02x}{int(b * factor):02x}"
    return current


def validate_primaire_kleur(kleur: str) -> None:
    """For the settings form: refuse a colour too light for white text (with a darker suggestion)."""
    if not kleur:
        return
    if not _HEX.match(kleur):
        raise ValidationError(_("Geef een kleur als #rrggbb, bijvoorbeeld #00598a."), code="invalid")
    ratio = contrast(kleur.lower())
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Deze kleur is te licht: witte tekst erop heeft een contrast van %(ratio)s:1, nodig is "
                "minstens 4,5:1 (WCAG AA). Kies een donkerdere kleur, bijvoorbeeld %(voorstel)s."
            )
            % {"ratio": f"{ratio:.1f}".replace(".", ","), "voorstel": leesbare_kleur(kleur)},
            code="te_licht",
        )


def voor(gemeente: Organisatie | None) -> Huisstijl | None:
    """The gemeente's Huisstijl row, or None (neutral house style). No query when the gemeente was
    read with select_related("huisstijl") (the active-gemeente middleware does)."""
    if gemeente is None:
        return None
    try:
        return gemeente.huisstijl
    except Huisstijl.DoesNotExist:
        return None


def kleur(gemeente: Organisatie | None) -> str:
    stijl = voor(gemeente)
    return leesbare_kleur(stijl.primaire_kleur) if stijl and stijl.primaire_kleur else DEFAULT_KLEUR


def stylesheet(gemeente: Organisatie | None) -> str:
    return f":root {{ --app-primary: {kleur(gemeente)}; --app-primary-contrast: #ffffff; }}\n"


def versie(gemeente: Organisatie | None) -> str:
    """Changes whenever the gemeente's house style changes (cache-busting query string)."""
    stijl = voor(gemeente)
    return str(int(stijl.gewijzigd_op.timestamp())) if stijl and stijl.gewijzigd_op else "0"


def logo(gemeente: Organisatie | None) -> tuple[bytes, str] | None:
    """(content, content type) of the gemeente's logo when it is a PNG or JPEG, else None.

    Recognised by content, like every upload (core.documents): an SVG could carry script."""
    stijl = voor(gemeente)
    if not stijl or not stijl.logo:
        return None
    try:
        with stijl.logo.open("rb") as f:
            content = f.read(5 * 1024 * 1024 + 1)
    except OSError:
        return None
    for magic, content_type in _LOGO_TYPES:
        if content.startswith(magic) and len(content) <= 5 * 1024 * 1024:
            return content, content_type
    return None


def heeft_logo(gemeente: Organisatie | None) -> bool:
    stijl = voor(gemeente)
    return bool(stijl and stijl.logo)


def logo_data_uri(gemeente: Organisatie | None) -> str:
    """The logo as a data: URI for PDFs, or "" without a usable logo."""
    found = logo(gemeente)
    if not found:
        return ""
    content, content_type = found
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
