from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclaratiesConfig(AppConfig):
    name = "declaraties"
    verbose_name = _("Declaraties")

    def ready(self):
        from . import notifications

        notifications.connect()
