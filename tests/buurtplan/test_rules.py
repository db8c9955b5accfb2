"""Model and service rules: network, mandatory themes, vaststelling preconditions, frozen versions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from buurtplan import services
from buurtplan.compliance import compliance, netwerk_overtredingen, vaststelling_blokkades
from buurtplan.models import Begrotingsregel, Buurtbegroting, Buurtplan, Netwerklid, Thema
from core.models import Gebeurtenis
from tests.factories.buurtplan import (
    NetwerklidFactory,
    geldig_netwerk,
    klaar_voor_vaststelling,
    onderteken_alles,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def _thema(buurt, code):
    return Thema.objects.get(transformatieplan=buurt.transformatieplan, code=code)


def test_valid_network_has_no_violations(buurt):
    assert netwerk_overtredingen(geldig_netwerk(buurt)) == []


def test_network_with_three_members_is_too_small(buurt):
    leden = geldig_netwerk(buurt)[:3]
    assert any("minstens 4" in m for m in netwerk_overtredingen(leden))


def test_network_with_seven_members_is_too_large(buurt):
    leden = geldig_netwerk(buurt) + [NetwerklidFactory(buurt=buurt) for _ in range(3)]
    assert any("hoogstens 6" in m for m in netwerk_overtredingen(leden))


def test_network_needs_exactly_two_kartrekkers(buurt):
    leden = geldig_netwerk(buurt)
    leden[2].kartrekker = True
    assert any("precies twee" in m for m in netwerk_overtredingen(leden))


def test_network_needs_a_wijkverpleegkundige_among_kartrekkers(buurt):
    leden = geldig_netwerk(buurt)
    leden[0].discipline = Netwerklid.Discipline.HUISARTS
    berichten = netwerk_overtredingen(leden)
    assert berichten == ["Minstens één kartrekker moet wijkverpleegkundige zijn."]


def test_mandatory_theme_cannot_be_set_not_applicable(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    with pytest.raises(ValidationError) as exc:
        services.zet_thema(beleid, plan, _thema(buurt, "lerende_buurt"), False, "Geen tijd")
    assert "verplicht" in str(exc.value)


def test_optional_theme_not_applicable_needs_reason(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    with pytest.raises(ValidationError) as exc:
        services.zet_thema(beleid, plan, _thema(buurt, "behandeling_dichtbij"), False, "  ")
    assert "waarom" in str(exc.value)
    keuze = services.zet_thema(beleid, plan, _thema(buurt, "behandeling_dichtbij"), False, "Ziekenhuis regelt dit al")
    assert keuze.van_toepassing is False


def test_new_plan_has_all_five_themes_applicable(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    assert plan.planthemas.count() == 5
    assert plan.planthemas.filter(van_toepassing=True).count() == 5
    assert plan.begroting.status == Buurtbegroting.Status.CONCEPT


def test_spuk_line_must_be_social_domain(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    activiteit = services.voeg_activiteit_toe(beleid, plan, thema=_thema(buurt, "zorgzame_buurt"), naam="Buurthuis")
    with pytest.raises(ValidationError) as exc:
        services.voeg_regel_toe(
            beleid,
            plan.begroting,
            activiteit=activiteit,
            jaar=2025,
            domein="zorg",
            financiering="spuk",
            ontvangende_partner=partner_organisatie,
            bedrag=Decimal("10"),
        )
    assert "sociaal domein" in str(exc.value)


def test_budget_year_outside_regulation_period_is_refused(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    activiteit = services.voeg_activiteit_toe(beleid, plan, thema=_thema(buurt, "zorgzame_buurt"), naam="Buurthuis")
    with pytest.raises(ValidationError):
        services.voeg_regel_toe(
            beleid,
            plan.begroting,
            activiteit=activiteit,
            jaar=2030,
            domein="sociaal_domein",
            financiering="spuk",
            ontvangende_partner=partner_organisatie,
            bedrag=Decimal("10"),
        )


def test_vaststelling_blocked_lists_every_missing_precondition(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    with pytest.raises(ValidationError) as exc:
        services.stel_vast(beleid, plan)
    berichten = exc.value.messages
    assert any("minstens 4" in m for m in berichten)
    assert any("niet goedgekeurd" in m for m in berichten)
    assert any("buurtplan is nog door niemand ondertekend" in m for m in berichten)
    assert any("overeenkomst transformatieplan" in m for m in berichten)
    plan.refresh_from_db()
    assert plan.status == Buurtplan.Status.CONCEPT


def test_vaststelling_blocked_by_network_rule_alone(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    buurt.netwerkleden.filter(kartrekker=True, discipline="wijkverpleegkundige").update(discipline="huisarts")
    with pytest.raises(ValidationError) as exc:
        services.stel_vast(beleid, plan)
    assert exc.value.messages == ["Minstens één kartrekker moet wijkverpleegkundige zijn."]


def test_intentieverklaring_must_be_signed_by_the_gemeente(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    plan.ondertekeningen.filter(soort="intentieverklaring").delete()
    services.voeg_ondertekening_toe(
        beleid,
        plan,
        soort="intentieverklaring",
        ondertekenaar="X",
        functie="Directeur",
        getekend_op=datetime.date(2025, 1, 1),
        document=pdf_upload(),
        organisatie=partner_organisatie,
    )
    assert vaststelling_blokkades(plan) == [
        "De commitment- of intentieverklaring, ondertekend door de gemeente, ontbreekt."
    ]


def test_plan_vastgesteld_when_all_preconditions_hold(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    assert vaststelling_blokkades(plan) == []
    services.stel_vast(beleid, plan)
    plan.refresh_from_db()
    assert plan.status == Buurtplan.Status.VASTGESTELD
    assert plan.vastgesteld_door == beleid
    assert Gebeurtenis.objects.filter(object_id=str(plan.pk), naar_status="vastgesteld").exists()
    assert compliance(buurt) == []


def test_vastgesteld_version_is_frozen(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    services.stel_vast(beleid, plan)
    regel = Begrotingsregel.objects.filter(begroting__buurtplan=plan).first()
    with pytest.raises(ValidationError):
        services.bewaar_begroting(beleid, plan.begroting, [{"regel": regel, "bedrag": Decimal("1.00")}])
    with pytest.raises(ValidationError):
        services.zet_thema(beleid, plan, _thema(buurt, "preventie"), False, "reden")
    with pytest.raises(ValidationError):
        services.voeg_activiteit_toe(beleid, plan, thema=_thema(buurt, "preventie"), naam="Nieuw")
    # Also the model refuses, whoever calls save().
    regel.bedrag = Decimal("1.00")
    with pytest.raises(ValidationError):
        regel.save()
    with pytest.raises(ValidationError):
        plan.activiteiten.first().delete()
    plan.samenvatting = "anders"
    with pytest.raises(ValidationError):
        plan.save()
    regel.refresh_from_db()
    assert regel.bedrag == Decimal("1000.00")


def test_change_after_vaststelling_starts_new_version_with_copies(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    services.stel_vast(beleid, plan)
    nieuw = services.nieuwe_versie(beleid, plan, reden="Extra inzet 2026")
    assert nieuw.versie == 2 and nieuw.status == Buurtplan.Status.CONCEPT
    assert nieuw.activiteiten.count() == plan.activiteiten.count()
    assert nieuw.planthemas.count() == 5
    oude = list(plan.begroting.regels.order_by("jaar"))
    nieuwe = list(nieuw.begroting.regels.order_by("jaar"))
    assert [(r.jaar, r.bedrag) for r in nieuwe] == [(r.jaar, r.bedrag) for r in oude]
    assert [r.vorige_regel_id for r in nieuwe] == [r.pk for r in oude]
    assert nieuw.begroting.status == Buurtbegroting.Status.CONCEPT
    # Commitment signatures of the gemeente are carried over; buurtplan/begroting must be signed again.
    assert set(nieuw.ondertekeningen.values_list("soort", flat=True)) == {"intentieverklaring", "overeenkomst"}
    # Version 2 can be edited; version 1 stays as it was.
    regel = nieuwe[0]
    services.bewaar_begroting(beleid, nieuw.begroting, [{"regel": regel, "bedrag": Decimal("1500.00")}])
    assert plan.begroting.regels.get(jaar=regel.jaar).bedrag == Decimal("1000.00")


def test_new_version_refused_while_a_concept_exists(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    with pytest.raises(ValidationError):
        services.nieuwe_versie(beleid, plan)


def test_begroting_sent_back_needs_remarks(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    activiteit = services.voeg_activiteit_toe(beleid, plan, thema=_thema(buurt, "lerende_buurt"), naam="Intervisie")
    services.voeg_regel_toe(
        beleid,
        plan.begroting,
        activiteit=activiteit,
        jaar=2025,
        domein="sociaal_domein",
        financiering="spuk",
        ontvangende_partner=partner_organisatie,
        bedrag=Decimal("500"),
    )
    services.dien_begroting_in(beleid, plan.begroting)
    with pytest.raises(ValidationError) as exc:
        services.beoordeel_begroting(beleid, plan.begroting, goedgekeurd=False, opmerkingen="")
    assert "opmerkingen" in str(exc.value)
    begroting = services.beoordeel_begroting(beleid, plan.begroting, goedgekeurd=False, opmerkingen="Specificeer uren")
    assert begroting.status == Buurtbegroting.Status.TERUGGESTUURD
    assert begroting.opmerkingen == "Specificeer uren"
    # Sent back: editable again, then resubmitted.
    services.voeg_regel_toe(
        beleid,
        begroting,
        activiteit=activiteit,
        jaar=2026,
        domein="sociaal_domein",
        financiering="spuk",
        ontvangende_partner=partner_organisatie,
        bedrag=Decimal("250"),
    )
    assert services.dien_begroting_in(beleid, begroting).status == Buurtbegroting.Status.INGEDIEND


def test_submitted_begroting_cannot_be_edited(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    activiteit = services.voeg_activiteit_toe(beleid, plan, thema=_thema(buurt, "lerende_buurt"), naam="Intervisie")
    services.voeg_regel_toe(
        beleid,
        plan.begroting,
        activiteit=activiteit,
        jaar=2025,
        domein="sociaal_domein",
        financiering="spuk",
        ontvangende_partner=partner_organisatie,
        bedrag=Decimal("500"),
    )
    services.dien_begroting_in(beleid, plan.begroting)
    with pytest.raises(ValidationError) as exc:
        services.voeg_regel_toe(
            beleid,
            plan.begroting,
            activiteit=activiteit,
            jaar=2026,
            domein="sociaal_domein",
            financiering="spuk",
            ontvangende_partner=partner_organisatie,
            bedrag=Decimal("1"),
        )
    assert "Heropen" in str(exc.value)


def test_empty_begroting_cannot_be_submitted(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    with pytest.raises(ValidationError):
        services.dien_begroting_in(beleid, plan.begroting)


def test_signature_document_must_be_pdf_png_or_jpeg(beleid, buurt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = services.maak_buurtplan(beleid, buurt)
    nep = SimpleUploadedFile("handtekening.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.voeg_ondertekening_toe(
            beleid,
            plan,
            soort="buurtplan",
            ondertekenaar="A",
            functie="B",
            getekend_op=datetime.date(2025, 1, 1),
            document=nep,
            organisatie_naam="C",
        )
    assert "geen PDF, PNG of JPEG" in str(exc.value)


def test_signature_document_larger_than_10_mb_is_refused(beleid, buurt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = services.maak_buurtplan(beleid, buurt)
    groot = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.voeg_ondertekening_toe(
            beleid,
            plan,
            soort="buurtplan",
            ondertekenaar="A",
            functie="B",
            getekend_op=datetime.date(2025, 1, 1),
            document=groot,
            organisatie_naam="C",
        )
    assert "10 MB" in str(exc.value)


def test_compliance_reports_unmet_criteria_and_low_market_share(buurt):
    buurt.crit_burgers = False
    buurt.marktaandeel = Decimal("45.0")
    berichten = compliance(buurt)
    assert any("Betrokken burgers" in m for m in berichten)
    assert any("45,0%" in m for m in berichten)
    assert any("nog geen buurtplan" in m for m in berichten)


def test_beleid_of_other_gemeente_cannot_change_buurt(buurt, andere_gemeente):
    from tests.factories.core import UserFactory

    ander = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    with pytest.raises(PermissionDenied):
        services.maak_buurtplan(ander, buurt)


def test_controle_cannot_change_buurt(controle, buurt):
    with pytest.raises(PermissionDenied):
        services.voeg_netwerklid_toe(controle, buurt, naam="X", discipline="bewoner")


def test_signed_plan_only_then_onderteken_alles_helper_is_complete(beleid, buurt, partner_organisatie):
    geldig_netwerk(buurt)
    plan = services.maak_buurtplan(beleid, buurt)
    onderteken_alles(beleid, plan)
    assert not any("ondertekend" in m or "ontbreekt" in m for m in vaststelling_blokkades(plan))
