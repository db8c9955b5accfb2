import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.models import Gebeurtenis
from grootboek.models import Boekjaar, Journaalpost, Journaalregel, Rekening
from grootboek.services import (
    BoekingGeweigerd,
    Regel,
    boek,
    ensure_standaard_rekeningschema,
    sluit_boekjaar,
    sluit_periode,
    standaard_rekening,
    tegenboek,
)
from tests.factories.grootboek import BESCHIKKING, boek_simpel

pytestmark = pytest.mark.django_db
DATUM = datetime.date(2025, 3, 15)


def test_balanced_entry_is_booked_with_lines_source_and_audit(financien, gemeente, rekeningen, partner_organisatie):
    post = boek(
        financien,
        gemeente=gemeente,
        boekdatum=DATUM,
        omschrijving="Declaratie Perspectief",
        regels=[
            Regel(rekeningen["lasten"], debet=Decimal("1234.56"), relatie=partner_organisatie, bestedingsjaar=2024),
            Regel(rekeningen["crediteuren"], credit=Decimal("1234.56"), relatie=partner_organisatie),
        ],
        bron=partner_organisatie,
        bron_referentie="Factuur 2025-17",
    )
    post.refresh_from_db()
    assert post.stuknummer == "2025-000001"
    assert post.boekjaar == 2025 and post.aangemaakt_door == financien
    assert post.bron == partner_organisatie and post.bron_referentie == "Factuur 2025-17"
    regels = list(post.regels.order_by("id"))
    assert [(r.debet, r.credit) for r in regels] == [(Decimal("1234.56"), 0), (0, Decimal("1234.56"))]
    assert regels[0].bestedingsjaar == 2024 and regels[0].relatie == partner_organisatie
    assert Gebeurtenis.objects.filter(object_id=str(post.pk), actie="geboekt").exists()


def test_default_bestedingsjaar_applies_to_lines_without_their_own(financien, gemeente, rekeningen):
    post = boek_simpel(
        financien, gemeente, rekeningen["lasten"], rekeningen["crediteuren"], "10.00", bestedingsjaar=2024
    )
    assert set(post.regels.values_list("bestedingsjaar", flat=True)) == {2024}


def test_unbalanced_entry_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="niet in balans"):
        boek(
            financien,
            gemeente=gemeente,
            boekdatum=DATUM,
            omschrijving="Scheef",
            regels=[
                Regel(rekeningen["bank"], debet=Decimal("100.00")),
                Regel(rekeningen["vooruitontvangen"], credit=Decimal("99.99")),
            ],
        )
    assert not Journaalpost.objects.exists() and not Journaalregel.objects.exists()


def test_zero_entry_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="precies één bedrag"):
        boek(
            financien,
            gemeente=gemeente,
            boekdatum=DATUM,
            omschrijving="Niks",
            regels=[Regel(rekeningen["bank"]), Regel(rekeningen["vooruitontvangen"])],
        )
    assert not Journaalpost.objects.exists()


def test_line_with_both_sides_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="precies één bedrag"):
        boek(
            financien,
            gemeente=gemeente,
            boekdatum=DATUM,
            omschrijving="Dubbel",
            regels=[
                Regel(rekeningen["bank"], debet=Decimal("5"), credit=Decimal("5")),
                Regel(rekeningen["vooruitontvangen"], credit=Decimal("5")),
                Regel(rekeningen["bank"], debet=Decimal("5")),
            ],
        )


def test_negative_amount_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="negatief"):
        boek(
            financien,
            gemeente=gemeente,
            boekdatum=DATUM,
            omschrijving="Negatief",
            regels=[
                Regel(rekeningen["bank"], debet=Decimal("-5")),
                Regel(rekeningen["vooruitontvangen"], credit=Decimal("-5")),
            ],
        )


def test_single_line_entry_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="minstens twee regels"):
        boek(
            financien,
            gemeente=gemeente,
            boekdatum=DATUM,
            omschrijving="Eén",
            regels=[Regel(rekeningen["bank"], debet=Decimal("5"))],
        )


def test_float_and_sub_cent_amounts_are_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="float"):
        boek(
            financien,
            gemeente=gemeente,
            boekdatum=DATUM,
            omschrijving="Float",
            regels=[Regel(rekeningen["bank"], debet=0.1), Regel(rekeningen["vooruitontvangen"], credit=0.1)],
        )
    with pytest.raises(BoekingGeweigerd, match="twee decimalen"):
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "0.001")


def test_entry_on_account_of_other_gemeente_is_refused(financien, gemeente, rekeningen, andere_rekeningen):
    with pytest.raises(BoekingGeweigerd, match="andere gemeente"):
        boek_simpel(financien, gemeente, rekeningen["bank"], andere_rekeningen["vooruitontvangen"], "100.00")
    assert not Journaalpost.objects.exists()


def test_expense_line_without_bestedingsjaar_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="bestedingsjaar"):
        boek_simpel(financien, gemeente, rekeningen["lasten"], rekeningen["crediteuren"], "100.00")


def test_entry_without_description_is_refused(financien, gemeente, rekeningen):
    with pytest.raises(BoekingGeweigerd, match="omschrijving"):
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00", omschrijving="  ")


def test_inactive_account_is_refused(financien, gemeente, rekeningen):
    Rekening.objects.filter(pk=rekeningen["bank"].pk).update(actief=False)
    rekeningen["bank"].refresh_from_db()
    with pytest.raises(BoekingGeweigerd, match="niet actief"):
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00")


def test_booking_in_closed_year_is_refused(financien, gemeente, rekeningen):
    boek_simpel(
        financien,
        gemeente,
        rekeningen["bank"],
        rekeningen["vooruitontvangen"],
        "1.00",
        boekdatum=datetime.date(2024, 12, 31),
    )
    sluit_periode(financien, gemeente, BESCHIKKING, 2024)  # the release of 2024 ran
    sluit_boekjaar(financien, gemeente, 2024)
    with pytest.raises(BoekingGeweigerd, match="gesloten"):
        boek_simpel(
            financien,
            gemeente,
            rekeningen["bank"],
            rekeningen["vooruitontvangen"],
            "1.00",
            boekdatum=datetime.date(2024, 6, 1),
        )
    assert Journaalpost.objects.filter(boekjaar=2024).count() == 1
    assert boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00").boekjaar == 2025


def test_closing_a_year_twice_is_refused(financien, gemeente):
    sluit_boekjaar(financien, gemeente, 2024)
    with pytest.raises(BoekingGeweigerd, match="al gesloten"):
        sluit_boekjaar(financien, gemeente, 2024)


def test_controle_cannot_close_a_year(controle, gemeente):
    with pytest.raises(PermissionDenied):
        sluit_boekjaar(controle, gemeente, 2024)


def test_beleid_may_book_for_own_gemeente(beleid, gemeente, rekeningen):
    assert boek_simpel(beleid, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "34851.00").pk


@pytest.mark.parametrize("rol", ["controle", "partner", "beheer"])
def test_other_roles_cannot_book(request, rol, gemeente, rekeningen):
    actor = request.getfixturevalue(rol)
    with pytest.raises(PermissionDenied):
        boek_simpel(actor, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00")
    assert not Journaalpost.objects.exists()


def test_financien_of_zutphen_cannot_book_in_alphen(financien, andere_gemeente, andere_rekeningen):
    with pytest.raises(PermissionDenied):
        boek_simpel(
            financien, andere_gemeente, andere_rekeningen["bank"], andere_rekeningen["vooruitontvangen"], "1.00"
        )


def test_stuknummers_are_sequential_per_gemeente_and_year(
    financien, gemeente, rekeningen, andere_gemeente, andere_rekeningen
):
    from tests.factories.core import UserFactory

    alphen = UserFactory(role="financien", gemeenten=[andere_gemeente])
    nummers = [
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00").stuknummer,
        boek_simpel(
            financien,
            gemeente,
            rekeningen["bank"],
            rekeningen["vooruitontvangen"],
            "1.00",
            boekdatum=datetime.date(2026, 1, 2),
        ).stuknummer,
        boek_simpel(
            alphen, andere_gemeente, andere_rekeningen["bank"], andere_rekeningen["vooruitontvangen"], "1.00"
        ).stuknummer,
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00").stuknummer,
    ]
    assert nummers == ["2025-000001", "2026-000001", "2025-000001", "2025-000002"]
    assert Boekjaar.objects.get(gemeente=gemeente, jaar=2025).laatste_volgnummer == 2


def test_refused_booking_leaves_no_gap_in_stuknummers(financien, gemeente, rekeningen):
    boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00")
    with pytest.raises(BoekingGeweigerd):
        boek_simpel(financien, gemeente, rekeningen["lasten"], rekeningen["crediteuren"], "1.00")
    assert boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00").volgnummer == 2


def test_booking_rolls_back_with_the_callers_transaction(financien, gemeente, rekeningen):
    from django.db import transaction

    class Stop(Exception):
        pass

    with pytest.raises(Stop):
        with transaction.atomic():
            boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00")
            raise Stop
    assert not Journaalpost.objects.exists()
    assert boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00").volgnummer == 1


def test_reversal_mirrors_the_entry_and_links_it(financien, gemeente, rekeningen, partner_organisatie):
    post = boek_simpel(
        financien,
        gemeente,
        rekeningen["lasten"],
        rekeningen["crediteuren"],
        "500.00",
        bestedingsjaar=2024,
        relatie=partner_organisatie,
    )
    tegen = tegenboek(financien, post, "Dubbel ingediend", boekdatum=datetime.date(2025, 5, 1))
    assert tegen.tegenboeking_van == post and post.tegenboeking == tegen
    assert "Dubbel ingediend" in tegen.omschrijving and post.stuknummer in tegen.omschrijving
    assert sorted(
        (r.rekening_id, r.debet, r.credit, r.bestedingsjaar, r.relatie_id) for r in tegen.regels.all()
    ) == sorted((r.rekening_id, r.credit, r.debet, r.bestedingsjaar, r.relatie_id) for r in post.regels.all())
    assert Gebeurtenis.objects.filter(object_id=str(post.pk), actie="tegengeboekt", reden="Dubbel ingediend").exists()


def test_second_reversal_of_same_entry_is_refused(financien, gemeente, rekeningen):
    post = boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "5.00")
    tegenboek(financien, post, "Fout")
    with pytest.raises(BoekingGeweigerd, match="al tegengeboekt"):
        tegenboek(financien, post, "Nog eens")
    assert Journaalpost.objects.count() == 2


def test_reversal_needs_a_reason(financien, gemeente, rekeningen):
    post = boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "5.00")
    with pytest.raises(BoekingGeweigerd, match="reden"):
        tegenboek(financien, post, " ")


def test_beleid_cannot_reverse(beleid, financien, gemeente, rekeningen):
    post = boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "5.00")
    with pytest.raises(PermissionDenied):
        tegenboek(beleid, post, "Fout")


def test_reversal_into_closed_year_is_refused(financien, gemeente, rekeningen):
    post = boek_simpel(
        financien,
        gemeente,
        rekeningen["bank"],
        rekeningen["vooruitontvangen"],
        "5.00",
        boekdatum=datetime.date(2024, 5, 1),
    )
    sluit_periode(financien, gemeente, BESCHIKKING, 2024)  # the release of 2024 ran
    sluit_boekjaar(financien, gemeente, 2024)
    with pytest.raises(BoekingGeweigerd, match="gesloten"):
        tegenboek(financien, post, "Fout", boekdatum=datetime.date(2024, 12, 1))
    assert tegenboek(financien, post, "Fout", boekdatum=datetime.date(2025, 1, 5)).boekjaar == 2025


def test_standard_chart_is_created_once_per_gemeente_and_beschikking(gemeente):
    first = ensure_standaard_rekeningschema(gemeente, BESCHIKKING)
    again = ensure_standaard_rekeningschema(gemeente, BESCHIKKING)
    assert {k: v.pk for k, v in first.items()} == {k: v.pk for k, v in again.items()}
    assert set(first) == {"bank", "crediteuren", "debiteuren", "vooruitontvangen", "lasten", "baten", "te_betalen_rijk"}
    tweede = ensure_standaard_rekeningschema(gemeente, "SPUK-2")
    assert tweede["bank"] == first["bank"] and tweede["lasten"] != first["lasten"]
    assert first["lasten"].nummer == "4400.01" and tweede["lasten"].nummer == "4400.02"
    assert Rekening.objects.filter(gemeente=gemeente).count() == 11


def test_standaard_rekening_keeps_finance_mapping(financien, gemeente):
    from grootboek.services import wijzig_rekening

    lasten = standaard_rekening(gemeente, "lasten", BESCHIKKING)
    wijzig_rekening(financien, lasten, nummer="6.1.4470", kostenplaats="KP-SPUK")
    again = standaard_rekening(gemeente, "lasten", BESCHIKKING)
    assert again.pk == lasten.pk and again.nummer == "6.1.4470" and again.kostenplaats == "KP-SPUK"
    assert standaard_rekening(gemeente, "bank").soort == Rekening.Soort.ACTIVA


def test_standaard_rekening_needs_beschikking_for_beschikking_roles(gemeente):
    with pytest.raises(ValueError):
        standaard_rekening(gemeente, "lasten")
    with pytest.raises(ValueError):
        standaard_rekening(gemeente, "bank", BESCHIKKING)


def test_account_number_must_stay_unique_within_gemeente(financien, gemeente, rekeningen):
    from django.core.exceptions import ValidationError

    from grootboek.services import wijzig_rekening

    with pytest.raises(ValidationError, match="bestaat al"):
        wijzig_rekening(financien, rekeningen["lasten"], nummer=rekeningen["bank"].nummer)


def test_controle_cannot_change_account_mapping(controle, rekeningen):
    from grootboek.services import wijzig_rekening

    with pytest.raises(PermissionDenied):
        wijzig_rekening(controle, rekeningen["lasten"], naam="Anders")
