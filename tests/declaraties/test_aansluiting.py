"""declaraties' reconciliation lines (Lasten SPUK = booked declarations; Crediteuren per partner),
summed in the database per beschikking recorded with each declaration's booking entry, and
grootboek_controle's check of that record against the entry."""

import datetime
from decimal import Decimal

import pytest

from declaraties import controles, services
from declaraties.models import Declaratie
from grootboek.services import Regel, boek, standaard_rekening
from tests.factories.declaraties import ingediend

pytestmark = pytest.mark.django_db
D = Decimal


def _lasten(regels):
    return {
        r.beschikkingsnummer: (r.grootboek, r.subadministratie)
        for r in regels
        if r.beschikkingsnummer or "Lasten" in r.controle
    }


def test_booked_declarations_reconcile_per_beschikking_and_per_partner(partner, financien, regels, beschikking):
    services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="400.00"))
    services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="0.50", factuurnummer="F-2"))
    uitkomst = controles.aansluiting(beschikking.gemeente)
    assert all(r.klopt for r in uitkomst), uitkomst
    assert _lasten(uitkomst)[beschikking.nummer] == (D("400.50"), D("400.50"))
    [crediteur] = [r for r in uitkomst if r.onderwerp == partner.organisatie.naam]
    assert crediteur.grootboek == crediteur.subadministratie == D("400.50")


def test_a_declaration_whose_entry_has_no_lasten_line_shows_as_a_difference_outside_any_beschikking(
    partner, financien, regels, beschikking
):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="400.00"))
    los = ingediend(partner, regels[2024], bedrag="75.25", factuurnummer="F-3")
    gemeente = d.gemeente
    elders = boek(
        financien,
        gemeente=gemeente,
        boekdatum=datetime.date(2024, 6, 1),
        omschrijving="Geen lasten",
        regels=[
            Regel(standaard_rekening(gemeente, "bank"), debet=D("75.25")),
            Regel(standaard_rekening(gemeente, "crediteuren"), credit=D("75.25")),
        ],
    )
    # Damaged data (no service does this): booked on an entry without a Lasten line.
    Declaratie.objects.filter(pk=los.pk).update(status=Declaratie.Status.GEBOEKT, journaalpost=elders)
    uitkomst = controles.aansluiting(d.gemeente)
    lasten = _lasten(uitkomst)
    assert lasten[beschikking.nummer] == (D("400.00"), D("400.00"))
    assert lasten[""] == (D("0.00"), D("75.25"))
    [regel] = [r for r in uitkomst if r.beschikkingsnummer == "" and "Lasten" in r.controle]
    assert not regel.klopt


def test_a_recorded_beschikking_that_is_not_the_entrys_is_reported_by_grootboek_controle(
    partner, financien, regels, beschikking
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="400.00"))
    assert d.geboekt_op_beschikking == beschikking.nummer
    assert controles.bevindingen(d.gemeente) == []
    # Damaged data (no service does this): the record says another beschikking than the entry.
    Declaratie.objects.filter(pk=d.pk).update(geboekt_op_beschikking="SPUK-ANDERS")
    [bevinding] = controles.bevindingen(d.gemeente)
    assert d.nummer in bevinding and "SPUK-ANDERS" in bevinding and beschikking.nummer in bevinding
    # The page then shows the amount under the recorded beschikking: both rows differ.
    lasten = _lasten(controles.aansluiting(d.gemeente))
    assert lasten[beschikking.nummer] == (D("400.00"), D("0.00"))
    assert lasten["SPUK-ANDERS"] == (D("0.00"), D("400.00"))
    with pytest.raises(CommandError):
        call_command("grootboek_controle", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
