from django import template

from core import status

register = template.Library()


@register.simple_tag
def status_badge(obj=None, label=None, tone=None, code=None, id=None):  # noqa: A002  (the HTML attribute)
    """{% status_badge declaratie %} → the badge for declaratie.status with its display label;
    {% status_badge declaratie label=declaratie.partner_status %} → another text, same colour;
    {% status_badge label=_("sluit aan") tone="ok" %} → a badge for a status that is no model field."""
    if code is None and obj is not None:
        code = getattr(obj, "status", None)
    return status.badge_html(status.label(obj) if label is None else label, tone or status.tone(obj, code), code, id)


@register.simple_tag
def status_cell(column, obj, value):
    """The status column of a list (core.lists.Column with badge): the value's text, the tone of the
    object that carries the status (for "aanvraag.get_status_display", the aanvraag)."""
    return column.badge_html(obj, value)
