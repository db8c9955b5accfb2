from django.urls import path

from . import views, views_background

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("start/<slug:role>/", views.RoleStartView.as_view(), name="start_role"),
    path("gemeente/wisselen/", views.switch_gemeente, name="switch_gemeente"),
    path("gemeente/", views.mijn_gemeente, name="mijn_gemeente"),
    path("gemeenten/<int:pk>/", views.GemeenteDetailView.as_view(), name="gemeente_detail"),
    path("meldingen/", views.MeldingenView.as_view(), name="meldingen"),
    path("meldingen/gelezen/", views.meldingen_gelezen, name="meldingen_gelezen"),
    path("rapporten/", views_background.RapportenView.as_view(), name="rapporten"),
    path("rapporten/<int:pk>/", views_background.rapport_detail, name="rapport_detail"),
    path("rapporten/<int:pk>/download/", views_background.rapport_download, name="rapport_download"),
    path("rapporten/<int:pk>/opnieuw/", views_background.RapportOpnieuwView.as_view(), name="rapport_opnieuw"),
    path("gemeenten/<int:pk>/tijdlijn-export/", views_background.TijdlijnExportView.as_view(), name="tijdlijn_export"),
    path("kalender/", views_background.KalenderView.as_view(), name="kalender"),
    path("account/tweestapsverificatie/", views.twee_factor, name="twee_factor"),
]
