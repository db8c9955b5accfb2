"""Review comfort: inline attachment preview, the finance ↔ partner thread, "in behandeling bij"."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import Gebeurtenis, Melding
from declaraties import services
from declaraties.models import Bericht, Declaratie
from declaraties.services import DeclaratieGeweigerd
from tests.factories.core import UserFactory
from tests.factories.declaraties import PNG_BYTES, concept, ingediend, pdf, reload

pytestmark = pytest.mark.django_db


# Inline preview --------------------------------------------------------------------------------


def test_inline_attachment_may_be_framed_by_own_pages_only(client, partner, financien, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    bijlage = d.bijlagen.get()
    client.force_login(financien)
    url = reverse("declaraties:bijlage", args=[d.pk, bijlage.pk])

    inline = client.get(url + "?weergave=inline")
    assert inline.status_code == 200
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    csp = inline["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp and "script-src 'self'" in csp
    assert "no-store" in inline["Cache-Control"] and inline["X-Content-Type-Options"] == "nosniff"

    download = client.get(url)
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"]
    # Any other page stays unframeable.
    page = client.get(d.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_detail_page_previews_pdf_in_iframe_and_image_in_img(client, partner, financien, regels):
    d = concept(partner, regels[2024], bedrag="100.00")
    services.voeg_bijlage_toe(partner, d, pdf("foto.png", PNG_BYTES))
    services.dien_in(partner, d)
    pdf_bijlage, png_bijlage = d.bijlagen.order_by("pk")
    client.force_login(financien)
    html = client.get(d.get_absolute_url()).content.decode()
    src = reverse("declaraties:bijlage", args=[d.pk, pdf_bijlage.pk]) + "?weergave=inline"
    assert f'<iframe class="app-bijlage-voorbeeld" id="voorbeeld-{pdf_bijlage.pk}" src="{src}"' in html
    img_src = reverse("declaraties:bijlage", args=[d.pk, png_bijlage.pk]) + "?weergave=inline"
    assert f'<img class="app-bijlage-voorbeeld" id="voorbeeld-{png_bijlage.pk}" src="{img_src}"' in html


def test_inline_preview_of_other_partner_is_404(client, partner, andere_partner, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(andere_partner)
    url = reverse("declaraties:bijlage", args=[d.pk, d.bijlagen.get().pk]) + "?weergave=inline"
    assert client.get(url).status_code == 404


# Thread ----------------------------------------------------------------------------------------


def test_finance_asks_partner_answers_both_notified_and_on_timeline(
    partner, financien, financien2, regels, mailoutbox, django_capture_on_commit_callbacks
):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        vraag = services.plaats_bericht(financien, d, "Graag de urenstaat van maart.")
    assert vraag.van_partner is False
    assert list(Melding.objects.values_list("ontvanger", flat=True)) == [partner.pk]
    assert partner.email in [m.to[0] for m in mailoutbox]

    services.pak_op(financien, d)
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = services.plaats_bericht(partner, d, "Bijgevoegd in de bijlage.")
    assert antwoord.van_partner is True
    # The one who took it on hears it; the rest of finance is not disturbed.
    assert list(Melding.objects.values_list("ontvanger", flat=True)) == [financien.pk]
    assert list(Bericht.objects.filter(declaratie=d).values_list("tekst", flat=True)) == [
        "Graag de urenstaat van maart.",
        "Bijgevoegd in de bijlage.",
    ]
    acties = list(
        Gebeurtenis.objects.filter(object_id=str(d.pk), actie="bericht geplaatst")
        .order_by("pk")
        .values_list("actor", flat=True)
    )
    assert acties == [financien.pk, partner.pk]


def test_message_without_assignee_goes_to_all_finance(partner, financien, financien2, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    Melding.objects.all().delete()
    services.plaats_bericht(partner, d, "Vraag")
    assert set(Melding.objects.values_list("ontvanger", flat=True)) == {financien.pk, financien2.pk}


def test_empty_message_refused_in_dutch(partner, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    with pytest.raises(DeclaratieGeweigerd, match="Schrijf een bericht"):
        services.plaats_bericht(partner, d, "   ")


def test_no_message_on_concept_nor_by_controle_or_other_gemeente(partner, controle, andere_gemeente, regels):
    with pytest.raises(PermissionDenied):
        services.plaats_bericht(partner, concept(partner, regels[2024], bedrag="10.00"), "x")
    d = ingediend(partner, regels[2024], bedrag="100.00")
    with pytest.raises(PermissionDenied):
        services.plaats_bericht(controle, d, "x")
    with pytest.raises(PermissionDenied):
        services.plaats_bericht(UserFactory(role="financien", gemeenten=[andere_gemeente]), d, "x")


def test_both_sides_see_the_thread_on_the_page(client, partner, financien, controle, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(financien)
    response = client.post(reverse("declaraties:bericht", args=[d.pk]), {"tekst": "Welke maand?"})
    assert response.status_code == 302 and response["Location"].endswith("#berichten")
    for user in (partner, financien, controle):
        client.force_login(user)
        assert "Welke maand?" in client.get(d.get_absolute_url()).content.decode()
    client.force_login(controle)
    assert client.post(reverse("declaraties:bericht", args=[d.pk]), {"tekst": "x"}).status_code == 403


def test_empty_message_on_page_gives_dutch_error(client, partner, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(partner)
    response = client.post(reverse("declaraties:bericht", args=[d.pk]), {"tekst": ""}, follow=True)
    assert "Schrijf een bericht." in response.content.decode()
    assert not Bericht.objects.exists()


# In behandeling bij -----------------------------------------------------------------------------


def test_take_on_take_over_and_release(partner, financien, financien2, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    services.pak_op(financien, d)
    assert reload(d).in_behandeling_bij == financien
    with pytest.raises(PermissionDenied):
        services.geef_vrij(financien2, d)
    services.pak_op(financien2, d)
    assert reload(d).in_behandeling_bij == financien2
    services.geef_vrij(financien2, reload(d))
    assert reload(d).in_behandeling_bij is None
    acties = list(Gebeurtenis.objects.filter(object_id=str(d.pk)).values_list("actie", "reden"))
    assert ("in behandeling genomen", f"overgenomen van {financien}") in acties
    assert ("vrijgegeven", "") in acties


def test_partner_and_controle_cannot_take_on(client, partner, controle, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    for user in (partner, controle):
        with pytest.raises(PermissionDenied):
            services.pak_op(user, d)
        client.force_login(user)
        assert client.post(reverse("declaraties:toewijzing", args=[d.pk]), {"actie": "oppakken"}).status_code == 403


def test_work_list_shows_assignee_and_filters_mine(client, partner, financien, financien2, regels):
    mijn = ingediend(partner, regels[2024], bedrag="100.00", factuurnummer="F-1")
    andermans = ingediend(partner, regels[2024], bedrag="200.00", factuurnummer="F-2")
    vrij = ingediend(partner, regels[2024], bedrag="300.00", factuurnummer="F-3")
    client.force_login(financien)
    client.post(reverse("declaraties:toewijzing", args=[mijn.pk]), {"actie": "oppakken"})
    services.pak_op(financien2, andermans)

    url = reverse("declaraties:werkvoorraad")
    html = client.get(url, {"toegewezen": "mij"}).content.decode()
    assert mijn.nummer in html and andermans.nummer not in html and vrij.nummer not in html
    html = client.get(url, {"toegewezen": "niemand"}).content.decode()
    assert vrij.nummer in html and mijn.nummer not in html
    html = client.get(url).content.decode()
    assert str(financien2) in html


def test_work_list_query_count_with_assignees(client, partner, financien, regels, django_assert_max_num_queries):
    for i in range(6):
        d = ingediend(partner, regels[2024], bedrag="10.00", factuurnummer=f"Q-{i}")
        services.pak_op(financien, d)
    client.force_login(financien)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("declaraties:werkvoorraad")).status_code == 200


# Unique ids on the pages touched ---------------------------------------------------------------


def _duplicate_ids(html):
    import re
    from collections import Counter

    counts = Counter(re.findall(r'\sid="([^"]+)"', re.sub(r"<template.*?</template>", "", html, flags=re.S)))
    return sorted(i for i, n in counts.items() if n > 1)


def test_pages_touched_have_unique_ids(client, partner, financien, regels):
    d = concept(partner, regels[2024], bedrag="100.00")
    services.voeg_bijlage_toe(partner, d, pdf("foto.png", PNG_BYTES))
    d = services.dien_in(partner, d)
    services.plaats_bericht(financien, d, "Vraag")
    services.plaats_bericht(partner, d, "Antwoord")
    client.force_login(partner)
    failed = client.post(
        reverse("declaraties:nieuw"), {"begrotingsregel": regels[2024].pk, "bedrag": "x", "indienen": "1"}
    )
    pages = {
        "form met fouten": failed.content.decode(),
        "detail (partner)": client.get(d.get_absolute_url()).content.decode(),
    }
    client.force_login(financien)
    for naam, url in (
        ("detail", d.get_absolute_url()),
        ("werkvoorraad", reverse("declaraties:werkvoorraad")),
        ("meldingen", reverse("core:meldingen")),
    ):
        pages[naam] = client.get(url).content.decode()
    assert {naam: _duplicate_ids(html) for naam, html in pages.items() if _duplicate_ids(html)} == {}


def test_failed_submit_lists_all_errors_and_updates_the_same_concept(client, partner, regels):
    client.force_login(partner)
    data = {"begrotingsregel": regels[2024].pk, "bedrag": "twaalf", "indienen": "1"}
    html = client.post(reverse("declaraties:nieuw"), data).content.decode()
    assert html.count('class="utrecht-unordered-list__item"><a') >= 4  # amount, description, invoice, attachment, ...
    assert "<title>Fout:" in html
    d = Declaratie.objects.get(partner=partner.organisatie)
    client.post(reverse("declaraties:bewerken", args=[d.pk]), {**data, "omschrijving": "Inzet"})
    assert Declaratie.objects.filter(partner=partner.organisatie).count() == 1
    assert reload(d).omschrijving == "Inzet"
