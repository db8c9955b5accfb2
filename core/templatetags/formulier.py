"""Form helpers for the shared form templates (core/forms/*.html) and the page title.

- `verplicht_markering`: the marker after a label, derived from the field itself: "(niet verplicht)"
  for an optional field, "(verplicht <wanneer>)" for a field that `core.forms.verplicht_als` marked
  as conditionally required, nothing for a required field. List filters get no marker (every filter
  is optional; saying so on each would be noise).
- `formulierfouten`: whether the page shows a validated form with errors, so that base.html can put
  "Fout: " before the page title (NL Design System error summary pattern) without each view saying so.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.lists import FilterForm

register = template.Library()


def _is_filter(form):
    return isinstance(form, FilterForm) or type(form).__name__.endswith(("Filter", "FilterForm"))


@register.filter
def verplicht_markering(bound_field):
    field = bound_field.field
    wanneer = getattr(field, "verplicht_als", "")
    if wanneer:
        return _("verplicht %(wanneer)s") % {"wanneer": wanneer}
    if field.required or _is_filter(bound_field.form) or bound_field.widget_type == "checkbox":
        return ""
    return _("niet verplicht")


@register.filter
def aantal_fouten(form):
    """How many messages the error summary lists (a field may have more than one)."""
    return sum(len(messages) for messages in form.errors.values())


def _forms_with_errors(values):
    for value in values:
        # Only forms that were validated already: rendering the title must not run a form's clean().
        if isinstance(value, forms.BaseForm) and value.is_bound and getattr(value, "_errors", None):
            if not _is_filter(value):
                yield value


@register.simple_tag(takes_context=True)
def formulierfouten(context):
    return any(_forms_with_errors(context.flatten().values()))


@register.simple_tag
def select_opties(optgroups):
    """The <option>s of a select in Python: Django's template renders an include per option, and a
    filter of 352 gemeenten took 37 ms that way (issue 15). Same markup as select_option.html."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in group_choices:
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else str(option["value"]),
                    flatatt({k: v for k, v in option["attrs"].items() if v is not False and v is not None}),
                    option["label"],
                )
            )
        if group_name:
            parts.append(mark_safe("</optgroup>"))
    return mark_safe("".join(str(p) for p in parts))
