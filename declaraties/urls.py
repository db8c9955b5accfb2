from django.urls import path

from . import views

app_name = "declaraties"

urlpatterns = [
    path("", views.WerkvoorraadView.as_view(), name="werkvoorraad"),
    path("batch/goedkeuren/", views.BatchGoedkeurenView.as_view(), name="batch_goedkeuren"),
    path("drempel/", views.DrempelView.as_view(), name="drempel"),
    path("betalingen/", views.BetalingenView.as_view(), name="betalingen"),
    path("betalingen/registreren/", views.BetalingRegistrerenView.as_view(), name="betaling_registreren"),
    path("betalingen/runs/", views.BetaalrunsView.as_view(), name="betaalruns"),
    path("betalingen/<int:pk>/", views.betaling_detail, name="betaling"),
    path("betalingen/<int:pk>/storneren/", views.BetalingStornoView.as_view(), name="betaling_storneren"),
    path("instellingen/", views.InstellingenView.as_view(), name="instellingen"),
    path("instellingen/<int:pk>/", views.InstellingBeoordeelView.as_view(), name="instelling_beoordelen"),
    path("toekenningen/", views.ToekenningenView.as_view(), name="toekenningen"),
    path("partners/zoeken/", views.partner_zoeken, name="partner_zoeken"),
    path("portaal/", views.PortaalView.as_view(), name="portaal"),
    path("mijn/", views.MijnDeclaratiesView.as_view(), name="mijn"),
    path("nieuw/", views.declaratie_form, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.declaratie_form, name="bewerken"),
    path("<int:pk>/beoordelen/", views.BeoordeelView.as_view(), name="beoordeel"),
    path("<int:pk>/storneren/", views.StornoView.as_view(), name="storneren"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/berichten/", views.BerichtView.as_view(), name="bericht"),
    path("<int:pk>/toewijzing/", views.ToewijzingView.as_view(), name="toewijzing"),
    path("<int:pk>/bijlagen/<int:bijlage_pk>/", views.bijlage, name="bijlage"),
    path(
        "<int:pk>/bijlagen/<int:bijlage_pk>/verwijderen/",
        views.BijlageVerwijderenView.as_view(),
        name="bijlage_verwijderen",
    ),
]
