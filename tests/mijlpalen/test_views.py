"""Pages: scoping (404 outside scope), roles (403), forms call the services, lists don't grow in queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format
from openpyxl import load_workbook

from mijlpalen import services
from mijlpalen.models import MijlpaalBedrag, MijlpaalStatus
from tests.factories.buurtplan import PDF_BYTES, klaar_voor_vaststelling
from tests.factories.core import OrganisatieFactory, UserFactory
from tests.factories.mijlpalen import IndicatorFactory, MetingFactory, MijlpaalBedragFactory, MijlpaalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mijlpaal(buurt, andere_buurt):
    m = MijlpaalFactory(omschrijving="Buurtnetwerk gevormd")
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, bedrag_sociaal_domein=Decimal("1000.00"))
    MijlpaalBedragFactory(mijlpaal=m, buurt=andere_buurt, bedrag_sociaal_domein=Decimal("500.00"))
    return m


@pytest.fixture
def partner_in_buurt(beleid, buurt, partner, partner_organisatie):
    """The partner's organisation receives SPUK lines of the buurt's begroting."""
    klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    return partner


def test_mijlpalen_list_shows_national_status(login, beleid, mijlpaal, buurt):
    MijlpaalStatus.objects.create(mijlpaal=mijlpaal, buurt=buurt, status="behaald")
    response = login(beleid).get("/mijlpalen/")
    assert response.status_code == 200
    assert "Buurtnetwerk gevormd" in response.content.decode()
    row = [r for r in response.context["rows"] if r["object"] == mijlpaal][0]
    # Open in one buurt and past its deadline: the list says so rather than a plain "Open".
    deadline = date_format(mijlpaal.deadline, "j F Y")
    expected = f"Open – te laat sinds {deadline}" if mijlpaal.deadline < datetime.date.today() else "Open"
    assert dict((c.key, v) for c, v in row["cells"])["landelijk"] == expected


def test_mijlpalen_list_query_count_does_not_grow_with_rows(login, beleid, buurt, django_assert_max_num_queries):
    client = login(beleid)
    for _ in range(3):
        MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=buurt)
    client.get("/mijlpalen/")
    with django_assert_max_num_queries(12) as few:
        client.get("/mijlpalen/")
    for _ in range(15):
        MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=buurt)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/mijlpalen/")


def test_buurten_list_query_count_does_not_grow_with_rows(login, beleid, gemeente, django_assert_max_num_queries):
    from tests.factories.buurtplan import BuurtFactory

    client = login(beleid)
    BuurtFactory(gemeente=gemeente)
    client.get("/mijlpalen/buurten/")
    with django_assert_max_num_queries(12) as few:
        client.get("/mijlpalen/buurten/")
    for _ in range(10):
        MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=BuurtFactory(gemeente=gemeente))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/mijlpalen/buurten/")


def test_partner_sees_only_milestones_of_buurten_where_it_receives_budget(
    login, partner_in_buurt, mijlpaal, buurt, andere_buurt
):
    elders = MijlpaalFactory(omschrijving="Alleen in Boskoop")
    MijlpaalBedragFactory(mijlpaal=elders, buurt=andere_buurt)
    client = login(partner_in_buurt)
    content = client.get("/mijlpalen/").content.decode()
    assert "Buurtnetwerk gevormd" in content
    assert "Alleen in Boskoop" not in content
    assert client.get(f"/mijlpalen/{elders.pk}/").status_code == 404
    assert client.get(f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/").status_code == 200
    assert client.get(f"/mijlpalen/{mijlpaal.pk}/buurt/{andere_buurt.pk}/").status_code == 404
    assert client.get(f"/mijlpalen/buurten/{andere_buurt.pk}/").status_code == 404


def test_partner_without_budget_lines_sees_no_buurt(login, partner, mijlpaal, buurt):
    client = login(partner)
    assert client.get(f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/").status_code == 404
    assert client.get(f"/mijlpalen/{mijlpaal.pk}/").status_code == 404


def test_partner_cannot_post_a_status(login, partner_in_buurt, mijlpaal, buurt):
    response = login(partner_in_buurt).post(
        f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/",
        {"status": "behaald", "beoordeeld_op": "2025-01-01", "toelichting": "x"},
    )
    assert response.status_code == 403
    assert not MijlpaalStatus.objects.exists()


@pytest.mark.parametrize("rol", ["financien", "controle"])
def test_financien_and_controle_read_but_cannot_change_a_status(rol, request, login, mijlpaal, buurt):
    client = login(request.getfixturevalue(rol))
    page = client.get(f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/")
    assert page.status_code == 200
    assert "Beoordeling opslaan" not in page.content.decode()
    response = client.post(f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/", {"status": "behaald"})
    assert response.status_code == 403
    assert not MijlpaalStatus.objects.exists()


def test_staff_of_other_gemeente_gets_404_for_buurt(login, andere_gemeente, mijlpaal, buurt):
    other = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    assert login(other).get(f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/").status_code == 404


def test_beleid_records_status_with_evidence_via_the_form(login, beleid, mijlpaal, buurt):
    zk = OrganisatieFactory(naam="Menzis", soort="zorgverzekeraar")
    upload = SimpleUploadedFile("verslag.pdf", PDF_BYTES, content_type="application/pdf")
    response = login(beleid).post(
        f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/",
        {
            "status": "niet_behaald",
            "beoordeeld_op": "2025-07-15",
            "beoordelaar": zk.pk,
            "toelichting": "Intentieverklaring ontbreekt",
            "bewijsstuk": upload,
        },
    )
    assert response.status_code == 302
    status = MijlpaalStatus.objects.get()
    assert status.status == "niet_behaald"
    assert status.beoordelaar_organisatie == zk
    stuk = status.bewijsstukken.get()
    download = login(beleid).get(f"/mijlpalen/bewijsstuk/{stuk.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_status_form_shows_error_without_explanation(login, beleid, mijlpaal, buurt):
    response = login(beleid).post(
        f"/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/", {"status": "behaald", "beoordeeld_op": "2025-07-15"}
    )
    assert response.status_code == 200
    assert "Licht de beoordeling toe" in response.content.decode()
    assert not MijlpaalStatus.objects.exists()


def test_evidence_of_other_gemeente_is_404(login, beleid, andere_gemeente, mijlpaal, andere_buurt):
    other = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    upload = SimpleUploadedFile("verslag.pdf", PDF_BYTES, content_type="application/pdf")
    status = services.leg_status_vast(
        other, mijlpaal, andere_buurt, "behaald", datetime.date(2025, 1, 1), "Ok", bewijsstukken=[upload]
    )
    stuk = status.bewijsstukken.get()
    assert login(beleid).get(f"/mijlpalen/bewijsstuk/{stuk.pk}/").status_code == 404


def test_mijlpaal_detail_names_the_buurten_holding_it_back(login, beleid, mijlpaal, buurt, andere_buurt):
    MijlpaalStatus.objects.create(mijlpaal=mijlpaal, buurt=buurt, status="behaald")
    content = login(beleid).get(f"/mijlpalen/{mijlpaal.pk}/").content.decode()
    assert "Deze buurten houden de mijlpaal tegen" in content
    assert "Boskoop" in content


def test_overzicht_exports_and_imports_xlsx(login, beleid, mijlpaal, buurt):
    client = login(beleid)
    export = client.get(f"/mijlpalen/buurten/{buurt.pk}/?format=xlsx")
    assert export.status_code == 200
    data = export.content
    MijlpaalBedrag.objects.filter(buurt=buurt).delete()
    response = client.post(
        f"/mijlpalen/buurten/{buurt.pk}/", {"actie": "import", "bestand": SimpleUploadedFile("o.xlsx", data)}
    )
    assert response.status_code == 302
    assert MijlpaalBedrag.objects.get(buurt=buurt).bedrag_sociaal_domein == Decimal("1000.00")


def test_overzicht_shows_reconciliation_mismatch(login, beleid, buurt, partner_organisatie):
    klaar_voor_vaststelling(beleid, buurt, partner_organisatie, {2025: Decimal("2500.50")})
    MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=buurt, jaar=2025, bedrag_sociaal_domein=Decimal("2000.00"))
    response = login(beleid).get(f"/mijlpalen/buurten/{buurt.pk}/")
    assert response.context["verschillen"][0]["verschil"] == Decimal("-500.50")
    assert "-500,50" in response.content.decode()


def test_beleid_adds_amount_with_dutch_notation(login, beleid, buurt):
    m = MijlpaalFactory()
    response = login(beleid).post(
        f"/mijlpalen/buurten/{buurt.pk}/",
        {
            "actie": "bedrag",
            "mijlpaal": m.pk,
            "jaar": 2026,
            "bedrag_sociaal_domein": "1.234,56",
            "bedrag_zorg": "",
            "risicodrager": "gemeente",
        },
    )
    assert response.status_code == 302
    assert MijlpaalBedrag.objects.get(buurt=buurt).bedrag_sociaal_domein == Decimal("1234.56")


def test_controle_cannot_change_amounts(login, controle, buurt):
    m = MijlpaalFactory()
    response = login(controle).post(
        f"/mijlpalen/buurten/{buurt.pk}/",
        {"actie": "bedrag", "mijlpaal": m.pk, "jaar": 2026, "bedrag_sociaal_domein": "1", "risicodrager": "gemeente"},
    )
    assert response.status_code == 403


def test_risico_dashboard_for_finance_with_xlsx(login, financien, mijlpaal, buurt):
    MijlpaalStatus.objects.create(mijlpaal=mijlpaal, buurt=buurt, status="niet_behaald")
    client = login(financien)
    response = client.get("/mijlpalen/risico/")
    assert response.status_code == 200
    # only the own gemeente: Boskoop's € 500 belongs to Alphen
    assert response.context["data"]["terug_te_betalen"] == Decimal("1000.00")
    export = client.get("/mijlpalen/risico/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[-1][4] == 1000


def test_risico_dashboard_forbidden_for_partner_and_beheer(login, partner, beheer):
    assert login(partner).get("/mijlpalen/risico/").status_code == 403
    assert login(beheer).get("/mijlpalen/risico/").status_code == 403


def test_kpi_page_entry_form_and_chart(login, beleid, buurt):
    indicator = IndicatorFactory(naam="Uren wijkverpleging per cliënt per jaar")
    MetingFactory(indicator=indicator, buurt=buurt, jaar=2024, waarde=Decimal("62"))
    MetingFactory(indicator=indicator, buurt=buurt, groep="vergelijking", jaar=2024, waarde=Decimal("60"))
    MetingFactory(indicator=indicator, buurt=buurt, groep="vergelijking", jaar=2025, waarde=Decimal("60"))
    client = login(beleid)
    response = client.post(
        f"/mijlpalen/buurten/{buurt.pk}/kpi/",
        {"actie": "meting", "indicator": indicator.pk, "groep": "buurt", "jaar": 2025, "waarde": "55,8"},
    )
    assert response.status_code == 302
    content = client.get(f"/mijlpalen/buurten/{buurt.pk}/kpi/").content.decode()
    assert 'role="img"' in content and "<title id=" in content and "<desc id=" in content
    assert "style=" not in content
    assert "90" in content  # 55.8 / 62 = index 90.0


def test_partner_reads_kpi_but_cannot_enter(login, partner_in_buurt, buurt):
    client = login(partner_in_buurt)
    assert client.get(f"/mijlpalen/buurten/{buurt.pk}/kpi/").status_code == 200
    indicator = IndicatorFactory()
    response = client.post(
        f"/mijlpalen/buurten/{buurt.pk}/kpi/",
        {"actie": "meting", "indicator": indicator.pk, "groep": "buurt", "jaar": 2025, "waarde": "1"},
    )
    assert response.status_code == 403
