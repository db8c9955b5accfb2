import datetime

from django import template

register = template.Library()


@register.filter
def isodatum(value):
    """'2025-03-15' (or a date) → 15-03-2025."""
    if isinstance(value, str) and value:
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return value or ""
