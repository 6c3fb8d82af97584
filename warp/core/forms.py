"""Forms render with NHS.UK frontend markup: labels, hints, error messages tied to their fields."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

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


# Django's own words for an empty required field and an empty select; neither says which field or what to do.
_DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
_DJANGO_EMPTY_CHOICE = "---------"
_DJANGO_BAD_DATE = str(forms.DateField.default_error_messages["invalid"])
BAD_DATE = "Enter a real date as day/month/year, for example 15/01/2026."
BAD_EMAIL = "Enter an email address in the right form, for example name@example.org."
_DJANGO_BAD_URL = str(forms.URLField.default_error_messages["invalid"])
BAD_URL = "Enter the whole web address, starting https://, for example https://example.org/talk."
TOO_SMALL = "Enter %(limit_value)s or more."
TOO_BIG = "Enter %(limit_value)s or less."
TOO_MUCH_TEXT = "Shorten this to %(limit_value)d characters or fewer (it has %(show_value)d)."
CHOOSE_PROMPT = "Choose…"
# A date field's box: the browser's date picker (shown as DD/MM/YYYY in the UK), sending the date as ISO.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_LEADING_WORDS = ("your ", "their ", "the ", "a ", "an ", "his ", "her ", "its ")
# Labels that start with a verb are already an instruction ("Add a trainer"): quote them whole.
_VERBS = ("add ", "choose ", "copy ", "search ", "type ", "enter ", "tick ", "give ", "write ", "pick ")
# Labels that start like a question without its question mark ("How many people came") read wrongly after
# "Enter the": quote them whole too.
_QUESTION_WORDS = ("how ", "what ", "when ", "where ", "which ", "who ", "why ")


def _noun(label: str) -> str:
    """A label as it reads inside a sentence: "First name" -> "first name", "TRIP round" stays."""
    label = label.strip().rstrip(":")
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField)


def required_message(field: forms.Field, name: str, *, whose: str = "the") -> str:
    """What to say when a required field is left empty: which field, and what to do.

    "Enter your first name", "Choose the venue", "Tick “I confirm …” to go on"; a label that is a
    question or already an instruction is quoted whole ("Choose an answer to “Whose view is this?”").
    `whose` is "your" on forms people fill in about themselves, "their" on forms staff fill in for
    a student, "the" elsewhere."""
    label = str(field.label or pretty_name(name))
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if isinstance(field, forms.BooleanField):
        return f"Tick “{label.rstrip('.')}” to go on."
    if label.rstrip().endswith("?"):
        if multiple:
            return f"Choose at least one answer to “{label.strip()}”"
        if _is_choice(field):
            return f"Choose an answer to “{label.strip()}”"
        return f"Answer the question “{label.strip()}”"
    noun = _noun(label)
    if noun.lower().startswith(_VERBS + _QUESTION_WORDS):
        return f"Choose an option for “{label}”" if _is_choice(field) else f"Fill in “{label}”"
    if whose and not noun.lower().startswith(_LEADING_WORDS):
        noun = f"{whose} {noun}"
    if multiple:
        return (
            f"Choose at least one of {noun}"
            if noun.split()[0] in ("the", "your", "their")
            else (f"Choose at least one {noun}")
        )
    return f"Choose {noun}" if _is_choice(field) else f"Enter {noun}"


def _prompt_selects(field: forms.Field) -> None:
    """A select starts with "Choose…", never Django's dashes, nor with one of its answers already
    standing in for a choice nobody made (a model field's default shows as chosen below the prompt).

    A select whose empty choice is itself an answer ("No venue (online)") keeps it."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DJANGO_EMPTY_CHOICE:
            field.empty_label = CHOOSE_PROMPT
        return
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]
        if any(value == "" and label == _DJANGO_EMPTY_CHOICE for value, label in choices):
            field.choices = [
                (value, CHOOSE_PROMPT if value == "" and label == _DJANGO_EMPTY_CHOICE else label)
                for value, label in choices
            ]
        elif type(field.widget) is forms.Select and not any(value == "" for value, _label in choices):
            field.choices = [("", CHOOSE_PROMPT), *choices]


def add_service_errors(form: forms.BaseForm, error: ValidationError, *, prefix: str = "") -> None:
    """Put a service's ValidationError on the form, so the person sees it beside what they typed: each
    message on its field when the form has one (named `prefix` + the service's name), else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = prefix + name if prefix + name in form.fields else name
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)


class WarpFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class WarpFormMixin:
    """Adds the NHS.UK classes to widgets (when a field is shown or checked, so fields a form adds in its
    own __init__ get them too), points each errored field at its error message, and refuses
    control characters (NUL included) in every text field with a message that says what to do.

    An empty required field says which field and what to do ("Enter your first name"), unless the form
    gives its own message; `whose` says whom the form speaks about (see `required_message`)."""

    whose = "the"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            self._dress(field)

    def _dress(self, field: forms.Field) -> None:
        """The NHS.UK class on the widget and the control-character check, once for each field (a field the
        form adds in its own __init__ gets them when it is first shown or checked)."""
        if getattr(field, "_dressed", False):
            return
        field._dressed = True  # type: ignore[attr-defined]
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
            return
        kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
        css = _WIDGET_CLASSES.get(kind, "nhsuk-input")
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def _tidy(self, name: str) -> None:
        """Done late (when the field is shown or checked), so fields a form adds or relabels in its own
        __init__ get it too."""
        field = self.fields[name]  # type: ignore[attr-defined]
        self._dress(field)
        if field.required and str(field.error_messages.get("required")) == _DJANGO_REQUIRED:
            # A new dict: error_messages may be shared with the class's own field.
            field.error_messages = {
                **field.error_messages,
                "required": required_message(field, name, whose=self.whose),
            }
        # Django's own words for a date it cannot read and for too much text say neither what a date
        # looks like here nor what to do; a form's own message is kept.
        if (
            isinstance(field, forms.DateField)
            and str(field.error_messages.get("invalid")) == _DJANGO_BAD_DATE
        ):
            field.error_messages = {**field.error_messages, "invalid": BAD_DATE}
        if (
            isinstance(field, forms.CharField)
            and field.max_length
            and "max_length" not in field.error_messages
        ):
            field.error_messages = {**field.error_messages, "max_length": TOO_MUCH_TEXT}
        if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
            # Django words these in its validators ("Ensure this value is greater than or equal to 0."),
            # so they are in error_messages only when the form gave its own.
            field.error_messages = {"min_value": TOO_SMALL, "max_value": TOO_BIG, **field.error_messages}
        if isinstance(field, forms.EmailField) and "invalid" not in field.error_messages:
            field.error_messages = {**field.error_messages, "invalid": BAD_EMAIL}
        if isinstance(field, forms.URLField) and str(field.error_messages.get("invalid")) == _DJANGO_BAD_URL:
            field.error_messages = {**field.error_messages, "invalid": BAD_URL}
        _prompt_selects(field)

    def __getitem__(self, name):
        if name in self.fields:  # type: ignore[attr-defined]
            self._tidy(name)
        return super().__getitem__(name)  # type: ignore[misc]

    def full_clean(self):
        for name in self.fields:  # type: ignore[attr-defined]
            self._tidy(name)
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


class PeriodForm(WarpForm):
    """A period of days, first to last: the reports' and the exports' own form, and the base of any form that
    asks for one."""

    start = forms.DateField(
        label="From",
        help_text="The first day of the period, for example 01/09/2025.",
        error_messages={
            "required": "Enter the date the period runs from, for example 01/09/2025.",
            "invalid": "Enter the first day as a date, for example 01/09/2025.",
        },
    )
    end = forms.DateField(
        label="To",
        help_text="The last day of the period, for example 31/08/2026.",
        error_messages={
            "required": "Enter the date the period runs to, for example 31/08/2026.",
            "invalid": "Enter the last day as a date, for example 31/08/2026.",
        },
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The last day must be on or after the first day. Check the two dates.")
        return cleaned
