"""The gemeente's house style (`core.Huisstijl`) as pages and files use it.

Pages load `static/css/huisstijl.css` (the neutral theme, default colour Rijksblauw) and then the
gemeente's own stylesheet from `core:huisstijl_css`, which sets one custom property. A strict CSP
allows no inline styles, so the colour travels in a stylesheet of our own origin, not a style
attribute. PDFs get the logo as a data: URI (WeasyPrint reads no private URLs).

A colour is used as button background under white text and as link text on white, so both need
WCAG AA contrast (4.5:1) against white. `validate_primaire_kleur` refuses a lighter colour (for the
settings form); `leesbare_kleur` darkens one that is already stored, so an old or imported value
never makes a page unreadable.

The beheer service `wijzig` sets logo and colour (beheer of that gemeente, on the timeline): the logo
is PNG or JPEG (recognised by content, never by name), at most 1 MB, stored under a random name, and
served by `core:huisstijl_logo` for the user's active gemeente only.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .access import require
from .documents import EXTENSIONS, sniff_content_type
from .models import Huisstijl, Organisatie
from .timeline import log_event

MAX_LOGO_BYTES = 1024 * 1024
LOGO_TYPES = ("image/png", "image/jpeg")

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


@dataclass(frozen=True)
class Stijl:
    """What the settings page shows: the logo's URL (when it is the user's active gemeente, the only
    one whose logo `core:huisstijl_logo` serves) and the colour."""

    heeft_logo: bool
    logo_url: str | None
    primaire_kleur: str | None


def weergave(gemeente: Organisatie, actieve_gemeente: Organisatie | None) -> Stijl | None:
    stijl = Huisstijl.objects.filter(gemeente_id=gemeente.pk).first()
    if stijl is None or not (stijl.logo or stijl.primaire_kleur):
        return None
    actief = actieve_gemeente is not None and actieve_gemeente.pk == gemeente.pk
    return Stijl(
        heeft_logo=bool(stijl.logo),
        logo_url=reverse("core:huisstijl_logo") + f"?v={versie(stijl.gemeente)}" if stijl.logo and actief else None,
        primaire_kleur=stijl.primaire_kleur or None,
    )


def validate_logo(upload: Any) -> str:
    """The content type of an uploaded logo (PNG or JPEG, ≤ 1 MB), or a Dutch ValidationError."""
    name = getattr(upload, "name", "") or _("het bestand")
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError({"logo": _("‘%(naam)s’ is groter dan 1 MB. Verklein het logo.") % {"naam": name}})
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type not in LOGO_TYPES:
        raise ValidationError({"logo": _("‘%(naam)s’ is geen PNG of JPEG. Sla het logo op als PNG.") % {"naam": name}})
    return content_type


def wijzig(
    actor: Any,
    gemeente: Any,
    *,
    primaire_kleur: str = "",
    logo: Any = None,
    logo_verwijderen: bool = False,
    reden: str,
) -> Huisstijl:
    """Set the gemeente's logo and colour (beheer of that gemeente); each change on the gemeente's
    timeline with before, after and reason."""
    require(actor, "core.beheer_huisstijl", gemeente, _("U beheert de huisstijl van deze gemeente niet."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    content_type = validate_logo(logo) if logo is not None else None
    with transaction.atomic():
        stijl, _created = Huisstijl.objects.select_for_update().get_or_create(gemeente_id=gemeente.pk)
        oude_kleur, oud_logo = stijl.primaire_kleur, stijl.logo.name if stijl.logo else ""
        stijl.primaire_kleur = (primaire_kleur or "").strip().lower()
        if stijl.primaire_kleur:
            try:
                validate_primaire_kleur(stijl.primaire_kleur)
            except ValidationError as exc:
                raise ValidationError({"primaire_kleur": exc.messages}) from None
        stijl.full_clean(exclude=["logo", "gemeente"])
        if content_type is not None:
            stijl.logo.save(f"{get_random_string(32)}.{EXTENSIONS[content_type]}", logo, save=False)
        elif logo_verwijderen:
            stijl.logo = ""
        nieuw_logo = stijl.logo.name if stijl.logo else ""
        if stijl.primaire_kleur == oude_kleur and nieuw_logo == oud_logo:
            raise ValidationError(_("Er is niets gewijzigd."))
        stijl.save()
        if stijl.primaire_kleur != oude_kleur:
            log_event(
                actor,
                gemeente,
                _("primaire kleur gewijzigd"),
                van=oude_kleur or "–",
                naar=stijl.primaire_kleur or "–",
                reden=reden,
                gemeente=gemeente,
            )
        if nieuw_logo != oud_logo:
            log_event(
                actor,
                gemeente,
                _("logo gewijzigd"),
                van=_("logo") if oud_logo else "–",
                naar=_("nieuw logo") if nieuw_logo else "–",
                reden=reden,
                gemeente=gemeente,
            )
    return stijl
