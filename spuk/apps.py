from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpukConfig(AppConfig):
    name = "spuk"
    verbose_name = _("SPUK")
