from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Basis")

    def ready(self):
        from . import widgets_css

        widgets_css.install()

        from django.db.models.signals import post_migrate

        from .signals import revoke_beheer_admin_permissions

        post_migrate.connect(revoke_beheer_admin_permissions, sender=self)

        from django.contrib.auth.signals import user_login_failed

        from .auth import count_failed_login

        user_login_failed.connect(count_failed_login, dispatch_uid="core.count_failed_login")

        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")

        from .services import resolve_meldingen
        from .workflow import transitioned

        # Any status machine: a task notification about the object closes when its status ends it.
        transitioned.connect(resolve_meldingen, dispatch_uid="core.resolve_meldingen")


class OperatorAdminConfig(admin_apps.AdminConfig):
    """The Django admin for platform operators only (core/admin_site.py)."""

    default = False  # core.apps names CoreConfig for "core"; this one is listed by its full path
    default_site = "core.admin_site.OperatorAdminSite"
