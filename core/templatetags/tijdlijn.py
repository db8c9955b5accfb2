"""Timeline lines show the status labels users know, not the stored status values."""

from django import template

from core import workflow

register = template.Library()


@register.filter
def statuslabel(value, obj):
    """{{ g.naar_status|statuslabel:obj }} → the label of that status on obj's model ("Niet behaald").

    Lines that store something else (a document number, an older line that stored the label
    itself) and models without a status machine show the value as it is."""
    if not value:
        return ""
    try:
        return workflow.status_label(obj, value)
    except TypeError:
        return value
