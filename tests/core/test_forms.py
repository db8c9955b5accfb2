"""The shared form templates: error summary with links, "(niet verplicht)" derived from the field,
conditionally required fields labelled as such, no markers on list filters."""

import re

from django import forms
from django.template import Context, Template

from core.forms import verplicht_als
from core.lists import FilterForm


class VoorbeeldForm(forms.Form):
    naam = forms.CharField(label="Naam")
    bedrag = forms.DecimalField(label="Bedrag")
    opmerking = forms.CharField(label="Opmerking", required=False)
    reden = verplicht_als(forms.CharField(label="Reden", required=False), "bij een afwijking")


class VoorbeeldFilter(FilterForm):
    jaar = forms.IntegerField(label="Jaar", required=False)


def _render(form):
    return Template("{{ form }}").render(Context({"form": form}))


def test_labels_follow_the_field():
    html = _render(VoorbeeldForm())
    assert re.search(r"Naam\s*</label>", html)
    assert 'Opmerking <span class="app-optional">(niet verplicht)</span>' in html
    assert 'Reden <span class="app-optional">(verplicht bij een afwijking)</span>' in html
    assert "niet verplicht" not in _render(VoorbeeldFilter())


def test_error_summary_lists_every_error_as_a_link_to_its_field():
    form = VoorbeeldForm(data={"bedrag": "twaalf"})
    assert not form.is_valid()
    html = _render(form)
    summary = html[html.index("data-error-summary") : html.index("</ul>")]
    assert 'tabindex="-1"' in html
    assert 'href="#id_naam"' in summary and 'href="#id_bedrag"' in summary
    assert "Er zijn 2 problemen" in summary
    assert "data-error-summary" not in _render(VoorbeeldForm())


def test_page_title_says_fout_only_for_a_form_with_errors(rf):
    from django.contrib.auth.models import AnonymousUser

    template = Template("{% load formulier %}{% formulierfouten as fouten %}{{ fouten }}")
    invalid = VoorbeeldForm(data={})
    invalid.is_valid()
    assert template.render(Context({"form": invalid})) == "True"
    assert template.render(Context({"form": VoorbeeldForm()})) == "False"
    bad_filter = VoorbeeldFilter(data={"jaar": "x"})
    bad_filter.is_valid()
    assert template.render(Context({"filter_form": bad_filter, "user": AnonymousUser()})) == "False"
    # An unvalidated bound form is not validated by the title.
    unvalidated = VoorbeeldForm(data={})
    assert template.render(Context({"form": unvalidated})) == "False" and unvalidated._errors is None
