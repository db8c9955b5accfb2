"""Browser journey: beleid records a milestone as niet behaald and sees the amount due on the dashboard."""

import pytest

from buurtplan.models import Buurt
from core import demo as core_demo
from mijlpalen.models import Mijlpaal

pytestmark = [pytest.mark.browser]


def test_beleid_records_milestone_niet_behaald_and_sees_exposure_change(page, browser_login, axe, demo_data):
    browser_login("beleid@zutphen.demo", core_demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Mijlpalen", exact=True).first.click()
    page.get_by_role("link", name="Risico terugbetaling").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Risico terugbetaling"
    assert page.locator("#totaal-terug-te-betalen").inner_text() == "€\u00a00,00"
    assert page.locator("#totaal-risico-open").inner_text() == "€\u00a0237.288,00"
    axe(page)

    zuidwijken = Buurt.objects.get(naam="Zuidwijken")
    mijlpaal = Mijlpaal.objects.get(nummer=2)
    page.goto(f"/mijlpalen/{mijlpaal.pk}/")
    page.get_by_role("link", name="Zuidwijken").click()
    page.wait_for_url(f"**/mijlpalen/{mijlpaal.pk}/buurt/{zuidwijken.pk}/")
    axe(page)
    page.get_by_role("radio", name="Niet behaald").check()
    page.get_by_label("Datum beoordeling").fill("2025-07-15")
    page.get_by_label("Beoordeeld door (coördinerend zorgverzekeraar)").select_option(label="Menzis")
    page.get_by_label("Toelichting").fill("Niet alle deelnemende gemeenten hebben de intentieverklaring getekend.")
    page.get_by_role("button", name="Beoordeling opslaan").click()
    page.wait_for_url(f"**/mijlpalen/{mijlpaal.pk}/buurt/{zuidwijken.pk}/")
    assert page.get_by_text("De beoordeling van de mijlpaal is vastgelegd.").is_visible()
    assert "(Open → Niet behaald)" in page.locator("ol").last.inner_text()

    page.get_by_role("link", name="Risico terugbetaling").first.click()
    assert page.locator("#totaal-terug-te-betalen").inner_text() == "€\u00a060.000,00"
    assert page.locator("#totaal-risico-open").inner_text() == "€\u00a0177.288,00"
    axe(page)


def test_kpi_monitor_chart_is_accessible(page, browser_login, axe, demo_data):
    browser_login("beleid@zutphen.demo", core_demo.DEMO_PASSWORD)
    zuidwijken = Buurt.objects.get(naam="Zuidwijken")
    page.goto(f"/mijlpalen/buurten/{zuidwijken.pk}/kpi/")
    chart = page.get_by_role(
        "img",
        name="Uren wijkverpleging per cliënt per jaar: Zuidwijken tegenover vergelijkingsbuurten (index, basisjaar = 100)",
    )
    assert chart.is_visible()
    assert (
        "87.3" in page.get_by_role("table").first.inner_text() or "87,3" in page.get_by_role("table").first.inner_text()
    )
    axe(page)
    page.goto(f"/mijlpalen/buurten/{zuidwijken.pk}/")
    axe(page)
    page.goto("/mijlpalen/")
    axe(page)


def test_beleid_records_national_judgement_with_evidence_and_sisa_indicator_2_follows(
    page, browser_session, axe, demo_data, tmp_path
):
    from spuk.models import Beschikking

    beschikking = Beschikking.objects.get(nummer="SPUK-IZA-AZWA-1047323")
    browser_session("beleid@zutphen.demo", core_demo.DEMO_PASSWORD)
    page.goto(f"/spuk/beschikkingen/{beschikking.pk}/sisa/2024/")
    # Milestone 1 (deadline 2024) is achieved according to Menzis' national judgement in the demo.
    assert page.locator('[data-indicator="2"]').inner_text() == "Ja"

    mijlpaal = Mijlpaal.objects.get(nummer=1)
    page.goto(f"/mijlpalen/{mijlpaal.pk}/")
    assert "Behaald" in page.locator("#landelijk-oordeel").inner_text()
    axe(page)
    bewijs = tmp_path / "herbeoordeling-menzis.pdf"
    bewijs.write_bytes(b"%PDF-1.4\n%%EOF\n")
    form = page.locator("form[action$='/landelijk-oordeel/']")
    form.get_by_role("radio", name="Niet behaald").check()
    form.get_by_label("Coördinerend zorgverzekeraar").select_option(label="Menzis")
    form.get_by_label("Datum van het oordeel").fill("2025-04-01")
    form.get_by_label("Toelichting").fill("Herbeoordeling: in Boskoop is het buurtnetwerk nog niet compleet.")
    form.get_by_label("Bewijsstuk (oordeel van de zorgverzekeraar)").set_input_files(str(bewijs))
    form.get_by_role("button", name="Oordeel vastleggen").click()
    page.wait_for_url(f"**/mijlpalen/{mijlpaal.pk}/")
    assert page.get_by_text("Het landelijk oordeel is vastgelegd.").is_visible()
    assert "Niet behaald" in page.locator("#landelijk-oordeel").inner_text()
    assert page.get_by_role("link", name="herbeoordeling-menzis.pdf").is_visible()
    assert "landelijk oordeel vastgelegd (Behaald → Niet behaald)" in page.locator("ol").last.inner_text()
    axe(page)

    page.goto(f"/spuk/beschikkingen/{beschikking.pk}/sisa/2024/")
    assert page.locator('[data-indicator="2"]').inner_text() == "Nee"
    assert "Mijlpaal 1" in page.locator("#indicator-6").inner_text()
    axe(page)
