"""Spuk work in the task inbox: instalments not received, SiSa still concept, remaining budget."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import inbox
from core.money import format_bedrag
from grootboek import api as grootboek

from . import queries
from .models import Beschikking


@inbox.provider(order=30)
def spuk(user, vandaag):
    taken = []
    beschikkingen = Beschikking.objects.visible_to(user)
    lijst = reverse("spuk:beschikkingen")
    if user.has_perm("spuk.werk_termijnen"):
        termijnen = queries.termijnen_niet_ontvangen(beschikkingen, vandaag).order_by("verwachte_datum")
        oudste = termijnen.values_list("verwachte_datum", flat=True).first()
        taken.append(
            inbox.Taak(
                _("Termijn niet ontvangen"),
                termijnen.count() if oudste else 0,
                f"{lijst}?taak=termijn_niet_ontvangen",
                toelichting=_("verwacht sinds %(datum)s") % {"datum": date_format(oudste, "j F Y")} if oudste else "",
                te_laat=bool(oudste),
            )
        )
    if user.has_perm("spuk.werk_sisa"):
        taken.append(
            inbox.Taak(
                _("SiSa-verantwoording nog concept"),
                len(queries.sisa_open(beschikkingen, vandaag)),
                f"{lijst}?taak=sisa_concept",
            )
        )
    if user.has_perm("spuk.werk_sisa"):
        taken.append(_resterend(user, beschikkingen, lijst))
    return taken


def _resterend(user, beschikkingen, lijst):
    """Granted minus net spending (Lasten SPUK in the ledger) over the user's beschikkingen."""
    verleend = beschikkingen.aggregate(t=Sum("bedrag"))["t"] or grootboek.ZERO
    besteed = grootboek.ZERO
    for gemeente_id in sorted(set(beschikkingen.values_list("gemeente_id", flat=True))):
        nummers = set(beschikkingen.filter(gemeente_id=gemeente_id).values_list("nummer", flat=True))
        for nummer, (debet, credit) in grootboek.sommen_per_gemeente_en_rol(gemeente_id, grootboek.Rol.LASTEN).items():
            if nummer in nummers:
                besteed += debet - credit
    return inbox.Taak(_("Resterend budget"), 0, lijst, waarde=format_bedrag(verleend - besteed))
