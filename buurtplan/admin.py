from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.frozen import ReadOnlyAdmin

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
    list_display = ["naam", "gemeente", "cohort", "alliantie"]
    list_filter = ["cohort", "gemeente"]
    search_fields = ["naam"]
    inlines = [NetwerklidInline]


# Plans, budgets and signatures change only through the services (frozen versions, audit log).


@admin.register(Buurtplan)
class BuurtplanAdmin(ReadOnlyAdmin):
    list_display = ["buurt", "versie", "status", "vastgesteld_op"]
    list_filter = ["status"]


@admin.register(Buurtbegroting)
class BuurtbegrotingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["buurtplan", "status", "beoordeeld_op"]


@admin.register(Begrotingsregel)
class BegrotingsregelAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "jaar", "financiering", "domein", "bedrag"]
    list_filter = ["financiering", "domein", "jaar"]


admin.site.register([Activiteit, Ondertekening], ReadOnlyAdmin)
