"""Partner fields search instead of listing every organisation in the country (issue 15): the page
size does not grow with the number of partners, htmx fills the matches while typing, and without
JavaScript the "Zoeken" button shows the matches to choose from."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from declaraties.models import Toekenning
from tests.factories.core import OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def veel_partners(db, buurt):
    """Sixty organisations working in a buurt of the gemeente (only those can get a toekenning)."""
    partners = [OrganisatieFactory(naam=f"Stichting Landelijk {i:03d}") for i in range(60)]
    buurt.partners.add(*partners)
    return partners


def test_the_toekenningen_page_does_not_list_every_partner(client, beleid, buurt, veel_partners):
    client.force_login(beleid)
    html = client.get(reverse("declaraties:toekenningen")).content.decode()
    assert "Stichting Landelijk" not in html
    assert 'type="search"' in html and 'name="partner_zoek"' in html
    assert 'hx-get="/declaraties/partners/zoeken/?lijst=toekenning"' in html
    # The field's label names the search box.
    zoek_id = re.search(r'<input type="search"[^>]* id="([^"]+)"', html).group(1)
    assert f'for="{zoek_id}"' in html


def test_typing_returns_at_most_twenty_matches_and_says_there_are_more(client, beleid, veel_partners):
    client.force_login(beleid)
    url = reverse("declaraties:partner_zoeken")
    html = client.get(url, {"lijst": "toekenning", "veld": "partner", "partner_zoek": "landelijk"}).content.decode()
    assert html.count('type="radio"') == 20
    assert "meer resultaten" in html
    html = client.get(url, {"lijst": "toekenning", "veld": "partner", "partner_zoek": "Landelijk 042"}).content.decode()
    assert html.count('type="radio"') == 1 and "Stichting Landelijk 042" in html
    html = client.get(url, {"lijst": "toekenning", "veld": "partner", "partner_zoek": "x"}).content.decode()
    assert 'type="radio"' not in html
    html = client.get(url, {"lijst": "toekenning", "veld": "partner", "partner_zoek": "bestaatniet"}).content.decode()
    assert "Geen resultaten" in html


def test_without_javascript_search_then_choose_then_save(client, beleid, buurt, regels, veel_partners):
    client.force_login(beleid)
    url = reverse("declaraties:toekenningen")
    gegevens = {"buurt": buurt.pk, "jaar": 2025, "plafond": "7.500,00", "besluit_kenmerk": "SUB-9"}
    response = client.post(url, {**gegevens, "partner_zoek": "Landelijk 007", "partner_zoeken": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert not Toekenning.objects.exists()
    gekozen = veel_partners[7]
    assert f'value="{gekozen.pk}"' in html and "Stichting Landelijk 007" in html
    assert 'value="SUB-9"' in html  # what was typed stays
    response = client.post(url, {**gegevens, "partner": gekozen.pk})
    assert response.status_code == 302
    assert Toekenning.objects.get().partner == gekozen
    assert Toekenning.objects.get().plafond == Decimal("7500.00")


def test_the_work_list_filters_on_a_searched_partner(client, financien, veel_partners):
    client.force_login(financien)
    url = reverse("declaraties:werkvoorraad")
    html = client.get(url).content.decode()
    assert "Stichting Landelijk" not in html
    html = client.get(url, {"partner_zoek": "Landelijk 003", "partner_zoeken": "1"}).content.decode()
    assert "Stichting Landelijk 003" in html
    response = client.get(url, {"partner": veel_partners[3].pk})
    assert response.status_code == 200
    assert response.context["filter_form"].cleaned_data["partner"] == veel_partners[3]


def test_a_partner_cannot_use_the_search(client, partner):
    client.force_login(partner)
    assert client.get(reverse("declaraties:partner_zoeken"), {"partner_zoek": "Sti"}).status_code == 403
