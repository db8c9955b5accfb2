"""declaraties' reconciliation checks (collected by grootboek.controles):

- Lasten SPUK per beschikking = the booked declarations (status geboekt or betaald) whose entry is on
  that beschikking; Lasten with another source, or a declaration whose entry was reversed while its
  status still says booked, show up as a difference;
- Crediteuren per partner = declarations booked and not yet paid (status geboekt).

The page sums the declarations per the beschikking recorded with their entry
(`Declaratie.geboekt_op_beschikking`); `bevindingen` (grootboek_controle) checks that record against
the entry's Lasten line.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from core.models import Organisatie
from grootboek import api as grootboek

from .models import Declaratie

ZERO = Decimal("0.00")
R = grootboek.Rol


def aansluiting(gemeente: Organisatie, beschikkingsnummer: str | None = None) -> list[grootboek.Aansluitregel]:
    regels = []
    # All Lasten of the gemeente's beschikkingen, whatever the source: lasten without a declaration
    # are a difference too.
    ledger_per_nr: dict[str, Decimal] = {}
    for nr, (debet, credit) in grootboek.sommen_per_gemeente_en_rol(gemeente, R.LASTEN).items():
        if beschikkingsnummer and nr != beschikkingsnummer:
            continue
        ledger_per_nr[nr] = debet - credit
    # The declarations summed per beschikking they were booked on (recorded with the entry, and
    # checked against the entry by `bevindingen`), per status and partner: one index-only scan of
    # the gemeente's booked declarations.
    geboekt = Declaratie.objects.filter(gemeente=gemeente, status__in=Declaratie.GOEDGEKEURDE_STATUSSEN)
    records_per_nr: dict[str, Decimal] = {}
    crediteuren_records: dict[int | None, Decimal] = {}
    for rij in geboekt.values("status", "partner_id", "geboekt_op_beschikking").annotate(som=Sum("bedrag")).order_by():
        nr, bedrag = rij["geboekt_op_beschikking"], rij["som"] or ZERO
        if beschikkingsnummer and nr != beschikkingsnummer:
            continue
        records_per_nr[nr] = records_per_nr.get(nr, ZERO) + bedrag
        if rij["status"] == Declaratie.Status.GEBOEKT:
            partner_id = rij["partner_id"]
            crediteuren_records[partner_id] = crediteuren_records.get(partner_id, ZERO) + bedrag
    for nr in sorted(set(ledger_per_nr) | set(records_per_nr)):
        regels.append(
            grootboek.Aansluitregel(
                controle=_("Lasten SPUK = geboekte declaraties"),
                gemeente=gemeente.naam,
                beschikkingsnummer=nr,
                onderwerp="",
                grootboek=ledger_per_nr.get(nr, ZERO),
                subadministratie=records_per_nr.get(nr, ZERO),
            )
        )
    if beschikkingsnummer:
        return regels
    crediteuren = {pid: -saldo for pid, saldo in grootboek.netto_per_relatie(gemeente, R.CREDITEUREN).items()}
    namen: dict[int | None, str] = dict(
        Organisatie.objects.filter(pk__in=[p for p in set(crediteuren) | set(crediteuren_records) if p]).values_list(
            "pk", "naam"
        )
    )
    for pid in sorted(set(crediteuren) | set(crediteuren_records), key=lambda p: namen.get(p, "")):
        regels.append(
            grootboek.Aansluitregel(
                controle=_("Crediteuren per partner = geboekt − betaald"),
                gemeente=gemeente.naam,
                beschikkingsnummer="",
                onderwerp=namen.get(pid, _("zonder relatie")),
                grootboek=crediteuren.get(pid, ZERO),
                subadministratie=crediteuren_records.get(pid, ZERO),
            )
        )
    return regels


def bevindingen(gemeente: Organisatie | None = None) -> list[str]:
    """Booked declarations whose recorded beschikking is not the one their entry's Lasten line is on
    (`manage.py grootboek_controle`; the page trusts the recorded one). One join over the entries."""
    geboekt = Declaratie.objects.filter(journaalpost__isnull=False)
    if gemeente is not None:
        geboekt = geboekt.filter(gemeente=gemeente)
    volgens_post = grootboek.beschikking_per_post(geboekt.values("journaalpost_id"), rol=R.LASTEN)
    return [
        _(
            "Declaratie %(nr)s is vastgelegd als geboekt op beschikking %(vastgelegd)s, maar de journaalpost boekt op %(post)s."
        )
        % {"nr": nummer, "vastgelegd": vastgelegd or "–", "post": volgens_post.get(post_id) or "–"}
        for nummer, post_id, vastgelegd in geboekt.values_list("nummer", "journaalpost_id", "geboekt_op_beschikking")
        .order_by("pk")
        .iterator(chunk_size=5000)
        if volgens_post.get(post_id, "") != vastgelegd
    ]
