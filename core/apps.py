from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Basis")

    def ready(self):
        from . import widgets_css

        widgets_css.install()

        from django.db.models.signals import post_migrate

        from .signals import grant_beheer_permissions

        post_migrate.connect(grant_beheer_permissions, sender=self)
