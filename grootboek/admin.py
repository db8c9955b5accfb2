from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.frozen import ReadOnlyAdmin

from .models import Boekjaar, ErpExportProfiel, Journaalpost, Journaalregel, Rekening


class JournaalregelInline(admin.TabularInline):
    model = Journaalregel
    fields = ["rekening", "debet", "credit", "relatie", "bestedingsjaar", "omschrijving"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Journaalpost)
class JournaalpostAdmin(ReadOnlyAdmin):
    list_display = ["stuknummer", "gemeente", "boekdatum", "omschrijving", "bron_referentie", "aangemaakt_door"]
    list_filter = ["gemeente", "boekjaar"]
    search_fields = ["omschrijving", "bron_referentie"]
    inlines = [JournaalregelInline]


@admin.register(Journaalregel)
class JournaalregelAdmin(ReadOnlyAdmin):
    list_display = ["journaalpost", "rekening", "debet", "credit", "relatie", "bestedingsjaar"]
    list_filter = ["journaalpost__gemeente", "bestedingsjaar"]
    list_select_related = ["journaalpost", "rekening", "relatie"]


@admin.register(Boekjaar)
class BoekjaarAdmin(ReadOnlyAdmin):
    list_display = ["gemeente", "jaar", "laatste_volgnummer", "gesloten", "gesloten_op", "gesloten_door"]
    list_filter = ["gemeente", "gesloten"]


@admin.register(Rekening)
class RekeningAdmin(SimpleHistoryAdmin):
    """Accounts are master data: finance may map number, name and coding. Role, beschikking and
    soort define the account's meaning in the ledger and stay fixed once created."""

    list_display = [
        "nummer",
        "naam",
        "gemeente",
        "soort",
        "rol",
        "beschikkingsnummer",
        "kostenplaats",
        "taakveld",
        "actief",
    ]
    list_filter = ["gemeente", "soort", "rol", "actief"]
    search_fields = ["nummer", "naam", "beschikkingsnummer"]

    def get_readonly_fields(self, request, obj=None):
        return ["gemeente", "soort", "rol", "beschikkingsnummer"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.regels.exists()


@admin.register(ErpExportProfiel)
class ErpExportProfielAdmin(SimpleHistoryAdmin):
    list_display = ["gemeente", "scheidingsteken", "decimaalkomma", "datumformaat"]
