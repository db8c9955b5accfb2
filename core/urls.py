from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("start/<slug:role>/", views.RoleStartView.as_view(), name="start_role"),
    path("gemeente/wisselen/", views.switch_gemeente, name="switch_gemeente"),
    path("gemeente/", views.mijn_gemeente, name="mijn_gemeente"),
    path("gemeenten/<int:pk>/", views.GemeenteDetailView.as_view(), name="gemeente_detail"),
    path("meldingen/", views.MeldingenView.as_view(), name="meldingen"),
    path("meldingen/gelezen/", views.meldingen_gelezen, name="meldingen_gelezen"),
    path("account/tweestapsverificatie/", views.twee_factor, name="twee_factor"),
]
