from django.urls import path

from . import views

app_name = "grootboek"

urlpatterns = [
    path("", views.JournaalpostenView.as_view(), name="journaalposten"),
    path("journaalposten/<int:pk>/", views.JournaalpostView.as_view(), name="journaalpost"),
    path("proefbalans/", views.ProefbalansView.as_view(), name="proefbalans"),
    path("rekeningen/", views.RekeningenView.as_view(), name="rekeningen"),
    path("rekeningen/<int:pk>/", views.RekeningkaartView.as_view(), name="rekeningkaart"),
    path("rekeningen/<int:pk>/wijzigen/", views.RekeningWijzigenView.as_view(), name="rekening_wijzigen"),
    path("aansluiting/", views.AansluitingView.as_view(), name="aansluiting"),
    path("boekjaren/", views.BoekjarenView.as_view(), name="boekjaren"),
    path("export/", views.ErpExportView.as_view(), name="erp_export"),
    path("export/achtergrond/", views.ErpExportAchtergrondView.as_view(), name="erp_export_achtergrond"),
    path("export/profiel/", views.ErpProfielView.as_view(), name="erp_profiel"),
]
