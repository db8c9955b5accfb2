"""Frozen records: once a row is frozen it is never changed or deleted (correct by a new record).

One shape for every such model (ledger entries, a vastgesteld buurtplan and its children, a
definitieve SiSa version, the audit timeline):

    class Journaalpost(FrozenModel):
        frozen_message = _("Een geboekte journaalpost ... Corrigeer met een tegenboeking.")

        @classmethod
        def frozen_q(cls):           # which stored rows are frozen; default: all of them
            return Q()

        def frozen_on_insert(self):  # may a new row be added? (e.g. not to a vastgesteld plan)
            return False

The model guards `save()`/`delete()`, the queryset guards `update()`, `delete()` and
`bulk_update()`, and on PostgreSQL a trigger made by `trigger_operations()` refuses the same at the
database, whatever client writes. The decision always reads the *stored* row, so the transition
into a frozen status can still save once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FrozenError(ValidationError):
    """Someone tried to change or delete a frozen record."""


DEFAULT_MESSAGE = _("Dit gegeven is definitief vastgelegd en kan niet meer worden gewijzigd of verwijderd.")


def _refuse(model: type[models.Model]) -> None:
    raise FrozenError(str(getattr(model, "frozen_message", DEFAULT_MESSAGE)), code="frozen")


class FrozenQuerySet(models.QuerySet):
    """Bulk writes refuse to touch frozen rows (they bypass `save()` and `delete()`)."""

    def _frozen_rows(self) -> models.QuerySet:
        return self.filter(self.model.frozen_q())  # type: ignore[attr-defined]

    def _guard(self) -> None:
        if self._frozen_rows().exists():
            _refuse(self.model)

    def update(self, **kwargs: Any) -> int:
        self._guard()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._guard()
        return super().delete()

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        pks = [obj.pk for obj in objs]
        if self.model._default_manager.filter(pk__in=pks).filter(self.model.frozen_q()).exists():  # type: ignore[attr-defined]
            _refuse(self.model)
        return super().bulk_update(objs, fields, batch_size=batch_size)


class FrozenModel(models.Model):
    frozen_message: ClassVar[Any] = DEFAULT_MESSAGE

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def frozen_q(cls) -> Q:
        """The stored rows that are frozen. `Q()` (the default) means: every stored row."""
        return Q()

    def frozen_on_insert(self) -> bool:
        """Whether a *new* row would be added to something frozen (a vastgesteld parent)."""
        return False

    def is_frozen(self) -> bool:
        if self._state.adding or self.pk is None:
            return self.frozen_on_insert()
        return type(self)._base_manager.filter(pk=self.pk).filter(self.frozen_q()).exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_frozen():
            _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if (
            not self._state.adding
            and self.pk is not None
            and (type(self)._base_manager.filter(pk=self.pk).filter(self.frozen_q()).exists())
        ):
            _refuse(type(self))
        return super().delete(*args, **kwargs)


# PostgreSQL triggers ------------------------------------------------------------------------------


def trigger_operations(table: str, when: str = "TRUE", *, operations: str = "UPDATE OR DELETE") -> list[Any]:
    """Migration operations that, on PostgreSQL only, refuse `operations` on rows of `table` where
    `when` (an SQL condition on OLD; subqueries allowed) holds. TRUNCATE, which test databases use
    to flush, is unaffected."""
    name = f"{table}_frozen"
    forward = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF {when} THEN
        RAISE EXCEPTION '% is definitief vastgelegd en kan niet worden gewijzigd of verwijderd', TG_TABLE_NAME
            USING ERRCODE = '23001';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} BEFORE {operations} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    backward = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"

    def run(sql: str) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql, params=None)

        return apply

    return [migrations.RunPython(run(forward), run(backward), elidable=False)]


# One read-only admin for frozen and financial records ----------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Platform operators may look, never add, change or delete (corrections go through services)."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
