import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.xlsx import table_rows
from grootboek.models import ErpExportProfiel, Journaalpost
from grootboek.services import sluit_periode
from tests.factories.core import UserFactory
from tests.factories.grootboek import BESCHIKKING, boek_simpel

pytestmark = pytest.mark.django_db


@pytest.fixture
def posten(financien, gemeente, rekeningen, partner_organisatie):
    return [
        boek_simpel(
            financien,
            gemeente,
            rekeningen["bank"],
            rekeningen["vooruitontvangen"],
            "34851.00",
            boekdatum=datetime.date(2024, 11, 1),
            omschrijving="Termijn 2024 ontvangen",
        ),
        boek_simpel(
            financien,
            gemeente,
            rekeningen["lasten"],
            rekeningen["crediteuren"],
            "12500.00",
            boekdatum=datetime.date(2025, 2, 10),
            omschrijving="Declaratie Perspectief",
            relatie=partner_organisatie,
            bestedingsjaar=2024,
        ),
        boek_simpel(
            financien,
            gemeente,
            rekeningen["crediteuren"],
            rekeningen["bank"],
            "12500.00",
            boekdatum=datetime.date(2025, 3, 1),
            omschrijving="Betaling Perspectief",
            relatie=partner_organisatie,
        ),
    ]


@pytest.fixture
def alphen_post(andere_gemeente, andere_rekeningen):
    alphen = UserFactory(email="fin@alphen.test", role="financien", gemeenten=[andere_gemeente])
    return boek_simpel(
        alphen, andere_gemeente, andere_rekeningen["bank"], andere_rekeningen["vooruitontvangen"], "79510.00"
    )


def _xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in table_rows(sheet)]


def _all_urls(post, rekening):
    return [
        reverse("grootboek:journaalposten"),
        reverse("grootboek:journaalposten") + "?format=xlsx",
        reverse("grootboek:journaalpost", args=[post.pk]),
        reverse("grootboek:proefbalans"),
        reverse("grootboek:proefbalans") + "?boekjaar=2025&format=xlsx",
        reverse("grootboek:rekeningen"),
        reverse("grootboek:rekeningen") + "?format=xlsx",
        reverse("grootboek:rekeningkaart", args=[rekening.pk]),
        reverse("grootboek:rekeningkaart", args=[rekening.pk]) + "?format=xlsx",
        reverse("grootboek:rekening_wijzigen", args=[rekening.pk]),
        reverse("grootboek:boekjaren"),
        reverse("grootboek:erp_export"),
        reverse("grootboek:erp_export") + "?van=2025-01-01&tot=2025-12-31&formaat=csv",
        reverse("grootboek:erp_export") + "?van=2025-01-01&tot=2025-12-31&formaat=xlsx",
        reverse("grootboek:erp_profiel"),
    ]


def test_partner_gets_403_on_every_ledger_page_and_export(partner, login, posten, rekeningen):
    client = login(partner)
    for url in _all_urls(posten[0], rekeningen["bank"]):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("grootboek:journaalpost", args=[posten[0].pk]), {"reden": "x", "boekdatum": "2025-05-01"}
        ).status_code
        == 403
    )
    assert client.post(reverse("grootboek:boekjaren"), {"jaar": "2024"}).status_code == 403
    assert not Journaalpost.objects.filter(tegenboeking_van=posten[0]).exists()


def test_beleid_gets_403_on_ledger_pages(beleid, login, posten, rekeningen):
    client = login(beleid)
    assert client.get(reverse("grootboek:journaalposten")).status_code == 403
    assert client.get(reverse("grootboek:proefbalans")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("grootboek:journaalposten"))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


@pytest.mark.parametrize("rol", ["financien", "controle"])
def test_finance_and_controle_can_open_every_page_and_export(request, rol, login, posten, rekeningen):
    client = login(request.getfixturevalue(rol))
    for url in _all_urls(posten[0], rekeningen["bank"]):
        if rol == "controle" and ("wijzigen" in url or "profiel" in url):
            assert client.get(url).status_code == 403, url
        else:
            assert client.get(url).status_code == 200, url


def test_zutphen_staff_get_404_on_alphen_entries_and_accounts(
    financien, controle, login, alphen_post, andere_rekeningen
):
    for user in (financien, controle):
        client = login(user)
        assert client.get(reverse("grootboek:journaalpost", args=[alphen_post.pk])).status_code == 404
        assert client.get(reverse("grootboek:rekeningkaart", args=[andere_rekeningen["bank"].pk])).status_code == 404
    client = login(financien)
    assert (
        client.post(
            reverse("grootboek:journaalpost", args=[alphen_post.pk]), {"reden": "x", "boekdatum": "2025-05-01"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("grootboek:rekening_wijzigen", args=[andere_rekeningen["bank"].pk]), {"nummer": "1", "naam": "x"}
        ).status_code
        == 404
    )


def test_journaalposten_list_shows_only_the_active_gemeente(financien, login, posten, alphen_post):
    response = login(financien).get(reverse("grootboek:journaalposten"))
    content = response.content.decode()
    assert "Declaratie Perspectief" in content and "€\xa012.500,00" in content
    assert response.context["paginator"].count == 3


def test_journaalposten_filters_by_year_period_account_and_stuknummer(financien, login, posten, rekeningen):
    client = login(financien)
    url = reverse("grootboek:journaalposten")

    def count(**params):
        return client.get(url, params).context["paginator"].count

    assert count(boekjaar=2025) == 2
    assert count(boekjaar=2025, periode=3) == 1
    assert count(rekening=rekeningen["lasten"].pk) == 1
    assert count(stuknummer="2025-000002") == 1
    assert count(stuknummer="1") == 2
    assert count(zoek="betaling") == 1


def test_journaalposten_sort_by_amount(financien, login, posten):
    client = login(financien)
    response = client.get(reverse("grootboek:journaalposten"), {"sort": "-totaal"})
    assert [p.totaal for p in response.context["object_list"]] == [
        Decimal("34851.00"),
        Decimal("12500.00"),
        Decimal("12500.00"),
    ]


def test_journaalposten_export_contains_the_rows(financien, login, posten):
    rows = _xlsx(login(financien).get(reverse("grootboek:journaalposten"), {"format": "xlsx", "sort": "stuknummer"}))
    assert rows[0][:3] == ["Stuknummer", "Boekdatum", "Omschrijving"]
    assert [r[0] for r in rows[1:]] == ["2024-000001", "2025-000001", "2025-000002"]
    assert rows[1][4] == 34851


def test_list_pages_query_count_does_not_grow_with_rows(
    financien, login, gemeente, rekeningen, django_assert_max_num_queries
):
    client = login(financien)
    urls = [
        reverse("grootboek:journaalposten"),
        reverse("grootboek:rekeningen"),
        reverse("grootboek:rekeningkaart", args=[rekeningen["bank"].pk]),
        reverse("grootboek:proefbalans") + "?boekjaar=2025",
    ]
    boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00")
    client.get(urls[0])  # warm caches (content types, session)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        counts[url] = len(captured)
    for i in range(20):
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], f"{i + 2}.00")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_journaalpost_detail_shows_lines_and_reversal_form_for_financien(financien, controle, login, posten):
    post = posten[1]
    response = login(financien).get(reverse("grootboek:journaalpost", args=[post.pk]))
    content = response.content.decode()
    assert "2025-000001" in content and "Stichting Perspectief" in content and "Tegenboeking maken" in content
    response = login(controle).get(reverse("grootboek:journaalpost", args=[post.pk]))
    assert "Tegenboeking maken" not in response.content.decode()


def test_financien_reverses_an_entry_with_a_reason(financien, login, posten):
    post = posten[1]
    client = login(financien)
    response = client.post(reverse("grootboek:journaalpost", args=[post.pk]), {"reden": "", "boekdatum": "2025-05-01"})
    assert response.status_code == 400 and "Geef de reden" in response.content.decode()
    response = client.post(
        reverse("grootboek:journaalpost", args=[post.pk]), {"reden": "Dubbel betaald", "boekdatum": "2025-05-01"}
    )
    tegen = Journaalpost.objects.get(tegenboeking_van=post)
    assert response.status_code == 302 and response["Location"] == tegen.get_absolute_url()
    response = client.get(reverse("grootboek:journaalpost", args=[post.pk]))
    assert tegen.stuknummer in response.content.decode() and "Tegenboeking maken" not in response.content.decode()


def test_controle_cannot_reverse_via_the_page(controle, login, posten):
    response = login(controle).post(
        reverse("grootboek:journaalpost", args=[posten[1].pk]), {"reden": "x", "boekdatum": "2025-05-01"}
    )
    assert response.status_code == 403
    assert not Journaalpost.objects.filter(tegenboeking_van=posten[1]).exists()


def test_proefbalans_shows_totals_and_exports_xlsx(financien, login, posten, rekeningen):
    client = login(financien)
    response = client.get(reverse("grootboek:proefbalans"), {"boekjaar": 2025})
    balans = response.context["balans"]
    assert balans.in_balans and balans.totaal_debet == Decimal("25000.00")
    bank = next(r for r in balans.regels if r.rekening == rekeningen["bank"])
    assert (bank.beginsaldo, bank.debet, bank.credit, bank.eindsaldo) == (
        Decimal("34851.00"),
        0,
        Decimal("12500.00"),
        Decimal("22351.00"),
    )
    rows = _xlsx(client.get(reverse("grootboek:proefbalans"), {"boekjaar": 2025, "format": "xlsx"}))
    assert rows[0] == [
        "Rekening",
        "Naam",
        "Soort",
        "Kostenplaats",
        "Taakveld",
        "Beginsaldo",
        "Debet",
        "Credit",
        "Eindsaldo",
    ]
    assert rows[-1][1] == "Totaal" and rows[-1][6] == rows[-1][7] == 25000


def test_proefbalans_sorts_by_eindsaldo(financien, login, posten):
    response = login(financien).get(reverse("grootboek:proefbalans"), {"boekjaar": 2025, "sort": "-eindsaldo"})
    saldi = [r.eindsaldo for r in response.context["balans"].regels]
    assert saldi == sorted(saldi, reverse=True)


def test_rekeningkaart_shows_running_balance(financien, login, posten, rekeningen):
    response = login(financien).get(reverse("grootboek:rekeningkaart", args=[rekeningen["bank"].pk]))
    rows = list(response.context["object_list"])
    assert [r.lopend_saldo for r in rows] == [Decimal("34851.00"), Decimal("22351.00")]
    response = login(financien).get(
        reverse("grootboek:rekeningkaart", args=[rekeningen["bank"].pk]), {"van": "2025-01-01"}
    )
    assert response.context["beginsaldo"] == Decimal("34851.00")
    assert [r.lopend_saldo for r in response.context["object_list"]] == [Decimal("22351.00")]


def test_financien_maps_an_account_onto_own_chart(financien, controle, login, rekeningen):
    lasten = rekeningen["lasten"]
    url = reverse("grootboek:rekening_wijzigen", args=[lasten.pk])
    data = {
        "nummer": "6.1.4470",
        "naam": "Lasten transformatiemiddelen",
        "kostenplaats": "KP1",
        "taakveld": "6.1",
        "economische_categorie": "",
        "actief": "on",
    }
    assert login(controle).post(url, data).status_code == 403
    response = login(financien).post(url, data)
    assert response.status_code == 302
    lasten.refresh_from_db()
    assert (lasten.nummer, lasten.kostenplaats, lasten.rol) == ("6.1.4470", "KP1", "lasten")
    data["nummer"] = rekeningen["bank"].nummer
    response = login(financien).post(url, data)
    assert response.status_code == 400 and "bestaat al" in response.content.decode()


def test_erp_export_csv_uses_the_gemeente_profile(financien, login, posten, gemeente, partner_organisatie):
    client = login(financien)
    response = client.get(reverse("grootboek:erp_export"), {"van": "2025-01-01", "tot": "2025-12-31", "formaat": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Boekdatum",
        "Boekjaar",
        "Periode",
        "Stuknummer",
        "Rekening",
        "Kostenplaats",
        "Taakveld",
        "Debet",
        "Credit",
        "Relatie",
        "Omschrijving",
        "Beschikkingsnummer",
        "Bestedingsjaar",
        "Bronverwijzing",
    ]
    assert len(rows) == 5
    assert rows[1][:5] == ["10-02-2025", "2025", "2", "2025-000001", "4400.01"]
    assert rows[1][7:10] == ["12500,00", "0,00", "Stichting Perspectief"]
    assert rows[1][11:13] == ["SPUK-IZA-AZWA-1047323", "2024"]

    # Finance changes the template: other columns, order and names, comma separator, decimal point.
    response = client.post(
        reverse("grootboek:erp_profiel"),
        {
            "kolommen": "stuknummer = Boekstuk\nrekening = Grootboek\ndebet\ncredit = Cr",
            "scheidingsteken": ",",
            "datumformaat": "%Y-%m-%d",
        },
    )
    assert response.status_code == 302
    assert ErpExportProfiel.objects.get(gemeente=gemeente).kolommen == [
        ["stuknummer", "Boekstuk"],
        ["rekening", "Grootboek"],
        ["debet", "Debet"],
        ["credit", "Cr"],
    ]
    text = client.get(
        reverse("grootboek:erp_export"), {"van": "2025-01-01", "tot": "2025-12-31", "formaat": "csv"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Boekstuk", "Grootboek", "Debet", "Cr"]
    assert rows[1] == ["2025-000001", "4400.01", "12500.00", "0.00"]


def test_erp_export_xlsx_has_typed_values(financien, login, posten):
    rows = _xlsx(
        login(financien).get(
            reverse("grootboek:erp_export"), {"van": "2024-01-01", "tot": "2024-12-31", "formaat": "xlsx"}
        )
    )
    assert rows[0][0] == "Boekdatum" and len(rows) == 3
    assert rows[1][0] == datetime.datetime(2024, 11, 1) and rows[1][7] == 34851


def test_erp_export_refuses_a_reversed_period(financien, login):
    response = login(financien).get(
        reverse("grootboek:erp_export"), {"van": "2025-12-31", "tot": "2025-01-01", "formaat": "csv"}
    )
    assert response.status_code == 400 and "Draai de datums om" in response.content.decode()


def test_erp_profile_refuses_unknown_fields(financien, login):
    response = login(financien).post(
        reverse("grootboek:erp_profiel"),
        {"kolommen": "bedrag = Bedrag", "scheidingsteken": ";", "datumformaat": "%d-%m-%Y"},
    )
    assert response.status_code == 400 and "onbekend veld" in response.content.decode()


def test_financien_closes_a_year_on_the_boekjaren_page(financien, controle, login, posten, gemeente):
    assert login(controle).post(reverse("grootboek:boekjaren"), {"jaar": "2024"}).status_code == 403
    response = login(financien).post(reverse("grootboek:boekjaren"), {"jaar": "2024"}, follow=True)
    assert "De jaarafsluiting (vrijval) 2024 van beschikking" in response.content.decode()
    assert not gemeente.boekjaren.get(jaar=2024).gesloten
    sluit_periode(financien, gemeente, BESCHIKKING, 2024)  # the release of 2024 ran
    response = login(financien).post(reverse("grootboek:boekjaren"), {"jaar": "2024"})
    assert response.status_code == 302
    assert gemeente.boekjaren.get(jaar=2024).gesloten


def test_nav_shows_ledger_for_finance_not_for_partner(financien, partner):
    from core.nav import items_for

    assert "grootboek:journaalposten" in [i.url_name for i in items_for(financien)]
    assert "grootboek:journaalposten" not in [i.url_name for i in items_for(partner)]


def test_closing_a_year_asks_for_confirmation_first(financien, controle, login, posten, gemeente):
    url = reverse("grootboek:boekjaren")
    assert login(controle).get(url, {"sluiten": "2024"}).status_code == 403
    client = login(financien)
    assert 'href="?sluiten=2024"' in client.get(url).content.decode()
    page = client.get(url, {"sluiten": "2024"})
    html = page.content.decode()
    assert page.status_code == 200 and "Dit kunt u niet ongedaan maken." in html
    # What still blocks it is on the page before anyone presses the button.
    assert "De jaarafsluiting (vrijval) 2024 van beschikking" in html
    assert 'name="jaar" value="2024"' in html
    assert not gemeente.boekjaren.get(jaar=2024).gesloten
    sluit_periode(financien, gemeente, BESCHIKKING, 2024)
    client.post(url, {"jaar": "2024"})
    assert gemeente.boekjaren.get(jaar=2024).gesloten
