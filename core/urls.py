from django.urls import path

from . import views, views_background, views_beheer, views_dashboard, views_huisstijl, views_landelijk, views_oidc

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("start/<slug:role>/", views.RoleStartView.as_view(), name="start_role"),
    path("gemeente/wisselen/", views.switch_gemeente, name="switch_gemeente"),
    path("gemeente/", views.mijn_gemeente, name="mijn_gemeente"),
    path("gemeente/huisstijl.css", views_huisstijl.huisstijl_css, name="huisstijl_css"),
    path("gemeente/logo/", views_huisstijl.huisstijl_logo, name="huisstijl_logo"),
    path("gemeenten/<int:pk>/", views.GemeenteDetailView.as_view(), name="gemeente_detail"),
    path("meldingen/", views.MeldingenView.as_view(), name="meldingen"),
    path("meldingen/gelezen/", views.meldingen_gelezen, name="meldingen_gelezen"),
    path("meldingen/<int:pk>/", views.melding_openen, name="melding_openen"),
    path("rapporten/", views_background.RapportenView.as_view(), name="rapporten"),
    path("rapporten/<int:pk>/", views_background.rapport_detail, name="rapport_detail"),
    path("rapporten/<int:pk>/download/", views_background.rapport_download, name="rapport_download"),
    path("rapporten/<int:pk>/opnieuw/", views_background.RapportOpnieuwView.as_view(), name="rapport_opnieuw"),
    path("gemeenten/<int:pk>/tijdlijn-export/", views_background.TijdlijnExportView.as_view(), name="tijdlijn_export"),
    path("zoeken/", views.zoeken, name="zoeken"),
    path("dashboard/", views_dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/landelijk/", views_dashboard.LandelijkDashboardView.as_view(), name="dashboard_landelijk"),
    path("kalender/", views_background.KalenderView.as_view(), name="kalender"),
    path("account/tweestapsverificatie/", views.twee_factor, name="twee_factor"),
    path("account/uitnodiging/<uidb64>/<token>/", views_beheer.uitnodiging, name="uitnodiging"),
    path("beheer/gebruikers/", views_beheer.GebruikersView.as_view(), name="beheer_gebruikers"),
    path("beheer/gebruikers/uitnodigen/", views_beheer.UitnodigenView.as_view(), name="beheer_uitnodigen"),
    path("beheer/gebruikers/<int:pk>/", views_beheer.GebruikerView.as_view(), name="beheer_gebruiker"),
    path("beheer/gebruikers/<int:pk>/rollen/", views_beheer.RollenView.as_view(), name="beheer_rollen"),
    path("beheer/gebruikers/<int:pk>/deactiveren/", views_beheer.DeactiveerView.as_view(), name="beheer_deactiveren"),
    path("beheer/gebruikers/<int:pk>/activeren/", views_beheer.ActiveerView.as_view(), name="beheer_activeren"),
    path(
        "beheer/gebruikers/<int:pk>/tweestapsverificatie/",
        views_beheer.ResetTweeFactorView.as_view(),
        name="beheer_reset_twee_factor",
    ),
    path("beheer/gebruikers/<int:pk>/ontgrendelen/", views_beheer.OntgrendelView.as_view(), name="beheer_ontgrendelen"),
    path("beheer/inloggen/", views_oidc.IdentityProvidersView.as_view(), name="beheer_idps"),
    path("beheer/inloggen/nieuw/", views_oidc.IdentityProviderNieuwView.as_view(), name="beheer_idp_nieuw"),
    path("beheer/inloggen/<int:pk>/", views_oidc.IdentityProviderView.as_view(), name="beheer_idp"),
    path("beheer/rolverzoeken/<int:pk>/", views_beheer.RolVerzoekView.as_view(), name="beheer_rolverzoek"),
    path("beheer/instellingen/", views_beheer.huisstijl_start, name="beheer_instellingen"),
    path(
        "beheer/gemeenten/<int:pk>/instellingen/",
        views_beheer.GemeenteInstellingenView.as_view(),
        name="beheer_gemeente_instellingen",
    ),
    path("landelijk/herinneringen/", views_landelijk.HerinneringRegelsView.as_view(), name="landelijk_herinneringen"),
    path(
        "landelijk/herinneringen/<int:pk>/",
        views_landelijk.HerinneringRegelView.as_view(),
        name="landelijk_herinnering",
    ),
    path(
        "landelijk/herinneringen/<int:pk>/uitschakelen/",
        views_landelijk.HerinneringRegelUitView.as_view(),
        name="landelijk_herinnering_uit",
    ),
    path(
        "landelijk/herinneringen/<int:pk>/activeren/",
        views_landelijk.HerinneringRegelAanView.as_view(),
        name="landelijk_herinnering_aan",
    ),
]
