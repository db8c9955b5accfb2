"""Pages and permissions: overview, detail tabs, budget editor, XLSX, signatures, PDF."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from buurtplan import services
from buurtplan.models import Buurtbegroting, Buurtplan, Thema
from buurtplan.xlsx_begroting import export_begroting
from core.xlsx import table_rows
from tests.factories.buurtplan import BuurtFactory, geldig_netwerk, klaar_voor_vaststelling, pdf_upload
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _thema(buurt, code):
    return Thema.objects.get(transformatieplan=buurt.transformatieplan, code=code)


@pytest.fixture
def plan(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    activiteit = services.voeg_activiteit_toe(
        beleid, plan, thema=_thema(buurt, "zorgzame_buurt"), naam="Buurthuis", uitvoerende_partner=partner_organisatie
    )
    services.voeg_regel_toe(
        beleid,
        plan.begroting,
        activiteit=activiteit,
        jaar=2025,
        domein="sociaal_domein",
        financiering="spuk",
        ontvangende_partner=partner_organisatie,
        bedrag=Decimal("1234.56"),
    )
    services.voeg_regel_toe(
        beleid,
        plan.begroting,
        activiteit=activiteit,
        jaar=2026,
        domein="zorg",
        financiering="zvw",
        ontvangende_partner=buurt.alliantiepartners.get(),
        bedrag=Decimal("5000.00"),
    )
    return plan


# --- permissions -------------------------------------------------------------------------


def test_overview_shows_all_buurten_to_staff_but_links_only_own(login, controle, buurt, andere_buurt):
    response = login(controle).get(reverse("buurtplan:buurten"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Zuidwijken" in content and "Boskoop" in content
    assert reverse("buurtplan:buurt_detail", args=[buurt.pk]) in content
    assert reverse("buurtplan:buurt_detail", args=[andere_buurt.pk]) not in content


def test_partner_cannot_open_national_overview(login, partner, buurt):
    assert login(partner).get(reverse("buurtplan:buurten")).status_code == 403


def test_staff_cannot_open_other_gemeentes_buurt(login, beleid, andere_buurt):
    client = login(beleid)
    for name in ("buurt_detail", "buurt_plan", "buurt_begroting", "buurt_netwerk", "buurt_ondertekeningen"):
        assert client.get(reverse(f"buurtplan:{name}", args=[andere_buurt.pk])).status_code == 404


def test_controle_reads_but_cannot_add_network_member(login, controle, buurt):
    client = login(controle)
    assert client.get(reverse("buurtplan:buurt_netwerk", args=[buurt.pk])).status_code == 200
    response = client.post(
        reverse("buurtplan:buurt_netwerk", args=[buurt.pk]), {"lid-naam": "X", "lid-discipline": "bewoner"}
    )
    assert response.status_code == 403
    assert not buurt.netwerkleden.exists()


def test_controle_cannot_create_buurt(login, controle):
    assert login(controle).get(reverse("buurtplan:buurt_nieuw")).status_code == 403


def test_partner_sees_only_own_budget_lines(login, partner, plan, buurt):
    response = login(partner).get(reverse("buurtplan:buurt_begroting", args=[buurt.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "1.234,56" in content
    assert "5.000,00" not in content


def test_partner_cannot_open_network_or_signatures(login, partner, plan, buurt):
    client = login(partner)
    assert client.get(reverse("buurtplan:buurt_netwerk", args=[buurt.pk])).status_code == 403
    assert client.get(reverse("buurtplan:buurt_ondertekeningen", args=[buurt.pk])).status_code == 403
    assert client.get(reverse("buurtplan:begroting_export", args=[buurt.pk])).status_code == 403


def test_partner_not_involved_gets_404(login, plan, buurt):
    from tests.factories.core import OrganisatieFactory

    ander = UserFactory(role="partner", organisatie=OrganisatieFactory(naam="Andere Stichting"))
    assert login(ander).get(reverse("buurtplan:buurt_plan", args=[buurt.pk])).status_code == 404


def test_partner_lists_own_lines(login, partner, plan):
    response = login(partner).get(reverse("buurtplan:mijn_regels"))
    assert response.status_code == 200
    assert "1.234,56" in response.content.decode()
    assert "5.000,00" not in response.content.decode()


def test_other_gemeente_cannot_download_signature_scan(login, beleid, buurt, andere_gemeente):
    plan = services.maak_buurtplan(beleid, buurt)
    ondertekening = services.voeg_ondertekening_toe(
        beleid,
        plan,
        soort="buurtplan",
        ondertekenaar="A",
        functie="B",
        getekend_op="2025-01-01",
        document=pdf_upload(),
        organisatie_naam="Netwerk",
    )
    url = reverse("buurtplan:ondertekening_document", args=[ondertekening.pk])
    assert login(beleid).get(url).status_code == 200
    ander = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    assert login(ander).get(url).status_code == 404


def test_signature_scan_served_with_sniffed_type(login, beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    ondertekening = services.voeg_ondertekening_toe(
        beleid,
        plan,
        soort="buurtplan",
        ondertekenaar="A",
        functie="B",
        getekend_op="2025-01-01",
        document=pdf_upload(),
        organisatie_naam="Netwerk",
    )
    response = login(beleid).get(reverse("buurtplan:ondertekening_document", args=[ondertekening.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- overview ------------------------------------------------------------------------------


def test_overview_query_count_does_not_grow_with_buurten(
    login, controle, gemeente, django_assert_max_num_queries, beleid
):
    for _ in range(3):
        buurt = BuurtFactory(gemeente=gemeente)
        geldig_netwerk(buurt)
        services.maak_buurtplan(beleid, buurt)
    client = login(controle)
    with django_assert_max_num_queries(20) as ctx:
        client.get(reverse("buurtplan:buurten"))
    few = len(ctx.captured_queries)
    for _ in range(6):
        buurt = BuurtFactory(gemeente=gemeente)
        geldig_netwerk(buurt)
        services.maak_buurtplan(beleid, buurt)
    with django_assert_max_num_queries(few):
        client.get(reverse("buurtplan:buurten"))


def test_overview_filters_by_status_and_exports_xlsx(login, controle, beleid, buurt, partner_organisatie, gemeente):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    services.stel_vast(beleid, plan)
    BuurtFactory(naam="Zonder plan", gemeente=gemeente)
    client = login(controle)
    content = client.get(reverse("buurtplan:buurten"), {"status": "vastgesteld"}).content.decode()
    assert "Zuidwijken" in content and "Zonder plan" not in content
    response = client.get(reverse("buurtplan:buurten"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = table_rows(sheet)
    assert rows[0][:3] == ("Buurt", "Gemeente", "Cohort")
    namen = {row[0]: row for row in rows[1:]}
    assert namen["Zuidwijken"][5] == "In orde"
    assert namen["Zonder plan"][5].endswith("aandachtspunt(en)")


def test_overview_filters_on_gemeente_through_a_search_field_not_a_select_of_every_gemeente(
    login, controle, buurt, andere_buurt, gemeente, andere_gemeente
):
    client = login(controle)
    page = client.get(reverse("buurtplan:buurten")).content.decode()
    assert '<select name="gemeente"' not in page and 'name="gemeente_zoek"' in page
    # While typing, htmx asks for the matches; two letters are enough, one is not.
    zoeken = reverse("buurtplan:organisatie_zoeken")
    matches = client.get(zoeken, {"lijst": "gemeente", "gemeente_zoek": andere_gemeente.naam[:4]}).content.decode()
    assert andere_gemeente.naam in matches and f'value="{andere_gemeente.pk}"' in matches
    assert gemeente.naam not in client.get(zoeken, {"lijst": "gemeente", "gemeente_zoek": "Z"}).content.decode()
    assert client.get(zoeken, {"lijst": "iets"}).status_code == 404
    # The chosen gemeente filters the list as before.
    gefilterd = client.get(reverse("buurtplan:buurten"), {"gemeente": andere_gemeente.pk}).content.decode()
    assert andere_buurt.naam in gefilterd and buurt.naam not in gefilterd


# --- budget: XLSX round trip and totals ------------------------------------------------------


def test_budget_xlsx_round_trip_keeps_lines_and_totals(beleid, plan):
    begroting = plan.begroting
    voor = sorted(begroting.regels.values_list("pk", "jaar", "domein", "financiering", "ontvangende_partner", "bedrag"))
    data = export_begroting(begroting)
    bestand = io.BytesIO(data)
    services.importeer_begroting(beleid, begroting, bestand)
    na = sorted(begroting.regels.values_list("pk", "jaar", "domein", "financiering", "ontvangende_partner", "bedrag"))
    assert na == voor


def test_budget_xlsx_import_of_edited_sheet_to_the_cent(beleid, plan, partner_organisatie):
    begroting = plan.begroting
    workbook = load_workbook(io.BytesIO(export_begroting(begroting)))
    sheet = workbook["Begroting"]
    sheet.append(
        [
            None,
            "Buurthuis",
            "Zorgzame buurt",
            2027,
            "Sociaal domein",
            "SPUK",
            partner_organisatie.naam,
            "Extra",
            "17.425,00",
        ]
    )
    sheet.append(
        [None, "Buurthuis", "Zorgzame buurt", 2027, "sociaal_domein", "spuk", partner_organisatie.naam, "", 0.1]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert services.importeer_begroting(beleid, begroting, buffer) == 4
    totaal_2027 = sum(r.bedrag for r in begroting.regels.filter(jaar=2027))
    assert totaal_2027 == Decimal("17425.10")


def test_budget_xlsx_import_with_errors_changes_nothing_and_says_why(beleid, plan, partner_organisatie):
    from django.core.exceptions import ValidationError

    begroting = plan.begroting
    workbook = load_workbook(io.BytesIO(export_begroting(begroting)))
    sheet = workbook["Begroting"]
    sheet.append([None, "Onbekende activiteit", "", 2025, "Sociaal domein", "SPUK", partner_organisatie.naam, "", 10])
    sheet.append([None, "Buurthuis", "", 2025, "Zorg", "SPUK", partner_organisatie.naam, "", 10])
    sheet.append([None, "Buurthuis", "", 2025, "Sociaal domein", "SPUK", partner_organisatie.naam, "", "twaalf"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    aantal = begroting.regels.count()
    with pytest.raises(ValidationError) as exc:
        services.importeer_begroting(beleid, begroting, buffer)
    berichten = exc.value.messages
    assert any("Rij 4" in m and "Onbekende activiteit" in m for m in berichten)
    assert any("Rij 5" in m and "sociaal domein" in m for m in berichten)
    assert any("Rij 6" in m and "geen geldig bedrag" in m for m in berichten)
    assert begroting.regels.count() == aantal


def test_budget_import_page_shows_dutch_errors(login, beleid, plan, buurt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(beleid).post(
        reverse("buurtplan:begroting_import", args=[buurt.pk, plan.versie]),
        {"import-bestand": SimpleUploadedFile("b.xlsx", b"geen excel")},
        follow=True,
    )
    assert "kan niet worden gelezen" in response.content.decode()


def test_budget_export_has_money_as_numbers(login, beleid, plan, buurt):
    response = login(beleid).get(reverse("buurtplan:begroting_export", args=[buurt.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Begroting"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Bedrag"
    assert sorted(row[-1] for row in rows[1:]) == [1234.56, 5000]


def test_editor_saves_lines_and_shows_totals(login, beleid, plan, buurt, partner_organisatie):
    client = login(beleid)
    url = reverse("buurtplan:buurt_begroting", args=[buurt.pk])
    regels = list(plan.begroting.regels.order_by("jaar"))
    activiteit = plan.activiteiten.get()
    data = {
        "regels-TOTAL_FORMS": "3",
        "regels-INITIAL_FORMS": "2",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "1000",
        "actie": "opslaan",
    }
    for i, r in enumerate(regels):
        data.update(
            {
                f"regels-{i}-regel_id": r.pk,
                f"regels-{i}-activiteit": r.activiteit_id,
                f"regels-{i}-jaar": r.jaar,
                f"regels-{i}-domein": r.domein,
                f"regels-{i}-financiering": r.financiering,
                f"regels-{i}-ontvangende_partner": r.ontvangende_partner_id,
                f"regels-{i}-bedrag": str(r.bedrag),
            }
        )
    data["regels-0-bedrag"] = "2.000,00"
    data["regels-1-verwijderen"] = "on"
    data.update(
        {
            "regels-2-activiteit": activiteit.pk,
            "regels-2-jaar": "2027",
            "regels-2-domein": "sociaal_domein",
            "regels-2-financiering": "spuk",
            "regels-2-ontvangende_partner": partner_organisatie.pk,
            "regels-2-bedrag": "17425",
        }
    )
    response = client.post(url + "?versie=1", data, follow=True)
    assert response.status_code == 200
    assert sorted(plan.begroting.regels.values_list("jaar", "bedrag")) == [
        (2025, Decimal("2000.00")),
        (2027, Decimal("17425.00")),
    ]
    assert plan.begroting.regels.filter(pk=regels[0].pk).exists()  # the line kept its id
    assert "19.425,00" in response.content.decode()


def test_editor_rejects_bad_amount_with_dutch_message(login, beleid, plan, buurt):
    client = login(beleid)
    r = plan.begroting.regels.order_by("jaar").first()
    data = {
        "regels-TOTAL_FORMS": "1",
        "regels-INITIAL_FORMS": "1",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "1000",
        "actie": "opslaan",
        "regels-0-regel_id": r.pk,
        "regels-0-activiteit": r.activiteit_id,
        "regels-0-jaar": r.jaar,
        "regels-0-domein": r.domein,
        "regels-0-financiering": r.financiering,
        "regels-0-ontvangende_partner": r.ontvangende_partner_id,
        "regels-0-bedrag": "12,345.6",
    }
    response = client.post(reverse("buurtplan:buurt_begroting", args=[buurt.pk]) + "?versie=1", data)
    assert response.status_code == 400
    assert "is geen geldig bedrag" in response.content.decode()
    r.refresh_from_db()
    assert r.bedrag == Decimal("1234.56")


def test_totals_endpoint_recomputes_unsaved_values(login, beleid, plan, buurt):
    r = plan.begroting.regels.order_by("jaar").first()
    data = {
        "regels-TOTAL_FORMS": "1",
        "regels-INITIAL_FORMS": "1",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "1000",
        "regels-0-regel_id": r.pk,
        "regels-0-activiteit": r.activiteit_id,
        "regels-0-jaar": "2025",
        "regels-0-domein": "sociaal_domein",
        "regels-0-financiering": "spuk",
        "regels-0-ontvangende_partner": r.ontvangende_partner_id,
        "regels-0-bedrag": "34.851,00",
    }
    response = login(beleid).post(
        reverse("buurtplan:begroting_totalen", args=[buurt.pk, 1]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="begroting-totalen"' in content
    assert "34.851,00" in content
    r.refresh_from_db()
    assert r.bedrag == Decimal("1234.56")


def test_commission_decision_send_back_via_page(login, beleid, plan, buurt):
    client = login(beleid)
    client.post(reverse("buurtplan:begroting_indienen", args=[buurt.pk, 1]))
    response = client.post(
        reverse("buurtplan:begroting_beoordelen", args=[buurt.pk, 1]),
        {"besluit-besluit": "teruggestuurd", "besluit-datum": "2025-05-01", "besluit-opmerkingen": ""},
        follow=True,
    )
    assert "Schrijf de opmerkingen van de begrotingscommissie op" in response.content.decode()
    plan.begroting.refresh_from_db()
    assert plan.begroting.status == Buurtbegroting.Status.INGEDIEND


def test_vaststellen_page_shows_what_is_missing(login, beleid, plan, buurt):
    response = login(beleid).post(reverse("buurtplan:plan_vaststellen", args=[buurt.pk, 1]), follow=True)
    content = response.content.decode()
    assert "kan nog niet worden vastgesteld" in content
    assert "Het buurtnetwerk heeft 0 leden" in content
    plan.refresh_from_db()
    assert plan.status == Buurtplan.Status.CONCEPT


def test_new_version_page_shows_budget_difference(login, beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    services.stel_vast(beleid, plan)
    nieuw = services.nieuwe_versie(beleid, plan, "Meer inzet 2025")
    regel = nieuw.begroting.regels.get(jaar=2025)
    services.bewaar_begroting(beleid, nieuw.begroting, [{"regel": regel, "bedrag": Decimal("3000.00")}])
    response = login(beleid).get(reverse("buurtplan:buurt_begroting", args=[buurt.pk]), {"versie": 2})
    content = response.content.decode()
    assert "Verschil met versie 1" in content
    assert "499,50" in content  # 3.000,00 − 2.500,50


def test_pdf_contains_budget_totals(beleid, buurt, partner_organisatie):
    from pypdf import PdfReader

    from buurtplan.pdf import buurtplan_pdf

    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    data = buurtplan_pdf(plan)
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Zuidwijken" in text
    assert "3.500,50" in text  # 1.000,00 + 2.500,50
    assert "Zorgzame buurt" in text
