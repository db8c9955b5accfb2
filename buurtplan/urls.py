from django.urls import path

from . import views, views_organisaties

app_name = "buurtplan"

urlpatterns = [
    path("", views.BuurtenOverzichtView.as_view(), name="buurten"),
    path("nieuw/", views.buurt_nieuw, name="buurt_nieuw"),
    path("mijn-regels/", views.MijnRegelsView.as_view(), name="mijn_regels"),
    path("organisaties/", views_organisaties.OrganisatiesView.as_view(), name="organisaties"),
    path("organisaties/zoeken/", views.organisatie_zoeken, name="organisatie_zoeken"),
    path("organisaties/nieuw/", views_organisaties.OrganisatieNieuwView.as_view(), name="organisatie_nieuw"),
    path("organisaties/<int:pk>/", views_organisaties.OrganisatieView.as_view(), name="organisatie"),
    path(
        "organisaties/<int:pk>/deactiveren/",
        views_organisaties.OrganisatieDeactiverenView.as_view(),
        name="organisatie_deactiveren",
    ),
    path(
        "organisaties/<int:pk>/activeren/",
        views_organisaties.OrganisatieActiverenView.as_view(),
        name="organisatie_activeren",
    ),
    path("ondertekening/<int:ondertekening_id>/document/", views.ondertekening_document, name="ondertekening_document"),
    path("<int:pk>/", views.buurt_detail, name="buurt_detail"),
    path("<int:pk>/wijzigen/", views.buurt_wijzigen, name="buurt_wijzigen"),
    path("<int:pk>/netwerk/", views.buurt_netwerk, name="buurt_netwerk"),
    path("<int:pk>/netwerk/<int:lid_id>/wijzigen/", views.netwerklid_wijzigen, name="netwerklid_wijzigen"),
    path(
        "<int:pk>/netwerk/<int:lid_id>/verwijderen/",
        views.NetwerklidVerwijderen.as_view(),
        name="netwerklid_verwijderen",
    ),
    path("<int:pk>/plan/", views.buurt_plan, name="buurt_plan"),
    path("<int:pk>/plan/aanmaken/", views.PlanAanmaken.as_view(), name="plan_aanmaken"),
    path("<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan/pdf/achtergrond/", views.plan_pdf_achtergrond, name="plan_pdf_achtergrond"),
    path("<int:pk>/versie/<int:versie>/samenvatting/", views.PlanSamenvatting.as_view(), name="plan_samenvatting"),
    path("<int:pk>/versie/<int:versie>/thema/<int:thema_id>/", views.PlanThemaZetten.as_view(), name="plan_thema"),
    path("<int:pk>/versie/<int:versie>/activiteit/", views.activiteit_toevoegen, name="activiteit_toevoegen"),
    path(
        "<int:pk>/versie/<int:versie>/activiteit/<int:activiteit_id>/verwijderen/",
        views.ActiviteitVerwijderen.as_view(),
        name="activiteit_verwijderen",
    ),
    path("<int:pk>/versie/<int:versie>/vaststellen/", views.PlanVaststellen.as_view(), name="plan_vaststellen"),
    path("<int:pk>/versie/<int:versie>/nieuwe-versie/", views.PlanNieuweVersie.as_view(), name="plan_nieuwe_versie"),
    path("<int:pk>/begroting/", views.buurt_begroting, name="buurt_begroting"),
    path("<int:pk>/begroting/export/", views.begroting_export, name="begroting_export"),
    path("<int:pk>/versie/<int:versie>/begroting/totalen/", views.begroting_totalen, name="begroting_totalen"),
    path(
        "<int:pk>/versie/<int:versie>/begroting/import/", views.BegrotingImporteren.as_view(), name="begroting_import"
    ),
    path(
        "<int:pk>/versie/<int:versie>/begroting/indienen/", views.BegrotingIndienen.as_view(), name="begroting_indienen"
    ),
    path(
        "<int:pk>/versie/<int:versie>/begroting/beoordelen/",
        views.BegrotingBeoordelen.as_view(),
        name="begroting_beoordelen",
    ),
    path(
        "<int:pk>/versie/<int:versie>/begroting/heropenen/",
        views.BegrotingHeropenen.as_view(),
        name="begroting_heropenen",
    ),
    path("<int:pk>/ondertekeningen/", views.buurt_ondertekeningen, name="buurt_ondertekeningen"),
    path(
        "<int:pk>/ondertekeningen/<int:ondertekening_id>/verwijderen/",
        views.OndertekeningVerwijderen.as_view(),
        name="ondertekening_verwijderen",
    ),
]
