"""The partner side of the API: the same services and rules as the portal, through a key."""

import datetime

import pytest

from declaraties.models import Declaratie
from tests.factories.declaraties import PNG_BYTES, pdf

pytestmark = pytest.mark.django_db


def _nieuw(client, regel, **extra):
    body = {
        "begrotingsregel": regel.pk,
        "periode_van": f"{regel.jaar}-01-01",
        "periode_tot": f"{regel.jaar}-03-31",
        "bedrag": "1500.00",
        "omschrijving": "Inzet kartrekker eerste kwartaal",
        "factuurnummer": "API-001",
        "niet_elders_gefinancierd": True,
        **extra,
    }
    return client.post("/api/v1/declaraties/", body, format="json")


def test_partner_creates_attaches_and_submits_a_declaration(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)
    response = _nieuw(client, regels[2025])
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "concept"

    response = client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": pdf()}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "application/pdf"

    response = client.post(f"/api/v1/declaraties/{pk}/indienen/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ingediend"
    assert body["status_omschrijving"] == "In behandeling"
    assert body["nummer"].startswith("D")
    assert [b["naar"] for b in body["berichten"]][0] == "In behandeling"
    d = Declaratie.objects.get(pk=pk)
    assert d.ingediend_door.api_sleutel.organisatie == partner_organisatie


def test_toekenningen_and_lines_show_the_remaining_budget(regels, partner_organisatie, sleutel, api):
    from declaraties.models import Toekenning

    Toekenning.objects.create(
        partner=partner_organisatie, buurt=regels[2025].begroting.buurtplan.buurt, jaar=2025, plafond="8000.00"
    )
    _, key = sleutel(partner_organisatie, "read")
    client = api(key)
    toekenningen = client.get("/api/v1/toekenningen/").json()["results"]
    assert [(t["jaar"], t["plafond"], t["resterend"]) for t in toekenningen] == [(2025, "8000.00", "8000.00")]
    lines = {r["jaar"]: r["resterend"] for r in client.get("/api/v1/begrotingsregels/").json()}
    assert lines == {2024: "5000.00", 2025: "20000.00"}


def test_submitting_without_attachment_is_refused_in_dutch_problem_json(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)
    pk = _nieuw(client, regels[2025]).json()["id"]
    response = client.post(f"/api/v1/declaraties/{pk}/indienen/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "De invoer is niet in orde."
    assert "Voeg minstens één factuur" in body["errors"]["bijlagen"][0]


def test_upload_is_checked_by_content_like_the_web_form(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)
    pk = _nieuw(client, regels[2025]).json()["id"]
    vals = pdf(name="factuur.pdf", content=b"MZ\x90\x00 not a pdf")
    response = client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": vals}, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "PDF" in response.json()["detail"]
    png = pdf(name="scan.png", content=PNG_BYTES)
    assert client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": png}, format="multipart").status_code == 201


def test_amount_above_the_budget_is_refused_by_the_same_rule_as_the_portal(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)
    pk = _nieuw(client, regels[2024], bedrag="6000.00").json()["id"]
    client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": pdf()}, format="multipart")
    response = client.post(f"/api/v1/declaraties/{pk}/indienen/")
    assert response.status_code == 400
    assert "resterende SPUK-budget" in response.json()["errors"]["bedrag"][0]
    assert Declaratie.objects.get(pk=pk).status == "concept"


def test_a_period_outside_the_year_is_reported_per_field(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)
    pk = _nieuw(client, regels[2025], periode_van="2024-12-01").json()["id"]
    client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": pdf()}, format="multipart")
    response = client.post(f"/api/v1/declaraties/{pk}/indienen/")
    assert "periode_van" in response.json()["errors"]


def test_patch_changes_a_concept_but_not_a_submitted_declaration(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)
    pk = _nieuw(client, regels[2025]).json()["id"]
    response = client.patch(f"/api/v1/declaraties/{pk}/", {"bedrag": "1750.00"}, format="json")
    assert response.status_code == 200 and response.json()["bedrag"] == "1750.00"
    client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": pdf()}, format="multipart")
    assert client.post(f"/api/v1/declaraties/{pk}/indienen/").status_code == 200
    response = client.patch(f"/api/v1/declaraties/{pk}/", {"bedrag": "1.00"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Deze declaratie is in behandeling en kan niet meer worden gewijzigd."
    assert str(Declaratie.objects.get(pk=pk).bedrag) == "1750.00"
    assert datetime.date.today()  # the clock is not frozen here
