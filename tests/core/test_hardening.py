"""Hardening of issue 13: redirects, session lifetime, private responses, headers, lockout and
throttle, stored file extensions, broker timeout, SQLite concurrency, the immutable timeline."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core import dispatch
from core.documents import PrivateDocument, document_path, validate_upload
from core.frozen import FrozenError
from core.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from core.models import Gebeurtenis
from core.timeline import log_event

ROOT = Path(__file__).resolve().parents[2]
EVIL = "https://evil.example/phish"


# Redirects ----------------------------------------------------------------------------------------


def test_gemeente_switch_never_redirects_to_another_site(login, beleid, gemeente):
    response = login(beleid).post(reverse("core:switch_gemeente"), {"gemeente": gemeente.pk, "next": EVIL})
    assert response.status_code == 302 and response["Location"] == reverse("core:start")


@pytest.mark.parametrize("target", [EVIL, "//evil.example/", "https:/\\evil.example"])
def test_two_factor_page_never_redirects_to_another_site(client, beleid, target):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(beleid)
    device = TOTPDevice.objects.create(user=beleid, name="app", confirmed=True)
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(f"{reverse('core:twee_factor')}?next={target}", {"token": f"{totp.token():06d}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")


def test_admin_login_next_cannot_leave_the_site(client, db):  # the login page lists the identity providers
    response = client.get("/beheer/admin/login/?next=" + EVIL)
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "evil.example" not in followed.get("Location", "")


# Session lifetime -----------------------------------------------------------------------------------


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_idle_session_ends_after_thirty_minutes(login, beleid):
    client = login(beleid)
    assert client.get("/start/beleid/").status_code == 200
    _age_session(client, **{SESSION_SEEN_KEY: 31 * 60, SESSION_STARTED_KEY: 31 * 60})
    response = client.get("/start/beleid/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get("/start/beleid/").status_code == 302  # logged out, not only redirected once


def test_active_session_within_the_idle_time_continues(login, beleid):
    client = login(beleid)
    client.get("/start/beleid/")
    _age_session(client, **{SESSION_SEEN_KEY: 29 * 60, SESSION_STARTED_KEY: 29 * 60})
    assert client.get("/start/beleid/").status_code == 200


def test_idle_timeout_is_configurable(login, beleid, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = login(beleid)
    client.get("/start/beleid/")
    _age_session(client, **{SESSION_SEEN_KEY: 61})
    assert client.get("/start/beleid/").status_code == 302


def test_session_ends_ten_hours_after_login_however_active(login, beleid):
    client = login(beleid)
    client.get("/start/beleid/")
    _age_session(client, **{SESSION_STARTED_KEY: 10 * 3600 + 5, SESSION_SEEN_KEY: 5})
    response = client.get("/start/beleid/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Headers --------------------------------------------------------------------------------------------


def test_every_response_has_a_permissions_policy(client, login, beleid):
    assert "camera=()" in client.get(reverse("login"))["Permissions-Policy"]
    assert "geolocation=()" in login(beleid).get("/start/beleid/")["Permissions-Policy"]


def test_pages_and_downloads_for_logged_in_users_are_not_stored(login, controle, gemeente):
    client = login(controle)
    assert "no-store" in client.get("/start/controle/")["Cache-Control"]
    assert "no-store" in client.get(reverse("core:meldingen") + "?format=xlsx")["Cache-Control"]


# Lockout and throttle -----------------------------------------------------------------------------


def test_lockout_is_per_account_and_address_so_others_cannot_lock_finance_out(client, financien, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": financien.email, "password": "fout"}, REMOTE_ADDR="203.0.113.9")
    locked = client.post(
        reverse("login"), {"username": financien.email, "password": password}, REMOTE_ADDR="203.0.113.9"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        reverse("login"), {"username": financien.email, "password": password}, REMOTE_ADDR="198.51.100.7"
    )
    assert elsewhere.status_code == 302


def test_one_address_trying_many_accounts_is_throttled(client, beleid, financien, controle, password, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LOGIN_THROTTLE_PER_IP = 3
    for user in (financien, controle, financien):
        client.post(reverse("login"), {"username": user.email, "password": "fout"}, REMOTE_ADDR="203.0.113.50")
    response = client.post(
        reverse("login"), {"username": beleid.email, "password": password}, REMOTE_ADDR="203.0.113.50"
    )
    assert response.status_code == 200
    assert "te vaak verkeerd ingelogd" in response.content.decode()
    other = client.post(reverse("login"), {"username": beleid.email, "password": password}, REMOTE_ADDR="203.0.113.51")
    assert other.status_code == 302
    cache.clear()


# Stored attachments -------------------------------------------------------------------------------


def _document_models():
    return [m for m in apps.get_models() if issubclass(m, PrivateDocument)]


def test_every_document_model_is_checked():
    names = {m._meta.label for m in _document_models()}
    assert {"declaraties.Bijlage", "mijlpalen.Bewijsstuk", "spuk.AanvraagDocument", "buurtplan.Ondertekening"} <= names


@pytest.mark.parametrize("model", _document_models(), ids=lambda m: m._meta.label)
def test_stored_attachment_gets_the_extension_of_its_detected_type(model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("x.html", b"%PDF-1.4\n<html><script>alert(1)</script></html>", "text/html")
    content_type = validate_upload(upload)
    assert model._meta.get_field("bestand").upload_to is document_path
    doc = model()
    doc.storage_folder = lambda: "test"  # the real folder names the parent record, which is not needed here
    doc.attach(upload, content_type)
    assert content_type == "application/pdf"
    assert doc.bestand.name.endswith(".pdf") and ".html" not in doc.bestand.name
    assert doc.naam == "x.html"  # the user's name is kept for display only


# Broker ---------------------------------------------------------------------------------------------


def _settings_subprocess(env_overrides, code):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DEMO_MODE")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_settings_bound_the_requests_attempt_at_the_broker():
    """A request hands its outbox row to the broker in one short attempt (the relay does the rest);
    workers and the relay use their own, longer connect timeout and reconnect forever."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "o = s.CELERY_BROKER_TRANSPORT_OPTIONS; "
        "print(s.DISPATCH_SEND_TIMEOUT <= 0.5, o['socket_connect_timeout'] <= 5, s.DISPATCH_PAUSE_AFTER_FAILURE > 0)"
    )
    result = _settings_subprocess({"DEBUG": "False", "SECRET_KEY": "x" * 50}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_dead_broker_does_not_hold_the_request(broker_down, db, django_capture_on_commit_callbacks):
    from core.models import Opdracht

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        opdracht = dispatch.enqueue("core.tasks.verstuur_melding_email", 0)
    assert time.monotonic() - started < 3
    opdracht.refresh_from_db()
    assert opdracht.status == Opdracht.Status.WACHTEND  # left for the relay


# SQLite (embedded mode) -----------------------------------------------------------------------------


def test_embedded_sqlite_uses_wal_immediate_transactions_and_a_busy_timeout():
    code = (
        "import django; django.setup(); from django.db import connection as c; "
        "o = c.settings_dict['OPTIONS']; c.ensure_connection(); cur = c.cursor(); "
        "cur.execute('PRAGMA journal_mode'); "
        "print(cur.fetchone()[0], o['transaction_mode'], o['timeout'] >= 5)"
    )
    env = {"DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'wal-check.sqlite3'}"}
    (ROOT / "var").mkdir(exist_ok=True)
    result = _settings_subprocess(env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE", "True"]


@pytest.mark.skipif(os.environ.get("SPUK_SQLITE_CHILD") == "1", reason="the child run itself")
def test_two_simultaneous_approvals_on_sqlite_both_wait_and_succeed(tmp_path):
    """Runs tests/declaraties/test_sqlite_concurrency.py against a SQLite file in a child pytest."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    env.update(SPUK_SQLITE_CHILD="1", DATABASE_URL=f"sqlite:///{tmp_path / 'embedded.sqlite3'}")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/declaraties/test_sqlite_concurrency.py",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            # Tables from the models: the migrations' PostgreSQL-only triggers do nothing on SQLite.
            "--nomigrations",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


# The timeline ---------------------------------------------------------------------------------------


def test_timeline_refuses_queryset_update_and_delete(beleid, gemeente):
    log_event(beleid, gemeente, "test", reden="origineel")
    with pytest.raises(FrozenError):
        Gebeurtenis.objects.filter(reden="origineel").update(reden="herschreven")
    with pytest.raises(FrozenError):
        Gebeurtenis.objects.filter(reden="origineel").delete()
    event = Gebeurtenis.objects.get(reden="origineel")
    event.reden = "herschreven"
    with pytest.raises(FrozenError):
        event.save()


def test_timeline_refuses_sql_on_postgresql(beleid, gemeente, is_postgres):
    if not is_postgres:
        pytest.skip("the trigger exists on PostgreSQL")
    from django.db import IntegrityError, transaction

    event = log_event(beleid, gemeente, "test", reden="origineel")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_gebeurtenis SET reden = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_gebeurtenis WHERE id = %s", [event.pk])
