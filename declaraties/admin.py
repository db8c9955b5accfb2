"""Admin: read-only views of declarations and their settings. Changes go through the services and
pages only — the declaration settings too (proposed by one finance officer and confirmed by
another, `services.stel_instelling_voor` / `bevestig_instelling`, on the settings page), so every
change is permission-checked and on the timeline."""

from django.contrib import admin

from core.frozen import ReadOnlyAdmin

from .models import Beoordeling, Betaling, Declaratie, DeclaratieInstelling, InstellingWijziging, Toekenning


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
    list_display = ["betaaldatum", "gemeente", "referentie", "totaal", "status", "journaalpost"]


@admin.register(Toekenning)
class ToekenningAdmin(ReadOnlyAdmin):
    list_display = ["buurt", "partner", "jaar", "plafond", "besluit_kenmerk"]


@admin.register(DeclaratieInstelling)
class DeclaratieInstellingAdmin(ReadOnlyAdmin):
    list_display = ["gemeente", "vier_ogen_drempel", "scheiding_goedkeuren_betalen"]


@admin.register(InstellingWijziging)
class InstellingWijzigingAdmin(ReadOnlyAdmin):
    list_display = ["gemeente", "vier_ogen_drempel", "status", "voorgesteld_door", "beoordeeld_door", "voorgesteld_op"]
