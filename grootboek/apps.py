from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrootboekConfig(AppConfig):
    name = "grootboek"
    verbose_name = _("Grootboek")
