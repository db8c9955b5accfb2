from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.frozen import ReadOnlyAdmin

from .models import (
    ActiviteitMijlpaal,
    Indicator,
    LandelijkOordeel,
    Meting,
    Mijlpaal,
    MijlpaalBedrag,
    MijlpaalStatus,
    MijlpaalWijziging,
)


@admin.register(Mijlpaal)
class MijlpaalAdmin(admin.ModelAdmin):
    list_display = ("nummer", "omschrijving", "soort", "deadline")
    list_filter = ("soort",)


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Changes go through the services (permission-checked and logged), never through the admin."""


@admin.register(MijlpaalBedrag)
class MijlpaalBedragAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "buurt",
        "jaar",
        "mijlpaal",
        "bedrag_sociaal_domein",
        "bedrag_zorg",
        "risicodrager",
        "toegekend_op",
        "versie",
    )
    list_filter = ("jaar", "risicodrager")


@admin.register(MijlpaalWijziging)
class MijlpaalWijzigingAdmin(ReadOnlyAdmin):
    list_display = ("bedrag", "versie", "oud_sociaal_domein", "nieuw_sociaal_domein", "gewijzigd_door", "gewijzigd_op")


@admin.register(LandelijkOordeel)
class LandelijkOordeelAdmin(ReadOnlyAdmin):
    list_display = ("mijlpaal", "uitkomst", "beoordelaar", "beoordeeld_op", "vastgelegd_door")
    list_filter = ("uitkomst",)


@admin.register(ActiviteitMijlpaal)
class ActiviteitMijlpaalAdmin(ReadOnlyAdmin):
    list_display = ("activiteit", "mijlpaal")


@admin.register(MijlpaalStatus)
class MijlpaalStatusAdmin(ReadOnlyHistoryAdmin):
    list_display = ("mijlpaal", "buurt", "status", "beoordeeld_op")
    list_filter = ("status",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("naam", "eenheid", "richting", "doel_percentage", "doel_jaren", "basisjaar")


@admin.register(Meting)
class MetingAdmin(ReadOnlyHistoryAdmin):
    list_display = ("indicator", "buurt", "groep", "jaar", "waarde")
    list_filter = ("groep", "jaar")
