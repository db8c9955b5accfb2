"""Booking a declaration stores the activity and the SiSa category on the Lasten line, so SiSa
indicator 6 (spending per milestone) and 3–5 (zelfstandig / medeoverheid) read them from the ledger."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from declaraties import services
from mijlpalen import services as mijlpalen_services
from spuk import sisa
from tests.factories.buurtplan import BuurtplanFactory
from tests.factories.core import GemeenteFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, ingediend
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, landelijk_oordeel

pytestmark = pytest.mark.django_db
D = Decimal


def _lasten(d):
    return next(r for r in d.journaalpost.regels.select_related("rekening") if r.rekening.rol == "lasten")


def test_booked_declaration_carries_activity_and_zelfstandig_category(partner, financien, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="400.00"))
    regel = _lasten(d)
    assert regel.activiteit_ref == regels[2024].activiteit_id
    assert regel.sisa_categorie == "zelfstandig"


def test_declaration_of_a_gemeente_partner_is_booked_as_medeoverheid(beleid, financien, buurt, beschikking):
    lochem = GemeenteFactory(naam="Gemeente Lochem", cbs_code="0262")
    medewerker = UserFactory(email="lochem@test.nl", role="partner", organisatie=lochem)
    regels = begroting_met_regels(beleid, buurt, lochem)
    d = services.keur_goed(financien, ingediend(medewerker, regels[2024], bedrag="250.00"))
    assert _lasten(d).sisa_categorie == "medeoverheid"


def test_indicator_6_counts_declared_spending_on_the_activity_of_a_missed_milestone(
    partner, partner_organisatie, financien, beleid, buurt, beschikking
):
    mijlpaal = MijlpaalFactory(nummer=5, deadline=datetime.date(2024, 12, 31))
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt, jaar=2024, bedrag_sociaal_domein=D("1000.00"))
    # The activity is linked while the plan is a concept; then the plan is vastgesteld.
    plan = BuurtplanFactory(
        buurt=buurt,
        partner=partner_organisatie,
        door=beleid,
        bedragen={2024: D("5000.00")},
        begroting_status="goedgekeurd",
        ondertekend=True,
    )
    regels = plan.spuk_regels
    mijlpalen_services.koppel_activiteiten(beleid, mijlpaal, plan, [regels[2024].activiteit])
    plan.vaststellen()
    plan.vastgesteld_op = timezone.now()
    plan.save()
    landelijk_oordeel(mijlpaal, "niet_behaald", beleid)
    d = ingediend(partner, regels[2024], bedrag="600.00")
    services.keur_goed(financien, d, boekdatum=datetime.date(2024, 12, 1))
    assert sisa.indicator_waarde(sisa.bereken(beschikking, 2024), 6) == D("600.00")
    d2 = ingediend(partner, regels[2024], bedrag="700.00", factuurnummer="F-2")
    services.keur_goed(financien, d2, boekdatum=datetime.date(2024, 12, 2))
    assert sisa.indicator_waarde(sisa.bereken(beschikking, 2024), 6) == D("1000.00")  # capped at the milestone
