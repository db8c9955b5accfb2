"""The gemeente settings page: an administrator sets the logo (PNG/JPEG only, ≤ 1 MB) and primary
colour of their own gemeente (`core.huisstijl.wijzig`); the page shows them through `huisstijl.weergave`."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import huisstijl
from core.models import Gebeurtenis
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path


def _png(name="logo.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_administrator_sets_logo_and_colour_with_timeline(beheer, gemeente):
    huisstijl.wijzig(beheer, gemeente, primaire_kleur="#00598A", logo=_png(), reden="Nieuwe huisstijl")
    stijl = huisstijl.weergave(gemeente, gemeente)
    assert stijl.primaire_kleur == "#00598a"
    assert stijl.logo_url.startswith(reverse("core:huisstijl_logo"))
    # Another gemeente is active: the page says a logo is set but cannot show it.
    assert huisstijl.weergave(gemeente, None).heeft_logo and huisstijl.weergave(gemeente, None).logo_url is None
    acties = {g.actie: (g.van_status, g.naar_status) for g in Gebeurtenis.objects.filter(gemeente=gemeente)}
    assert acties == {"primaire kleur gewijzigd": ("–", "#00598a"), "logo gewijzigd": ("–", "nieuw logo")}


def test_gemeente_without_house_style_gives_none(gemeente):
    assert huisstijl.weergave(gemeente, gemeente) is None
    assert huisstijl.voor(None) is None


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("logo.png", PDF), "geen PNG of JPEG"),
        (SimpleUploadedFile("logo.svg", b"<svg onload=alert(1)>"), "geen PNG of JPEG"),
        (_png(data=PNG + b"\x00" * (1024 * 1024)), "groter dan 1 MB"),
    ],
)
def test_logo_must_be_png_or_jpeg_up_to_one_mb(beheer, gemeente, upload, message):
    with pytest.raises(ValidationError, match=message):
        huisstijl.wijzig(beheer, gemeente, logo=upload, reden="x")
    assert huisstijl.weergave(gemeente, gemeente) is None


def test_colour_must_be_hex(beheer, gemeente):
    with pytest.raises(ValidationError, match="#rrggbb"):
        huisstijl.wijzig(beheer, gemeente, primaire_kleur="blauw", reden="x")


def test_colour_too_light_for_white_text_is_refused_with_a_suggestion(beheer, gemeente):
    with pytest.raises(ValidationError, match="te licht"):
        huisstijl.wijzig(beheer, gemeente, primaire_kleur="#ffee88", reden="x")


def test_reason_is_required(beheer, gemeente):
    with pytest.raises(ValidationError, match="reden"):
        huisstijl.wijzig(beheer, gemeente, primaire_kleur="#00598a", reden="")


def test_other_roles_and_other_gemeenten_are_refused(beleid, financien, gemeente, andere_gemeente):
    vreemde = UserFactory(role="beheer", gemeenten=[andere_gemeente])
    for actor in (beleid, financien, vreemde):
        with pytest.raises(PermissionDenied):
            huisstijl.wijzig(actor, gemeente, primaire_kleur="#00598a", reden="x")


def test_logo_view_serves_the_active_gemeentes_png_only(client, login, beheer, gemeente, andere_gemeente):
    huisstijl.wijzig(beheer, gemeente, logo=_png(), reden="logo")
    url = reverse("core:huisstijl_logo")
    assert client.get(url).status_code == 302
    response = login(beheer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PNG
    assert login(UserFactory(role="beleid", gemeenten=[andere_gemeente])).get(url).status_code == 404


def test_settings_page_saves_and_links_the_declaration_settings(login, beheer, gemeente):
    client = login(beheer)
    url = reverse("core:beheer_gemeente_instellingen", args=[gemeente.pk])
    response = client.post(url, {"primaire_kleur": "#112233", "logo": _png(), "reden": "Huisstijl"})
    assert response.status_code == 302
    content = client.get(url).content.decode()
    assert "#112233" in content and "primaire kleur gewijzigd" in content
    # Beheer may not open the finance settings: the page names them and who keeps them.
    assert "Vier-ogendrempel en functiescheiding declaraties" in content
    assert 'href="/declaraties/instellingen/"' not in content
    assert client.get(reverse("core:beheer_instellingen")).url == url


def test_settings_page_refuses_other_roles_and_gemeenten(login, beleid, gemeente, andere_gemeente):
    url = reverse("core:beheer_gemeente_instellingen", args=[gemeente.pk])
    assert login(beleid).get(url).status_code == 403
    vreemde = UserFactory(role="beheer", gemeenten=[andere_gemeente])
    assert login(vreemde).get(url).status_code == 404
