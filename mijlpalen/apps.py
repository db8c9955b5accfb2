from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MijlpalenConfig(AppConfig):
    name = "mijlpalen"
    verbose_name = _("Mijlpalen")
