"""Scopes and organisations: a key reaches only its own organisation's data and only the endpoints
of its scopes; revoked or unknown keys are refused; the rate limit holds per key."""

import pytest

from api import services
from api.models import ApiSleutel
from api.throttling import SleutelThrottle
from core.models import Gebeurtenis
from tests.factories.declaraties import concept, ingediend

pytestmark = pytest.mark.django_db


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("https://")
    return body


def test_a_foreign_organisations_declaration_answers_404(regels, partner, andere_partner_organisatie, sleutel, api):
    d = concept(partner, regels[2025])
    _, key = sleutel(andere_partner_organisatie, "declare", "read")
    client = api(key)
    _problem(client.get(f"/api/v1/declaraties/{d.pk}/"), 404)
    _problem(client.post(f"/api/v1/declaraties/{d.pk}/indienen/"), 404)
    _problem(client.patch(f"/api/v1/declaraties/{d.pk}/", {"bedrag": "1.00"}, format="json"), 404)
    assert client.get("/api/v1/declaraties/").json()["results"] == []


def test_a_foreign_partners_budget_line_is_refused(regels, andere_partner_organisatie, sleutel, api):
    _, key = sleutel(andere_partner_organisatie, "declare")
    response = api(key).post("/api/v1/declaraties/", {"begrotingsregel": regels[2025].pk}, format="json")
    assert _problem(response, 403)["detail"] == "Op deze begrotingsregel mag uw organisatie niet declareren."


def test_a_read_key_cannot_write(regels, partner, partner_organisatie, sleutel, api):
    d = concept(partner, regels[2025])
    _, key = sleutel(partner_organisatie, "read")
    client = api(key)
    assert client.get(f"/api/v1/declaraties/{d.pk}/").status_code == 200
    body = _problem(client.post(f"/api/v1/declaraties/{d.pk}/indienen/"), 403)
    assert body["detail"] == "Deze API-sleutel heeft niet de scope die hiervoor nodig is."
    _problem(client.post("/api/v1/declaraties/", {"begrotingsregel": regels[2025].pk}, format="json"), 403)


def test_a_partner_key_never_reaches_the_ledger_or_spuk(regels, partner_organisatie, sleutel, api):
    _, key = sleutel(partner_organisatie, "declare", "read")
    client = api(key)
    _problem(client.get("/api/v1/grootboek/journaalposten/?boekjaar=2025"), 403)
    # With the read scope the list answers, but the partner's service user sees no payments or beschikkingen.
    assert client.get("/api/v1/betalingen/te-registreren/").json()["results"] == []
    assert client.get("/api/v1/beschikkingen/").json()["results"] == []


def test_a_gemeente_read_key_sees_no_partner_concepts_and_cannot_declare(regels, partner, gemeente, sleutel, api):
    d = concept(partner, regels[2025])
    _, key = sleutel(gemeente, "read")
    client = api(key)
    _problem(client.get(f"/api/v1/declaraties/{d.pk}/"), 404)
    _problem(client.post("/api/v1/declaraties/", {"begrotingsregel": regels[2025].pk}, format="json"), 403)
    _problem(client.get("/api/v1/grootboek/journaalposten/?boekjaar=2025"), 403)


def test_a_gemeente_cannot_get_the_declare_scope_nor_a_partner_ledger_export(
    gemeente, partner_organisatie, regels, sleutel
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="declare"):
        sleutel(gemeente, "declare")
    with pytest.raises(ValidationError, match="ledger-export"):
        sleutel(partner_organisatie, "ledger-export")


def test_only_beheer_of_the_gemeente_issues_keys_for_its_own_partners(
    financien, andere_gemeente, partner_organisatie, regels
):
    from django.core.exceptions import PermissionDenied

    from tests.factories.core import UserFactory

    with pytest.raises(PermissionDenied):
        services.geef_uit(financien, organisatie=partner_organisatie, naam="x", scopes=["read"])
    vreemde_beheer = UserFactory(email="beheer@alphen.test", role="beheer", gemeenten=[andere_gemeente])
    with pytest.raises(PermissionDenied):
        services.geef_uit(vreemde_beheer, organisatie=partner_organisatie, naam="x", scopes=["read"])


def test_no_key_unknown_key_and_revoked_key_answer_401(regels, partner_organisatie, beheer, sleutel, api):
    _problem(api().get("/api/v1/declaraties/"), 401)
    _problem(api("spuk_00000000_verzonnen").get("/api/v1/declaraties/"), 401)
    api_sleutel, key = sleutel(partner_organisatie, "read")
    assert api(key).get("/api/v1/declaraties/").status_code == 200
    services.trek_in(beheer, api_sleutel, reden="Leverancier gewisseld")
    body = _problem(api(key).get("/api/v1/declaraties/"), 401)
    assert body["detail"] == "Deze API-sleutel is onbekend of ingetrokken."
    # a key that differs only in its secret part does not pass either
    prefix = key.split("_")[1]
    _problem(api(f"spuk_{prefix}_{'x' * 43}").get("/api/v1/declaraties/"), 401)


def test_only_the_hash_is_stored_and_issuance_and_revocation_are_on_the_timeline(
    partner_organisatie, regels, beheer, sleutel, api
):
    api_sleutel, key = sleutel(partner_organisatie, "declare")
    stored = ApiSleutel.objects.filter(pk=api_sleutel.pk).values().get()
    assert key not in str(stored) and stored["prefix"] in key
    assert not api_sleutel.gebruiker.has_usable_password()
    api(key).get("/api/v1/declaraties/")
    assert ApiSleutel.objects.get(pk=api_sleutel.pk).laatst_gebruikt_op is not None
    services.trek_in(beheer, api_sleutel, reden="Test")
    acties = list(
        Gebeurtenis.objects.filter(object_id=str(api_sleutel.pk), content_type__model="apisleutel")
        .order_by("tijdstip", "id")
        .values_list("actie", "actor__email", "gemeente__naam")
    )
    assert acties == [
        ("API-sleutel uitgegeven", "beheer@test.nl", "Gemeente Zutphen"),
        ("API-sleutel ingetrokken", "beheer@test.nl", "Gemeente Zutphen"),
    ]


def test_requests_above_the_rate_limit_get_429_per_key(partner_organisatie, regels, sleutel, api, monkeypatch):
    monkeypatch.setattr(SleutelThrottle, "THROTTLE_RATES", {"api_sleutel": "3/minute"})
    _, key = sleutel(partner_organisatie, "read")
    _, other = sleutel(partner_organisatie, "read", naam="Tweede")
    client = api(key)
    assert [client.get("/api/v1/declaraties/").status_code for _ in range(3)] == [200, 200, 200]
    body = _problem(client.get("/api/v1/declaraties/"), 429)
    assert "Te veel verzoeken" in body["detail"]
    assert api(other).get("/api/v1/declaraties/").status_code == 200


def test_submitted_declaration_is_read_by_status_through_a_read_key(regels, partner, partner_organisatie, sleutel, api):
    d = ingediend(partner, regels[2025])
    _, key = sleutel(partner_organisatie, "read")
    body = api(key).get(f"/api/v1/declaraties/{d.pk}/").json()
    assert (body["nummer"], body["status"]) == (d.nummer, "ingediend")
