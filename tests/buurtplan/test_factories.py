"""The plan factories write rows directly; these tests keep them honest against the services, so the
tests of other apps that use them start from a state the app itself can produce."""

from decimal import Decimal

import pytest

from buurtplan import services
from buurtplan.compliance import compliance, vaststelling_blokkades
from buurtplan.models import Buurtbegroting, Buurtplan
from buurtplan.queries import geldende_begroting, spuk_regels, spuk_totalen_per_jaar
from tests.factories.buurtplan import BuurtFactory, BuurtplanFactory, klaar_voor_vaststelling

pytestmark = pytest.mark.django_db


def _inhoud(plan):
    """What a plan version consists of, without ids, timestamps and file names."""
    plan = Buurtplan.objects.get(pk=plan.pk)
    begroting = plan.begroting
    return {
        "status": plan.status,
        "vastgesteld_door": plan.vastgesteld_door_id,
        "themas": sorted((t.thema.code, t.van_toepassing) for t in plan.planthemas.all()),
        "activiteiten": sorted((a.naam, a.thema.code, a.uitvoerende_partner_id) for a in plan.activiteiten.all()),
        "begroting": (begroting.status, begroting.beoordeeld_door_id, begroting.ingediend_op is not None),
        "regels": sorted(
            (r.jaar, r.domein, r.financiering, r.ontvangende_partner_id, r.bedrag) for r in begroting.regels.all()
        ),
        "ondertekeningen": sorted(
            (o.soort, o.ondertekenaar, o.functie, o.organisatie_id, o.organisatie_naam, o.content_type)
            for o in plan.ondertekeningen.all()
        ),
        "netwerk": sorted((n.naam, n.discipline, n.kartrekker) for n in plan.buurt.netwerkleden.all()),
    }


def test_vastgesteld_factory_plan_equals_the_plan_the_services_build(beleid, gemeente, sensire, partner_organisatie):
    via_services = klaar_voor_vaststelling(
        beleid, BuurtFactory(gemeente=gemeente, alliantiepartners=[sensire]), partner_organisatie
    )
    services.stel_vast(beleid, via_services)
    direct = BuurtplanFactory(
        buurt=BuurtFactory(gemeente=gemeente, alliantiepartners=[sensire]),
        partner=partner_organisatie,
        door=beleid,
        vastgesteld=True,
    )
    assert _inhoud(direct) == _inhoud(via_services)
    assert compliance(direct.buurt) == compliance(via_services.buurt) == []
    assert spuk_totalen_per_jaar(direct.buurt) == {2024: Decimal("1000.00"), 2025: Decimal("2500.50")}


def test_signed_factory_plan_with_approved_begroting_is_accepted_by_stel_vast(beleid, buurt, partner_organisatie):
    plan = BuurtplanFactory(buurt=buurt, partner=partner_organisatie, door=beleid, goedgekeurd=True)
    assert "ondertekend" in " ".join(vaststelling_blokkades(plan))  # signatures still missing
    plan = BuurtplanFactory(
        buurt=BuurtFactory(gemeente=buurt.gemeente),
        partner=partner_organisatie,
        door=beleid,
        goedgekeurd=True,
        ondertekend=True,
    )
    assert vaststelling_blokkades(plan) == []
    assert services.stel_vast(beleid, plan).status == Buurtplan.Status.VASTGESTELD


def test_buurt_with_vastgesteld_plan_in_one_call(gemeente, partner_organisatie):
    buurt = BuurtFactory(
        gemeente=gemeente,
        met_vastgesteld_plan=True,
        buurtplan__partner=partner_organisatie,
        buurtplan__bedragen={2025: Decimal("20000.00")},
    )
    assert buurt.vastgestelde_versie() is not None
    assert geldende_begroting(buurt).status == Buurtbegroting.Status.GOEDGEKEURD
    assert [(r.jaar, r.bedrag, r.ontvangende_partner) for r in spuk_regels(buurt)] == [
        (2025, Decimal("20000.00"), partner_organisatie)
    ]
