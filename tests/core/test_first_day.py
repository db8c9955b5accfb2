"""Issue 17 (first-day findings) in core: a taken CBS code names its organisation; the Deadlines
page links only to pages the user may open."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Organisatie, User

pytestmark = pytest.mark.django_db


def test_organisation_with_a_taken_cbs_code_names_the_gemeente_that_has_it(gemeente):
    dubbel = Organisatie(naam="Gemeente Zutphen (nieuw)", soort=Organisatie.Soort.GEMEENTE, cbs_code="0301")
    with pytest.raises(ValidationError) as info:
        dubbel.full_clean()
    berichten = info.value.message_dict
    assert berichten["cbs_code"] == ["CBS-gemeentecode 0301 is al in gebruik bij Gemeente Zutphen."]
    assert "unique_cbs_code" not in str(info.value)
    # Saving the existing gemeente itself stays valid.
    gemeente.full_clean()


def test_adding_an_existing_organisation_in_beheer_shows_which_organisation_has_the_cbs_code(client, gemeente):
    # The Django admin is for platform operators (superusers) only.
    operator = User.objects.create_superuser(email="admin@test.nl", password="x")
    client.force_login(operator)
    response = client.post(
        reverse("admin:core_organisatie_add"),
        {"naam": "Zutphen", "soort": "gemeente", "cbs_code": "0301", "kvk_nummer": "", "email": "", "actief": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "CBS-gemeentecode 0301 is al in gebruik bij Gemeente Zutphen." in html
    assert "unique_cbs_code" not in html
    assert Organisatie.objects.filter(cbs_code="0301").count() == 1


def _links(html):
    tabel = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="([^"]+)"', tabel)


def test_beheer_deadlines_page_links_only_to_pages_beheer_may_open(client, demo_data):
    beheer = User.objects.get(email="beheer@zutphen.demo")
    financien = User.objects.get(email="financien@zutphen.demo")
    client.force_login(financien)
    financien_links = _links(client.get(reverse("core:kalender")).content.decode())
    beschikking_links = [link for link in financien_links if "/spuk/beschikkingen/" in link]
    assert beschikking_links, "the demo has an expected termijn of a beschikking within a year"
    for link in financien_links:
        assert client.get(link).status_code == 200, link

    client.force_login(beheer)
    html = client.get(reverse("core:kalender")).content.decode()
    for link in _links(html):
        assert client.get(link).status_code == 200, link
    assert not [link for link in _links(html) if "/spuk/beschikkingen/" in link]
    # The deadline itself stays on the page, as text.
    assert "is nog niet ontvangen" in html
