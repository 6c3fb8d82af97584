"""Forms render with NHS.UK frontend markup: labels, hints, error messages tied to their fields."""

from django import forms
from django.forms.renderers import TemplatesSetting

_WIDGET_CLASSES = {
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "checkbox": "nhsuk-checkboxes__input",
}


class WarpFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class WarpFormMixin:
    """Adds the NHS.UK classes to widgets, and points each errored field at its error message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
            css = _WIDGET_CLASSES.get(kind, "nhsuk-input")
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                bound = self[name]  # type: ignore[index]
                described = widget.attrs.get("aria-describedby", "")
                error_id = f"{bound.auto_id}_error"
                if error_id not in described:
                    widget.attrs["aria-describedby"] = (described + " " + error_id).strip()
                if "nhsuk-input" in widget.attrs.get("class", ""):
                    widget.attrs["class"] += " nhsuk-input--error"


class WarpForm(WarpFormMixin, forms.Form):
    pass


class WarpModelForm(WarpFormMixin, forms.ModelForm):
    pass
