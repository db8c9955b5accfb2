from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .money import format_bedrag, parse_bedrag


class BedragField(models.DecimalField):
    """A money column: DecimalField(max_digits=14, decimal_places=2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", BedragFormField)
        return super().formfield(**{k: v for k, v in kwargs.items() if k not in ("max_digits", "decimal_places")})


class BedragInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "inputmode": "decimal",
            "autocomplete": "off",
            "class": "utrecht-textbox utrecht-textbox--html-input bedrag",
        }
        base.update(attrs or {})
        super().__init__(base)

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_bedrag(value, symbol=False)
        return value


class BedragFormField(forms.Field):
    """Accepts 1.234,56 and 1234.56; rejects anything else with a Dutch message."""

    widget = BedragInput
    default_error_messages = {"required": _("Vul een bedrag in.")}

    def __init__(self, *, min_value=None, max_value=None, max_digits=None, decimal_places=None, **kwargs):
        self.min_value = min_value
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_bedrag(value)

    def validate(self, value):
        super().validate(value)
        from django.core.exceptions import ValidationError

        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("Het bedrag moet minstens %(min)s zijn."), params={"min": format_bedrag(self.min_value)}
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                _("Het bedrag mag hoogstens %(max)s zijn."), params={"max": format_bedrag(self.max_value)}
            )
        if abs(value) >= Decimal("1e12"):
            raise ValidationError(_("Dit bedrag is te groot."))
