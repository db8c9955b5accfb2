from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import oidc_auth
from core import views as core_views
from core.forms_auth import LoginForm, WachtwoordResetForm

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "account/inloggen/",
        core_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("account/uitloggen/", oidc_auth.LogoutView.as_view(), name="logout"),
    path("oidc/<slug:slug>/inloggen/", oidc_auth.ProviderLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc_auth.ProviderCallbackView.as_view(), name="oidc_callback"),
    path(
        "account/wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(form_class=WachtwoordResetForm),
        name="password_reset",
    ),
    path(
        "account/wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "account/wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("beheer/admin/", admin.site.urls),
    path("grootboek/", include("grootboek.urls")),
    path("buurtplan/", include("buurtplan.urls")),
    path("mijlpalen/", include("mijlpalen.urls")),
    path("spuk/", include("spuk.urls")),
    path("declaraties/", include("declaraties.urls")),
    path("", include("api.urls")),
    path("", include("core.urls")),
]

handler403 = "core.views.handler403"
handler404 = "core.views.handler404"
handler400 = "core.errors.handler400"
handler500 = "core.errors.handler500"
