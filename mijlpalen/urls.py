from django.urls import path

from . import views, views_landelijk

app_name = "mijlpalen"

urlpatterns = [
    path("", views.MijlpalenView.as_view(), name="lijst"),
    path("landelijk/", views_landelijk.MijlpalenBeheerView.as_view(), name="beheer_mijlpalen"),
    path("landelijk/<int:pk>/", views_landelijk.MijlpaalBeheerView.as_view(), name="beheer_mijlpaal"),
    path("<int:pk>/", views.mijlpaal_detail, name="mijlpaal_detail"),
    path("<int:pk>/buurt/<int:buurt_pk>/", views.mijlpaal_buurt, name="mijlpaal_buurt"),
    path("bewijsstuk/<int:pk>/", views.bewijsstuk, name="bewijsstuk"),
    path("<int:pk>/landelijk-oordeel/", views.LandelijkOordeelVastleggen.as_view(), name="landelijk_oordeel"),
    path("landelijk-oordeel/<int:pk>/bewijs/", views.landelijk_bewijs, name="landelijk_bewijs"),
    path(
        "<int:pk>/buurt/<int:buurt_pk>/activiteiten/",
        views.ActiviteitenKoppelen.as_view(),
        name="activiteiten_koppelen",
    ),
    path("<int:pk>/buurt/<int:buurt_pk>/wijziging/", views.ToegekendBedragWijzigen.as_view(), name="bedrag_wijzigen"),
    path("buurten/", views.BuurtenView.as_view(), name="buurten"),
    path("buurten/<int:buurt_pk>/", views.overzicht, name="overzicht"),
    path("buurten/<int:buurt_pk>/kpi/", views.kpi, name="kpi"),
    path("risico/", views.risico, name="risico"),
]
