"""The authorization matrix (issue 13): every URL pattern of the URLconf × every role, a foreign
gemeente, a foreign partner and anonymous, on the demo data.

`EXPECTED` holds, per URL name, the status each visitor gets on GET (in the order of `VISITORS`).
A URL pattern without an entry fails `test_every_url_pattern_has_an_entry`, so a new view cannot be
forgotten. The objects in the URLs belong to Gemeente Zutphen and its partner Stichting
Perspectief; the foreign visitors work for Alphen aan den Rijn (gemeente) and Stichting Gezond
Boskoop (partner there). Besides the status, no page shows an object of an organisation the visitor
does not work for, and a POST by a visitor who may not use the page changes nothing.

Regenerate the observed table with `MATRIX_PRINT=1 pytest tests/core/test_matrix.py -s` and review
every change before you copy it in: a 200 for a foreign visitor is a leak.
"""

import logging
import os
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import Gebeurtenis, HerinneringRegel, IdentityProvider, Melding, Organisatie, Rapport, RolVerzoek, User

VISITORS = [
    ("beleid", "beleid@zutphen.demo"),
    ("financien", "financien@zutphen.demo"),
    ("controle", "controle@zutphen.demo"),
    ("beheer", "beheer@zutphen.demo"),
    ("partner", "partner@perspectief.demo"),
    ("vreemde_gemeente_beleid", "beleid@alphen.demo"),
    ("vreemde_gemeente_financien", "financien@alphen.demo"),
    ("vreemde_partner", "partner@gezondboskoop.demo"),
    ("anoniem", None),
]
PDF = b"%PDF-1.4\n% matrix\n"
FOREIGN = {"vreemde_gemeente_beleid", "vreemde_gemeente_financien", "vreemde_partner"}

# Text that must never appear on a page for a visitor of the other side (names of buurten,
# gemeenten and partners that belong to only one of the two).
ZUTPHEN_ONLY = ["Zuidwijken", "Stichting Perspectief", "Gemeente Zutphen"]
ALPHEN_ONLY = ["Boskoop", "Gemeente Alphen aan den Rijn"]
MARKERS = {
    "beleid": ALPHEN_ONLY,
    "financien": ALPHEN_ONLY,
    "controle": ALPHEN_ONLY,
    "beheer": ALPHEN_ONLY,
    "partner": ALPHEN_ONLY,
    "vreemde_gemeente_beleid": ZUTPHEN_ONLY,
    "vreemde_gemeente_financien": ZUTPHEN_ONLY,
    "vreemde_partner": ZUTPHEN_ONLY,
    "anoniem": ZUTPHEN_ONLY + ALPHEN_ONLY,
}


ADMIN_PREFIX = "beheer/admin/"
# The REST API (api app) authenticates by API key only, never by the browser session: every visitor
# below gets 401 on its data endpoints. What a key may do per scope and organisation is tested in
# tests/api/test_permissions.py (and tests/api/test_schema.py for every operation).
API_PREFIX = "api:"


def url_patterns(patterns=None, prefix="", namespace=None):
    """(name, route) of every pattern in the URLconf."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns or None)
        elif isinstance(pattern, URLPattern):
            yield ":".join(filter(None, [namespace, pattern.name])), prefix + str(pattern.pattern)


def _first(queryset):
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"the demo has no {queryset.model.__name__} for the matrix"
    return obj


def zutphen_objects():
    """URL kwargs per URL name, each naming an object of Gemeente Zutphen / Stichting Perspectief."""
    from buurtplan.models import Activiteit, Buurt, Buurtplan, Netwerklid, Ondertekening
    from declaraties.models import Betaling, Bijlage, Declaratie, InstellingWijziging
    from grootboek.models import Journaalpost, Rekening
    from mijlpalen.models import Bewijsstuk, LandelijkOordeel, Mijlpaal, MijlpaalStatus
    from spuk.models import AanvraagDocument, Beschikking, Termijn, Terugbetaling

    zutphen = Organisatie.objects.get(naam="Gemeente Zutphen")
    buurt = Buurt.objects.get(naam="Zuidwijken")
    perspectief = Organisatie.objects.get(naam="Stichting Perspectief")
    plan = Buurtplan.objects.filter(buurt=buurt).order_by("-versie").first()
    versie = {"pk": buurt.pk, "versie": plan.versie}
    activiteit = _first(Activiteit.objects.filter(buurtplan__buurt=buurt))
    ondertekening = Ondertekening.objects.filter(buurtplan__buurt=buurt).order_by("pk").first()
    beschikking = _first(Beschikking.objects.filter(gemeente=zutphen))
    aanvraag = beschikking.aanvraag
    document = AanvraagDocument(aanvraag=aanvraag, omschrijving="Collegebesluit")
    document.attach(SimpleUploadedFile("besluit.pdf", PDF, "application/pdf"), "application/pdf")
    document.save()
    termijn = _first(Termijn.objects.filter(beschikking=beschikking))
    terugbetaling = Terugbetaling.objects.filter(beschikking=beschikking).order_by("pk").first()
    declaratie = _first(Declaratie.objects.filter(gemeente=zutphen, partner__naam="Stichting Perspectief"))
    bijlage = _first(Bijlage.objects.filter(declaratie=declaratie))
    mijlpaal = _first(Mijlpaal.objects.filter(transformatieplan_id=buurt.transformatieplan_id))
    bewijsstuk = Bewijsstuk(status=_first(MijlpaalStatus.objects.filter(buurt=buurt)))
    bewijsstuk.attach(SimpleUploadedFile("bewijs.pdf", PDF, "application/pdf"), "application/pdf")
    bewijsstuk.save()
    beleid = User.objects.get(email="beleid@zutphen.demo")
    rapport = Rapport.objects.create(soort="tijdlijn", aangevraagd_door=beleid, gemeente=zutphen)
    idp, _created = IdentityProvider.objects.get_or_create(
        slug="matrix-zutphen",
        defaults={
            "gemeente": zutphen,
            "naam": "Zutphen Entra ID",
            "issuer": "https://login.zutphen.example",
            "authorization_endpoint": "https://login.zutphen.example/auth",
            "token_endpoint": "https://login.zutphen.example/token",
            "userinfo_endpoint": "https://login.zutphen.example/me",
            "jwks_uri": "https://login.zutphen.example/jwks",
            "client_id": "spuk",
            "client_secret": "matrix-geheim",
        },
    )
    verzoek = RolVerzoek.objects.create(
        gebruiker=beleid,
        gemeente=zutphen,
        rol="financien",
        reden="matrix",
        aangevraagd_door=User.objects.get(email="beheer@zutphen.demo"),
    )
    financien = User.objects.get(email="financien@zutphen.demo")
    voorstel = InstellingWijziging.objects.create(
        gemeente=zutphen,
        vier_ogen_drempel="20000.00",
        oude_drempel="10000.00",
        toelichting="matrix",
        voorgesteld_door=financien,
    )
    oordeel = LandelijkOordeel.objects.order_by("pk").first()
    betaling = Betaling.objects.filter(declaraties__gemeente=zutphen).order_by("pk").first()
    melding = Melding.objects.create(ontvanger=beleid, titel="matrix", link=reverse("core:start"))
    # Migration 0004 makes the national reminder rules; a flushed test database has none.
    herinnering, _created = HerinneringRegel.objects.get_or_create(
        naam="Matrix", defaults={"soort": "sisa_deadline", "dagen_voor": 14, "rol": "financien"}
    )
    missing = 999999
    return {
        "grootboek:aansluiting": {},
        "mijlpalen:landelijk_oordeel": {"pk": mijlpaal.pk},
        "mijlpalen:landelijk_bewijs": {"pk": oordeel.pk if oordeel else missing},
        "mijlpalen:activiteiten_koppelen": {"pk": mijlpaal.pk, "buurt_pk": buurt.pk},
        "mijlpalen:bedrag_wijzigen": {"pk": mijlpaal.pk, "buurt_pk": buurt.pk},
        "spuk:termijn_storno": {"pk": beschikking.pk, "termijn": termijn.pk},
        "declaraties:betaling": {"pk": betaling.pk if betaling else missing},
        "declaraties:betaling_storneren": {"pk": betaling.pk if betaling else missing},
        "declaraties:instelling_beoordelen": {"pk": voorstel.pk},
        "declaraties:storneren": {"pk": declaratie.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "ongeldig"},
        "grootboek:journaalpost": {"pk": _first(Journaalpost.objects.filter(gemeente=zutphen)).pk},
        "grootboek:rekeningkaart": {"pk": _first(Rekening.objects.filter(gemeente=zutphen)).pk},
        "grootboek:rekening_wijzigen": {"pk": _first(Rekening.objects.filter(gemeente=zutphen)).pk},
        "buurtplan:ondertekening_document": {"ondertekening_id": ondertekening.pk if ondertekening else missing},
        "buurtplan:buurt_detail": {"pk": buurt.pk},
        "buurtplan:organisatie": {"pk": perspectief.pk},
        "buurtplan:organisatie_deactiveren": {"pk": perspectief.pk},
        "buurtplan:organisatie_activeren": {"pk": perspectief.pk},
        "buurtplan:buurt_wijzigen": {"pk": buurt.pk},
        "buurtplan:buurt_netwerk": {"pk": buurt.pk},
        "buurtplan:netwerklid_wijzigen": {"pk": buurt.pk, "lid_id": _first(Netwerklid.objects.filter(buurt=buurt)).pk},
        "buurtplan:netwerklid_verwijderen": {
            "pk": buurt.pk,
            "lid_id": _first(Netwerklid.objects.filter(buurt=buurt)).pk,
        },
        "buurtplan:buurt_plan": {"pk": buurt.pk},
        "buurtplan:plan_aanmaken": {"pk": buurt.pk},
        "buurtplan:plan_pdf": {"pk": buurt.pk},
        "buurtplan:plan_pdf_achtergrond": {"pk": buurt.pk},
        "buurtplan:plan_samenvatting": versie,
        "buurtplan:plan_thema": {**versie, "thema_id": _first(buurt.transformatieplan.themas.all()).pk},
        "buurtplan:activiteit_toevoegen": versie,
        "buurtplan:activiteit_verwijderen": {**versie, "activiteit_id": activiteit.pk},
        "buurtplan:plan_vaststellen": versie,
        "buurtplan:plan_nieuwe_versie": versie,
        "buurtplan:buurt_begroting": {"pk": buurt.pk},
        "buurtplan:begroting_export": {"pk": buurt.pk},
        "buurtplan:begroting_totalen": versie,
        "buurtplan:begroting_import": versie,
        "buurtplan:begroting_indienen": versie,
        "buurtplan:begroting_beoordelen": versie,
        "buurtplan:begroting_heropenen": versie,
        "buurtplan:buurt_ondertekeningen": {"pk": buurt.pk},
        "buurtplan:ondertekening_verwijderen": {
            "pk": buurt.pk,
            "ondertekening_id": ondertekening.pk if ondertekening else missing,
        },
        "mijlpalen:mijlpaal_detail": {"pk": mijlpaal.pk},
        "mijlpalen:mijlpaal_buurt": {"pk": mijlpaal.pk, "buurt_pk": buurt.pk},
        "mijlpalen:bewijsstuk": {"pk": bewijsstuk.pk},
        "mijlpalen:overzicht": {"buurt_pk": buurt.pk},
        "mijlpalen:kpi": {"buurt_pk": buurt.pk},
        "spuk:aanvraag_detail": {"pk": aanvraag.pk},
        "spuk:aanvraag_wijzigen": {"pk": aanvraag.pk},
        "spuk:aanvraag_indienen": {"pk": aanvraag.pk},
        "spuk:aanvraag_intrekken": {"pk": aanvraag.pk},
        "spuk:aanvraag_verlenen": {"pk": aanvraag.pk},
        "spuk:aanvraag_afwijzen": {"pk": aanvraag.pk},
        "spuk:aanvraag_document": {"pk": aanvraag.pk},
        "spuk:document": {"pk": document.pk},
        "spuk:beschikking_detail": {"pk": beschikking.pk},
        "spuk:termijn_ontvangen": {"pk": beschikking.pk, "termijn": termijn.pk},
        "spuk:jaarafsluiting": {"pk": beschikking.pk},
        "spuk:terugbetaling": {"pk": beschikking.pk},
        "spuk:terugbetaling_betaald": {
            "pk": beschikking.pk,
            "terugbetaling": terugbetaling.pk if terugbetaling else missing,
        },
        "spuk:vaststelling": {"pk": beschikking.pk},
        "spuk:eindverantwoording": {"pk": beschikking.pk},
        "spuk:verloopstaat": {"pk": beschikking.pk},
        "spuk:beschikking_dashboard": {"pk": beschikking.pk},
        "spuk:sisa": {"pk": beschikking.pk, "jaar": 2025},
        "spuk:sisa_download": {"pk": beschikking.pk, "jaar": 2025, "formaat": "xlsx"},
        "spuk:sisa_rapport": {"pk": beschikking.pk, "jaar": 2025, "formaat": "xlsx"},
        "declaraties:detail": {"pk": declaratie.pk},
        "declaraties:bewerken": {"pk": declaratie.pk},
        "declaraties:beoordeel": {"pk": declaratie.pk},
        "declaraties:pdf": {"pk": declaratie.pk},
        "declaraties:bijlage": {"pk": declaratie.pk, "bijlage_pk": bijlage.pk},
        "declaraties:bijlage_verwijderen": {"pk": declaratie.pk, "bijlage_pk": bijlage.pk},
        "declaraties:bericht": {"pk": declaratie.pk},
        "declaraties:toewijzing": {"pk": declaratie.pk},
        "core:melding_openen": {"pk": melding.pk},
        "core:start_role": {"role": "beleid"},
        "core:gemeente_detail": {"pk": zutphen.pk},
        "core:rapport_detail": {"pk": rapport.pk},
        "core:rapport_download": {"pk": rapport.pk},
        "core:rapport_opnieuw": {"pk": rapport.pk},
        "core:tijdlijn_export": {"pk": zutphen.pk},
        "core:uitnodiging": {"uidb64": "MQ", "token": "ongeldig"},
        "core:beheer_gebruiker": {"pk": beleid.pk},
        "core:beheer_rollen": {"pk": beleid.pk},
        "core:beheer_deactiveren": {"pk": beleid.pk},
        "core:beheer_activeren": {"pk": beleid.pk},
        "core:beheer_reset_twee_factor": {"pk": beleid.pk},
        "core:beheer_ontgrendelen": {"pk": beleid.pk},
        "core:beheer_rolverzoek": {"pk": verzoek.pk},
        "api:declaratie": {"pk": declaratie.pk},
        "api:bijlagen": {"pk": declaratie.pk},
        "api:indienen": {"pk": declaratie.pk},
        "api:sisa": {"pk": beschikking.pk, "jaar": 2025},
        "core:beheer_idp": {"pk": idp.pk},
        "oidc_login": {"slug": idp.slug},
        "core:beheer_gemeente_instellingen": {"pk": zutphen.pk},
        "core:landelijk_herinnering": {"pk": herinnering.pk},
        "spuk:regeling": {"pk": aanvraag.regeling_id},
        "mijlpalen:beheer_mijlpaal": {"pk": mijlpaal.pk},
        "core:landelijk_herinnering_uit": {"pk": herinnering.pk},
        "core:landelijk_herinnering_aan": {"pk": herinnering.pk},
    }


def _clients():
    clients = {}
    for name, email in VISITORS:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        clients[name] = client
    return clients


def app_urls():
    """The URL patterns the matrix checks one by one (the admin's are checked as a family below)."""
    return [(name, route) for name, route in url_patterns() if not route.startswith(ADMIN_PREFIX)]


def test_every_url_pattern_has_an_entry():
    missing = [name for name, _route in app_urls() if name not in EXPECTED]
    stale = [name for name in EXPECTED if name not in {n for n, _r in app_urls()}]
    assert not missing, f"URL patterns without an entry in the authorization matrix: {missing}"
    assert not stale, f"entries for URL names that no longer exist: {stale}"


# Pages that show every gemeente's rows on purpose (national overviews); their details stay scoped.
NATIONAL_OVERVIEWS = {
    "buurtplan:buurten": "the overview of all buurten of the transformatieplan (cohort); details are scoped",
}
# Pages whose form offers other gemeenten by name on purpose (the co-governments of an aanvraag).
REGISTER_CHOICES = {"spuk:aanvraag_nieuw": {"Gemeente Zutphen", "Gemeente Alphen aan den Rijn"}}
# Choice lists of organisations and gemeenten (the register, e.g. co-governments of an aanvraag or the
# partner of a toekenning) are not another organisation's data: <select> contents are not checked.
SELECT = re.compile(r"<select.*?</select>", re.S)


@pytest.fixture
def matrix_setup(demo_data, settings, request, monkeypatch):
    """Demo data, media where the demo stored its files, quiet request logging, and PDFs not rendered
    (the matrix is about who gets what; the PDF renderers have their own tests)."""
    settings.OTP_REQUIRED = False
    shared = request.getfixturevalue("_shared_demo")
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = shared._media_root
    monkeypatch.setattr("buurtplan.views.buurtplan_pdf", lambda plan: b"%PDF-1.4 matrix")
    monkeypatch.setattr("declaraties.views.declaratie_pdf", lambda declaratie: b"%PDF-1.4 matrix")
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield zutphen_objects()
    logger.setLevel(level)


def test_authorization_matrix(matrix_setup):
    kwargs = matrix_setup
    clients = _clients()
    observed, mismatches, leaks, timings = {}, [], [], {}
    for name, _route in app_urls():
        url = reverse(name, kwargs=kwargs.get(name))
        row = []
        started = time.monotonic()
        for visitor, _email in VISITORS:
            response = clients[visitor].get(url)
            row.append(response.status_code)
            if response.status_code == 200 and not response.streaming:
                if name in NATIONAL_OVERVIEWS:
                    continue
                content = SELECT.sub("", response.content.decode("utf-8", errors="replace"))
                for marker in MARKERS[visitor]:
                    if marker in content and marker not in REGISTER_CHOICES.get(name, ()):
                        leaks.append(f"{name} as {visitor}: shows {marker!r}")
        timings[name] = time.monotonic() - started
        observed[name] = " ".join(str(code) for code in row)
        expected = EXPECTED.get(name)
        if expected is not None and observed[name] != expected:
            mismatches.append(f"{name}: expected {expected}, got {observed[name]}")
    if os.environ.get("MATRIX_PRINT"):
        print("\nEXPECTED = {")
        for name, row in observed.items():
            print(f'    "{name}": "{row}",')
        print("}")
        print(sorted(timings.items(), key=lambda kv: -kv[1])[:15])
    assert not mismatches, "\n".join(mismatches)
    assert not leaks, "\n".join(leaks)


# Reviewed: every 200 of a foreign visitor is a page of their own gemeente/organisation (lists are
# scoped) or national data (mijlpalen, the buurten overview); objects of Zutphen answer them 404.
EXPECTED = {
    "healthz": "200 200 200 200 200 200 200 200 200",
    "login": "302 302 302 302 302 302 302 302 200",
    "logout": "405 405 405 405 405 405 405 405 405",
    # Starting a provider login is public (it only redirects to the provider); the callback without
    # a state this session started is refused with a Dutch page.
    "oidc_login": "302 302 302 302 302 302 302 302 302",
    "oidc_callback": "403 403 403 403 403 403 403 403 403",
    "password_reset": "200 200 200 200 200 200 200 200 200",
    "password_reset_done": "200 200 200 200 200 200 200 200 200",
    "password_reset_confirm": "200 200 200 200 200 200 200 200 200",
    "password_reset_complete": "200 200 200 200 200 200 200 200 200",
    "grootboek:journaalposten": "403 200 200 403 403 403 200 403 302",
    "grootboek:journaalpost": "403 200 200 403 403 403 404 403 302",
    "grootboek:proefbalans": "403 200 200 403 403 403 200 403 302",
    "grootboek:rekeningen": "403 200 200 403 403 403 200 403 302",
    "grootboek:rekeningkaart": "403 200 200 403 403 403 404 403 302",
    "grootboek:rekening_wijzigen": "403 200 403 403 403 403 404 403 302",
    "grootboek:boekjaren": "403 200 200 403 403 403 200 403 302",
    "grootboek:erp_export": "403 200 200 403 403 403 200 403 302",
    "grootboek:erp_export_achtergrond": "403 200 200 403 403 403 200 403 302",
    "grootboek:erp_profiel": "403 200 403 403 403 403 200 403 302",
    "buurtplan:buurten": "200 200 200 200 403 200 200 403 302",
    "buurtplan:organisatie_zoeken": "200 200 200 200 403 200 200 403 302",
    "buurtplan:buurt_nieuw": "200 403 403 403 403 200 403 403 302",
    "buurtplan:mijn_regels": "403 403 403 403 200 403 403 200 302",
    "buurtplan:ondertekening_document": "200 200 200 200 404 404 404 404 302",
    "buurtplan:buurt_detail": "200 200 200 200 200 404 404 404 302",
    "buurtplan:organisaties": "403 403 403 200 403 403 403 403 302",
    "buurtplan:organisatie_nieuw": "403 403 403 200 403 403 403 403 302",
    "buurtplan:organisatie": "403 403 403 200 404 404 404 404 302",
    "buurtplan:organisatie_deactiveren": "405 405 405 405 405 405 405 405 302",
    "buurtplan:organisatie_activeren": "405 405 405 405 405 405 405 405 302",
    "buurtplan:buurt_wijzigen": "200 403 403 403 403 404 404 404 302",
    "buurtplan:buurt_netwerk": "200 200 200 200 403 404 404 404 302",
    "buurtplan:netwerklid_wijzigen": "200 403 403 403 403 404 404 404 302",
    "buurtplan:netwerklid_verwijderen": "405 405 405 405 405 405 405 405 302",
    "buurtplan:buurt_plan": "200 200 200 200 200 404 404 404 302",
    "buurtplan:plan_aanmaken": "405 405 405 405 405 405 405 405 302",
    "buurtplan:plan_pdf": "200 200 200 200 403 404 404 404 302",
    "buurtplan:plan_pdf_achtergrond": "405 405 405 405 405 405 405 405 302",
    "buurtplan:plan_samenvatting": "405 405 405 405 405 405 405 405 302",
    "buurtplan:plan_thema": "405 405 405 405 405 405 405 405 302",
    "buurtplan:activiteit_toevoegen": "405 405 405 405 405 405 405 405 405",
    "buurtplan:activiteit_verwijderen": "405 405 405 405 405 405 405 405 302",
    "buurtplan:plan_vaststellen": "302 403 403 403 403 404 404 404 302",
    "buurtplan:plan_nieuwe_versie": "405 405 405 405 405 405 405 405 302",
    "buurtplan:buurt_begroting": "200 200 200 200 200 404 404 404 302",
    "buurtplan:begroting_export": "200 200 200 200 403 404 404 404 302",
    "buurtplan:begroting_totalen": "405 405 405 405 405 405 405 405 405",
    "buurtplan:begroting_import": "405 405 405 405 405 405 405 405 302",
    "buurtplan:begroting_indienen": "405 405 405 405 405 405 405 405 302",
    "buurtplan:begroting_beoordelen": "405 405 405 405 405 405 405 405 302",
    "buurtplan:begroting_heropenen": "405 405 405 405 405 405 405 405 302",
    "buurtplan:buurt_ondertekeningen": "200 200 200 200 403 404 404 404 302",
    "buurtplan:ondertekening_verwijderen": "200 403 403 403 403 404 404 404 302",
    "mijlpalen:lijst": "200 200 200 200 200 200 200 200 302",
    "mijlpalen:mijlpaal_detail": "200 200 200 200 200 200 200 404 302",
    "mijlpalen:mijlpaal_buurt": "200 200 200 200 200 404 404 404 302",
    "mijlpalen:bewijsstuk": "200 200 200 200 200 404 404 404 302",
    "mijlpalen:buurten": "200 200 200 200 200 200 200 200 302",
    "mijlpalen:overzicht": "200 200 200 200 200 404 404 404 302",
    "mijlpalen:kpi": "200 200 200 200 200 404 404 404 302",
    "mijlpalen:risico": "200 200 200 403 403 200 200 403 302",
    "spuk:aanvragen": "200 200 200 403 403 200 200 403 302",
    "spuk:aanvraag_nieuw": "200 403 403 403 403 200 403 403 302",
    "spuk:aanvraag_detail": "200 200 200 403 403 404 404 403 302",
    "spuk:aanvraag_wijzigen": "302 403 403 403 403 404 404 403 302",
    "spuk:aanvraag_indienen": "405 405 405 403 403 405 405 403 302",
    "spuk:aanvraag_intrekken": "405 405 405 403 403 405 405 403 302",
    "spuk:aanvraag_verlenen": "405 405 405 403 403 405 405 403 302",
    "spuk:aanvraag_afwijzen": "405 405 405 403 403 405 405 403 302",
    "spuk:aanvraag_document": "405 405 405 403 403 405 405 403 302",
    "spuk:document": "200 200 200 403 403 404 404 403 302",
    "spuk:beschikkingen": "200 200 200 403 403 200 200 403 302",
    "spuk:partner_zoeken": "200 200 200 403 403 200 200 403 302",
    "spuk:beschikking_detail": "200 200 200 403 403 404 404 403 302",
    "spuk:termijn_ontvangen": "405 405 405 403 403 405 405 403 302",
    "spuk:jaarafsluiting": "403 200 403 403 403 404 404 403 302",
    "spuk:terugbetaling": "405 405 405 403 403 405 405 403 302",
    "spuk:terugbetaling_betaald": "405 405 405 403 403 405 405 403 302",
    "spuk:vaststelling": "403 200 403 403 403 404 404 403 302",
    "spuk:eindverantwoording": "405 405 405 403 403 405 405 403 302",
    "spuk:verloopstaat": "200 200 200 403 403 404 404 403 302",
    "spuk:beschikking_dashboard": "200 200 200 403 403 404 404 403 302",
    "spuk:sisa": "200 200 200 403 403 404 404 403 302",
    "spuk:sisa_download": "200 200 200 403 403 404 404 403 302",
    "spuk:sisa_rapport": "405 405 405 403 403 405 405 403 302",
    "declaraties:werkvoorraad": "200 200 200 403 403 200 200 403 302",
    "declaraties:batch_goedkeuren": "405 405 405 405 405 405 405 405 302",
    "declaraties:drempel": "405 405 405 405 405 405 405 405 302",
    "declaraties:betalingen": "403 200 200 403 403 403 200 403 302",
    "declaraties:betaling_registreren": "405 405 405 405 405 405 405 405 302",
    "declaraties:toekenningen": "200 200 200 403 403 200 200 403 302",
    "declaraties:partner_zoeken": "200 200 200 403 403 200 200 403 302",
    "declaraties:portaal": "403 403 403 403 200 403 403 200 302",
    "declaraties:mijn": "403 403 403 403 200 403 403 200 302",
    "declaraties:nieuw": "403 403 403 403 200 403 403 200 302",
    "declaraties:detail": "200 200 200 404 200 404 404 404 302",
    "declaraties:bewerken": "403 403 403 404 403 404 404 404 302",
    "declaraties:beoordeel": "405 405 405 405 405 405 405 405 302",
    # Issue 12 pages: reconciliation, national judgement (national data: evidence visible to all staff),
    # milestone links and amendments, instalment and declaration storno, payment runs, two-person settings.
    "grootboek:aansluiting": "403 200 200 403 403 403 200 403 302",
    "mijlpalen:landelijk_oordeel": "405 405 405 405 405 405 405 405 302",
    "mijlpalen:landelijk_bewijs": "200 200 200 200 403 200 200 403 302",
    "mijlpalen:activiteiten_koppelen": "405 405 405 405 405 405 405 405 302",
    "mijlpalen:bedrag_wijzigen": "405 405 405 405 405 405 405 405 302",
    "spuk:termijn_storno": "405 405 405 403 403 405 405 403 302",
    "declaraties:betaalruns": "403 200 200 403 403 403 200 403 302",
    "declaraties:betaling": "404 200 200 404 404 404 404 404 302",
    "declaraties:betaling_storneren": "404 200 403 404 404 404 404 404 302",
    "declaraties:instellingen": "403 200 200 403 403 403 200 403 302",
    "declaraties:instelling_beoordelen": "405 405 405 405 405 405 405 405 302",
    "declaraties:storneren": "403 200 403 404 403 404 404 404 302",
    "declaraties:pdf": "200 200 200 404 200 404 404 404 302",
    "declaraties:bijlage": "200 200 200 404 200 404 404 404 302",
    "declaraties:bijlage_verwijderen": "405 405 405 405 405 405 405 405 302",
    "declaraties:bericht": "405 405 405 405 405 405 405 405 302",
    "declaraties:toewijzing": "405 405 405 405 405 405 405 405 302",
    "core:start": "302 302 302 302 302 302 302 302 302",
    "core:start_role": "200 403 403 403 403 200 403 403 302",
    "core:switch_gemeente": "405 405 405 405 405 405 405 405 405",
    "core:mijn_gemeente": "302 302 302 302 403 302 302 403 302",
    "core:huisstijl_css": "200 200 200 200 200 200 200 200 302",
    "core:huisstijl_logo": "404 404 404 404 404 404 404 404 302",
    "core:gemeente_detail": "200 200 200 200 404 404 404 404 302",
    "core:meldingen": "200 200 200 200 200 200 200 200 302",
    "core:meldingen_gelezen": "405 405 405 405 405 405 405 405 405",
    "core:melding_openen": "302 404 404 404 404 404 404 404 302",
    "core:rapporten": "200 200 200 200 200 200 200 200 302",
    "core:rapport_detail": "200 404 404 404 404 404 404 404 302",
    "core:rapport_download": "404 404 404 404 404 404 404 404 302",
    "core:rapport_opnieuw": "405 405 405 405 405 405 405 405 302",
    "core:tijdlijn_export": "405 405 405 405 405 405 405 405 302",
    "core:kalender": "200 200 200 200 403 200 200 403 302",
    "core:zoeken": "200 200 200 200 200 200 200 200 302",
    "core:dashboard": "200 200 200 403 403 200 200 403 302",
    "core:dashboard_landelijk": "403 403 403 403 403 403 403 403 302",
    "core:twee_factor": "200 200 200 200 200 200 200 200 302",
    "core:uitnodiging": "404 404 404 404 404 404 404 404 404",
    "core:beheer_gebruikers": "403 403 403 200 403 403 403 403 302",
    "core:beheer_uitnodigen": "403 403 403 200 403 403 403 403 302",
    "core:beheer_gebruiker": "404 404 404 200 404 404 404 404 302",
    "core:beheer_rollen": "405 405 405 405 405 405 405 405 302",
    "core:beheer_deactiveren": "405 405 405 405 405 405 405 405 302",
    "core:beheer_activeren": "405 405 405 405 405 405 405 405 302",
    "core:beheer_reset_twee_factor": "405 405 405 405 405 405 405 405 302",
    "core:beheer_ontgrendelen": "405 405 405 405 405 405 405 405 302",
    "core:beheer_rolverzoek": "405 405 405 405 405 405 405 405 302",
    # The REST API: the schema and its documentation are public; data only with an API key (see
    # API_PREFIX), so a session — any role, any gemeente — gets 401.
    "api:schema": "200 200 200 200 200 200 200 200 200",
    "api:docs": "200 200 200 200 200 200 200 200 200",
    "api:toekenningen": "401 401 401 401 401 401 401 401 401",
    "api:begrotingsregels": "401 401 401 401 401 401 401 401 401",
    "api:declaraties": "401 401 401 401 401 401 401 401 401",
    "api:declaratie": "401 401 401 401 401 401 401 401 401",
    "api:bijlagen": "401 401 401 401 401 401 401 401 401",
    "api:indienen": "401 401 401 401 401 401 401 401 401",
    "api:journaalposten": "401 401 401 401 401 401 401 401 401",
    "api:te_betalen": "401 401 401 401 401 401 401 401 401",
    "api:beschikkingen": "401 401 401 401 401 401 401 401 401",
    "api:sisa": "401 401 401 401 401 401 401 401 401",
    "api:niet_gevonden": "404 404 404 404 404 404 404 404 404",
    # API keys are managed by applicatiebeheer of the gemeente.
    "api:sleutels": "403 403 403 200 403 403 403 403 302",
    "api:sleutel_uitgeven": "403 403 403 200 403 403 403 403 302",
    "api:sleutel_intrekken": "405 405 405 405 405 405 405 405 302",
    "core:beheer_idps": "403 403 403 200 403 403 403 403 302",
    "core:beheer_idp_nieuw": "403 403 403 200 403 403 403 403 302",
    "core:beheer_idp": "404 404 404 200 404 404 404 404 302",
    "core:beheer_instellingen": "403 403 403 302 403 403 403 403 302",
    "core:beheer_gemeente_instellingen": "403 403 403 200 404 404 404 404 302",
    "core:landelijk_herinneringen": "403 403 403 403 403 403 403 403 302",
    "spuk:regelingen": "403 403 403 403 403 403 403 403 302",
    "mijlpalen:beheer_mijlpalen": "403 403 403 403 403 403 403 403 302",
    "mijlpalen:beheer_mijlpaal": "403 403 403 403 403 403 403 403 302",
    "spuk:regeling": "403 403 403 403 403 403 403 403 302",
    "core:landelijk_herinnering": "403 403 403 403 403 403 403 403 302",
    "core:landelijk_herinnering_uit": "405 405 405 405 405 405 405 405 302",
    "core:landelijk_herinnering_aan": "405 405 405 405 405 405 405 405 302",
}


def _state():
    """What any change of consequence leaves behind: a timeline line, a ledger entry, a status."""
    from declaraties.models import Declaratie
    from grootboek.models import Journaalpost
    from spuk.models import Aanvraag

    return (
        Gebeurtenis.objects.count(),
        Journaalpost.objects.count(),
        tuple(Declaratie.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Aanvraag.objects.order_by("pk").values_list("status", flat=True)),
        tuple(User.objects.order_by("pk").values_list("is_active", flat=True)),
        tuple(Organisatie.objects.order_by("pk").values_list("actief", "naam", "kvk_nummer")),
    )


def _expected_status(name, visitor):
    index = [v for v, _e in VISITORS].index(visitor)
    return int(EXPECTED[name].split()[index])


def test_posts_on_zutphen_objects_by_foreign_visitors_are_refused_and_change_nothing(matrix_setup):
    """Every URL that names an object of Zutphen, POSTed (with a valid session, as a browser would)
    by the foreign gemeente's staff, the foreign partner and anonymous."""
    kwargs = matrix_setup
    clients = _clients()
    before = _state()
    wrong = []
    for name, _route in app_urls():
        # Public pages that name no data (oidc_login: its slug is on the public login page; GET only).
        if not kwargs.get(name) or name in (
            "password_reset_confirm",
            "core:uitnodiging",
            "core:start_role",
            "oidc_login",
        ):
            continue
        url = reverse(name, kwargs=kwargs[name])
        for visitor in sorted(FOREIGN) + ["anoniem"]:
            response = clients[visitor].post(url, {"reden": "matrix", "rollen": ["financien"], "besluit": "bevestig"})
            allowed = {302} if visitor == "anoniem" else {403, 404, 405}
            if name.startswith(API_PREFIX):
                allowed = {401}  # the API knows no session: without an API key every call is refused
            if _expected_status(name, visitor) == 200:
                allowed.add(200)  # a page this visitor may read anyway (national data); nothing may change
            if response.status_code not in allowed:
                wrong.append(f"{name} as {visitor}: {response.status_code}")
            elif (
                visitor == "anoniem"
                and response.status_code == 302
                and not response["Location"].startswith(reverse("login"))
            ):
                wrong.append(f"{name} as anoniem: redirected to {response['Location']}")
    assert not wrong, "\n".join(wrong)
    assert _state() == before


def test_django_admin_is_reachable_for_no_app_user(matrix_setup):
    """The admin's index and every model list: 404 for every role (beheer included), login for anonymous."""
    clients = _clients()
    urls = ["/" + ADMIN_PREFIX] + [
        "/" + route
        for _name, route in url_patterns()
        if route.startswith(ADMIN_PREFIX) and "<" not in route and route.count("/") == 4
    ]
    assert len(urls) > 20
    wrong = []
    # Every visitor on the pages the attack used; beheer (the one who had admin rights) and anonymous
    # on every model list (the same code answers every other role).
    sensitive = {
        "/" + ADMIN_PREFIX + path for path in ("", "core/user/", "otp_totp/totpdevice/", "axes/accessattempt/")
    }
    for url in urls:
        visitors = VISITORS if url in sensitive else [("beheer", None), ("anoniem", None)]
        for visitor, _email in visitors:
            status = clients[visitor].get(url).status_code
            if status != (302 if visitor == "anoniem" else 404):
                wrong.append(f"{url} as {visitor}: {status}")
    assert not wrong, "\n".join(wrong)


# The national role (landelijk_beheer) is a column of its own here rather than in EXPECTED: it works
# for no gemeente, so every page of a gemeente's money, declarations, plans or users must refuse it.
LANDELIJK_PAGES = {
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "core:start_role",
    "core:twee_factor",
    "core:meldingen",
    "core:rapporten",
    "core:landelijk_herinneringen",
    "core:landelijk_herinnering",
    "spuk:regelingen",
    "spuk:regeling",
    "mijlpalen:beheer_mijlpalen",
    "mijlpalen:beheer_mijlpaal",
    # The national dashboard is the role's own page; search finds nothing it may not see; the
    # stylesheet is the neutral theme; the API schema and its docs are public.
    "core:dashboard_landelijk",
    "core:zoeken",
    "core:huisstijl_css",
    "api:schema",
    "api:docs",
}


def test_landelijk_beheer_reaches_national_pages_only(matrix_setup):
    kwargs = matrix_setup
    client = Client()
    client.force_login(User.objects.get(email="landelijk@spuk.demo"))
    kwargs = {**kwargs, "core:start_role": {"role": "landelijk_beheer"}}
    opened = set()
    for name, _route in app_urls():
        response = client.get(reverse(name, kwargs=kwargs.get(name)))
        if response.status_code == 200:
            opened.add(name)
    assert opened == LANDELIJK_PAGES
