"""National data kept by the landelijk beheer role: today the reminder rules (`HerinneringRegel`).

They are national: one set for every gemeente (the deadlines they watch are the regulation's), so no
gemeente's administrator changes them. Every change is on the rule's timeline (no gemeente) with
before, after and reason; rules are switched off, never deleted (sent reminders point to them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import require
from .models import HerinneringRegel
from .timeline import log_event

REGEL_VELDEN = {
    "naam": gettext_lazy("naam"),
    "soort": gettext_lazy("soort deadline"),
    "dagen_voor": gettext_lazy("dagen ervoor"),
    "rol": gettext_lazy("ontvangende rol"),
}


def _reden(reden: str) -> str:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    return reden


def wijzig_herinneringregel(actor: Any, regel: HerinneringRegel, *, reden: str, **velden: Any) -> HerinneringRegel:
    """Change a reminder rule; one timeline line per changed field."""
    require(actor, "core.beheer_landelijk", None, _("Alleen landelijk beheer wijzigt herinneringsregels."))
    reden = _reden(reden)
    onbekend = set(velden) - set(REGEL_VELDEN)
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    with transaction.atomic():
        regel = HerinneringRegel.objects.select_for_update().get(pk=regel.pk)
        wijzigingen = [(k, getattr(regel, k), v) for k, v in velden.items() if getattr(regel, k) != v]
        if not wijzigingen:
            raise ValidationError(_("Er is niets gewijzigd."))
        for veld, _van, naar in wijzigingen:
            setattr(regel, veld, naar)
        regel.full_clean()
        regel.save()
        for veld, van, naar in wijzigingen:
            log_event(
                actor,
                regel,
                _("%(veld)s gewijzigd") % {"veld": REGEL_VELDEN[veld]},
                van=str(van),
                naar=str(naar),
                reden=reden,
            )
    return regel


def zet_herinneringregel_actief(actor: Any, regel: HerinneringRegel, *, actief: bool, reden: str) -> HerinneringRegel:
    require(actor, "core.beheer_landelijk", None, _("Alleen landelijk beheer wijzigt herinneringsregels."))
    reden = _reden(reden)
    with transaction.atomic():
        regel = HerinneringRegel.objects.select_for_update().get(pk=regel.pk)
        if regel.actief == actief:
            raise ValidationError(_("Er is niets gewijzigd."))
        regel.actief = actief
        regel.save(update_fields=["actief"])
        log_event(
            actor,
            regel,
            _("herinneringsregel geactiveerd") if actief else _("herinneringsregel gedeactiveerd"),
            van=_("inactief") if actief else _("actief"),
            naar=_("actief") if actief else _("inactief"),
            reden=reden,
        )
    return regel
