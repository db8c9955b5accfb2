"""Honest answers under failure (issue 18): Dutch error pages, 503 while the database is away, and a
committed change never answered with an error."""

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.urls import get_resolver

from core.models import Rapport

ENGLISH = ("Server Error", "Internal Server Error", "Bad Request", "Traceback", "session was deleted")


def _assert_dutch_page(response, heading):
    page = response.content.decode()
    assert '<html lang="nl"' in page and heading in page
    assert 'class="utrecht-heading-1"' in page and "utrecht-page-header" in page
    for text in ENGLISH:
        assert text not in page


def _handler(code):
    return get_resolver().resolve_error_handler(code)


def test_unexpected_error_gets_the_dutch_500_page_without_internals():
    try:
        raise RuntimeError("secret internals: SELECT * FROM core_user")
    except RuntimeError:
        response = _handler(500)(RequestFactory().get("/"))
    assert response.status_code == 500
    _assert_dutch_page(response, "Er ging iets mis")
    assert "secret internals" not in response.content.decode()


def test_database_error_anywhere_gets_the_dutch_503_page_with_retry_after():
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed")
    except OperationalError:
        response = _handler(500)(RequestFactory().get("/"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    _assert_dutch_page(response, "tijdelijk niet beschikbaar")
    assert "127.0.0.1" not in response.content.decode()


def test_bad_request_gets_the_dutch_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    _assert_dutch_page(response, "Uw verzoek kon niet worden verwerkt")


def test_missing_page_and_forbidden_page_are_dutch(login, partner, gemeente):
    client = login(partner)
    _assert_dutch_page(client.get("/bestaat-niet/"), "Pagina niet gevonden")
    response = client.get(f"/gemeenten/{gemeente.pk}/")
    assert response.status_code in (403, 404)
    assert '<html lang="nl"' in response.content.decode()


def test_form_post_without_csrf_token_gets_a_dutch_page(partner, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(partner)
    response = client.post("/meldingen/")
    assert response.status_code == 403
    _assert_dutch_page(response, "Uw verzoek kon niet worden verwerkt")


@pytest.mark.django_db(transaction=True)
def test_unreachable_database_answers_503_with_retry_after_and_recovers(client, beleid):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that can be unreachable")
    client.force_login(beleid)
    client.raise_request_exception = False  # answer as the server would, not re-raise in the test
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: as when PostgreSQL is down
    try:
        response = client.get("/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    _assert_dutch_page(response, "tijdelijk niet beschikbaar")
    assert client.get("/").status_code == 302  # logged in again: to the start page of the role


@pytest.mark.django_db(transaction=True)
def test_action_that_committed_redirects_to_its_object_even_when_the_session_is_gone(
    controle, gemeente, django_capture_on_commit_callbacks
):
    from django.contrib.sessions.models import Session
    from django.test import Client

    from core.workflow import transitioned

    rapport = Rapport.objects.create(
        soort="tijdlijn_xlsx",
        parameters={"jaar": 2025},
        gemeente=gemeente,
        aangevraagd_door=controle,
        status=Rapport.Status.MISLUKT,
    )
    client = Client()
    client.force_login(controle)

    def logged_out_elsewhere(sender, **kwargs):
        Session.objects.all().delete()  # the user's session disappears while the action runs

    transitioned.connect(logged_out_elsewhere, sender=Rapport, dispatch_uid="test-session-gone")
    try:
        response = client.post(f"/rapporten/{rapport.pk}/opnieuw/")
    finally:
        transitioned.disconnect(dispatch_uid="test-session-gone", sender=Rapport)
    assert response.status_code == 302 and response.url == f"/rapporten/{rapport.pk}/"
    rapport.refresh_from_db()
    assert rapport.status in (Rapport.Status.WACHTRIJ, Rapport.Status.GEREED)
