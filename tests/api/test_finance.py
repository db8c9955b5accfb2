"""The finance side: the ERP import by cursor (each entry exactly once), payments to register,
beschikkingen and SiSa figures, all read-only and scoped to the key's gemeente."""

import pytest

from declaraties import services as declaratie_services
from grootboek.api import Journaalpost
from tests.factories.declaraties import ingediend

pytestmark = pytest.mark.django_db


def _geboekt(partner, financien, regel, n):
    for _ in range(n):
        declaratie_services.keur_goed(financien, ingediend(partner, regel, bedrag="100.00"))


def _alle(client, boekjaar, aantal, na=0):
    """Follow the cursor to the end; returns (stuknummers in order, last cursor)."""
    gezien, cursor = [], {"boekjaar": boekjaar, "na": na}
    for _ in range(100):
        body = client.get("/api/v1/grootboek/journaalposten/", {**cursor, "aantal": aantal}).json()
        gezien += [p["stuknummer"] for p in body["resultaten"]]
        cursor = body["volgende"]
        if not body["meer"]:
            return gezien, cursor
    raise AssertionError("the cursor never ends")


def test_the_erp_export_returns_each_entry_once_across_cursor_pages(
    regels, beschikking, partner, financien, gemeente, sleutel, api
):
    _geboekt(partner, financien, regels[2025], 5)
    boekjaar = Journaalpost.objects.filter(gemeente=gemeente).latest("aangemaakt_op").boekjaar
    verwacht = [
        p.stuknummer for p in Journaalpost.objects.filter(gemeente=gemeente, boekjaar=boekjaar).order_by("volgnummer")
    ]
    assert len(verwacht) >= 5
    _, key = sleutel(gemeente, "ledger-export")
    client = api(key)
    gezien, cursor = _alle(client, boekjaar, aantal=2)
    assert gezien == verwacht
    # Entries booked after the last page come on the next call, once; nothing old comes back.
    _geboekt(partner, financien, regels[2025], 2)
    nieuw, cursor2 = _alle(client, boekjaar, aantal=2, na=cursor["na"])
    assert len(nieuw) >= 2 and not set(nieuw) & set(gezien)
    assert _alle(client, boekjaar, aantal=2, na=cursor2["na"])[0] == []
    post = client.get("/api/v1/grootboek/journaalposten/", {"boekjaar": boekjaar, "aantal": 1}).json()["resultaten"][0]
    assert sum(float(r["debet"]) for r in post["regels"]) == sum(float(r["credit"]) for r in post["regels"]) > 0


def test_the_ledger_export_is_the_key_gemeentes_own(
    regels, beschikking, partner, financien, andere_gemeente, sleutel, api
):
    from tests.factories.core import UserFactory

    _geboekt(partner, financien, regels[2025], 1)
    vreemde_beheer = UserFactory(email="beheer@alphen.test", role="beheer", gemeenten=[andere_gemeente])
    from api import services

    _, key = services.geef_uit(vreemde_beheer, organisatie=andere_gemeente, naam="ERP", scopes=["ledger-export"])
    boekjaar = Journaalpost.objects.latest("aangemaakt_op").boekjaar
    body = api(key).get("/api/v1/grootboek/journaalposten/", {"boekjaar": boekjaar}).json()
    assert body["resultaten"] == [] and body["meer"] is False


def test_cursor_parameters_are_checked_in_dutch(gemeente, sleutel, api):
    _, key = sleutel(gemeente, "ledger-export")
    response = api(key).get("/api/v1/grootboek/journaalposten/", {"boekjaar": "twee", "aantal": 0})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"boekjaar", "aantal"}
    assert "geldig getal" in errors["boekjaar"][0]


def test_payments_to_register_list_the_booked_declarations(
    regels, beschikking, partner, financien, gemeente, sleutel, api
):
    _geboekt(partner, financien, regels[2025], 2)
    _, key = sleutel(gemeente, "ledger-export")
    rows = api(key).get("/api/v1/betalingen/te-registreren/").json()["results"]
    assert len(rows) == 2 and {r["bedrag"] for r in rows} == {"100.00"}
    assert all(r["partner"] == "Stichting Perspectief" and r["journaalpost"] for r in rows)


def test_beschikkingen_and_sisa_figures_read_only(beschikking, gemeente, sleutel, api):
    _, key = sleutel(gemeente, "read")
    client = api(key)
    rows = client.get("/api/v1/beschikkingen/").json()["results"]
    assert [r["nummer"] for r in rows] == [beschikking.nummer]
    sisa = client.get(f"/api/v1/beschikkingen/{beschikking.pk}/sisa/2025/").json()
    assert sisa["beschikking"]["nummer"] == beschikking.nummer
    assert [i["nummer"] for i in sisa["indicatoren"]][:1] == [1]
    assert client.post("/api/v1/beschikkingen/").status_code in (403, 405)
    assert client.get(f"/api/v1/beschikkingen/{beschikking.pk}/sisa/1800/").status_code == 404
