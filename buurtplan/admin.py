from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activiteit,
    Begrotingsregel,
    Buurt,
    Buurtbegroting,
    Buurtplan,
    Interventie,
    Netwerklid,
    Ondertekening,
    Thema,
    Transformatieplan,
)


class ThemaInline(admin.TabularInline):
    model = Thema
    extra = 0


@admin.register(Transformatieplan)
class TransformatieplanAdmin(admin.ModelAdmin):
    inlines = [ThemaInline]


@admin.register(Interventie)
class InterventieAdmin(admin.ModelAdmin):
    list_display = ["naam", "thema"]
    list_filter = ["thema"]


class NetwerklidInline(admin.TabularInline):
    model = Netwerklid
    extra = 0


@admin.register(Buurt)
class BuurtAdmin(admin.ModelAdmin):
    list_display = ["naam", "gemeente", "cohort", "alliantiepartner"]
    list_filter = ["cohort", "gemeente"]
    search_fields = ["naam"]
    inlines = [NetwerklidInline]


@admin.register(Buurtplan)
class BuurtplanAdmin(admin.ModelAdmin):
    """Read-only: plans change through the services (frozen versions, audit log)."""

    list_display = ["buurt", "versie", "status", "vastgesteld_op"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Buurtbegroting)
class BuurtbegrotingAdmin(SimpleHistoryAdmin):
    list_display = ["buurtplan", "status", "beoordeeld_op"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Begrotingsregel)
class BegrotingsregelAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "jaar", "financiering", "domein", "bedrag"]
    list_filter = ["financiering", "domein", "jaar"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activiteit, Ondertekening)
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
