"""The one way a status changes: `transition(actor, obj, name, reden=..., **fields)`.

Each model declares its status machine once, as django-fsm transitions whose `custom` carries the
Dutch label, whose `permission` names the django-rules permission (see `allowed`) and whose
`conditions` are predicates with a Dutch message (see `condition`). This module then:

1. locks the row (`select_for_update`) so two officers cannot move the same record at once;
2. checks the permission and the conditions declared on the transition;
3. sets the extra fields, runs the transition, saves;
4. writes the timeline (who, when, from, to, why) and sends `transitioned`, which notifications
   and other side effects listen to.

Services call it inside their own `transaction.atomic()` when they do more (book to the ledger,
number a document); it joins that transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin, TransitionNotAllowed

from .timeline import log_transition
from .transitions import allowed, condition

__all__ = ["allowed", "condition", "transition", "check", "can", "available", "table", "transitioned"]

# Sent after a transition was saved and logged, inside the transaction. Receivers that talk to the
# outside world (e-mail, broker) must defer with `transaction.on_commit`.
# kwargs: instance, actor, name, source, target, reden
transitioned = Signal()


class TransitionRefused(ValidationError):
    """The transition is not possible from the current status, or a condition is not met."""


def status_field(model: type[models.Model]) -> Any:
    for field in model._meta.get_fields():
        if isinstance(field, FSMFieldMixin):
            return field
    raise TypeError(f"{model.__name__} has no FSM status field")


def _meta(obj: Any, name: str) -> Any:
    method = getattr(obj, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise TypeError(f"{type(obj).__name__}.{name} is not a declared transition")
    return method, meta


def _label(transition: Any, name: str) -> str:
    return str((transition.custom or {}).get("label", name)) if transition else name


def status_label(obj: Any, value: str | None = None) -> str:
    field = status_field(type(obj))
    value = getattr(obj, field.attname) if value is None else value
    return str(dict(field.flatchoices).get(value, value))


def check(actor: Any, obj: Any, name: str) -> None:
    """Raise PermissionDenied / TransitionRefused unless `actor` may run `name` on `obj` now."""
    method, meta = _meta(obj, name)
    field = meta.field
    state = field.get_state(obj)
    transition = meta.get_transition(state)
    if transition is None:
        any_transition = next(iter(meta.transitions.values()), None)
        raise TransitionRefused(
            _("‘%(actie)s’ kan niet bij de status ‘%(status)s’.")
            % {"actie": _label(any_transition, name), "status": status_label(obj)},
            code="invalid_transition",
        )
    if not transition.has_perm(obj, actor):
        raise PermissionDenied(_("U mag ‘%(actie)s’ hier niet doen.") % {"actie": _label(transition, name)})
    for predicate in transition.conditions:
        if not predicate(obj):
            raise TransitionRefused(
                getattr(predicate, "message", None)
                or _("‘%(actie)s’ kan nu niet.") % {"actie": _label(transition, name)},
                code="condition",
            )


def can(actor: Any, obj: Any, name: str) -> bool:
    """Whether a page should offer the action: same checks as `transition`, without side effects."""
    try:
        check(actor, obj, name)
    except (PermissionDenied, ValidationError):
        return False
    return True


def transition(actor: Any, obj: Any, name: str, *, reden: str = "", locked: bool = False, **fields: Any) -> Any:
    """Run transition `name` on `obj` for `actor`; returns the saved (locked) instance.

    `fields` are set on the record in the same save (e.g. `ingediend_op=now`). Pass `locked=True`
    when the caller already holds the row lock on `obj` and has changed it (then `obj` itself is
    used); otherwise the row is fetched again under lock and `obj` is refreshed afterwards.
    """
    model = type(obj)
    with transaction.atomic():
        record = obj if locked else model._default_manager.select_for_update().get(pk=obj.pk)
        check(actor, record, name)
        field = status_field(model)
        source = getattr(record, field.attname)
        for key, value in fields.items():
            setattr(record, key, value)
        method, _meta_ = _meta(record, name)
        try:
            method()
        except TransitionNotAllowed as exc:  # a race between check() and the call cannot happen under the lock
            raise TransitionRefused(str(exc)) from exc
        record.save()
        target = getattr(record, field.attname)
        if getattr(model, "log_transitions", True):
            log_transition(actor, record, source, target, reden)
        transitioned.send(
            sender=model, instance=record, actor=actor, name=name, source=source, target=target, reden=reden
        )
    if record is not obj:
        obj.refresh_from_db()
    return record


@dataclass(frozen=True)
class Row:
    """One line of a model's transition table (for docs, pages and tests)."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    conditions: tuple[str, ...]


def table(model: type[models.Model]) -> list[Row]:
    """The declared status machine of `model`, one row per transition, in declaration order."""
    rows: dict[str, Row] = {}
    for attr in dir(model):
        meta = getattr(getattr(model, attr, None), "_django_fsm", None)
        if meta is None:
            continue
        by_target: dict[str, list[str]] = {}
        for source, t in meta.transitions.items():
            by_target.setdefault(t.target, []).append(str(source))
        for target, sources in by_target.items():
            t = meta.get_transition(sources[0]) or next(iter(meta.transitions.values()))
            perm = getattr(t.permission, "perm_name", t.permission or "")
            rows[f"{attr}:{target}"] = Row(
                name=attr,
                label=_label(t, attr),
                sources=tuple(sorted(sources)),
                target=str(target),
                permission=str(perm or ""),
                conditions=tuple(str(getattr(c, "message", c.__name__)) for c in t.conditions),
            )
    return sorted(rows.values(), key=lambda r: r.name)


def available(actor: Any, obj: Any, names: Iterable[str] | None = None) -> list[str]:
    """Names of the transitions `actor` may run on `obj` now (for buttons on a page)."""
    if names is None:
        names = [row.name for row in table(type(obj))]
    return [n for n in dict.fromkeys(names) if can(actor, obj, n)]
