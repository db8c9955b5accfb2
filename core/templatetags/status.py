from django import template

from core import status

register = template.Library()


@register.inclusion_tag("core/_status_badge.html")
def status_badge(obj=None, label=None, tone=None, code=None, id=None):  # noqa: A002  (the HTML attribute)
    """{% status_badge declaratie %} → the badge for declaratie.status with its display label;
    {% status_badge declaratie label=declaratie.partner_status %} → another text, same colour;
    {% status_badge label=_("sluit aan") tone="ok" %} → a badge for a status that is no model field."""
    if code is None and obj is not None:
        code = getattr(obj, "status", None)
    return {
        "label": status.label(obj) if label is None else label,
        "tone": tone or status.tone(obj, code),
        "code": code,
        "id": id,
    }


@register.inclusion_tag("core/_status_badge.html")
def status_cell(column, obj, value):
    """The status column of a list (core.lists.Column with badge): the value's text, the tone of the
    object that carries the status (for "aanvraag.get_status_display", the aanvraag)."""
    owner = column.status_owner(obj)
    code = getattr(owner, "status", None)
    return {"label": "" if value is None else value, "tone": status.tone(owner, code), "code": code}
