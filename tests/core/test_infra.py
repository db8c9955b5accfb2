from pathlib import Path

import pytest
import yaml
from django.core import mail
from django.core.management import call_command

from core.frozen import FrozenError
from core.models import Gebeurtenis, Melding, Organisatie, User
from core.services import log_transition, notify, timeline

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["status"] == "ok"
    assert body["broker"] in ("ok", "eager")


def test_healthz_is_503_when_the_broker_is_unreachable(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_demo_data_is_idempotent_and_creates_one_user_per_role(db):
    call_command("demo_data")
    counts = (Organisatie.objects.count(), User.objects.count())
    call_command("demo_data")
    assert (Organisatie.objects.count(), User.objects.count()) == counts
    for email, role in [
        ("beleid@zutphen.demo", "beleid"),
        ("financien@zutphen.demo", "financien"),
        ("financien2@zutphen.demo", "financien"),
        ("controle@zutphen.demo", "controle"),
        ("beheer@zutphen.demo", "beheer"),
        ("partner@perspectief.demo", "partner"),
        ("beleid@alphen.demo", "beleid"),
        ("financien@alphen.demo", "financien"),
        ("partner@participe.demo", "partner"),
    ]:
        assert User.objects.get(email=email).has_role(role)
    assert Organisatie.objects.get(naam="Gemeente Zutphen").cbs_code == "0301"


def test_audit_log_records_who_from_to_and_why_and_is_immutable(beleid, gemeente):
    entry = log_transition(beleid, gemeente, "concept", "ingediend", "Klaar voor beoordeling")
    assert (entry.actor, entry.van_status, entry.naar_status, entry.reden) == (
        beleid,
        "concept",
        "ingediend",
        "Klaar voor beoordeling",
    )
    assert list(timeline(gemeente)) == [entry]
    entry.reden = "anders"
    with pytest.raises(FrozenError):
        entry.save()
    with pytest.raises(FrozenError):
        entry.delete()
    with pytest.raises(FrozenError):
        Gebeurtenis.objects.filter(pk=entry.pk).update(reden="herschreven")
    with pytest.raises(FrozenError):
        Gebeurtenis.objects.all().delete()
    assert Gebeurtenis.objects.get().reden == "Klaar voor beoordeling"


@pytest.mark.postgres
def test_audit_log_cannot_be_rewritten_with_sql_on_postgresql(beleid, gemeente, is_postgres):
    if not is_postgres:
        pytest.skip("The trigger exists on PostgreSQL only")
    from django.db import DatabaseError, connection, transaction

    entry = log_transition(beleid, gemeente, "concept", "ingediend", "Klaar voor beoordeling")
    for sql in ("UPDATE core_gebeurtenis SET reden = 'x' WHERE id = %s", "DELETE FROM core_gebeurtenis WHERE id = %s"):
        with pytest.raises(DatabaseError, match="definitief vastgelegd"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert Gebeurtenis.objects.get().reden == "Klaar voor beoordeling"


def test_notification_is_stored_in_app_and_mailed_once_after_commit(beleid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([beleid], "Declaratie ingediend", "Er staat een declaratie klaar.", "/start/beleid/")
    assert Melding.objects.filter(ontvanger=beleid, titel="Declaratie ingediend").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [beleid.email]
    from core.services import send_notification_emails

    send_notification_emails(list(Melding.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 1


def test_meldingen_list_filters_sorts_and_exports_without_extra_queries(login, beleid, django_assert_max_num_queries):
    for i in range(30):
        Melding.objects.create(ontvanger=beleid, titel=f"Melding {i:02d}")
    client = login(beleid)
    with django_assert_max_num_queries(12):
        response = client.get("/meldingen/?sort=titel")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Melding 00" in body and "Pagina 1 van 2" in body
    export = client.get("/meldingen/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    from core.xlsx import table_rows

    sheet = load_workbook(io.BytesIO(export.content)).active
    assert len(table_rows(sheet)) == 31


def test_docker_compose_names_all_services_and_parses():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"db", "redis", "web", "worker", "beat"} <= set(compose["services"])
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "migrate" in compose["services"]["web"]["command"]
    assert "worker" in compose["services"]["worker"]["command"]
    assert "beat" in compose["services"]["beat"]["command"]
    assert (ROOT / "Dockerfile").exists()
