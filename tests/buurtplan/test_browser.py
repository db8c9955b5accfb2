"""Browser journey: a policy officer creates a buurt, its network, plan and budget, uploads the
signatures and sets the plan vastgesteld, seeing Dutch error messages when a rule is broken."""

import re

import pytest
from playwright.sync_api import expect

from buurtplan.catalogus import ensure_transformatieplan
from buurtplan.models import Begrotingsregel, Buurt, Buurtplan, Thema
from tests.factories.buurtplan import PDF_BYTES, BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import GemeenteFactory, OrganisatieFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _messages(page):
    return page.locator(".app-messages")


def _add_member(page, naam, discipline, kartrekker=False, organisatie=""):
    page.fill("#id_lid-naam", naam)
    page.select_option("#id_lid-discipline", label=discipline)
    if kartrekker:
        page.check("#id_lid-kartrekker")
    page.fill("#id_lid-organisatie_naam", organisatie)
    page.get_by_role("button", name="Lid toevoegen").click()
    expect(_messages(page)).to_contain_text(f"{naam} is toegevoegd")


def _sign(page, soort, naam, functie, organisatie=None, organisatie_naam="", content=PDF_BYTES, bestand="scan.pdf"):
    page.select_option("#id_ond-soort", label=soort)
    page.fill("#id_ond-ondertekenaar", naam)
    if organisatie:
        page.select_option("#id_ond-organisatie", label=organisatie)
    else:
        page.select_option("#id_ond-organisatie", index=0)
    page.fill("#id_ond-organisatie_naam", organisatie_naam)
    page.fill("#id_ond-functie", functie)
    page.fill("#id_ond-getekend_op", "2025-06-01")
    page.set_input_files(
        "#id_ond-document", files=[{"name": bestand, "mimeType": "application/pdf", "buffer": content}]
    )
    page.get_by_role("button", name="Ondertekening toevoegen").click()


def test_policy_officer_builds_and_sets_buurtplan_vastgesteld(page, browser_login, password, axe):
    ensure_transformatieplan()
    zutphen = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    sensire = ZorgaanbiederFactory(naam="Sensire")
    perspectief = OrganisatieFactory(naam="Stichting Perspectief")
    # Applicatiebeheer registered Perspectief as a partner working in Zutphen (another buurt), so
    # beleid can choose it for this buurt's activities and budget.
    BuurtFactory(naam="De Hoven", gemeente=zutphen, alliantiepartners=[sensire], partners=[perspectief])
    UserFactory(email="beleid@zutphen.nl", role="beleid", gemeenten=[zutphen])

    browser_login("beleid@zutphen.nl", password)
    page.get_by_role("link", name="Buurten").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurten")
    axe(page)

    # 1. The buurt with its selection criteria.
    page.get_by_role("link", name="Nieuwe buurt").click()
    page.fill("#id_naam", "Zuidwijken")
    page.get_by_label("Sensire").check()
    page.fill("#id_regio", "Zutphen")
    page.fill("#id_inwoners", "8500")
    page.fill("#id_marktaandeel", "62")
    for criterium in ("professionals", "burgers", "samenwerking", "marktaandeel", "case_for_change", "executiekracht"):
        page.check(f"#id_crit_{criterium}")
    page.get_by_role("button", name="Opslaan").click()
    expect(_messages(page)).to_contain_text("De buurt Zuidwijken is aangemaakt")
    buurt = Buurt.objects.get(naam="Zuidwijken")

    # 2. The network: a rule is broken first, and the page says so in Dutch.
    _add_member(page, "Hanna Huisarts", "Huisartsenpraktijk", kartrekker=True, organisatie="Praktijk Zuid")
    _add_member(page, "Mehmet Opbouwwerk", "Sociaal domein", kartrekker=True, organisatie="Stichting Perspectief")
    overtredingen = page.locator("#netwerk-overtredingen")
    expect(overtredingen).to_contain_text("Minstens één kartrekker moet wijkverpleegkundige zijn.")
    expect(overtredingen).to_contain_text("het moeten er minstens 4 zijn")
    page.get_by_role("link", name="Wijzig Hanna Huisarts").click()
    page.fill("#id_lid-naam", "Ilse Wijkverpleging")
    page.select_option("#id_lid-discipline", label="Wijkverpleegkundige")
    page.get_by_role("button", name="Opslaan").click()
    _add_member(page, "Truus Bewoner", "Bewoner")
    _add_member(page, "Dr. Anton", "Huisartsenpraktijk")
    expect(page.get_by_text("Het buurtnetwerk voldoet aan de regels.")).to_be_visible()
    axe(page)

    # 3. The plan: themes and activities.
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("button", name="Buurtplan aanmaken").click()
    expect(_messages(page)).to_contain_text("Het buurtplan (versie 1) is aangemaakt")
    behandeling = Thema.objects.get(code="behandeling_dichtbij")
    page.get_by_text("Wijzig of ‘Behandeling dichtbij’ van toepassing is").click()
    page.check(f"#id_thema{behandeling.pk}-van_toepassing_1")
    page.locator(f"form[action$='/thema/{behandeling.pk}/'] button").click()
    expect(_messages(page)).to_contain_text(
        "Schrijf op waarom het thema ‘Behandeling dichtbij’ niet van toepassing is."
    )
    page.get_by_text("Wijzig of ‘Behandeling dichtbij’ van toepassing is").click()
    page.check(f"#id_thema{behandeling.pk}-van_toepassing_1")
    page.fill(f"#id_thema{behandeling.pk}-reden", "Het ziekenhuis pakt dit regionaal op.")
    page.locator(f"form[action$='/thema/{behandeling.pk}/'] button").click()
    expect(_messages(page)).to_contain_text("is bijgewerkt")
    page.select_option("#id_act-thema", label="Zorgzame buurt")
    page.select_option("#id_act-interventie", label="Zorgzame buurt: Voorzorgcirkel")
    page.select_option("#id_act-uitvoerende_partner", label="Stichting Perspectief")
    page.get_by_role("button", name="Activiteit toevoegen").click()
    expect(_messages(page)).to_contain_text("De activiteit ‘Voorzorgcirkel’ is toegevoegd.")
    axe(page)

    # While something blocks the vaststelling, the page lists it and offers no button.
    expect(page.locator("#vaststelling-blokkades")).to_contain_text("De buurtbegroting is nog niet goedgekeurd")
    expect(page.get_by_role("link", name="Buurtplan vaststellen…")).to_have_count(0)

    # 4. The budget: totals update while typing; a broken rule is refused in Dutch.
    page.get_by_role("link", name="Begroting", exact=True).click()
    # htmx is a deferred script: typing before the page's load event fires no totals request (the
    # element is there before htmx listens to it), and the totals would stay at € 0,00.
    page.wait_for_load_state("load")
    page.select_option("#id_regels-0-activiteit", label="Voorzorgcirkel")
    page.select_option("#id_regels-0-jaar", label="2025")
    page.select_option("#id_regels-0-domein", label="Sociaal domein")
    page.select_option("#id_regels-0-financiering", label="SPUK")
    page.select_option("#id_regels-0-ontvangende_partner", label="Stichting Perspectief")
    page.fill("#id_regels-0-bedrag", "34.851,00")
    expect(page.locator("#totaal-generaal")).to_have_text(re.compile(r"34\.851,00"))
    page.select_option("#id_regels-0-domein", label="Zorg")
    expect(page.locator("#begroting-totalen")).to_contain_text("1 regel met fouten telt niet mee.")
    page.get_by_role("button", name="Begroting opslaan").click()
    expect(page.locator(".app-editor")).to_contain_text("SPUK-middelen zijn alleen voor het sociaal domein.")
    expect(_messages(page)).to_contain_text("De begroting is niet opgeslagen. Verbeter de gemarkeerde regels.")
    page.select_option("#id_regels-0-domein", label="Sociaal domein")
    # One empty row at a time: "Regel toevoegen" adds the next (cloned in the page, focus in it).
    page.get_by_role("button", name="Regel toevoegen").click()
    expect(page.locator("#id_regels-1-activiteit")).to_be_focused()
    page.select_option("#id_regels-1-activiteit", label="Voorzorgcirkel")
    page.select_option("#id_regels-1-jaar", label="2026")
    page.select_option("#id_regels-1-domein", label="Sociaal domein")
    page.select_option("#id_regels-1-financiering", label="SPUK")
    page.select_option("#id_regels-1-ontvangende_partner", label="Stichting Perspectief")
    page.fill("#id_regels-1-bedrag", "121977")
    expect(page.locator("#totaal-generaal")).to_have_text(re.compile(r"156\.828,00"))
    page.get_by_role("button", name="Begroting opslaan").click()
    expect(_messages(page)).to_contain_text("De begroting is opgeslagen")
    expect(page.locator("#totaal-generaal")).to_have_text(re.compile(r"156\.828,00"))
    axe(page)
    page.get_by_role("button", name="Indienen bij de begrotingscommissie").click()
    expect(_messages(page)).to_contain_text("ingediend bij de begrotingscommissie")
    page.check("#id_besluit-besluit_0")
    page.fill("#id_besluit-datum", "2025-05-20")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#begroting-status")).to_have_text("Goedgekeurd")

    # 5. Signatures: a non-PDF scan is refused, then all required documents are uploaded.
    page.get_by_role("link", name="Ondertekeningen", exact=True).click()
    _sign(
        page,
        "Buurtplan",
        "Ilse Wijkverpleging",
        "Wijkverpleegkundige",
        organisatie_naam="Sensire",
        content=b"dit is geen scan",
        bestand="scan.pdf",
    )
    expect(page.get_by_text(re.compile("is geen PDF, PNG of JPEG"))).to_be_visible()
    _sign(page, "Buurtplan", "Ilse Wijkverpleging", "Wijkverpleegkundige", organisatie_naam="Sensire")
    expect(_messages(page)).to_contain_text("De ondertekening is toegevoegd.")
    _sign(page, "Buurtbegroting", "Ilse Wijkverpleging", "Wijkverpleegkundige", organisatie_naam="Sensire")
    _sign(page, "Intentieverklaring", "Jasper Bloem", "Wethouder", organisatie="Gemeente Zutphen")
    _sign(page, "Overeenkomst transformatieplan", "Jasper Bloem", "Wethouder", organisatie="Gemeente Zutphen")
    expect(page.get_by_text("Alle vereiste ondertekeningen zijn aanwezig.")).to_be_visible()
    axe(page)
    # Removing a signature asks first; "Annuleren" leaves it in place.
    page.get_by_role("link", name=re.compile("verwijderen…")).first.click()
    expect(page.locator("#gevolgen")).to_contain_text("worden verwijderd")
    axe(page)
    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_text("Alle vereiste ondertekeningen zijn aanwezig.")).to_be_visible()

    # 6. Vaststelling.
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_text("Aan alle voorwaarden is voldaan")).to_be_visible()
    # Irreversible: a confirmation page says what happens; only its button (a POST) does it.
    page.get_by_role("link", name="Buurtplan vaststellen…").click()
    expect(page.locator("#gevolgen")).to_contain_text("wijzigen kan alleen nog in een nieuwe versie")
    axe(page)
    assert Buurtplan.objects.get(buurt=buurt).status != Buurtplan.Status.VASTGESTELD
    page.get_by_role("button", name="Buurtplan vaststellen").click()
    expect(_messages(page)).to_contain_text("Versie 1 van het buurtplan is vastgesteld.")
    expect(page.get_by_role("link", name="Buurtplan vaststellen…")).to_have_count(0)
    plan = Buurtplan.objects.get(buurt=buurt)
    assert plan.status == Buurtplan.Status.VASTGESTELD
    assert sorted(Begrotingsregel.objects.filter(begroting__buurtplan=plan).values_list("jaar", "bedrag")) == [
        (2025, 34851),
        (2026, 121977),
    ]
    page.get_by_role("link", name="Overzicht", exact=True).click()
    expect(page.get_by_text("Deze buurt voldoet aan alle criteria en regels.")).to_be_visible()
