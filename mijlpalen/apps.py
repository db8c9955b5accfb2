from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MijlpalenConfig(AppConfig):
    name = "mijlpalen"
    verbose_name = _("Mijlpalen")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the receivers
