"""Application management: the Django admin is for platform operators only, and the in-app beheer
pages refuse every escalation the attack of issue 13 tried."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import beheer as beheer_services
from core.models import Gebeurtenis, RolVerzoek, User
from core.signals import revoke_beheer_admin_permissions
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer2(gemeente):
    return UserFactory(email="beheer2@test.nl", role="beheer", gemeenten=[gemeente])


@pytest.fixture
def vreemde_financien(andere_gemeente):
    return UserFactory(email="financien@elders.nl", role="financien", gemeenten=[andere_gemeente])


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("operator@platform.nl", "Operator-wachtwoord-1")


def _legacy_admin_rights(user):
    """What the beheer role had before: is_staff and every model permission of the admin."""
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())


ADMIN_URLS = [
    "/beheer/admin/",
    "/beheer/admin/core/user/",
    "/beheer/admin/otp_totp/totpdevice/",
    "/beheer/admin/core/gebeurtenis/",
    "/beheer/admin/axes/accessattempt/",
]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_beheer_user_with_old_staff_rights_gets_404_on_every_admin_page(login, beheer, url):
    _legacy_admin_rights(beheer)
    assert login(beheer).get(url).status_code == 404


def test_beheer_user_cannot_make_itself_superuser_through_the_admin(login, beheer):
    _legacy_admin_rights(beheer)
    client = login(beheer)
    response = client.post(
        f"/beheer/admin/core/user/{beheer.pk}/change/",
        {"email": beheer.email, "is_superuser": "on", "is_staff": "on", "is_active": "on"},
    )
    assert response.status_code == 404
    beheer.refresh_from_db()
    assert not beheer.is_superuser


def test_beheer_user_cannot_set_another_users_password_through_the_admin(login, beheer, financien):
    _legacy_admin_rights(beheer)
    old_hash = financien.password
    response = login(beheer).post(
        f"/beheer/admin/core/user/{financien.pk}/password/",
        {"password1": "Overgenomen-123!", "password2": "Overgenomen-123!"},
    )
    assert response.status_code == 404
    financien.refresh_from_db()
    assert financien.password == old_hash


def test_beheer_user_cannot_read_totp_secrets_through_the_admin(login, beheer, financien):
    _legacy_admin_rights(beheer)
    device = TOTPDevice.objects.create(user=financien, name="app", confirmed=True)
    client = login(beheer)
    for url in (
        f"/beheer/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/beheer/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/beheer/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert device.key not in response.content.decode()


def test_anonymous_admin_visitor_is_sent_to_the_app_login_not_an_admin_login_form(client):
    response = client.get("/beheer/admin/core/user/")
    assert response.status_code == 302
    login_response = client.get(response["Location"])
    assert login_response.status_code == 302
    assert login_response["Location"].startswith(reverse("login"))


def test_platform_operator_may_use_the_admin_but_never_sees_a_totp_secret(login, operator, financien):
    device = TOTPDevice.objects.create(user=financien, name="app", confirmed=True)
    client = login(operator)
    assert client.get("/beheer/admin/").status_code == 200
    change = client.get(f"/beheer/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    assert client.get(f"/beheer/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403


def test_platform_operator_cannot_add_or_change_financial_records_in_the_admin(login, operator):
    client = login(operator)
    for url in (
        "/beheer/admin/declaraties/declaratie/add/",
        "/beheer/admin/grootboek/journaalpost/add/",
        "/beheer/admin/core/gebeurtenis/add/",
    ):
        assert client.get(url).status_code == 403, url


def test_beheer_group_keeps_no_admin_model_permissions_after_migrate(db):
    group, _ = Group.objects.get_or_create(name="beheer")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=["core", "otp_totp", "auth"]))
    revoke_beheer_admin_permissions(sender=None)
    assert not group.permissions.filter(content_type__app_label__in=["core", "otp_totp", "auth"]).exists()


def test_navigation_links_applicatiebeheer_to_the_beheer_pages_not_the_admin(login, beheer):
    content = login(beheer).get(reverse("core:start_role", args=["beheer"])).content.decode()
    assert reverse("core:beheer_gebruikers") in content
    assert "/beheer/admin/" not in content


# In-app beheer: the rules ------------------------------------------------------------------------


def test_beheer_cannot_change_its_own_roles(login, beheer):
    response = login(beheer).post(
        reverse("core:beheer_rollen", args=[beheer.pk]), {"rollen": ["beheer", "financien"], "reden": "zelf"}
    )
    assert response.status_code == 403
    assert set(beheer.groups.values_list("name", flat=True)) == {"beheer"}
    assert not RolVerzoek.objects.exists()


def test_no_role_form_can_grant_superuser(login, beheer, beleid):
    login(beheer).post(reverse("core:beheer_rollen", args=[beleid.pk]), {"rollen": ["superuser"], "reden": "x"})
    beleid.refresh_from_db()
    assert not beleid.is_superuser and not beleid.is_staff
    assert set(beleid.groups.values_list("name", flat=True)) == {"beleid"}


def test_beheer_cannot_see_or_change_users_of_another_gemeente(login, beheer, vreemde_financien):
    client = login(beheer)
    assert client.get(reverse("core:beheer_gebruiker", args=[vreemde_financien.pk])).status_code == 404
    for name in ("beheer_rollen", "beheer_deactiveren", "beheer_reset_twee_factor", "beheer_ontgrendelen"):
        response = client.post(reverse(f"core:{name}", args=[vreemde_financien.pk]), {"rollen": [], "reden": "x"})
        assert response.status_code == 404, name
    vreemde_financien.refresh_from_db()
    assert vreemde_financien.is_active
    listing = client.get(reverse("core:beheer_gebruikers")).content.decode()
    assert vreemde_financien.email not in listing


def test_beheer_cannot_change_a_regional_user_who_also_works_elsewhere(beheer, gemeente, andere_gemeente):
    regio = UserFactory(email="regio@test.nl", role="beleid", gemeenten=[gemeente, andere_gemeente])
    with pytest.raises(PermissionDenied):
        beheer_services.zet_actief(beheer, regio, actief=False, reden="x")
    regio.refresh_from_db()
    assert regio.is_active


def test_beheer_cannot_learn_or_set_another_users_password_in_the_app(login, beheer, financien):
    """There is no password field anywhere in the beheer pages; inviting an existing address is refused."""
    client = login(beheer)
    page = client.get(reverse("core:beheer_gebruiker", args=[financien.pk])).content.decode()
    assert 'type="password"' not in page
    response = client.post(
        reverse("core:beheer_uitnodigen"),
        {
            "gemeente": financien.gemeenten.first().pk,
            "email": financien.email,
            "voornaam": "A",
            "achternaam": "B",
            "rollen": ["beleid"],
            "reden": "x",
        },
    )
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    assert not mail.outbox


def test_beheer_page_never_shows_a_totp_secret(login, beheer, financien):
    device = TOTPDevice.objects.create(user=financien, name="app", confirmed=True)
    page = login(beheer).get(reverse("core:beheer_gebruiker", args=[financien.pk])).content.decode()
    assert device.key not in page
    assert "ingesteld" in page


def test_granting_financien_waits_for_a_second_beheer_user(login, client, beheer, beheer2, beleid):
    login(beheer).post(
        reverse("core:beheer_rollen", args=[beleid.pk]), {"rollen": ["beleid", "financien"], "reden": "nieuwe taak"}
    )
    assert set(beleid.groups.values_list("name", flat=True)) == {"beleid"}
    verzoek = RolVerzoek.objects.get(gebruiker=beleid)
    assert verzoek.status == RolVerzoek.Status.OPEN
    # The one who asked cannot confirm.
    assert client.post(reverse("core:beheer_rolverzoek", args=[verzoek.pk]), {"besluit": "bevestig"}).status_code == 403
    # The one who would get the role cannot confirm either.
    client.force_login(beleid)
    assert client.post(reverse("core:beheer_rolverzoek", args=[verzoek.pk]), {"besluit": "bevestig"}).status_code == 404
    client.force_login(beheer2)
    client.post(reverse("core:beheer_rolverzoek", args=[verzoek.pk]), {"besluit": "bevestig"})
    verzoek.refresh_from_db()
    assert verzoek.status == RolVerzoek.Status.BEVESTIGD and verzoek.beoordeeld_door == beheer2
    assert set(beleid.groups.values_list("name", flat=True)) == {"beleid", "financien"}
    wijziging = Gebeurtenis.objects.filter(object_id=str(beleid.pk), actie="rollen gewijzigd").get()
    assert (wijziging.van_status, wijziging.naar_status, wijziging.actor) == ("beleid", "beleid, financien", beheer2)
    assert "nieuwe taak" in wijziging.reden


def test_removing_a_role_applies_at_once_and_is_on_the_timeline_with_before_after_and_reason(beheer, financien):
    assert beheer_services.wijzig_rollen(beheer, financien, rollen=["beleid"], reden="taak gewijzigd") == []
    assert set(financien.groups.values_list("name", flat=True)) == {"beleid"}
    event = Gebeurtenis.objects.get(object_id=str(financien.pk), actie="rollen gewijzigd")
    assert (event.van_status, event.naar_status, event.reden) == ("financien", "beleid", "taak gewijzigd")
    assert event.gemeente_id in beheer.gemeente_ids


def test_a_change_without_reason_is_refused_in_dutch(login, beheer, beleid):
    response = login(beheer).post(reverse("core:beheer_deactiveren", args=[beleid.pk]), {"reden": ""}, follow=True)
    assert "verplicht" in response.content.decode() or "reden" in response.content.decode().lower()
    beleid.refresh_from_db()
    assert beleid.is_active


def test_deactivate_never_deletes_and_the_user_cannot_log_in(login, client, beheer, beleid, password):
    login(beheer).post(reverse("core:beheer_deactiveren", args=[beleid.pk]), {"reden": "uit dienst"})
    beleid.refresh_from_db()
    assert not beleid.is_active
    assert ModelBackend().authenticate(None, username=beleid.email, password=password) is None
    assert Gebeurtenis.objects.filter(object_id=str(beleid.pk), actie="gebruiker gedeactiveerd").exists()


def test_reset_two_factor_removes_the_device_and_the_user_enrols_again(login, beheer, financien):
    TOTPDevice.objects.create(user=financien, name="app", confirmed=True)
    login(beheer).post(reverse("core:beheer_reset_twee_factor", args=[financien.pk]), {"reden": "nieuwe telefoon"})
    assert not TOTPDevice.objects.filter(user=financien).exists()
    event = Gebeurtenis.objects.get(object_id=str(financien.pk), actie="tweestapsverificatie hersteld")
    assert event.reden == "nieuwe telefoon"


def test_unlock_after_lockout(login, client, beheer, financien, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=financien.email, ip_address="10.0.0.1", failures_since_start=9, user_agent="x"
    )
    login(beheer).post(reverse("core:beheer_ontgrendelen", args=[financien.pk]), {"reden": "gebeld, was zelf"})
    assert not AccessAttempt.objects.filter(username=financien.email).exists()
    assert Gebeurtenis.objects.filter(object_id=str(financien.pk), actie="gebruiker ontgrendeld").exists()


def test_other_roles_cannot_open_the_beheer_pages(login, client, financien, partner):
    for user in (financien, partner):
        client.force_login(user)
        assert client.get(reverse("core:beheer_gebruikers")).status_code == 403
        assert client.get(reverse("core:beheer_uitnodigen")).status_code == 403


def test_invitation_sends_a_one_time_link_and_sensitive_roles_wait(
    login, client, beheer, gemeente, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(beheer).post(
            reverse("core:beheer_uitnodigen"),
            {
                "gemeente": gemeente.pk,
                "email": "Nieuw@Test.nl",
                "voornaam": "Nina",
                "achternaam": "Nieuw",
                "rollen": ["beleid", "financien"],
                "reden": "nieuwe collega",
            },
        )
    assert response.status_code == 302
    nieuw = User.objects.get(email="nieuw@test.nl")
    assert not nieuw.has_usable_password()
    assert set(nieuw.groups.values_list("name", flat=True)) == {"beleid"}
    assert RolVerzoek.objects.filter(gebruiker=nieuw, rol="financien", status="open").exists()
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/account/uitnodiging/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert client.get("/" + path).status_code == 200
    done = client.post("/" + path, {"new_password1": "Eigen-geheim-2026!", "new_password2": "Eigen-geheim-2026!"})
    assert done.status_code == 302 and reverse("core:twee_factor") in done["Location"]
    client.logout()
    assert client.get("/" + path).status_code == 404  # one time only


def test_role_change_by_a_platform_operator_in_the_admin_is_on_the_timeline(login, operator, beleid, gemeente):
    client = login(operator)
    response = client.post(
        f"/beheer/admin/core/user/{beleid.pk}/change/",
        {
            "email": beleid.email,
            "first_name": beleid.first_name,
            "last_name": beleid.last_name,
            "groups": [Group.objects.get_or_create(name="controle")[0].pk],
            "gemeenten": [gemeente.pk],
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "01-01-2025",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Gebeurtenis.objects.get(object_id=str(beleid.pk), actie="rollen gewijzigd")
    assert (event.van_status, event.naar_status, event.actor, event.gemeente) == (
        "beleid",
        "controle",
        operator,
        gemeente,
    )


def test_platform_operator_must_confirm_a_totp_code_before_the_admin(client, operator, settings):
    settings.OTP_REQUIRED = True
    client.force_login(operator)
    response = client.get("/beheer/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:twee_factor"))
