"""Submission, four-eyes review, threshold, budget and ceiling control, duplicate invoices,
payments — and the ledger balanced after every path."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Melding
from core.services import timeline
from declaraties import services
from declaraties.models import Beoordeling, Declaratie, DeclaratieInstelling
from grootboek import queries as gq
from grootboek.models import Journaalpost, Rekening
from tests.factories.core import UserFactory
from tests.factories.declaraties import concept, ingediend, instellingen_gewijzigd, pdf, reload
from tests.helpers import force_update

pytestmark = pytest.mark.django_db


def assert_ledger_balanced(gemeente):
    for jaar in gq.boekjaren(gemeente):
        balans = gq.proefbalans(gemeente, jaar)
        assert balans.in_balans, f"{jaar}: debet {balans.totaal_debet} != credit {balans.totaal_credit}"
    assert gq.controle_bevindingen(gemeente) == []


def saldo(gemeente, rol, nummer=""):
    rekening = Rekening.objects.filter(gemeente=gemeente, rol=rol, beschikkingsnummer=nummer).first()
    return gq.saldo(rekening) if rekening else Decimal("0.00")


def test_submit_numbers_per_gemeente_and_year(partner, regels):
    eerste = ingediend(partner, regels[2024], bedrag="100.00")
    tweede = ingediend(partner, regels[2025], bedrag="200.00")
    jaar = datetime.date.today().year
    assert eerste.nummer == f"D{jaar}-0001"
    assert tweede.nummer == f"D{jaar}-0002"
    assert eerste.status == Declaratie.Status.INGEDIEND
    assert eerste.partner_status == "In behandeling"


def test_submit_requires_statement_attachment_and_fields(partner, regels):
    d = concept(partner, regels[2025], verklaring=False, bijlage=False, factuurnummer="")
    with pytest.raises(ValidationError) as exc:
        services.dien_in(partner, d)
    fouten = exc.value.message_dict
    assert "niet_elders_gefinancierd" in fouten
    assert "bijlagen" in fouten
    assert "factuurnummer" in fouten
    assert reload(d).status == Declaratie.Status.CONCEPT


def test_submit_refuses_period_outside_bestedingsjaar(partner, regels):
    d = concept(partner, regels[2025], periode_van=datetime.date(2024, 12, 1), periode_tot=datetime.date(2025, 1, 31))
    with pytest.raises(ValidationError) as exc:
        services.dien_in(partner, d)
    assert "2025" in exc.value.message_dict["periode_van"][0]


def test_single_approval_below_threshold_books_lasten_and_crediteuren(
    partner, financien, regels, beschikking, gemeente
):
    d = ingediend(partner, regels[2024], bedrag="1234.56")
    d = services.keur_goed(financien, d)
    assert d.status == Declaratie.Status.GEBOEKT
    post = d.journaalpost
    assert post.bron_referentie == d.nummer
    regels_post = list(post.regels.select_related("rekening"))
    lasten = next(r for r in regels_post if r.rekening.rol == "lasten")
    crediteuren = next(r for r in regels_post if r.rekening.rol == "crediteuren")
    assert lasten.debet == Decimal("1234.56") and lasten.bestedingsjaar == 2024
    assert lasten.rekening.beschikkingsnummer == beschikking.nummer
    assert lasten.relatie == d.partner
    assert crediteuren.credit == Decimal("1234.56")
    assert saldo(gemeente, "crediteuren") == Decimal("-1234.56")
    assert_ledger_balanced(gemeente)


def test_amount_at_threshold_needs_second_different_approver(
    partner, financien, financien2, regels, beschikking, gemeente
):
    d = ingediend(partner, regels[2025], bedrag="10000.00")
    d = services.keur_goed(financien, d)
    assert d.status == Declaratie.Status.GOEDGEKEURD
    assert d.journaalpost is None
    assert not Journaalpost.objects.exists()
    with pytest.raises(PermissionDenied, match="andere medewerker"):
        services.keur_goed(financien, d)
    d = services.keur_goed(financien2, d)
    assert d.status == Declaratie.Status.GEBOEKT
    assert set(Beoordeling.objects.filter(declaratie=d).values_list("beoordelaar", flat=True)) == {
        financien.pk,
        financien2.pk,
    }
    assert_ledger_balanced(gemeente)


def test_amount_just_below_threshold_needs_one_approval(partner, financien, regels, beschikking):
    d = ingediend(partner, regels[2025], bedrag="9999.99")
    assert services.keur_goed(financien, d).status == Declaratie.Status.GEBOEKT


def test_threshold_is_configurable_per_gemeente(partner, financien, financien2, regels, beschikking, gemeente):
    instellingen_gewijzigd(financien, financien2, gemeente, "500.00")
    d = ingediend(partner, regels[2024], bedrag="500.00")
    assert services.keur_goed(financien, d).status == Declaratie.Status.GOEDGEKEURD
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == Decimal("500.00")


def test_nobody_approves_what_they_submitted(gemeente, partner_organisatie, regels, beschikking, financien):
    # Someone with both roles (partner and financien) submits and then tries to approve.
    dubbel = UserFactory(email="dubbel@test.nl", role=["partner", "financien"], organisatie=partner_organisatie)
    dubbel.gemeenten.set([gemeente])
    dubbel = type(dubbel).objects.get(pk=dubbel.pk)
    d = ingediend(dubbel, regels[2024], bedrag="100.00")
    with pytest.raises(PermissionDenied, match="zelf"):
        services.keur_goed(dubbel, d)
    with pytest.raises(PermissionDenied):
        services.wijs_af(dubbel, d, "eigen")
    assert services.keur_goed(financien, d).status == Declaratie.Status.GEBOEKT


def test_partner_and_other_roles_cannot_approve(partner, beleid, controle, regels, beschikking):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    for user in (partner, beleid, controle):
        with pytest.raises(PermissionDenied):
            services.keur_goed(user, d)


def test_finance_of_other_gemeente_cannot_approve(partner, andere_gemeente, regels, beschikking):
    vreemd = UserFactory(role="financien", gemeenten=[andere_gemeente])
    d = ingediend(partner, regels[2024], bedrag="100.00")
    with pytest.raises(PermissionDenied):
        services.keur_goed(vreemd, d)


def test_submit_refused_above_remaining_budget_names_remaining(partner, regels):
    ingediend(partner, regels[2024], bedrag="4000.00")
    d = concept(partner, regels[2024], bedrag="1500.00")
    with pytest.raises(ValidationError) as exc:
        services.dien_in(partner, d)
    assert "€\xa01.000,00" in exc.value.message_dict["bedrag"][0]
    d = services.bewaar_concept(partner, d, bedrag=Decimal("1000.00"))
    assert services.dien_in(partner, d).status == Declaratie.Status.INGEDIEND


def test_rejected_declaration_frees_budget(partner, financien, regels, beschikking):
    d = ingediend(partner, regels[2024], bedrag="5000.00")
    services.wijs_af(financien, d, "Factuur hoort bij ander project")
    ingediend(partner, regels[2024], bedrag="5000.00")


def test_ceiling_of_toekenning_refuses_and_names_remaining(partner, beleid, partner_organisatie, buurt, regels):
    services.leg_toekenning_vast(
        beleid,
        partner=partner_organisatie,
        buurt=buurt,
        jaar=2025,
        plafond=Decimal("3000.00"),
        besluit_kenmerk="SUB-2025-12",
    )
    ingediend(partner, regels[2025], bedrag="2500.00")
    d = concept(partner, regels[2025], bedrag="600.00")
    with pytest.raises(ValidationError) as exc:
        services.dien_in(partner, d)
    assert "plafond" in exc.value.message_dict["bedrag"][0]
    assert "€\xa0500,00" in exc.value.message_dict["bedrag"][0]


def test_ceiling_cannot_be_set_below_declared(partner, beleid, partner_organisatie, buurt, regels):
    ingediend(partner, regels[2025], bedrag="2500.00")
    with pytest.raises(ValidationError):
        services.leg_toekenning_vast(
            beleid, partner=partner_organisatie, buurt=buurt, jaar=2025, plafond=Decimal("2000.00")
        )


def test_approval_rechecks_committed_budget_and_names_remaining(partner, financien, regels, beschikking):
    """Declarations pending beyond the line (submitted before the line was lowered) cannot all be
    approved: approval counts the money already approved."""
    from buurtplan.models import Begrotingsregel

    regel = regels[2024]
    pending = [ingediend(partner, regel, bedrag="2000.00") for _ in range(2)]
    force_update(Begrotingsregel, regel.pk, bedrag=Decimal("3000.00"))
    services.keur_goed(financien, pending[0])
    with pytest.raises(ValidationError) as exc:
        services.keur_goed(financien, pending[1])
    assert "€\xa01.000,00" in exc.value.message_dict["bedrag"][0]
    assert reload(pending[1]).status == Declaratie.Status.INGEDIEND


def test_submit_after_approvals_counts_them(partner, financien, regels, beschikking):
    eerste = ingediend(partner, regels[2024], bedrag="3000.00")
    tweede = ingediend(partner, regels[2024], bedrag="2000.00")
    services.keur_goed(financien, eerste)
    services.keur_goed(financien, tweede)
    derde = concept(partner, regels[2024], bedrag="1.00")
    with pytest.raises(ValidationError, match="nog"):
        services.dien_in(partner, derde)


def test_duplicate_invoice_is_refused(partner, regels):
    ingediend(partner, regels[2024], bedrag="750.00", factuurnummer="2025-017")
    with pytest.raises(ValidationError) as exc:
        concept(partner, regels[2025], bedrag="750.00", factuurnummer="2025-017")
    assert "al gedeclareerd" in exc.value.message_dict["factuurnummer"][0]


def test_same_invoice_number_is_refused_again_with_another_amount(partner, regels):
    # Issue 12: "the same invoice number is accepted again with another amount".
    eerste = ingediend(partner, regels[2024], bedrag="750.00", factuurnummer="2025-017")
    with pytest.raises(ValidationError, match="ook met een ander bedrag") as exc:
        ingediend(partner, regels[2025], bedrag="751.00", factuurnummer="2025-017")
    assert eerste.nummer in str(exc.value)
    assert Declaratie.objects.filter(factuurnummer="2025-017").count() == 1


def test_duplicate_invoice_allowed_after_rejection(partner, financien, regels, beschikking):
    d = ingediend(partner, regels[2024], bedrag="750.00", factuurnummer="2025-017")
    services.wijs_af(financien, d, "Verkeerde periode")
    ingediend(partner, regels[2024], bedrag="750.00", factuurnummer="2025-017")


def test_duplicate_invoice_blocked_by_database_constraint(partner, regels):
    from django.db import IntegrityError, transaction

    ingediend(partner, regels[2024], bedrag="750.00", factuurnummer="X-1")
    tweede = concept(partner, regels[2025], bedrag="1.00", factuurnummer="X-2")
    # The number alone is unique per partner, whatever the amount.
    with pytest.raises(IntegrityError), transaction.atomic():
        Declaratie.objects.filter(pk=tweede.pk).update(factuurnummer="X-1")


def test_reject_requires_reason(partner, financien, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    with pytest.raises(ValidationError):
        services.wijs_af(financien, d, "  ")
    d = services.wijs_af(financien, d, "Geen prestatie geleverd")
    assert d.status == Declaratie.Status.AFGEWEZEN
    assert d.partner_status == "Afgewezen"
    assert not Journaalpost.objects.exists()


def test_change_request_and_resubmission_start_a_new_round(
    partner, financien, financien2, regels, beschikking, gemeente
):
    d = ingediend(partner, regels[2025], bedrag="12000.00")
    d = services.keur_goed(financien, d)
    d = services.vraag_wijziging(financien2, d, "Voeg de urenstaat toe")
    assert d.status == Declaratie.Status.WIJZIGING_GEVRAAGD
    assert d.partner_status == "Aanpassing gevraagd"
    d = services.bewaar_concept(partner, d, uren=Decimal("120"))
    d = services.dien_in(partner, d)
    assert d.status == Declaratie.Status.OPNIEUW_INGEDIEND
    assert d.ronde == 2
    # The first approval of round 1 no longer counts: two fresh approvals are needed.
    d = services.keur_goed(financien, d)
    assert d.status == Declaratie.Status.GOEDGEKEURD
    d = services.keur_goed(financien2, d)
    assert d.status == Declaratie.Status.GEBOEKT
    assert_ledger_balanced(gemeente)


def test_partner_cannot_edit_after_submission(partner, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    with pytest.raises(PermissionDenied):
        services.bewaar_concept(partner, d, bedrag=Decimal("1.00"))
    with pytest.raises(PermissionDenied):
        services.voeg_bijlage_toe(partner, d, pdf())


def test_approval_without_beschikking_is_refused_in_dutch(partner, financien, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    with pytest.raises(ValidationError, match="beschikking"):
        services.keur_goed(financien, d)
    assert reload(d).status == Declaratie.Status.INGEDIEND
    assert not Beoordeling.objects.exists()


def test_payment_books_crediteuren_bank_and_partner_sees_betaald(
    partner, financien, financien2, regels, beschikking, gemeente
):
    a = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    b = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="250.50"))
    [betaling] = services.registreer_betaling(financien2, [a, b], timezone.localdate(), "BATCH-7")
    assert betaling.totaal == Decimal("350.50")
    assert reload(a).status == reload(b).status == Declaratie.Status.BETAALD
    assert reload(a).partner_status == "Betaald"
    assert saldo(gemeente, "crediteuren") == Decimal("0.00")
    assert saldo(gemeente, "bank") == Decimal("-350.50")
    assert_ledger_balanced(gemeente)


def test_payment_refuses_unbooked_declaration_all_or_nothing(partner, financien, financien2, regels, beschikking):
    a = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    b = ingediend(partner, regels[2025], bedrag="100.00")
    with pytest.raises(ValidationError, match=b.nummer):
        services.registreer_betaling(financien2, [a, b], timezone.localdate())
    assert reload(a).status == Declaratie.Status.GEBOEKT


def test_batch_approval_reports_per_declaration(partner, financien, regels, beschikking):
    klein = ingediend(partner, regels[2024], bedrag="100.00")
    groot = ingediend(partner, regels[2025], bedrag="15000.00")
    resultaten = services.keur_goed_batch(financien, [klein, groot])
    assert [ok for _d, ok, _m in resultaten] == [True, True]
    assert reload(klein).status == Declaratie.Status.GEBOEKT
    assert reload(groot).status == Declaratie.Status.GOEDGEKEURD
    # The same person cannot give the second approval through the batch either.
    resultaten = services.keur_goed_batch(financien, [reload(groot)])
    assert resultaten[0][1] is False and "andere medewerker" in resultaten[0][2]


def test_every_transition_is_logged_and_partner_notified(partner, financien, regels, beschikking, gemeente):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    assert Melding.objects.filter(ontvanger=financien, titel__contains=d.nummer).exists()
    services.keur_goed(financien, d)
    overgangen = list(timeline(d).filter(actie="statuswijziging").values_list("naar_status", flat=True))
    assert len(overgangen) == 2
    assert Melding.objects.filter(ontvanger=partner).count() == 2


def test_costs_of_2024_booked_in_2025_keep_bestedingsjaar(partner, financien, regels, beschikking, gemeente):
    d = ingediend(partner, regels[2024], bedrag="800.00")
    d = services.keur_goed(financien, d, boekdatum=datetime.date(2025, 2, 10))
    assert d.journaalpost.boekjaar == 2025
    assert set(d.journaalpost.regels.values_list("bestedingsjaar", flat=True)) == {2024}
    assert_ledger_balanced(gemeente)


def test_partner_gets_email_on_status_change(
    partner, financien, regels, beschikking, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = ingediend(partner, regels[2024], bedrag="100.00")
    with django_capture_on_commit_callbacks(execute=True):
        services.vraag_wijziging(financien, d, "Voeg de urenstaat toe")
    aan = [(m.to[0], m.subject) for m in mailoutbox]
    assert any(to == financien.email and d.nummer in subject for to, subject in aan)
    assert any(to == partner.email and "Aanpassing gevraagd" in subject for to, subject in aan)
    assert "Voeg de urenstaat toe" in mailoutbox[-1].body


def test_budget_line_with_declarations_cannot_be_removed_from_a_concept_budget(partner, beleid, regels):
    """A line declared against stays; the policy officer gets a Dutch message, nothing is half-written."""
    from django.core.exceptions import ValidationError

    from buurtplan import services as bp_services
    from buurtplan.models import Begrotingsregel, Buurtbegroting, Buurtplan

    regel = regels[2025]
    ingediend(partner, regel, bedrag="500.00")
    # Declared against while the plan was still a concept (no vastgesteld version yet): reopen it so.
    force_update(Buurtplan, regel.begroting.buurtplan_id, status="concept")
    force_update(Buurtbegroting, regel.begroting_id, status="concept")
    begroting = Buurtbegroting.objects.get(pk=regel.begroting_id)
    with pytest.raises(ValidationError) as info:
        bp_services.bewaar_begroting(beleid, begroting, [{"regel": regel, "verwijderen": True}])
    assert "er zijn al declaraties op gedaan" in str(info.value)
    assert Begrotingsregel.objects.filter(pk=regel.pk).exists()


def test_status_machine_is_declared_once_with_permissions_and_labels():
    from core import workflow

    rows = {row.name: row for row in workflow.table(Declaratie)}
    assert set(rows) == {
        "indienen",
        "opnieuw_indienen",
        "wijziging_vragen",
        "eerste_goedkeuring",
        "boeken",
        "afwijzen",
        "betalen",
        "storneren",
        "betaling_storneren",
    }
    assert rows["indienen"].permission == rows["opnieuw_indienen"].permission == "declaraties.dien_in"
    for naam in ("wijziging_vragen", "eerste_goedkeuring", "boeken", "afwijzen"):
        assert rows[naam].permission == "declaraties.beoordeel"
    assert rows["betalen"].permission == "declaraties.betaal"
    assert rows["betalen"].conditions  # not when the booking was reversed
    assert rows["storneren"].permission == rows["betaling_storneren"].permission == "declaraties.storneer"
    assert rows["storneren"].sources == ("betaald", "geboekt")
    assert rows["boeken"].sources == tuple(sorted(Declaratie.IN_BEHANDELING))
    assert rows["eerste_goedkeuring"].conditions  # only above the threshold
    assert all(row.label != row.name for row in rows.values())


def test_refused_transition_says_so_in_dutch_and_changes_nothing(partner, financien, regels, beschikking):
    d = services.wijs_af(financien, ingediend(partner, regels[2024], bedrag="100.00"), "Niet subsidiabel")
    with pytest.raises(ValidationError, match="kan niet bij de status"):
        services.keur_goed(financien, d)
    assert reload(d).status == Declaratie.Status.AFGEWEZEN
    assert not Journaalpost.objects.exists()


def test_timeline_stores_status_values_and_reason(partner, financien, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    laatste = timeline(d).filter(actie="statuswijziging").first()
    assert (laatste.van_status, laatste.naar_status) == ("ingediend", "geboekt")
    assert d.journaalpost.stuknummer in laatste.reden


def test_bewaar_en_dien_in_saves_uploads_and_submits_in_one_call(partner, financien, regels):
    velden = dict(
        begrotingsregel=regels[2025],
        periode_van=datetime.date(2025, 1, 1),
        periode_tot=datetime.date(2025, 3, 31),
        bedrag=Decimal("250.00"),
        omschrijving="Kartrekker",
        factuurnummer="ONE-1",
        niet_elders_gefinancierd=True,
    )
    invoer = services.bewaar_en_dien_in(partner, None, velden, [pdf()], indienen=True)
    assert invoer.ingediend and invoer.fouten == {}
    d = reload(invoer.declaratie)
    assert d.status == Declaratie.Status.INGEDIEND and d.bijlagen.count() == 1
    assert Melding.objects.filter(ontvanger=financien, titel__contains=d.nummer).exists()


def test_bewaar_en_dien_in_keeps_the_concept_when_submission_is_refused(partner, regels):
    velden = dict(begrotingsregel=regels[2025], bedrag=Decimal("250.00"), factuurnummer="ONE-2")
    invoer = services.bewaar_en_dien_in(partner, None, velden, [pdf()], indienen=True)
    assert not invoer.ingediend
    assert "niet_elders_gefinancierd" in invoer.fouten and "periode_van" in invoer.fouten
    d = reload(invoer.declaratie)
    assert d.status == Declaratie.Status.CONCEPT and d.bijlagen.count() == 1 and d.nummer == ""


def test_threshold_change_is_on_the_timeline_and_only_for_own_finance(
    financien, financien2, beleid, gemeente, andere_gemeente
):
    instelling = instellingen_gewijzigd(financien, financien2, gemeente, "2500.00")
    assert "€\xa02.500,00" in timeline(instelling).get().naar_status
    with pytest.raises(PermissionDenied):
        services.stel_instelling_voor(beleid, gemeente, drempel=Decimal("1.00"), toelichting="x")
    with pytest.raises(PermissionDenied):
        services.stel_instelling_voor(financien, andere_gemeente, drempel=Decimal("1.00"), toelichting="x")


def test_threshold_is_read_only_in_the_admin(rf, financien):
    from django.contrib.admin.sites import site

    from core.frozen import ReadOnlyAdmin

    model_admin = site._registry[DeclaratieInstelling]
    assert isinstance(model_admin, ReadOnlyAdmin)
    request = rf.get("/")
    request.user = financien
    assert not model_admin.has_change_permission(request) and not model_admin.has_add_permission(request)
