from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuurtplanConfig(AppConfig):
    name = "buurtplan"
    verbose_name = _("Buurtplan")
