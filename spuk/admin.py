"""Read-mostly admin for application managers; money and status change only through the services."""

from django.contrib import admin

from core.frozen import ReadOnlyAdmin

from .models import Aanvraag, Beschikking, Regeling, SisaVerantwoording


@admin.register(Regeling)
class RegelingAdmin(admin.ModelAdmin):
    list_display = ("naam", "sisa_code", "startjaar", "eindjaar", "aanvraag_deadline")


@admin.register(Aanvraag)
class AanvraagAdmin(ReadOnlyAdmin):
    list_display = ("zaaknummer", "titel", "gemeente", "status", "ingediend_op")
    list_filter = ("status",)


@admin.register(Beschikking)
class BeschikkingAdmin(ReadOnlyAdmin):
    list_display = ("nummer", "gemeente", "datum", "bedrag", "periode_start_jaar", "periode_eind_jaar")


@admin.register(SisaVerantwoording)
class SisaVerantwoordingAdmin(ReadOnlyAdmin):
    list_display = ("beschikking", "jaar", "versie", "status", "checksum", "definitief_op")
