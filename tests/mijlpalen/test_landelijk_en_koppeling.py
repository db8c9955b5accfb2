"""National judgement (service, page, evidence), links of activities to milestones (concept only,
frozen with the plan, copied to a new version) and amendments of granted amounts through the page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from buurtplan import services as buurtplan_services
from buurtplan.models import Activiteit
from core.frozen import FrozenError
from core.services import timeline
from mijlpalen import queries, services
from mijlpalen.models import ActiviteitMijlpaal, LandelijkOordeel, MijlpaalBedrag
from tests.factories.buurtplan import PDF_BYTES, BuurtplanFactory
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, landelijk_oordeel, zorgverzekeraar

pytestmark = pytest.mark.django_db
D = Decimal


def pdf(name="oordeel.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def mijlpaal(buurt):
    m = MijlpaalFactory(nummer=2)
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2025, bedrag_sociaal_domein=D("3000.00"))
    return m


def _oordeel(actor, mijlpaal, **kwargs):
    velden = dict(
        uitkomst="niet_behaald",
        beoordelaar=zorgverzekeraar(),
        beoordeeld_op=datetime.date(2025, 7, 1),
        toelichting="Niet in alle buurten behaald",
        bewijsstuk=pdf(),
    )
    velden.update(kwargs)
    return services.leg_landelijk_oordeel_vast(actor, mijlpaal, **velden)


def test_national_judgement_records_who_when_evidence_and_timeline(beleid, mijlpaal):
    oordeel = _oordeel(beleid, mijlpaal)
    assert (oordeel.beoordelaar.naam, oordeel.beoordeeld_op, oordeel.vastgelegd_door) == (
        "Menzis",
        datetime.date(2025, 7, 1),
        beleid,
    )
    assert oordeel.content_type == "application/pdf" and oordeel.bestand.name
    assert queries.landelijk_oordeel(mijlpaal) == oordeel
    [event] = timeline(mijlpaal)
    assert (event.actie, event.van_status, event.naar_status) == (
        "landelijk oordeel vastgelegd",
        "Open",
        "Niet behaald",
    )
    later = _oordeel(beleid, mijlpaal, uitkomst="behaald", beoordeeld_op=datetime.date(2025, 9, 1))
    assert queries.landelijk_oordeel(mijlpaal) == later
    with pytest.raises(FrozenError):
        oordeel.delete()


@pytest.mark.parametrize(
    "velden, veld",
    [
        ({"uitkomst": "open"}, "uitkomst"),
        ({"beoordelaar": None}, "beoordelaar"),
        ({"beoordeeld_op": None}, "beoordeeld_op"),
        ({"beoordeeld_op": datetime.date(2099, 1, 1)}, "beoordeeld_op"),
        ({"toelichting": "  "}, "toelichting"),
        ({"bewijsstuk": None}, "bewijsstuk"),
    ],
)
def test_national_judgement_refuses_incomplete_input_and_writes_nothing(beleid, mijlpaal, velden, veld):
    with pytest.raises(ValidationError) as exc:
        _oordeel(beleid, mijlpaal, **velden)
    assert veld in exc.value.message_dict
    assert not LandelijkOordeel.objects.exists()


def test_national_judgement_refuses_a_non_insurer_and_a_fake_pdf(beleid, mijlpaal, partner_organisatie):
    with pytest.raises(ValidationError):
        _oordeel(beleid, mijlpaal, beoordelaar=partner_organisatie)
    with pytest.raises(ValidationError):
        _oordeel(beleid, mijlpaal, bewijsstuk=pdf(content=b"MZ not a pdf"))
    assert not LandelijkOordeel.objects.exists()


def test_only_beleid_of_a_participating_gemeente_records_a_national_judgement(financien, mijlpaal, andere_gemeente):
    from tests.factories.core import UserFactory

    with pytest.raises(PermissionDenied):
        _oordeel(financien, mijlpaal)
    beleid_elders = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    with pytest.raises(PermissionDenied):
        _oordeel(beleid_elders, mijlpaal)


def test_page_records_national_judgement_and_serves_evidence(login, beleid, controle, partner, mijlpaal):
    client = login(beleid)
    response = client.post(
        f"/mijlpalen/{mijlpaal.pk}/landelijk-oordeel/",
        {
            "uitkomst": "behaald",
            "beoordelaar": zorgverzekeraar().pk,
            "beoordeeld_op": "2025-07-01",
            "toelichting": "Behaald in alle buurten",
            "bewijsstuk": pdf("menzis.pdf"),
        },
    )
    assert response.status_code == 302
    oordeel = LandelijkOordeel.objects.get()
    page = client.get(f"/mijlpalen/{mijlpaal.pk}/").content.decode()
    assert "menzis.pdf" in page and "Oordeel vastleggen" in page
    download = login(controle).get(f"/mijlpalen/landelijk-oordeel/{oordeel.pk}/bewijs/")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert "Oordeel vastleggen" not in login(controle).get(f"/mijlpalen/{mijlpaal.pk}/").content.decode()
    assert login(partner).get(f"/mijlpalen/landelijk-oordeel/{oordeel.pk}/bewijs/").status_code == 403
    assert login(controle).post(f"/mijlpalen/{mijlpaal.pk}/landelijk-oordeel/", {}).status_code in (302, 403)
    assert LandelijkOordeel.objects.count() == 1


# ------------------------------------------------------------------ activities ↔ milestones


@pytest.fixture
def plan(buurt, partner_organisatie, beleid):
    return BuurtplanFactory(buurt=buurt, partner=partner_organisatie, door=beleid)


def test_beleid_links_activities_of_a_concept_plan_and_a_new_version_copies_them(beleid, buurt, mijlpaal, plan):
    activiteit = plan.activiteiten.get()
    services.koppel_activiteiten(beleid, mijlpaal, plan, [activiteit])
    assert queries.activiteiten_per_mijlpaal(plan) == {mijlpaal.pk: [activiteit.pk]}
    # Vaststellen freezes the link together with the plan version.
    plan.vaststellen()
    plan.save()
    koppeling = ActiviteitMijlpaal.objects.get()
    with pytest.raises(FrozenError):
        koppeling.delete()
    with pytest.raises(ValidationError):
        services.koppel_activiteiten(beleid, mijlpaal, plan, [])
    nieuw = buurtplan_services.nieuwe_versie(beleid, plan, reden="Bijstellen")
    kopie = Activiteit.objects.get(buurtplan=nieuw)
    assert queries.activiteiten_per_mijlpaal(nieuw) == {mijlpaal.pk: [kopie.pk]}
    services.koppel_activiteiten(beleid, mijlpaal, nieuw, [])
    assert queries.activiteiten_per_mijlpaal(nieuw) == {}
    assert queries.activiteiten_per_mijlpaal(plan) == {mijlpaal.pk: [activiteit.pk]}


def test_linking_refuses_activities_of_another_version_and_other_roles(beleid, financien, buurt, mijlpaal, plan):
    ander = BuurtplanFactory(partner=plan.activiteiten.get().uitvoerende_partner)
    with pytest.raises(ValidationError):
        services.koppel_activiteiten(beleid, mijlpaal, plan, [ander.activiteiten.get()])
    with pytest.raises(PermissionDenied):
        services.koppel_activiteiten(financien, mijlpaal, plan, [plan.activiteiten.get()])


def test_link_page_saves_the_checked_activities(login, beleid, buurt, mijlpaal, plan):
    activiteit = plan.activiteiten.get()
    url = f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/"
    assert "Activiteiten opslaan" in login(beleid).get(url).content.decode()
    response = login(beleid).post(url + "activiteiten/", {"activiteiten": [activiteit.pk]})
    assert response.status_code == 302
    assert ActiviteitMijlpaal.objects.filter(activiteit=activiteit, mijlpaal=mijlpaal).exists()


# ------------------------------------------------------------------ amendments through the page


def test_amendment_page_changes_a_granted_amount_with_reason(login, beleid, buurt, mijlpaal):
    bedrag = MijlpaalBedrag.objects.get(mijlpaal=mijlpaal, buurt=buurt)
    services.ken_bedragen_toe([buurt.pk], datum=datetime.date(2025, 1, 1), beschikkingsnummer="SPUK-1")
    url = f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/"
    client = login(beleid)
    assert "Wijziging vastleggen" in client.get(url).content.decode()
    client.post(url + "wijziging/", {"bedrag": bedrag.pk, "bedrag_sociaal_domein": "2.750,00", "bedrag_zorg": "0"})
    bedrag.refresh_from_db()
    assert bedrag.bedrag_sociaal_domein == D("3000.00")  # no reason: refused
    client.post(
        url + "wijziging/",
        {"bedrag": bedrag.pk, "bedrag_sociaal_domein": "2.750,00", "bedrag_zorg": "0", "reden": "Besluit DUS-I"},
    )
    bedrag.refresh_from_db()
    assert (bedrag.bedrag_sociaal_domein, bedrag.versie) == (D("2750.00"), 2)
    assert "Besluit DUS-I" in client.get(url).content.decode()
    # The ordinary edit of the mijlpalenoverzicht is refused for a granted amount.
    with pytest.raises(ValidationError):
        services.bewaar_bedrag(beleid, buurt, mijlpaal, 2025, D("1"), D("0"), "gemeente")
    with pytest.raises(ValidationError):
        services.verwijder_bedrag(beleid, bedrag)


def test_judged_milestone_amount_is_not_amended(beleid, buurt, mijlpaal):
    bedrag = MijlpaalBedrag.objects.get(mijlpaal=mijlpaal, buurt=buurt)
    services.ken_bedragen_toe([buurt.pk], datum=datetime.date(2025, 1, 1), beschikkingsnummer="SPUK-1")
    landelijk_oordeel(mijlpaal, "behaald", beleid)
    with pytest.raises(ValidationError):
        services.wijzig_toegekend_bedrag(
            beleid, bedrag, bedrag_sociaal_domein=D("1.00"), bedrag_zorg=D("0"), reden="Te laat"
        )
