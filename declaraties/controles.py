"""declaraties' reconciliation checks (collected by grootboek.controles):

- Lasten SPUK per beschikking = the booked declarations (status geboekt or betaald) whose entry is on
  that beschikking; Lasten with another source, or a declaration whose entry was reversed while its
  status still says booked, show up as a difference;
- Crediteuren per partner = declarations booked and not yet paid (status geboekt).
"""

from __future__ import annotations

from decimal import Decimal

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
    # A declaration is booked in its own gemeente (boek() refuses another gemeente's accounts), so
    # its gemeente is its entry's: one index range instead of a join over every entry in the country.
    geboekt = Declaratie.objects.filter(gemeente=gemeente, status__in=Declaratie.GOEDGEKEURDE_STATUSSEN)
    # The declarations summed in the database per beschikking of their booking entry (the page read
    # 20,000 declarations and as many ledger sums into Python at national scale).
    records_per_nr: dict[str, Decimal] = {}
    crediteuren_records: dict[int | None, Decimal] = {}
    for rij in grootboek.per_beschikking_van_posten(
        gemeente, geboekt, post_veld="journaalpost", rol=R.LASTEN, som_veld="bedrag", groep=("status", "partner_id")
    ):
        nr, bedrag = rij["beschikkingsnummer"] or "", rij["som"]
        if beschikkingsnummer and nr != beschikkingsnummer:
            continue
        records_per_nr[nr] = records_per_nr.get(nr, ZERO) + bedrag
        if rij["status"] == Declaratie.Status.GEBOEKT:
            pid = rij["partner_id"]
            crediteuren_records[pid] = crediteuren_records.get(pid, ZERO) + bedrag
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
