"""Issue 17 (first-day findings) in declaraties: the figures a finance officer trusts, messages
that name the field, the partner's timeline in the partner's words, the work list offers approval
only to whom may approve, and the demo loader survives work done in the demo."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from core.models import User
from declaraties import services
from declaraties.models import Declaratie, Toekenning
from tests.factories.declaraties import begroting_met_regels, ingediend, reload

pytestmark = pytest.mark.django_db


# --- 1. Betalingen opens on what is still to be paid --------------------------------------------


def test_betalingen_without_filter_lists_only_declarations_still_to_be_paid(
    client, partner, financien, financien2, regels, beschikking
):
    te_betalen = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    betaald = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="200.00"))
    services.registreer_betaling(financien2, [betaald], betaald.journaalpost.boekdatum, "RUN-1")
    client.force_login(financien)
    response = client.get(reverse("declaraties:betalingen"))
    nummers = [row["object"].nummer for row in response.context["rows"]]
    assert nummers == [te_betalen.nummer]
    assert "Te betalen (goedgekeurd en geboekt)" in response.content.decode()
    # Sorting without choosing a filter keeps the default too; "Alle" still shows both.
    assert [
        r["object"].nummer for r in client.get(reverse("declaraties:betalingen") + "?sort=bedrag").context["rows"]
    ] == [te_betalen.nummer]
    alle = client.get(reverse("declaraties:betalingen") + "?status=alle").context["rows"]
    assert {r["object"].nummer for r in alle} == {te_betalen.nummer, betaald.nummer}


# --- 2. "Nog vrij ..., behalve deze" leaves the declaration itself out ---------------------------


def test_detail_nog_vrij_behalve_deze_does_not_count_the_declaration_itself(
    client, beleid, buurt, partner, partner_organisatie, financien
):
    regels = begroting_met_regels(beleid, buurt, partner_organisatie, {2025: Decimal("40000.00")})
    d = ingediend(partner, regels[2025], bedrag="1234.56")
    client.force_login(financien)
    response = client.get(reverse("declaraties:detail", args=[d.pk]))
    budget = response.context["budget"]
    assert budget["resterend_gereserveerd"] == Decimal("40000.00")
    assert budget["resterend_goedgekeurd"] == Decimal("40000.00")
    assert "€\u00a040.000,00" in response.content.decode()


# --- 3. A payment is never dated before the booking -----------------------------------------------


def test_payment_dated_before_the_booking_date_is_refused_at_the_date_field(
    client, partner, financien, financien2, regels, beschikking
):
    d = services.keur_goed(
        financien, ingediend(partner, regels[2025], bedrag="100.00"), boekdatum=datetime.date(2026, 11, 29)
    )
    with pytest.raises(ValidationError) as info:
        services.registreer_betaling(financien2, [d], datetime.date(2026, 11, 27), "RUN-27")
    assert "29-11-2026" in info.value.message_dict["betaaldatum"][0]
    assert reload(d).status == Declaratie.Status.GEBOEKT
    client.force_login(financien2)  # who approved may not pay (segregation of duties)
    response = client.post(
        reverse("declaraties:betaling_registreren"), {"ids": [d.pk], "betaaldatum": "2026-11-27"}, follow=True
    )
    assert "ligt vóór de boeking" in response.content.decode()
    assert reload(d).status == Declaratie.Status.GEBOEKT
    services.registreer_betaling(financien2, [d], datetime.date(2026, 11, 29), "RUN-29")
    assert reload(d).status == Declaratie.Status.BETAALD


# --- 8. Messages that name the field ----------------------------------------------------------------


@pytest.mark.parametrize("bedrag", ["-1", "0", "0,00"])
def test_declaration_amount_of_zero_or_below_is_named_at_the_amount_field(client, partner, regels, bedrag):
    client.force_login(partner)
    response = client.post(
        reverse("declaraties:nieuw"),
        {"begrotingsregel": regels[2024].pk, "bedrag": bedrag, "omschrijving": "Test", "factuurnummer": "F-1"},
    )
    form = response.context["form"]
    assert form.errors["bedrag"] == ["Vul het bedrag in dat u declareert: groter dan € 0,00, bijvoorbeeld 1.234,56."]
    assert "kon niet worden bewaard" not in response.content.decode()
    # What was valid is kept as a concept, without the refused amount.
    concept = Declaratie.objects.get(factuurnummer="F-1")
    assert concept.bedrag is None


def test_service_refuses_a_negative_amount_at_the_amount_field(partner, regels):
    with pytest.raises(ValidationError) as info:
        services.bewaar_concept(partner, begrotingsregel=regels[2024], bedrag=Decimal("-1.00"))
    assert "bedrag" in info.value.message_dict
    assert not Declaratie.objects.exists()


@pytest.mark.parametrize("plafond", [Decimal("-1.00"), Decimal("0.00")])
def test_toekenning_plafond_of_zero_or_below_is_refused_with_its_own_message(
    beleid, buurt, partner_organisatie, plafond
):
    with pytest.raises(ValidationError) as info:
        services.leg_toekenning_vast(beleid, partner=partner_organisatie, buurt=buurt, jaar=2025, plafond=plafond)
    assert info.value.message_dict["plafond"] == [
        "Vul een plafond in dat groter is dan € 0,00, bijvoorbeeld 15.000,00."
    ]
    assert not Toekenning.objects.exists()


def test_toekenning_page_with_plafond_minus_one_says_what_to_fill_in(client, beleid, buurt, partner_organisatie):
    buurt.partners.add(partner_organisatie)  # only partners working in the gemeente's buurten are offered
    client.force_login(beleid)
    response = client.post(
        reverse("declaraties:toekenningen"),
        {"partner": partner_organisatie.pk, "buurt": buurt.pk, "jaar": 2025, "plafond": "-1"},
    )
    html = response.content.decode()
    assert "groter is dan € 0,00" in html
    assert "Er is al" not in html
    assert not Toekenning.objects.exists()


# --- 9. The partner's timeline speaks the partner's words --------------------------------------------


def test_partner_timeline_uses_partner_labels_and_staff_timeline_the_full_ones(
    client, partner, financien, financien2, regels, beschikking
):
    d = ingediend(partner, regels[2025], bedrag="20000.00")  # above the threshold: two approvals
    d = services.keur_goed(financien, d)
    assert d.status == Declaratie.Status.GOEDGEKEURD
    client.force_login(partner)
    html = client.get(reverse("declaraties:detail", args=[d.pk])).content.decode()
    assert "(Concept → In behandeling)" in html
    assert "Ingediend" not in html.split("Geschiedenis", 1)[-1]
    assert "In behandeling → In behandeling" not in html
    client.force_login(financien2)
    html = client.get(reverse("declaraties:detail", args=[d.pk])).content.decode()
    assert "(Concept → Ingediend)" in html
    assert "(Ingediend → Eerste goedkeuring (wacht op tweede))" in html


# --- 11. Approval is offered only to whom may approve ---------------------------------------------------


def test_werkvoorraad_tells_only_finance_to_select_declarations_to_approve(
    client, partner, financien, controle, regels
):
    ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(controle)
    html = client.get(reverse("declaraties:werkvoorraad")).content.decode()
    assert "Selecteer declaraties" not in html
    assert "Geselecteerde declaraties goedkeuren" not in html
    client.force_login(financien)
    html = client.get(reverse("declaraties:werkvoorraad")).content.decode()
    assert "Selecteer declaraties om ze in één keer goed te keuren" in html


def test_betalingen_tells_only_finance_to_register_the_payment(
    client, partner, financien, controle, regels, beschikking
):
    services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    client.force_login(controle)
    html = client.get(reverse("declaraties:betalingen")).content.decode()
    assert "registreer daarna de betaling" not in html.lower()
    assert "Betaling registreren" not in html
    client.force_login(financien)
    assert "Registreer daarna de betaling" in client.get(reverse("declaraties:betalingen")).content.decode()


# --- 12. The demo loader survives work done in the demo ----------------------------------------------


def test_demo_loader_skips_a_demo_declaration_whose_invoice_number_the_partner_corrected(demo_data):
    partner = User.objects.get(email="partner@perspectief.demo")
    d = Declaratie.objects.get(partner=partner.organisatie, factuurnummer="PSP-2025-016")
    assert d.status == Declaratie.Status.WIJZIGING_GEVRAAGD
    services.bewaar_concept(partner, d, factuurnummer="PSP-2025-016-GECORRIGEERD")
    aantal = Declaratie.objects.count()
    toekenningen = list(Toekenning.objects.values_list("pk", "plafond"))

    out = io.StringIO()
    call_command("demo_data", stdout=out)

    assert Declaratie.objects.count() == aantal
    assert not Declaratie.objects.filter(partner=partner.organisatie, factuurnummer="PSP-2025-016").exists()
    assert list(Toekenning.objects.values_list("pk", "plafond")) == toekenningen
    uitvoer = out.getvalue()
    assert "overgeslagen: demodeclaratie PSP-2025-016 bestaat al" in uitvoer
    assert "PSP-2025-016-GECORRIGEERD" in uitvoer
    assert "Demogegevens geladen." in uitvoer


def test_demo_loader_keeps_a_ceiling_finance_changed_and_says_so(demo_data):
    beleid = User.objects.get(email="beleid@zutphen.demo")
    toekenning = Toekenning.objects.get(partner__naam="Stichting Perspectief", jaar=2027)
    services.leg_toekenning_vast(
        beleid, partner=toekenning.partner, buurt=toekenning.buurt, jaar=2027, plafond=Decimal("20000.00")
    )
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert reload_toekenning(toekenning).plafond == Decimal("20000.00")
    assert "bestaat al met plafond € 20.000,00" in out.getvalue().replace("\u00a0", " ")


def reload_toekenning(t):
    return Toekenning.objects.get(pk=t.pk)
