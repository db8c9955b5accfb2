"""Corrections through the source (issue 12, item 1): the declaration storno (credit note, with a
claim on the partner when it was already paid) and the payment storno. The status always follows
the ledger, budget and ceiling are freed, and the ledger balances after every path."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.services import timeline
from declaraties import queries, services
from declaraties.models import Betaling, Declaratie
from grootboek import queries as gq
from grootboek import services as grootboek_services
from grootboek.models import Journaalpost, Rekening
from tests.factories.core import UserFactory
from tests.factories.declaraties import ingediend, reload

pytestmark = pytest.mark.django_db


def assert_ledger_balanced(gemeente):
    for jaar in gq.boekjaren(gemeente):
        balans = gq.proefbalans(gemeente, jaar)
        assert balans.in_balans, f"{jaar}: debet {balans.totaal_debet} != credit {balans.totaal_credit}"
    assert gq.controle_bevindingen(gemeente) == []


def saldo(gemeente, rol, nummer=""):
    rekening = Rekening.objects.filter(gemeente=gemeente, rol=rol, beschikkingsnummer=nummer).first()
    return gq.saldo(rekening) if rekening else Decimal("0.00")


NR = "SPUK-IZA-AZWA-1047323"


@pytest.fixture
def geboekt(partner, financien, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="6000.00", factuurnummer="F-6000"))
    assert d.status == Declaratie.Status.GEBOEKT
    return d


def test_storno_reverses_the_entry_frees_budget_and_ceiling_and_logs_the_reason(
    geboekt, financien2, partner, regels, gemeente
):
    regel = regels[2025]
    voor = queries.resterend_op_regel(regel, Declaratie.GOEDGEKEURDE_STATUSSEN)
    d = services.storneer(financien2, geboekt, reden="Dubbel ingediend")
    assert d.status == Declaratie.Status.GESTORNEERD
    assert d.partner_status == "Gecrediteerd (storno)"
    assert d.storno_journaalpost.tegenboeking_van_id == d.journaalpost_id
    assert d.vordering_journaalpost is None
    assert saldo(gemeente, "lasten", NR) == Decimal("0.00")
    assert saldo(gemeente, "crediteuren") == Decimal("0.00")
    assert queries.resterend_op_regel(regel, Declaratie.GOEDGEKEURDE_STATUSSEN) == voor + Decimal("6000.00")
    assert queries.resterend_op_regel(regel) == regel.bedrag
    laatste = timeline(d).filter(actie="statuswijziging").first()
    assert (laatste.van_status, laatste.naar_status) == ("geboekt", "gestorneerd")
    assert "Dubbel ingediend" in laatste.reden and laatste.actor == financien2
    assert_ledger_balanced(gemeente)
    # The freed invoice number may be declared again (corrected).
    opnieuw = ingediend(partner, regel, bedrag="5000.00", factuurnummer="F-6000")
    assert opnieuw.status == Declaratie.Status.INGEDIEND


def test_storno_needs_a_reason_and_a_second_storno_is_refused_in_dutch(geboekt, financien, gemeente):
    with pytest.raises(ValidationError, match="reden"):
        services.storneer(financien, geboekt, reden="  ")
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT
    assert Journaalpost.objects.count() == 1
    services.storneer(financien, geboekt, reden="Fout bedrag")
    with pytest.raises(ValidationError, match="kan niet bij de status"):
        services.storneer(financien, geboekt, reden="Nog eens")
    assert Journaalpost.objects.count() == 2
    assert_ledger_balanced(gemeente)


def test_storno_only_by_own_finance(geboekt, partner, controle, beleid, andere_gemeente):
    vreemde = UserFactory(email="fin-elders@test.nl", role="financien", gemeenten=[andere_gemeente])
    for user in (partner, controle, beleid, vreemde):
        with pytest.raises(PermissionDenied):
            services.storneer(user, geboekt, reden="x")
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT


def test_storno_of_a_paid_declaration_books_a_claim_on_the_partner(
    geboekt, financien2, financien3, partner_organisatie, gemeente
):
    services.registreer_betaling(financien2, [geboekt], datetime.date(2026, 1, 15), "RUN-1")
    d = services.storneer(financien3, geboekt, reden="Prestatie niet geleverd")
    assert d.status == Declaratie.Status.GESTORNEERD
    vordering = d.vordering_journaalpost
    regels = {(r.rekening.rol, r.debet, r.credit, r.relatie_id) for r in vordering.regels.select_related("rekening")}
    assert regels == {
        ("debiteuren", Decimal("6000.00"), Decimal("0.00"), partner_organisatie.pk),
        ("crediteuren", Decimal("0.00"), Decimal("6000.00"), partner_organisatie.pk),
    }
    # Net: the cost is gone, the partner owes the money back, nothing is left on Crediteuren.
    assert saldo(gemeente, "lasten", NR) == Decimal("0.00")
    assert saldo(gemeente, "debiteuren") == Decimal("6000.00")
    assert saldo(gemeente, "crediteuren") == Decimal("0.00")
    assert saldo(gemeente, "bank") == Decimal("-6000.00")
    assert_ledger_balanced(gemeente)


def test_declaration_reversed_on_the_ledger_cannot_be_paid_and_its_storno_follows_the_ledger(
    geboekt, financien, financien2, gemeente
):
    # Issue 12: "A declaration whose entry was reversed on the ledger page stays geboekt and can
    # still be paid (a € 6.000 debit left on Crediteuren)."
    tegenboeking = grootboek_services.tegenboek(financien, geboekt.journaalpost, "Verkeerd geboekt")
    with pytest.raises(ValidationError, match="tegengeboekt"):
        services.registreer_betaling(financien2, [geboekt], datetime.date(2026, 1, 15))
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT
    assert not Betaling.objects.exists()
    assert saldo(gemeente, "crediteuren") == Decimal("0.00")
    # The correction runs through the declaration: it links the existing reversal (no third entry).
    d = services.storneer(financien2, geboekt, reden="Tegenboeking op de grootboekpagina verwerken")
    assert d.status == Declaratie.Status.GESTORNEERD
    assert d.storno_journaalpost == tegenboeking
    assert Journaalpost.objects.count() == 2
    assert_ledger_balanced(gemeente)


def test_payment_storno_reverses_the_payment_and_its_declarations_can_be_paid_again(
    partner, financien, financien2, regels, beschikking, gemeente
):
    a = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    b = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="250.50"))
    [betaling] = services.registreer_betaling(financien2, [a, b], datetime.date(2026, 1, 15), "RUN-7")
    with pytest.raises(ValidationError, match="reden"):
        services.storneer_betaling(financien2, betaling, reden="")
    betaling = services.storneer_betaling(financien2, betaling, reden="Retour van de bank: IBAN onjuist")
    assert betaling.status == Betaling.Status.GESTORNEERD
    assert betaling.storno_journaalpost.tegenboeking_van_id == betaling.journaalpost_id
    assert set(betaling.gestorneerde_declaraties.all()) == {a, b}
    for d in (reload(a), reload(b)):
        assert d.status == Declaratie.Status.GEBOEKT and d.betaling is None
        assert "Retour van de bank" in timeline(d).filter(actie="statuswijziging").first().reden
    assert saldo(gemeente, "bank") == Decimal("0.00")
    assert saldo(gemeente, "crediteuren") == Decimal("-350.50")
    assert "Retour van de bank" in timeline(betaling).filter(actie="statuswijziging").get().reden
    with pytest.raises(ValidationError, match="kan niet bij de status"):
        services.storneer_betaling(financien2, betaling, reden="nog eens")
    [opnieuw] = services.registreer_betaling(financien2, [a, b], datetime.date(2026, 1, 22), "RUN-8")
    assert reload(a).betaling == opnieuw
    assert saldo(gemeente, "crediteuren") == Decimal("0.00")
    assert_ledger_balanced(gemeente)


def test_payment_storno_is_refused_once_a_declaration_of_it_was_credited(geboekt, financien2, financien3, gemeente):
    [betaling] = services.registreer_betaling(financien2, [geboekt], datetime.date(2026, 1, 15))
    services.storneer(financien3, geboekt, reden="Prestatie niet geleverd")
    with pytest.raises(ValidationError, match="vordering"):
        services.storneer_betaling(financien3, betaling, reden="Bank")
    assert Betaling.objects.get().status == Betaling.Status.GEREGISTREERD
    assert_ledger_balanced(gemeente)


def test_payment_storno_only_by_own_finance(geboekt, financien2, controle, andere_gemeente):
    [betaling] = services.registreer_betaling(financien2, [geboekt], datetime.date(2026, 1, 15))
    vreemde = UserFactory(email="fin-elders@test.nl", role="financien", gemeenten=[andere_gemeente])
    for user in (controle, vreemde):
        with pytest.raises(PermissionDenied):
            services.storneer_betaling(user, betaling, reden="x")


# --- pages -----------------------------------------------------------------------------------


def test_storno_page_confirms_first_and_needs_a_reason(client, geboekt, financien2):
    client.force_login(financien2)
    detail = client.get(geboekt.get_absolute_url()).content.decode()
    url = reverse("declaraties:storneren", args=[geboekt.pk])
    assert url in detail
    bevestigen = client.get(url)
    assert bevestigen.status_code == 200
    assert "wordt tegengeboekt" in bevestigen.content.decode()
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT  # GET changes nothing
    response = client.post(url, {"reden": ""}, follow=True)
    assert "Geef de reden van de storno." in response.content.decode()
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT
    response = client.post(url, {"reden": "Dubbel"}, follow=True)
    assert "is gestorneerd" in response.content.decode()
    assert reload(geboekt).status == Declaratie.Status.GESTORNEERD
    # No button any more, and the confirmation page sends back with the reason why.
    assert url not in client.get(geboekt.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 302


def test_storno_page_403_for_partner_and_controle_404_for_other_gemeente(
    client, geboekt, partner, controle, andere_gemeente
):
    url = reverse("declaraties:storneren", args=[geboekt.pk])
    for user in (partner, controle):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reden": "x"}).status_code == 403
    client.force_login(UserFactory(email="fin-elders@test.nl", role="financien", gemeenten=[andere_gemeente]))
    assert client.post(url, {"reden": "x"}).status_code == 404
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT


def test_payment_page_lists_runs_and_reverses_one_after_confirmation(
    client, geboekt, financien2, controle, partner, django_assert_max_num_queries
):
    [betaling] = services.registreer_betaling(financien2, [geboekt], datetime.date(2026, 1, 15), "RUN-9")
    client.force_login(financien2)
    runs = client.get(reverse("declaraties:betaalruns")).content.decode()
    assert "RUN-9" in runs and betaling.get_absolute_url() in runs
    assert client.get(reverse("declaraties:betaalruns") + "?format=xlsx").status_code == 200
    with django_assert_max_num_queries(25):
        pagina = client.get(betaling.get_absolute_url()).content.decode()
    url = reverse("declaraties:betaling_storneren", args=[betaling.pk])
    assert url in pagina and geboekt.nummer in pagina
    assert geboekt.nummer in client.get(url).content.decode()
    client.post(url, {"reden": "Retour bank"})
    assert Betaling.objects.get().status == Betaling.Status.GESTORNEERD
    assert reload(geboekt).status == Declaratie.Status.GEBOEKT
    client.force_login(controle)
    assert client.get(betaling.get_absolute_url()).status_code == 200
    assert client.post(url, {"reden": "x"}).status_code == 403
    client.force_login(partner)
    assert client.get(betaling.get_absolute_url()).status_code == 404
