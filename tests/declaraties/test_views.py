"""Pages: partner isolation, the form that never loses input, work list, batch approval,
payments, exports, PDF and query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from declaraties import services
from declaraties.models import Bijlage, Declaratie
from tests.factories.core import UserFactory
from tests.factories.declaraties import PDF_BYTES, concept, ingediend, reload

pytestmark = pytest.mark.django_db


def _urls(d, bijlage):
    return [
        reverse("declaraties:detail", args=[d.pk]),
        reverse("declaraties:bewerken", args=[d.pk]),
        reverse("declaraties:pdf", args=[d.pk]),
        reverse("declaraties:bijlage", args=[d.pk, bijlage.pk]),
    ]


def test_partner_cannot_open_other_partners_declaratie(client, partner, andere_partner, regels):
    d = concept(partner, regels[2024], bedrag="100.00")
    bijlage = d.bijlagen.get()
    client.force_login(andere_partner)
    for url in _urls(d, bijlage):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("declaraties:bijlage_verwijderen", args=[d.pk, bijlage.pk])).status_code == 404
    assert client.post(reverse("declaraties:bewerken", args=[d.pk]), {"bedrag": "1,00"}).status_code == 404
    assert client.post(reverse("declaraties:beoordeel", args=[d.pk]), {"actie": "goedkeuren"}).status_code == 404
    assert Bijlage.objects.filter(pk=bijlage.pk).exists()
    # Their own list does not show it either.
    response = client.get(reverse("declaraties:mijn"))
    assert str(d) not in response.content.decode()


def test_partner_downloads_own_attachment(client, partner, regels):
    d = concept(partner, regels[2024], bedrag="100.00")
    client.force_login(partner)
    response = client.get(reverse("declaraties:bijlage", args=[d.pk, d.bijlagen.get().pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"


def test_staff_never_see_partner_concepts(client, partner, financien, regels):
    d = concept(partner, regels[2024], bedrag="100.00")
    client.force_login(financien)
    assert client.get(reverse("declaraties:detail", args=[d.pk])).status_code == 404


def test_finance_of_other_gemeente_gets_404(client, partner, andere_gemeente, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    vreemd = UserFactory(role="financien", gemeenten=[andere_gemeente])
    client.force_login(vreemd)
    for url in _urls(d, d.bijlagen.get()):
        assert client.get(url).status_code == 404


def test_wrong_roles_get_403(client, partner, financien, controle, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(partner)
    assert client.get(reverse("declaraties:werkvoorraad")).status_code == 403
    assert client.get(reverse("declaraties:betalingen")).status_code == 403
    assert client.post(reverse("declaraties:batch_goedkeuren"), {"ids": [d.pk]}).status_code == 403
    client.force_login(financien)
    assert client.get(reverse("declaraties:portaal")).status_code == 403
    assert client.get(reverse("declaraties:nieuw")).status_code == 403
    assert client.get(reverse("declaraties:bewerken", args=[d.pk])).status_code == 403
    client.force_login(controle)
    assert client.get(reverse("declaraties:detail", args=[d.pk])).status_code == 200
    assert client.post(reverse("declaraties:beoordeel", args=[d.pk]), {"actie": "goedkeuren"}).status_code == 403
    assert reload(d).status == Declaratie.Status.INGEDIEND


def _post_data(regel, **overrides):
    data = {
        "begrotingsregel": regel.pk,
        "periode_van": "2025-01-01",
        "periode_tot": "2025-03-31",
        "bedrag": "1.250,00",
        "uren": "",
        "omschrijving": "Kartrekker Q1",
        "factuurnummer": "PF-2025-001",
        "niet_elders_gefinancierd": "on",
    }
    data.update(overrides)
    return data


def test_form_submits_with_pdf(client, partner, financien, regels):
    client.force_login(partner)
    data = _post_data(
        regels[2025], indienen="1", bijlagen=SimpleUploadedFile("factuur.pdf", PDF_BYTES, "application/pdf")
    )
    response = client.post(reverse("declaraties:nieuw"), data)
    d = Declaratie.objects.get()
    assert response.status_code == 302 and response["Location"] == d.get_absolute_url()
    assert d.status == Declaratie.Status.INGEDIEND and d.bedrag == Decimal("1250.00")
    assert d.bijlagen.count() == 1


def test_form_keeps_everything_typed_when_amount_is_invalid(client, partner, regels):
    client.force_login(partner)
    data = _post_data(
        regels[2025],
        bedrag="12,3,4",
        indienen="1",
        bijlagen=SimpleUploadedFile("factuur.pdf", PDF_BYTES, "application/pdf"),
    )
    response = client.post(reverse("declaraties:nieuw"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "12,3,4" in html and "Kartrekker Q1" in html and "PF-2025-001" in html
    assert "geen geldig bedrag" in html
    d = Declaratie.objects.get()
    assert d.status == Declaratie.Status.CONCEPT
    assert d.omschrijving == "Kartrekker Q1" and d.factuurnummer == "PF-2025-001" and d.bedrag is None
    assert d.bijlagen.count() == 1  # the upload is kept on the concept
    assert reverse("declaraties:bewerken", args=[d.pk]) in html  # the next post updates this concept


def test_form_refuses_submit_without_statement_but_keeps_concept(client, partner, regels):
    client.force_login(partner)
    data = _post_data(
        regels[2025], indienen="1", bijlagen=SimpleUploadedFile("factuur.pdf", PDF_BYTES, "application/pdf")
    )
    del data["niet_elders_gefinancierd"]
    response = client.post(reverse("declaraties:nieuw"), data)
    assert response.status_code == 200
    assert "zonder die verklaring kunt u niet indienen" in response.content.decode()
    d = Declaratie.objects.get()
    assert d.status == Declaratie.Status.CONCEPT and d.bijlagen.count() == 1 and d.bedrag == Decimal("1250.00")


def test_form_rejects_fake_pdf_and_oversized_file(client, partner, regels):
    client.force_login(partner)
    nep = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00 this is an exe", "application/pdf")
    response = client.post(reverse("declaraties:nieuw"), _post_data(regels[2025], concept="1", bijlagen=nep))
    assert "geen PDF, PNG of JPEG" in response.content.decode()
    groot = SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = client.post(reverse("declaraties:nieuw"), _post_data(regels[2025], concept="1", bijlagen=groot))
    assert "groter dan 10 MB" in response.content.decode()
    assert not Bijlage.objects.exists()


def test_png_and_jpeg_attachments_are_accepted(partner, regels):
    from tests.factories.declaraties import JPEG_BYTES, PNG_BYTES

    d = concept(partner, regels[2025], bijlage=False)
    png = services.voeg_bijlage_toe(partner, d, SimpleUploadedFile("foto.png", PNG_BYTES, "image/png"))
    jpg = services.voeg_bijlage_toe(partner, d, SimpleUploadedFile("foto.jpg", JPEG_BYTES, "application/octet-stream"))
    assert (png.content_type, jpg.content_type) == ("image/png", "image/jpeg")
    assert not png.bestand.name.endswith("foto.png")  # random private name


def test_concept_save_redirects_to_edit(client, partner, regels):
    client.force_login(partner)
    response = client.post(
        reverse("declaraties:nieuw"), _post_data(regels[2025], concept="1", niet_elders_gefinancierd="")
    )
    d = Declaratie.objects.get()
    assert response["Location"] == reverse("declaraties:bewerken", args=[d.pk])
    assert d.status == Declaratie.Status.CONCEPT and d.nummer == ""


def test_duplicate_invoice_error_on_form(client, partner, regels):
    ingediend(partner, regels[2025], bedrag="1250.00", factuurnummer="PF-2025-001")
    client.force_login(partner)
    response = client.post(reverse("declaraties:nieuw"), _post_data(regels[2025], concept="1"))
    assert "al gedeclareerd" in response.content.decode()


def test_batch_approve_reports_results(client, partner, financien, regels, beschikking):
    a = ingediend(partner, regels[2024], bedrag="100.00")
    b = ingediend(partner, regels[2025], bedrag="20000.00")
    client.force_login(financien)
    response = client.post(reverse("declaraties:batch_goedkeuren"), {"ids": [a.pk, b.pk]}, follow=True)
    html = response.content.decode()
    assert a.nummer in html and b.nummer in html
    assert reload(a).status == Declaratie.Status.GEBOEKT
    assert reload(b).status == Declaratie.Status.GOEDGEKEURD


def test_detail_shows_ledger_entry_and_timeline(client, partner, financien, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    client.force_login(financien)
    html = client.get(d.get_absolute_url()).content.decode()
    assert d.journaalpost.stuknummer in html
    assert "Lasten SPUK" in html and "Crediteuren" in html
    assert "Geschiedenis" in html
    client.force_login(partner)
    html = client.get(d.get_absolute_url()).content.decode()
    assert "Goedgekeurd" in html
    assert "Crediteuren" not in html  # partners do not see the ledger


def test_payment_via_page_and_erp_exports(client, partner, financien, financien2, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="1234.50"))
    client.force_login(financien2)
    page = client.get(reverse("declaraties:betalingen"))
    assert d.nummer in page.content.decode()
    csv = client.get(reverse("declaraties:betalingen") + "?format=csv")
    assert "1234,50" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("declaraties:betalingen") + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(
        reverse("declaraties:betaling_registreren"),
        {"ids": [d.pk], "betaaldatum": d.journaalpost.boekdatum.isoformat(), "referentie": "RUN-1"},
    )
    assert response.status_code == 302
    assert reload(d).status == Declaratie.Status.BETAALD
    client.force_login(partner)
    assert "Betaald" in client.get(d.get_absolute_url()).content.decode()


def test_werkvoorraad_filters_and_export(client, partner, financien, regels):
    klein = ingediend(partner, regels[2024], bedrag="100.00")
    groot = ingediend(partner, regels[2025], bedrag="5000.00")
    client.force_login(financien)
    html = client.get(reverse("declaraties:werkvoorraad") + "?bedrag_min=1.000,00").content.decode()
    assert groot.nummer in html and klein.nummer not in html
    html = client.get(reverse("declaraties:werkvoorraad") + "?jaar=2024&sort=-bedrag").content.decode()
    assert klein.nummer in html and groot.nummer not in html
    response = client.get(reverse("declaraties:werkvoorraad") + "?format=xlsx")
    assert response.status_code == 200


def test_pdf_has_approval_stamp(client, partner, financien, regels, beschikking):
    from django.template.loader import render_to_string

    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00"))
    client.force_login(partner)
    response = client.get(reverse("declaraties:pdf", args=[d.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    html = render_to_string(
        "declaraties/pdf.html",
        {"declaratie": d, "goedgekeurd": True, "goedkeuringen": list(d.beoordelingen.all()), "bijlagen": []},
    )
    # Names are HTML-escaped in the template ("van 't Riet" → "van &#x27;t Riet").
    assert "GOEDGEKEURD" in html and escape(str(financien)) in html


def test_portaal_shows_budget_per_activity(client, partner, financien, regels, beschikking):
    services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="1000.00"))
    ingediend(partner, regels[2025], bedrag="2000.00")
    client.force_login(partner)
    response = client.get(reverse("declaraties:portaal"))
    overzicht = response.context["overzicht"]
    assert overzicht["totaal"]["begroot"] == Decimal("25000.00")
    assert overzicht["totaal"]["gedeclareerd"] == Decimal("3000.00")
    assert overzicht["totaal"]["goedgekeurd"] == Decimal("1000.00")
    assert overzicht["totaal"]["resterend"] == Decimal("22000.00")


def _maak(partner, regels, n, start):
    for i in range(n):
        ingediend(partner, regels[2025], bedrag=f"{10 + i}.00", factuurnummer=f"Q-{start + i}")


@pytest.mark.parametrize(
    "url_name,who",
    [
        ("declaraties:werkvoorraad", "financien"),
        ("declaraties:mijn", "partner"),
        ("declaraties:portaal", "partner"),
        ("declaraties:betalingen", "financien"),
    ],
)
def test_list_query_count_does_not_grow(
    client, django_assert_max_num_queries, partner, financien, regels, beschikking, url_name, who
):
    user = {"financien": financien, "partner": partner}[who]
    client.force_login(user)
    _maak(partner, regels, 2, 0)
    if url_name == "declaraties:betalingen":
        for d in Declaratie.objects.all():
            services.keur_goed(financien, d)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _maak(partner, regels, 8, 100)
    if url_name == "declaraties:betalingen":
        for d in Declaratie.objects.filter(status="ingediend"):
            services.keur_goed(financien, d)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_toekenning_page_creates_ceiling_and_partner_cannot(
    client, beleid, partner, partner_organisatie, buurt, regels
):
    from declaraties.models import Toekenning

    client.force_login(beleid)
    response = client.post(
        reverse("declaraties:toekenningen"),
        {
            "partner": partner_organisatie.pk,
            "buurt": buurt.pk,
            "jaar": 2025,
            "plafond": "10.000,00",
            "besluit_kenmerk": "SUB-1",
        },
    )
    assert response.status_code == 302
    assert Toekenning.objects.get().plafond == Decimal("10000.00")
    assert "SUB-1" in client.get(reverse("declaraties:toekenningen")).content.decode()
    client.force_login(partner)
    assert client.get(reverse("declaraties:toekenningen")).status_code == 403


def test_finance_rejects_with_reason_on_detail_page(client, partner, financien, regels):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(financien)
    response = client.post(
        reverse("declaraties:beoordeel", args=[d.pk]), {"actie": "afwijzen", "reden": ""}, follow=True
    )
    assert "Geef de reden op" in response.content.decode()
    assert reload(d).status == Declaratie.Status.INGEDIEND
    client.post(reverse("declaraties:beoordeel", args=[d.pk]), {"actie": "afwijzen", "reden": "Niet subsidiabel"})
    assert reload(d).status == Declaratie.Status.AFGEWEZEN


def test_first_approver_sees_no_second_approve_button(client, partner, financien, financien2, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="10000.00"))
    client.force_login(financien)
    html = client.get(d.get_absolute_url()).content.decode()
    assert "U heeft deze declaratie al goedgekeurd" in html
    assert 'value="goedkeuren"' not in html
    client.force_login(financien2)
    assert 'value="goedkeuren"' in client.get(d.get_absolute_url()).content.decode()


def test_batch_approve_never_redirects_off_site(client, partner, financien, regels, beschikking):
    d = ingediend(partner, regels[2024], bedrag="100.00")
    client.force_login(financien)
    response = client.post(reverse("declaraties:batch_goedkeuren"), {"ids": [d.pk], "terug": "https://evil.example/"})
    assert response["Location"] == reverse("declaraties:werkvoorraad")
    terug = reverse("declaraties:werkvoorraad") + "?status=alle"
    response = client.post(reverse("declaraties:batch_goedkeuren"), {"ids": [d.pk], "terug": terug})
    assert response["Location"] == terug


def test_batch_approve_without_selection_says_so(client, financien):
    client.force_login(financien)
    response = client.post(reverse("declaraties:batch_goedkeuren"), {}, follow=True)
    assert "Selecteer eerst één of meer declaraties." in response.content.decode()


def test_second_approval_by_same_officer_is_a_message_not_an_error_page(
    client, partner, financien, regels, beschikking
):
    d = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="10000.00"))
    client.force_login(financien)
    response = client.post(reverse("declaraties:beoordeel", args=[d.pk]), {"actie": "goedkeuren"}, follow=True)
    assert response.status_code == 200
    assert "andere medewerker" in response.content.decode()
    assert reload(d).status == Declaratie.Status.GOEDGEKEURD


def test_threshold_is_proposed_by_one_and_confirmed_by_another_on_the_settings_page(
    client, financien, financien2, controle, partner, gemeente
):
    from declaraties.models import DeclaratieInstelling, InstellingWijziging

    client.force_login(financien)
    assert reverse("declaraties:instellingen") in client.get(reverse("declaraties:werkvoorraad")).content.decode()
    response = client.post(
        reverse("declaraties:drempel"),
        {"gemeente": gemeente.pk, "drempel": "2.500,00", "scheiding_goedkeuren_betalen": "on", "toelichting": "Audit"},
        follow=True,
    )
    assert "bevestigt" in response.content.decode()
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == Decimal("10000.00")
    wijziging = InstellingWijziging.objects.get()
    # The proposer sees no confirm button and cannot confirm by posting either.
    assert "Voorstel bevestigen" not in response.content.decode()
    client.post(reverse("declaraties:instelling_beoordelen", args=[wijziging.pk]), {"actie": "bevestigen"})
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == Decimal("10000.00")
    client.force_login(financien2)
    page = client.get(reverse("declaraties:instellingen")).content.decode()
    assert "Voorstel bevestigen" in page
    client.post(reverse("declaraties:instelling_beoordelen", args=[wijziging.pk]), {"actie": "bevestigen"})
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == Decimal("2500.00")
    page = client.get(reverse("declaraties:instellingen")).content.decode()
    assert escape(str(financien)) in page and escape(str(financien2)) in page
    for user in (controle, partner):
        client.force_login(user)
        assert (
            client.post(
                reverse("declaraties:drempel"), {"gemeente": gemeente.pk, "drempel": "1,00", "toelichting": "x"}
            ).status_code
            == 403
        )
    assert DeclaratieInstelling.drempel_voor(gemeente.pk) == Decimal("2500.00")


def test_attachment_download_is_private(client, partner, regels):
    d = concept(partner, regels[2024], bedrag="100.00")
    client.force_login(partner)
    response = client.get(reverse("declaraties:bijlage", args=[d.pk, d.bijlagen.get().pk]))
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
