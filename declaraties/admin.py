"""Admin: read-only views of declarations (changes go through the services and pages only);
the per-gemeente threshold may be set here by application management."""
from django.contrib import admin

from .models import Beoordeling, Betaling, Declaratie, DeclaratieInstelling, Toekenning


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Declaratie)
class DeclaratieAdmin(ReadOnlyAdmin):
    list_display = ["nummer", "partner", "buurt", "bestedingsjaar", "bedrag", "status", "ingediend_op"]
    list_filter = ["status", "gemeente", "bestedingsjaar"]
    search_fields = ["nummer", "factuurnummer", "partner__naam"]


@admin.register(Beoordeling)
class BeoordelingAdmin(ReadOnlyAdmin):
    list_display = ["declaratie", "beoordelaar", "besluit", "ronde", "tijdstip"]


@admin.register(Betaling)
class BetalingAdmin(ReadOnlyAdmin):
    list_display = ["betaaldatum", "gemeente", "referentie", "totaal", "journaalpost"]


@admin.register(Toekenning)
class ToekenningAdmin(ReadOnlyAdmin):
    list_display = ["buurt", "partner", "jaar", "plafond", "besluit_kenmerk"]


@admin.register(DeclaratieInstelling)
class DeclaratieInstellingAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "vier_ogen_drempel"]
