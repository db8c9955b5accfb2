"""A gemeente's house style (logo and primary colour): the beheer service, the logo view and the one
public accessor the theme and the PDFs use.

    from core import huisstijl
    stijl = huisstijl.voor(gemeente)      # None when the gemeente has none
    stijl.logo_url, stijl.primaire_kleur  # each None when not set

The logo is PNG or JPEG (recognised by content, never by name), at most 1 MB, stored under a random
name; it is served by `core:huisstijl_logo` to logged-in users only (every page and PDF of the
gemeente shows it, so everyone who works with the gemeente may fetch it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .access import require
from .documents import EXTENSIONS, private_response, sniff_content_type
from .models import Gemeente, Huisstijl
from .timeline import log_event

MAX_LOGO_BYTES = 1024 * 1024
LOGO_TYPES = ("image/png", "image/jpeg")


@dataclass(frozen=True)
class Stijl:
    logo_url: str | None
    primaire_kleur: str | None


def voor(gemeente: Any) -> Stijl | None:
    """The house style of `gemeente` (an Organisatie or its pk), or None when it has none."""
    if gemeente is None:
        return None
    gemeente_id = getattr(gemeente, "pk", gemeente)
    stijl = Huisstijl.objects.filter(gemeente_id=gemeente_id).first()
    if stijl is None or not (stijl.logo or stijl.primaire_kleur):
        return None
    return Stijl(
        logo_url=reverse("core:huisstijl_logo", args=[gemeente_id]) if stijl.logo else None,
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


@login_required
def logo(request: HttpRequest, pk: int) -> FileResponse:
    stijl = get_object_or_404(Huisstijl, gemeente__in=Gemeente.objects.all(), gemeente_id=pk)
    if not stijl.logo:
        raise Http404
    try:
        handle = stijl.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = sniff_content_type(handle.read(16)) or "application/octet-stream"
    handle.seek(0)
    return private_response(FileResponse(handle, content_type=content_type))
