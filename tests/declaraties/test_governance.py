"""Governance (issue 12, item 8): settings change only with a second finance officer; one invoice
number per partner; split claims need a second approver; whoever approves does not pay."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.services import timeline
from declaraties import services
from declaraties.models import Declaratie, DeclaratieInstelling, InstellingWijziging
from tests.factories.declaraties import ingediend, instellingen_gewijzigd, reload

pytestmark = pytest.mark.django_db


def test_one_finance_officer_alone_cannot_raise_the_four_eyes_threshold(financien, financien2, gemeente):
    # Issue 12: "One finance officer alone can raise the four-eyes threshold".
    oud = DeclaratieInstelling.drempel_voor(gemeente.pk)
    wijziging = services.stel_instelling_voor(
        financien, gemeente, drempel=Decimal("50000.00"), toelichting="Minder werk"
    )
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == oud
    with pytest.raises(PermissionDenied, match="zelf voorgesteld"):
        services.bevestig_instelling(financien, wijziging)
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == oud
    instelling = services.bevestig_instelling(financien2, wijziging)
    assert instelling.vier_ogen_drempel == Decimal("50000.00")
    wijziging.refresh_from_db()
    assert (wijziging.status, wijziging.voorgesteld_door, wijziging.beoordeeld_door) == (
        InstellingWijziging.Status.BEVESTIGD,
        financien,
        financien2,
    )
    # Both steps on the timeline: the proposal by one, the confirmation by the other.
    acties = [g.actor for g in timeline(wijziging).order_by("tijdstip", "id")]
    assert acties == [financien, financien2]
    gebeurtenis = timeline(instelling).get()
    assert gebeurtenis.actor == financien2 and str(financien) in gebeurtenis.reden


def test_the_database_refuses_a_proposal_confirmed_by_its_proposer(financien, gemeente):
    from django.db import IntegrityError, transaction

    wijziging = services.stel_instelling_voor(financien, gemeente, drempel=Decimal("1.00"), toelichting="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstellingWijziging.objects.filter(pk=wijziging.pk).update(status="bevestigd", beoordeeld_door=financien)


def test_one_open_proposal_per_gemeente_and_it_can_be_withdrawn_or_rejected_with_a_reason(
    financien, financien2, gemeente
):
    eerste = services.stel_instelling_voor(financien, gemeente, drempel=Decimal("5000.00"), toelichting="a")
    with pytest.raises(ValidationError, match="al een voorstel"):
        services.stel_instelling_voor(financien2, gemeente, drempel=Decimal("7000.00"), toelichting="b")
    with pytest.raises(ValidationError, match="reden"):
        services.wijs_instelling_af(financien, eerste, "")
    services.wijs_instelling_af(financien, eerste, "Ingetrokken: verkeerd bedrag")
    tweede = services.stel_instelling_voor(financien2, gemeente, drempel=Decimal("7000.00"), toelichting="b")
    services.wijs_instelling_af(financien, tweede, "Niet nodig")
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == Decimal(str(10000)).quantize(Decimal("0.01"))
    with pytest.raises(ValidationError, match="toelichting|reden"):
        services.stel_instelling_voor(financien, gemeente, drempel=Decimal("1.00"), toelichting=" ")


def test_a_claim_split_below_the_threshold_needs_a_second_approver(partner, financien, financien2, regels, beschikking):
    # Issue 12: "a claim split below the threshold is not noticed". Two invoices of € 6.000 of
    # the same partner, activity and quarter are one claim of € 12.000 (threshold € 10.000).
    regel = regels[2025]
    a = ingediend(
        partner, regel, bedrag="6000.00", periode_van=datetime.date(2025, 1, 1), periode_tot=datetime.date(2025, 1, 31)
    )
    b = ingediend(
        partner, regel, bedrag="6000.00", periode_van=datetime.date(2025, 2, 1), periode_tot=datetime.date(2025, 2, 28)
    )
    assert a.benodigde_goedkeuringen() == 2
    a = services.keur_goed(financien, a)
    assert a.status == Declaratie.Status.GOEDGEKEURD
    eerste = timeline(a).filter(actie="statuswijziging").first()
    assert b.nummer in eerste.reden
    a = services.keur_goed(financien2, a)
    assert a.status == Declaratie.Status.GEBOEKT
    # Also when the first part was booked already: the second part still needs two approvals.
    b = services.keur_goed(financien2, b)
    assert b.status == Declaratie.Status.GOEDGEKEURD


def test_declarations_in_another_quarter_or_of_another_activity_are_separate_claims(
    partner, financien, regels, beschikking
):
    regel = regels[2025]
    a = ingediend(
        partner, regel, bedrag="6000.00", periode_van=datetime.date(2025, 1, 1), periode_tot=datetime.date(2025, 3, 31)
    )
    ingediend(
        partner, regel, bedrag="6000.00", periode_van=datetime.date(2025, 4, 1), periode_tot=datetime.date(2025, 6, 30)
    )
    ingediend(partner, regels[2024], bedrag="4900.00")
    assert services.keur_goed(financien, a).status == Declaratie.Status.GEBOEKT


def test_the_approver_of_a_declaration_cannot_register_its_payment_unless_the_gemeente_allows_it(
    partner, financien, financien2, financien3, regels, beschikking, gemeente
):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    with pytest.raises(ValidationError, match="functiescheiding"):
        services.registreer_betaling(financien, [d], datetime.date(2025, 7, 1))
    assert reload(d).status == Declaratie.Status.GEBOEKT
    instellingen_gewijzigd(
        financien2, financien3, gemeente, DeclaratieInstelling.drempel_voor(gemeente.pk), scheiding=False
    )
    services.registreer_betaling(financien, [d], datetime.date(2025, 7, 1))
    assert reload(d).status == Declaratie.Status.BETAALD
