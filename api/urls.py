from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views, views_beheer

app_name = "api"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", views.DocsView.as_view(), name="docs"),
    path("api/v1/toekenningen/", views.ToekenningenView.as_view(), name="toekenningen"),
    path("api/v1/begrotingsregels/", views.BegrotingsregelsView.as_view(), name="begrotingsregels"),
    path("api/v1/declaraties/", views.DeclaratiesView.as_view(), name="declaraties"),
    path("api/v1/declaraties/<int:pk>/", views.DeclaratieView.as_view(), name="declaratie"),
    path("api/v1/declaraties/<int:pk>/bijlagen/", views.BijlagenView.as_view(), name="bijlagen"),
    path("api/v1/declaraties/<int:pk>/indienen/", views.IndienenView.as_view(), name="indienen"),
    path("api/v1/grootboek/journaalposten/", views.JournaalpostenView.as_view(), name="journaalposten"),
    path("api/v1/betalingen/te-registreren/", views.TeBetalenView.as_view(), name="te_betalen"),
    path("api/v1/beschikkingen/", views.BeschikkingenView.as_view(), name="beschikkingen"),
    path("api/v1/beschikkingen/<int:pk>/sisa/<int:jaar>/", views.SisaView.as_view(), name="sisa"),
    re_path(r"^api/", views.NietGevondenView.as_view(), name="niet_gevonden"),
    path("beheer/api-sleutels/", views_beheer.SleutelsView.as_view(), name="sleutels"),
    path("beheer/api-sleutels/uitgeven/", views_beheer.UitgevenView.as_view(), name="sleutel_uitgeven"),
    path("beheer/api-sleutels/intrekken/", views_beheer.IntrekkenView.as_view(), name="sleutel_intrekken"),
]
