"""Admin: read-only views of declarations and their settings. Changes go through the services and
pages only — the four-eyes threshold too (`services.stel_drempel_in`, on the work list), so every
change is permission-checked and on the timeline."""

from django.contrib import admin

from core.frozen import ReadOnlyAdmin

from .models import Beoordeling, Betaling, Declaratie, DeclaratieInstelling, Toekenning


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
class DeclaratieInstellingAdmin(ReadOnlyAdmin):
    list_display = ["gemeente", "vier_ogen_drempel"]
