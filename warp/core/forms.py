"""Forms render with NHS.UK frontend markup: labels, hints, error messages tied to their fields."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import TemplatesSetting

_WIDGET_CLASSES = {
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "checkbox": "nhsuk-checkboxes__input",
}


# C0 control characters other than tab, line feed and carriage return. No one means to type them (they
# arrive pasted from other systems); PostgreSQL refuses NUL in text, and spreadsheets refuse the rest.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def no_control_characters(value) -> None:
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "This answer contains hidden control characters, probably pasted from another program. "
            "Type it again here, or paste it as plain text.",
            code="control_characters",
        )


# The widest integer column (bigint). A larger id cannot name a record: SQLite cannot even be asked.
_LARGEST_ID = 2**63 - 1


def _refuse_ids_out_of_range(field: forms.ModelChoiceField) -> None:
    """A record id too big for the database is an invalid choice, not a server error (Django asks the
    database first, and SQLite raises OverflowError for a number wider than 64 bits)."""
    if field.queryset is None:
        return
    model = field.queryset.model
    key = field.to_field_name or "pk"
    model_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
    if model_field.get_internal_type() not in {
        "AutoField",
        "BigAutoField",
        "IntegerField",
        "BigIntegerField",
    }:
        return
    clean = field.clean

    def clean_in_range(value):
        for one in value if isinstance(value, list | tuple) else [value]:
            try:
                number = int(str(one).strip())
            except ValueError:
                continue  # not a number at all: Django's own check says so
            if abs(number) > _LARGEST_ID:
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": one}
                )
        return clean(value)

    field.clean = clean_in_range  # type: ignore[method-assign]


class WarpFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class WarpFormMixin:
    """Adds the NHS.UK classes to widgets, points each errored field at its error message, and refuses
    control characters (NUL included) in every text field with a message that says what to do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField):
                # Django's own NUL check says only "Null characters are not allowed."; ours covers it.
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                if no_control_characters not in field.validators:
                    field.validators.append(no_control_characters)
            if isinstance(field, forms.ModelChoiceField):
                _refuse_ids_out_of_range(field)
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
