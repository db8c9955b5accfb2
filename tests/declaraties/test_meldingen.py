"""Notifications about declarations: they link to the declaration, turn read when opened, filter on
unread, and the review task resolves once the declaration no longer awaits review."""

import pytest
from django.urls import reverse

from core.models import Melding
from declaraties import services
from tests.factories.declaraties import ingediend, instellingen_gewijzigd

pytestmark = pytest.mark.django_db


def _taken(user):
    return Melding.objects.filter(ontvanger=user).exclude(open_in_statussen=[])


def test_review_task_resolves_when_declaration_is_booked(partner, financien, financien2, regels, beschikking):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    taak = _taken(financien2).get()
    assert taak.afgehandeld_op is None and taak.gelezen_op is None
    assert taak.open_in_statussen == ["ingediend", "opnieuw_ingediend"]
    services.keur_goed(financien, d)
    taak.refresh_from_db()
    assert taak.afgehandeld_op is not None
    # Resolved tasks leave the unread badge: the badge stays a count on (ontvanger, gelezen_op).
    assert taak.gelezen_op is not None
    # The partner's status notifications are no tasks and stay unread.
    assert Melding.objects.filter(ontvanger=partner, gelezen_op__isnull=True).exists()


def test_second_approval_task_stays_until_the_second_approval(
    partner, financien, financien2, financien3, gemeente, regels, beschikking
):
    instellingen_gewijzigd(financien, financien2, gemeente, "50.00")
    d = ingediend(partner, regels[2024], bedrag="100.00")
    services.keur_goed(financien, d)
    eerste = _taken(financien2).get(open_in_statussen=["ingediend", "opnieuw_ingediend"])
    tweede = _taken(financien2).get(open_in_statussen=["goedgekeurd"])
    eerste.refresh_from_db()
    assert eerste.afgehandeld_op is not None and tweede.afgehandeld_op is None
    services.keur_goed(financien2, d)
    tweede.refresh_from_db()
    assert tweede.afgehandeld_op is not None


def test_change_request_resolves_review_task(partner, financien, financien2, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    services.vraag_wijziging(financien, d, "Urenstaat ontbreekt")
    assert not _taken(financien2).filter(afgehandeld_op__isnull=True).exists()


def test_opening_notification_marks_read_and_redirects_to_object(client, partner, financien, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    melding = Melding.objects.get(ontvanger=financien)
    client.force_login(financien)
    response = client.get(reverse("core:melding_openen", args=[melding.pk]))
    assert response.status_code == 302 and response["Location"] == d.get_absolute_url()
    melding.refresh_from_db()
    assert melding.gelezen_op is not None


def test_opening_someone_elses_notification_is_404(client, partner, financien, financien2, regels):
    ingediend(partner, regels[2024], bedrag="100.00")
    melding = Melding.objects.get(ontvanger=financien)
    client.force_login(financien2)
    assert client.get(reverse("core:melding_openen", args=[melding.pk])).status_code == 404
    melding.refresh_from_db()
    assert melding.gelezen_op is None


def test_foreign_link_is_not_followed(client, financien):
    melding = Melding.objects.create(ontvanger=financien, titel="x", link="https://evil.example/")
    client.force_login(financien)
    response = client.get(reverse("core:melding_openen", args=[melding.pk]))
    assert response["Location"] == reverse("core:meldingen")


def test_list_links_notifications_and_filters_unread(client, partner, financien, regels):
    ingediend(partner, regels[2024], bedrag="100.00", factuurnummer="F-A")
    ingediend(partner, regels[2024], bedrag="100.00", factuurnummer="F-B")
    gelezen, ongelezen = Melding.objects.filter(ontvanger=financien).order_by("pk")
    client.force_login(financien)
    client.get(reverse("core:melding_openen", args=[gelezen.pk]))
    html = client.get(reverse("core:meldingen")).content.decode()
    assert f'href="{reverse("core:melding_openen", args=[ongelezen.pk])}"' in html
    html = client.get(reverse("core:meldingen"), {"toon": "ongelezen"}).content.decode()
    assert ongelezen.titel in html and reverse("core:melding_openen", args=[gelezen.pk]) not in html


def test_list_query_count(client, partner, financien, regels, django_assert_max_num_queries):
    for i in range(8):
        ingediend(partner, regels[2024], bedrag="10.00", factuurnummer=f"M-{i}")
    client.force_login(financien)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("core:meldingen"), {"toon": "ongelezen"}).status_code == 200
