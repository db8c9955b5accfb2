from django import template

from core.money import format_bedrag

register = template.Library()


@register.filter
def euro(value):
    """{{ bedrag|euro }} → € 1.927.717,00"""
    return format_bedrag(value)


@register.filter
def bedrag(value):
    """{{ bedrag|bedrag }} → 1.927.717,00 (for table cells with the currency in the header)."""
    return format_bedrag(value, symbol=False)
