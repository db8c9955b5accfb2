"""The partner search field in a real browser: typing shows the matches (htmx), a radio button picks
one, the toekenning is saved; axe finds no violations with and without results."""

import pytest

from declaraties.models import Toekenning
from tests.factories.core import OrganisatieFactory

pytestmark = pytest.mark.browser


def test_beleid_finds_a_partner_by_typing_and_records_a_ceiling(
    transactional_db, page, browser_session, axe, password, beleid, buurt, partner_organisatie
):
    # Only organisations working in the gemeente's buurten can get a toekenning.
    buurt.partners.add(partner_organisatie)
    for i in range(30):
        OrganisatieFactory(naam=f"Stichting Landelijk {i:02d}")
    browser_session(beleid.email, password)
    page.goto("/declaraties/toekenningen/")
    axe(page)
    zoekveld = page.get_by_role("searchbox", name="Partner")
    zoekveld.fill("Perspec")
    keuze = page.get_by_label("Stichting Perspectief")
    keuze.wait_for()
    assert page.get_by_label("Stichting Landelijk 01").count() == 0
    axe(page)
    keuze.check()
    page.get_by_label("Buurt").select_option(str(buurt.pk))
    page.get_by_label("Bestedingsjaar").select_option("2025")
    page.get_by_label("Plafond (euro)").fill("4.000,00")
    page.get_by_role("button", name="Toekenning opslaan").click()
    page.get_by_text("De toekenning is vastgelegd.").wait_for()
    assert Toekenning.objects.get().partner == partner_organisatie
