import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles
from core.auth import PasswordBackend
from tests.factories.core import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_login_with_email_is_case_insensitive_and_lands_on_role_start(client, beleid, password):
    response = client.post(reverse("login"), {"username": "BELEID@test.nl", "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == "/start/beleid/"
    assert "Wat moet ik doen – Beleidsmedewerker" in response.content.decode()


def test_wrong_password_shows_dutch_message(client, beleid):
    response = client.post(reverse("login"), {"username": "beleid@test.nl", "password": "fout"})
    assert "Het e-mailadres of wachtwoord klopt niet" in response.content.decode()


def test_account_is_locked_after_five_failures_even_with_the_right_password(client, beleid, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": "beleid@test.nl", "password": "fout"})
    response = client.post(reverse("login"), {"username": "beleid@test.nl", "password": password})
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()


def test_password_reset_sends_a_dutch_email_with_a_working_link(client, beleid):
    response = client.post(reverse("password_reset"), {"email": "beleid@test.nl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor SPUK-beheer"
    link = next(line for line in message.body.splitlines() if "/account/wachtwoord-herstellen/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Nieuw wachtwoord kiezen" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Een-nieuw-wachtwoord-42", "new_password2": "Een-nieuw-wachtwoord-42"},
    )
    beleid.refresh_from_db()
    assert beleid.check_password("Een-nieuw-wachtwoord-42")


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED = True


def test_finance_must_set_up_totp_before_anything_else(client, financien, password, otp_required):
    client.post(reverse("login"), {"username": financien.email, "password": password})
    response = client.get("/start/financien/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:twee_factor"))
    page = client.get(response.url)
    assert "Scan de QR-code" in page.content.decode()
    device = TOTPDevice.objects.get(user=financien, confirmed=False)
    token = f"{TOTP(device.bin_key, step=device.step, digits=device.digits).token():06d}"
    wrong_token = f"{(int(token) + 1) % 1_000_000:06d}"
    wrong = client.post(reverse("core:twee_factor"), {"token": wrong_token})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/start/financien/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited out django-otp's back-off after the typo
    response = client.post(reverse("core:twee_factor") + "?next=/start/financien/", {"token": token})
    assert response.status_code == 302 and response.url == "/start/financien/"
    assert client.get("/start/financien/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_policy_officer_needs_no_totp(client, beleid, password, otp_required):
    client.post(reverse("login"), {"username": beleid.email, "password": password})
    assert client.get("/start/beleid/").status_code == 200


def _settings_subprocess(env_overrides, code):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DEMO_MODE")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_mode_refuses_to_start_without_secret_key():
    result = _settings_subprocess({"DEBUG": "False"}, "import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt" in result.stderr


def test_production_mode_sets_secure_cookies_hsts_and_csp():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, s.OTP_REQUIRED, s.DEMO_MODE)"
    )
    result = _settings_subprocess({"DEBUG": "False", "SECRET_KEY": "x" * 50}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "False"]


def test_pages_carry_a_content_security_policy(client, db):  # the login page lists the identity providers
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_request_user_brings_roles_and_gemeenten_in_its_own_query_on_postgresql(
    gemeente, andere_gemeente, is_postgres, django_assert_num_queries
):
    user = UserFactory(role=[roles.BELEID, roles.FINANCIEN], gemeenten=[gemeente, andere_gemeente])
    # On SQLite the roles and the gemeenten each cost a query of their own, as before.
    with django_assert_num_queries(1 if is_postgres else 3):
        loaded = PasswordBackend().get_user(user.pk)
        assert loaded.role_names == {roles.BELEID, roles.FINANCIEN}
        assert loaded.gemeente_ids == {gemeente.pk, andere_gemeente.pk}


def test_request_user_without_roles_or_gemeenten_has_none(db):
    loaded = PasswordBackend().get_user(UserFactory().pk)
    assert loaded.role_names == frozenset()
    assert loaded.gemeente_ids == frozenset()


def test_partner_sees_no_gemeente_even_when_linked_to_one(partner, gemeente):
    partner.gemeenten.add(gemeente)
    assert PasswordBackend().get_user(partner.pk).gemeente_ids == frozenset()


def test_deactivated_user_loses_the_session_at_the_next_request(login, beleid):
    client = login(beleid)
    assert client.get(reverse("core:meldingen")).status_code == 200
    beleid.is_active = False
    beleid.save(update_fields=["is_active"])
    response = client.get(reverse("core:meldingen"))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
