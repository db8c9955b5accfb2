"""The beschikking page's "verhalen op partner" fields search instead of listing every
organisation of the country (issue 15), with and without JavaScript."""

import pytest
from django.urls import reverse

from tests.factories.buurtplan import BuurtFactory
from tests.factories.core import OrganisatieFactory
from tests.factories.spuk import beschikking as maak_beschikking

pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


@pytest.fixture
def veel_partners(db, gemeente):
    """Forty organisations working in a buurt of the gemeente (only those are choices), and one that
    works elsewhere."""
    partners = [OrganisatieFactory(naam=f"Stichting Landelijk {i:03d}") for i in range(40)]
    BuurtFactory(gemeente=gemeente).partners.add(*partners)
    OrganisatieFactory(naam="Stichting Landelijk 010 elders")
    return partners


def test_the_beschikking_page_lists_no_partners_until_searched(client, financien, besch, veel_partners):
    client.force_login(financien)
    url = reverse("spuk:beschikking_detail", args=[besch.pk])
    html = client.get(url).content.decode()
    assert "Stichting Landelijk" not in html
    # The rare actions' forms come when asked: a link without JavaScript, htmx on opening.
    assert 'id="terugbetaling-partner_zoek"' not in html
    assert 'href="?formulier=terugbetaling#formulier-terugbetaling"' in html
    assert 'hx-get="?formulier=vaststelling" hx-trigger="toggle once"' in html
    html = client.get(url, {"formulier": "terugbetaling"}).content.decode()
    assert 'id="terugbetaling-partner_zoek"' in html and 'id="vaststelling-partner_zoek"' not in html
    assert f'formaction="{url}?zoek_in=terugbetaling#terugbetaling-partner_zoek"' in html
    fragment = client.get(url, {"formulier": "vaststelling"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="vaststelling-partner_zoek"' in fragment and "<html" not in fragment

    # Without JavaScript "Zoeken" asks the page again with GET: the matches appear in that form only.
    html = client.get(url, {"zoek_in": "terugbetaling", "partner_zoek": "Landelijk 007"}).content.decode()
    assert html.count("Stichting Landelijk 007") == 1
    assert f'value="{veel_partners[7].pk}"' in html


def test_the_search_answers_staff_and_refuses_partners(client, financien, partner, veel_partners):
    client.force_login(financien)
    url = reverse("spuk:partner_zoeken")
    html = client.get(url, {"veld": "partner", "partner_zoek": "landelijk 01"}).content.decode()
    assert html.count('type="radio"') == 10
    client.force_login(partner)
    assert client.get(url, {"partner_zoek": "landelijk"}).status_code == 403


def test_the_form_fragments_are_for_finance_only(client, beleid, besch):
    client.force_login(beleid)
    url = reverse("spuk:beschikking_detail", args=[besch.pk])
    assert "formulier-terugbetaling" not in client.get(url).content.decode()
    assert client.get(url, {"formulier": "terugbetaling"}, HTTP_HX_REQUEST="true").status_code == 403
