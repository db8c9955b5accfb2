import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from spuk import services
from spuk.models import Aanvraag, AanvraagDocument
from tests.factories.buurtplan import pdf_upload
from tests.factories.spuk import aanvraag as maak_aanvraag
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


def test_beleid_cannot_register_termijn_or_jaarafsluiting_via_pages(besch, beleid, login):
    client = login(beleid)
    termijn = besch.termijnen.get(jaar=2024)
    assert (
        client.post(
            reverse("spuk:termijn_ontvangen", args=[besch.pk, termijn.pk]),
            {"ontvangen_op": "2024-12-01", "bedrag": "34851"},
        ).status_code
        == 403
    )
    assert client.post(reverse("spuk:jaarafsluiting", args=[besch.pk]), {"jaar": "2024"}).status_code == 403
    termijn.refresh_from_db()
    assert termijn.status == "verwacht"


def test_financien_runs_jaarafsluiting_terugbetaling_and_vaststelling_via_pages(besch, financien, login):
    client = login(financien)
    services.registreer_termijn(financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 12, 1))
    boek_lasten(financien, besch, "3000.00", boekdatum=datetime.date(2024, 12, 10), bestedingsjaar=2024)
    client.post(reverse("spuk:jaarafsluiting", args=[besch.pk]), {"jaar": "2024"})
    assert besch.jaarafsluitingen.get(jaar=2024).vrijval == D("3000.00")
    client.post(
        reverse("spuk:terugbetaling", args=[besch.pk]),
        {"reden": "mijlpaal", "bedrag": "1.000,00", "boekdatum": "2025-03-01", "toelichting": "M2"},
    )
    t = besch.terugbetalingen.get()
    client.post(reverse("spuk:terugbetaling_betaald", args=[besch.pk, t.pk]), {"betaald_op": "2025-04-01"})
    t.refresh_from_db()
    assert t.status == "betaald"
    client.post(
        reverse("spuk:vaststelling", args=[besch.pk]),
        {"datum": "2025-10-01", "bedrag": "30000,00", "kenmerk": "DUS-I/1"},
    )
    besch.aanvraag.refresh_from_db()
    assert besch.aanvraag.status == Aanvraag.Status.VASTGESTELD
    # received 34.851 − vastgesteld 30.000 − already repaid 1.000 = 3.851 onderbesteding
    assert besch.terugbetalingen.get(reden="onderbesteding").bedrag == D("3851.00")
    page = client.get(reverse("spuk:beschikking_detail", args=[besch.pk])).content.decode()
    assert "3.851,00" in page and "DUS-I/1" in page


def test_jaarafsluiting_of_a_reversal_books_back(besch, financien):
    from grootboek.services import tegenboek

    post = boek_lasten(financien, besch, "500.00", boekdatum=datetime.date(2024, 6, 1), bestedingsjaar=2024)
    services.jaarafsluiting(financien, besch, 2024)
    tegenboek(financien, post, "Onterecht", boekdatum=datetime.date(2025, 2, 1))
    afsluiting = services.jaarafsluiting(financien, besch, 2025)
    assert afsluiting.vrijval == D("-500.00")
    from spuk import queries

    assert queries.financieel_overzicht(besch)["vrijgevallen"] == D("0.00")


def test_beleid_attaches_document_and_controle_downloads_it(beleid, controle, gemeente, login):
    aanvraag = maak_aanvraag(beleid, gemeente)
    response = login(beleid).post(
        reverse("spuk:aanvraag_document", args=[aanvraag.pk]),
        {"omschrijving": "Collegebesluit", "bestand": pdf_upload("besluit.pdf")},
    )
    assert response.status_code == 302
    document = AanvraagDocument.objects.get()
    response = login(controle).get(reverse("spuk:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_beleid_edits_concept_aanvraag(beleid, gemeente, login):
    aanvraag = maak_aanvraag(beleid, gemeente)
    buurt = aanvraag.buurten.get()
    response = login(beleid).post(
        reverse("spuk:aanvraag_wijzigen", args=[aanvraag.pk]),
        {
            "titel": "Nieuwe titel",
            "zaaknummer": "1047323",
            "buurten": [buurt.pk],
            "bedrag_2024": "100,00",
        },
    )
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.titel == "Nieuwe titel"
    assert {b.jaar: b.bedrag for b in aanvraag.bedragen.all()} == {2024: D("100.00")}


def test_submitted_aanvraag_cannot_be_edited(beleid, gemeente, login):
    aanvraag = maak_aanvraag(beleid, gemeente)
    services.dien_in(beleid, aanvraag, reden="x")
    response = login(beleid).get(reverse("spuk:aanvraag_wijzigen", args=[aanvraag.pk]))
    assert response.status_code == 302
