"""A vastgesteld version is frozen everywhere: services, model, bulk queryset writes and the database."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from buurtplan import services
from buurtplan.models import (
    FROZEN_MESSAGE,
    Activiteit,
    Begrotingsregel,
    Buurtbegroting,
    Buurtplan,
    Ondertekening,
    PlanThema,
)
from core import workflow
from core.frozen import FrozenError
from tests.factories.buurtplan import klaar_voor_vaststelling

pytestmark = pytest.mark.django_db


@pytest.fixture
def vastgesteld(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    return services.stel_vast(beleid, plan)


def test_bulk_writes_on_a_vastgesteld_version_are_refused_with_the_dutch_message(vastgesteld):
    writes = [
        lambda: Buurtplan.objects.filter(pk=vastgesteld.pk).update(samenvatting="x"),
        lambda: PlanThema.objects.filter(buurtplan=vastgesteld).update(reden="x"),
        lambda: Activiteit.objects.filter(buurtplan=vastgesteld).delete(),
        lambda: Begrotingsregel.objects.filter(begroting__buurtplan=vastgesteld).update(bedrag=Decimal("1")),
        lambda: Ondertekening.objects.filter(buurtplan=vastgesteld).delete(),
    ]
    for write in writes:
        with pytest.raises(FrozenError) as exc:
            write()
        assert exc.value.messages == [str(FROZEN_MESSAGE)]
    assert Begrotingsregel.objects.filter(begroting__buurtplan=vastgesteld, bedrag=Decimal("1")).count() == 0


def test_nothing_can_be_added_to_a_vastgesteld_version(vastgesteld):
    activiteit = vastgesteld.activiteiten.first()
    with pytest.raises(FrozenError):
        Activiteit.objects.create(buurtplan=vastgesteld, thema=activiteit.thema, naam="Later toegevoegd")


def test_concept_version_stays_editable_in_bulk(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    assert PlanThema.objects.filter(buurtplan=plan).update(reden="") == 5


@pytest.mark.postgres
def test_database_trigger_refuses_raw_sql_on_a_vastgesteld_version(vastgesteld, is_postgres):
    if not is_postgres:
        pytest.skip("database triggers exist on PostgreSQL only")
    statements = [
        ("UPDATE buurtplan_buurtplan SET samenvatting = 'x' WHERE id = %s", [vastgesteld.pk]),
        ("DELETE FROM buurtplan_planthema WHERE buurtplan_id = %s", [vastgesteld.pk]),
        ("UPDATE buurtplan_activiteit SET naam = naam || 'x' WHERE buurtplan_id = %s", [vastgesteld.pk]),
        ("UPDATE buurtplan_buurtbegroting SET opmerkingen = 'x' WHERE buurtplan_id = %s", [vastgesteld.pk]),
        ("DELETE FROM buurtplan_ondertekening WHERE buurtplan_id = %s", [vastgesteld.pk]),
        (
            "UPDATE buurtplan_begrotingsregel SET bedrag = 1 WHERE begroting_id IN "
            "(SELECT id FROM buurtplan_buurtbegroting WHERE buurtplan_id = %s)",
            [vastgesteld.pk],
        ),
    ]
    for sql, params in statements:
        with pytest.raises(IntegrityError, match="definitief vastgelegd"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
    vastgesteld.refresh_from_db()
    assert vastgesteld.samenvatting != "x"


@pytest.mark.postgres
def test_database_trigger_lets_a_concept_version_change(beleid, buurt, is_postgres):
    if not is_postgres:
        pytest.skip("database triggers exist on PostgreSQL only")
    plan = services.maak_buurtplan(beleid, buurt)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE buurtplan_buurtplan SET samenvatting = 'x' WHERE id = %s", [plan.pk])
    plan.refresh_from_db()
    assert plan.samenvatting == "x"


def test_a_new_version_after_vaststelling_is_editable_and_leaves_the_old_one_alone(beleid, vastgesteld):
    nieuw = services.nieuwe_versie(beleid, vastgesteld, reden="Wijziging")
    services.wijzig_samenvatting(beleid, nieuw, "Nieuw buurtbeeld")
    vastgesteld.refresh_from_db()
    assert vastgesteld.samenvatting != "Nieuw buurtbeeld"
    # The copied commitment signatures point at the same stored scans.
    assert set(nieuw.ondertekeningen.values_list("bestand", flat=True)) <= set(
        vastgesteld.ondertekeningen.values_list("bestand", flat=True)
    )


def test_status_machines_are_declared_with_permissions():
    plan_rows = {row.name: row for row in workflow.table(Buurtplan)}
    assert plan_rows["vaststellen"].permission == "buurtplan.change_buurt"
    rows = {row.name: row for row in workflow.table(Buurtbegroting)}
    assert rows["goedkeuren"].permission == "buurtplan.beoordeel_begroting"
    assert rows["terugsturen"].permission == "buurtplan.beoordeel_begroting"
    assert rows["indienen"].sources == ("concept", "teruggestuurd")
    assert any("opmerkingen" in c for c in rows["terugsturen"].conditions)


def test_begroting_buttons_follow_the_declared_machine(beleid, controle, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    begroting = plan.begroting
    assert workflow.available(beleid, begroting) == ["heropenen"]
    assert workflow.available(controle, begroting) == []
