from django.urls import path

from . import views

app_name = "spuk"

urlpatterns = [
    path("", views.AanvragenView.as_view(), name="aanvragen"),
    path("aanvragen/nieuw/", views.AanvraagFormView.as_view(), name="aanvraag_nieuw"),
    path("aanvragen/<int:pk>/", views.AanvraagDetailView.as_view(), name="aanvraag_detail"),
    path("aanvragen/<int:pk>/wijzigen/", views.AanvraagWijzigenView.as_view(), name="aanvraag_wijzigen"),
    path("aanvragen/<int:pk>/indienen/", views.AanvraagActieView.as_view(actie="indienen"), name="aanvraag_indienen"),
    path("aanvragen/<int:pk>/intrekken/", views.AanvraagActieView.as_view(actie="intrekken"), name="aanvraag_intrekken"),
    path("aanvragen/<int:pk>/verlenen/", views.AanvraagActieView.as_view(actie="verlenen"), name="aanvraag_verlenen"),
    path("aanvragen/<int:pk>/afwijzen/", views.AanvraagActieView.as_view(actie="afwijzen"), name="aanvraag_afwijzen"),
    path("aanvragen/<int:pk>/bijlage/", views.AanvraagActieView.as_view(actie="document"), name="aanvraag_document"),
    path("bijlagen/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("beschikkingen/", views.BeschikkingenView.as_view(), name="beschikkingen"),
    path("beschikkingen/<int:pk>/", views.BeschikkingDetailView.as_view(), name="beschikking_detail"),
    path("beschikkingen/<int:pk>/termijnen/<int:termijn>/ontvangen/", views.BeschikkingActieView.as_view(actie="termijn"),
         name="termijn_ontvangen"),
    path("beschikkingen/<int:pk>/jaarafsluiting/", views.BeschikkingActieView.as_view(actie="jaarafsluiting"),
         name="jaarafsluiting"),
    path("beschikkingen/<int:pk>/terugbetalingen/", views.BeschikkingActieView.as_view(actie="terugbetaling"),
         name="terugbetaling"),
    path("beschikkingen/<int:pk>/terugbetalingen/<int:terugbetaling>/betaald/",
         views.BeschikkingActieView.as_view(actie="betaald"), name="terugbetaling_betaald"),
    path("beschikkingen/<int:pk>/vaststelling/", views.BeschikkingActieView.as_view(actie="vaststelling"), name="vaststelling"),
    path("beschikkingen/<int:pk>/eindverantwoording/", views.BeschikkingActieView.as_view(actie="eindverantwoording"),
         name="eindverantwoording"),
    path("beschikkingen/<int:pk>/verloopstaat/", views.VerloopstaatView.as_view(), name="verloopstaat"),
    path("beschikkingen/<int:pk>/sisa/<int:jaar>/", views.SisaView.as_view(), name="sisa"),
    path("beschikkingen/<int:pk>/sisa/<int:jaar>/<slug:formaat>/", views.SisaDownloadView.as_view(), name="sisa_download"),
    path("beschikkingen/<int:pk>/sisa/<int:jaar>/<slug:formaat>/achtergrond/", views.SisaRapportView.as_view(), name="sisa_rapport"),
]
