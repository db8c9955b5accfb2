from django.forms.renderers import TemplatesSetting


class NLDesignSystemRenderer(TemplatesSetting):
    """Renders every form with NL Design System markup, labels and linked error messages."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
