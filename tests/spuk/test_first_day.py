"""Issue 17 (first-day findings) in spuk: termijnen are never expected before the beschikking."""

import datetime
from decimal import Decimal

import pytest

from spuk import services
from tests.factories.spuk import aanvraag as maak_aanvraag

pytestmark = pytest.mark.django_db


def test_first_termijn_of_a_beschikking_dated_15_may_is_expected_on_15_may_not_1_january(beleid, financien, gemeente):
    aanvraag = maak_aanvraag(
        beleid, gemeente, bedragen={2026: Decimal("40000.00"), 2027: Decimal("39510.00")}, zaaknummer="3762946"
    )
    services.dien_in(beleid, aanvraag, reden="test")
    besch = services.verleen(
        financien, aanvraag, nummer="SPUK-15-MEI", datum=datetime.date(2026, 5, 15), bedrag=Decimal("79510.00")
    )
    verwacht = {t.jaar: t.verwachte_datum for t in besch.termijnen.all()}
    assert verwacht == {2026: datetime.date(2026, 5, 15), 2027: datetime.date(2027, 1, 1)}
    assert all(datum >= besch.datum for datum in verwacht.values())


def test_aanvraag_timeline_shows_status_labels_not_stored_codes(client, beleid, financien, gemeente):
    from django.urls import reverse

    aanvraag = maak_aanvraag(beleid, gemeente, bedragen={2026: Decimal("100.00")}, zaaknummer="7")
    services.dien_in(beleid, aanvraag, reden="test")
    services.verleen(financien, aanvraag, nummer="SPUK-7", datum=datetime.date(2026, 5, 15), bedrag=Decimal("100.00"))
    client.force_login(beleid)
    html = client.get(reverse("spuk:aanvraag_detail", args=[aanvraag.pk])).content.decode()
    tijdlijn = html.split("Tijdlijn", 1)[1]
    assert "(Concept → Ingediend)" in tijdlijn
    assert "(Ingediend → Verleend)" in tijdlijn
    assert "ingediend → verleend" not in tijdlijn


def test_demo_loader_finds_the_alphen_aanvraag_after_its_zaaknummer_was_changed(demo_data):
    import io

    from django.core.management import call_command

    from core.models import User
    from spuk.models import Aanvraag

    beleid = User.objects.get(email="beleid@alphen.demo")
    aanvraag = Aanvraag.objects.get(zaaknummer="3762946")
    services.trek_in(beleid, aanvraag, "Zaaknummer van het Subsidieloket verbeteren")
    services.wijzig_aanvraag(beleid, aanvraag, zaaknummer="3762946-B")
    aantal = Aanvraag.objects.count()

    out = io.StringIO()
    call_command("demo_data", stdout=out)

    assert Aanvraag.objects.count() == aantal
    assert not Aanvraag.objects.filter(zaaknummer="3762946").exists()
    assert "spuk: overgeslagen: demo-aanvraag 3762946 bestaat al als 3762946-B" in out.getvalue()
    # What the policy officer did stays: the aanvraag is still withdrawn (concept), not resubmitted.
    assert Aanvraag.objects.get(zaaknummer="3762946-B").status == Aanvraag.Status.CONCEPT
