"""Give Django's default widgets the NL Design System classes, so every form looks the same.

Radio buttons and checkbox lists get theirs per option in templates/django/forms/widgets/ (the
widget's own class would land on the wrapping <div> too)."""

from django import forms

_CLASSES = {
    forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.EmailInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.URLInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.PasswordInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.DateInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.DateTimeInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.TimeInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # Utrecht 9 has no file-input component: an app class (static/css/app.css) in the same look.
    forms.ClearableFileInput: "app-file-input",
    forms.FileInput: "app-file-input",
}


def install():
    for widget_class, css in _CLASSES.items():
        original_init = widget_class.__init__

        def __init__(self, attrs=None, *args, _original=original_init, _css=css, **kwargs):
            _original(self, attrs, *args, **kwargs)
            existing = self.attrs.get("class", "")
            if "utrecht-" not in existing:
                self.attrs["class"] = f"{existing} {_css}".strip()

        widget_class.__init__ = __init__
