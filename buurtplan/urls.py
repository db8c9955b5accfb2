from django.urls import path

from . import views

app_name = "buurtplan"

urlpatterns = [
    path("", views.BuurtenOverzichtView.as_view(), name="buurten"),
    path("nieuw/", views.buurt_nieuw, name="buurt_nieuw"),
    path("mijn-regels/", views.MijnRegelsView.as_view(), name="mijn_regels"),
    path("ondertekening/<int:ondertekening_id>/document/", views.ondertekening_document, name="ondertekening_document"),
    path("<int:pk>/", views.buurt_detail, name="buurt_detail"),
    path("<int:pk>/wijzigen/", views.buurt_wijzigen, name="buurt_wijzigen"),
    path("<int:pk>/netwerk/", views.buurt_netwerk, name="buurt_netwerk"),
    path("<int:pk>/netwerk/<int:lid_id>/wijzigen/", views.netwerklid_wijzigen, name="netwerklid_wijzigen"),
    path("<int:pk>/netwerk/<int:lid_id>/verwijderen/", views.netwerklid_verwijderen, name="netwerklid_verwijderen"),
    path("<int:pk>/plan/", views.buurt_plan, name="buurt_plan"),
    path("<int:pk>/plan/aanmaken/", views.plan_aanmaken, name="plan_aanmaken"),
    path("<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan/pdf/achtergrond/", views.plan_pdf_achtergrond, name="plan_pdf_achtergrond"),
    path("<int:pk>/versie/<int:versie>/samenvatting/", views.plan_samenvatting, name="plan_samenvatting"),
    path("<int:pk>/versie/<int:versie>/thema/<int:thema_id>/", views.plan_thema, name="plan_thema"),
    path("<int:pk>/versie/<int:versie>/activiteit/", views.activiteit_toevoegen, name="activiteit_toevoegen"),
    path("<int:pk>/versie/<int:versie>/activiteit/<int:activiteit_id>/verwijderen/", views.activiteit_verwijderen, name="activiteit_verwijderen"),
    path("<int:pk>/versie/<int:versie>/vaststellen/", views.plan_vaststellen, name="plan_vaststellen"),
    path("<int:pk>/versie/<int:versie>/nieuwe-versie/", views.plan_nieuwe_versie, name="plan_nieuwe_versie"),
    path("<int:pk>/begroting/", views.buurt_begroting, name="buurt_begroting"),
    path("<int:pk>/begroting/export/", views.begroting_export, name="begroting_export"),
    path("<int:pk>/versie/<int:versie>/begroting/totalen/", views.begroting_totalen, name="begroting_totalen"),
    path("<int:pk>/versie/<int:versie>/begroting/import/", views.begroting_import, name="begroting_import"),
    path("<int:pk>/versie/<int:versie>/begroting/indienen/", views.begroting_indienen, name="begroting_indienen"),
    path("<int:pk>/versie/<int:versie>/begroting/beoordelen/", views.begroting_beoordelen, name="begroting_beoordelen"),
    path("<int:pk>/versie/<int:versie>/begroting/heropenen/", views.begroting_heropenen, name="begroting_heropenen"),
    path("<int:pk>/ondertekeningen/", views.buurt_ondertekeningen, name="buurt_ondertekeningen"),
    path("<int:pk>/ondertekeningen/<int:ondertekening_id>/verwijderen/", views.ondertekening_verwijderen, name="ondertekening_verwijderen"),
]
