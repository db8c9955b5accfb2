from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .frozen import ReadOnlyAdmin
from .timeline import log_event
from .reminders import sources
from .models import Gebeurtenis, HerinneringRegel, Melding, Organisatie, Rapport, User, VerstuurdeHerinnering


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "cbs_code", "actief"]
    list_filter = ["soort", "actief"]
    search_fields = ["naam", "cbs_code", "kvk_nummer"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["gemeenten", "groups"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name", "functie", "organisatie"]}),
        (_("Rollen en gemeenten"), {"fields": ["groups", "gemeenten", "is_active", "is_staff", "is_superuser"]}),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "organisatie"]})]

    # Changes by platform operators are on the timeline too, with before and after.
    WATCHED = ("is_active", "is_staff", "is_superuser")

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            before = User.objects.filter(pk=obj.pk).values(*self.WATCHED).first() or {}
        super().save_model(request, obj, form, change)
        for field in self.WATCHED:
            if change and before.get(field) != getattr(obj, field):
                log_event(
                    request.user,
                    obj,
                    f"{field} gewijzigd",
                    van=str(before.get(field)),
                    naar=str(getattr(obj, field)),
                    reden=_("Gewijzigd door platformbeheer in de Django-admin."),
                    gemeente=obj.gemeenten.first(),
                )

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        before = sorted(obj.groups.values_list("name", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(obj.groups.values_list("name", flat=True))
        if before != after:
            log_event(
                request.user,
                obj,
                "rollen gewijzigd",
                van=", ".join(before) or "–",
                naar=", ".join(after) or "–",
                reden=_("Gewijzigd door platformbeheer in de Django-admin."),
                gemeente=obj.gemeenten.first(),
            )


@admin.register(Gebeurtenis)
class GebeurtenisAdmin(ReadOnlyAdmin):
    list_display = ["tijdstip", "actor", "actie", "onderwerp_omschrijving", "van_status", "naar_status"]
    list_filter = ["actie", "gemeente"]
    search_fields = ["onderwerp_omschrijving", "reden"]


@admin.register(Melding)
class MeldingAdmin(admin.ModelAdmin):
    list_display = ["aangemaakt_op", "ontvanger", "titel", "gelezen_op", "email_verstuurd_op"]
    search_fields = ["titel", "ontvanger__email"]


@admin.register(HerinneringRegel)
class HerinneringRegelAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "dagen_voor", "rol", "actief"]
    list_filter = ["soort", "rol", "actief"]
    list_editable = ["actief"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "soort":
            return forms.ChoiceField(
                choices=sources.choices(), label=db_field.verbose_name, help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(VerstuurdeHerinnering)
class VerstuurdeHerinneringAdmin(ReadOnlyAdmin):
    list_display = ["verstuurd_op", "regel", "sleutel", "deadline", "aantal_ontvangers"]
    list_filter = ["regel"]


@admin.register(Rapport)
class RapportAdmin(ReadOnlyAdmin):
    list_display = ["aangevraagd_op", "soort", "status", "voortgang", "aangevraagd_door", "gemeente"]
    list_filter = ["status", "soort"]
