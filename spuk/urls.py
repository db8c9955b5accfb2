from django.urls import path

from . import views, views_landelijk

app_name = "spuk"

urlpatterns = [
    path("", views.AanvragenView.as_view(), name="aanvragen"),
    path("aanvragen/nieuw/", views.AanvraagFormView.as_view(), name="aanvraag_nieuw"),
    path("aanvragen/<int:pk>/", views.AanvraagDetailView.as_view(), name="aanvraag_detail"),
    path("aanvragen/<int:pk>/wijzigen/", views.AanvraagWijzigenView.as_view(), name="aanvraag_wijzigen"),
    path("aanvragen/<int:pk>/indienen/", views.AanvraagIndienenView.as_view(), name="aanvraag_indienen"),
    path("aanvragen/<int:pk>/intrekken/", views.AanvraagIntrekkenView.as_view(), name="aanvraag_intrekken"),
    path("aanvragen/<int:pk>/verlenen/", views.AanvraagVerlenenView.as_view(), name="aanvraag_verlenen"),
    path("aanvragen/<int:pk>/afwijzen/", views.AanvraagAfwijzenView.as_view(), name="aanvraag_afwijzen"),
    path("aanvragen/<int:pk>/bijlage/", views.AanvraagDocumentView.as_view(), name="aanvraag_document"),
    path("bijlagen/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("beschikkingen/", views.BeschikkingenView.as_view(), name="beschikkingen"),
    path("partners/zoeken/", views.partner_zoeken, name="partner_zoeken"),
    path("regelingen/", views_landelijk.RegelingenView.as_view(), name="regelingen"),
    path("regelingen/<int:pk>/", views_landelijk.RegelingView.as_view(), name="regeling"),
    path("beschikkingen/<int:pk>/", views.BeschikkingDetailView.as_view(), name="beschikking_detail"),
    path(
        "beschikkingen/<int:pk>/termijnen/<int:termijn>/ontvangen/",
        views.TermijnOntvangenView.as_view(),
        name="termijn_ontvangen",
    ),
    path(
        "beschikkingen/<int:pk>/termijnen/<int:termijn>/storno/",
        views.TermijnStornoView.as_view(),
        name="termijn_storno",
    ),
    path("beschikkingen/<int:pk>/jaarafsluiting/", views.JaarafsluitingView.as_view(), name="jaarafsluiting"),
    path("beschikkingen/<int:pk>/terugbetalingen/", views.TerugbetalingView.as_view(), name="terugbetaling"),
    path(
        "beschikkingen/<int:pk>/terugbetalingen/<int:terugbetaling>/betaald/",
        views.TerugbetalingBetaaldView.as_view(),
        name="terugbetaling_betaald",
    ),
    path("beschikkingen/<int:pk>/vaststelling/", views.VaststellingView.as_view(), name="vaststelling"),
    path(
        "beschikkingen/<int:pk>/eindverantwoording/", views.EindverantwoordingView.as_view(), name="eindverantwoording"
    ),
    path("beschikkingen/<int:pk>/dashboard/", views.BeschikkingDashboardView.as_view(), name="beschikking_dashboard"),
    path("beschikkingen/<int:pk>/verloopstaat/", views.VerloopstaatView.as_view(), name="verloopstaat"),
    path("beschikkingen/<int:pk>/sisa/<int:jaar>/", views.SisaView.as_view(), name="sisa"),
    path(
        "beschikkingen/<int:pk>/sisa/<int:jaar>/<slug:formaat>/", views.SisaDownloadView.as_view(), name="sisa_download"
    ),
    path(
        "beschikkingen/<int:pk>/sisa/<int:jaar>/<slug:formaat>/achtergrond/",
        views.SisaRapportView.as_view(),
        name="sisa_rapport",
    ),
]
