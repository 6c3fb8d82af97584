from django import forms
from django.conf import settings

from warp.core.forms import WarpForm, WarpModelForm
from warp.service_use.models import Period, Service
from warp.service_use.services import MAX_MONTHS


class ServiceForm(WarpModelForm):
    class Meta:
        model = Service
        fields = ["code", "label", "unit_cost", "source", "year", "order", "is_active"]
        labels = {
            "code": "Short code",
            "label": "Service",
            "unit_cost": "Cost of one contact, in pounds",
            "source": "Where the cost comes from",
            "year": "Year the cost is for",
            "order": "Position in lists",
            "is_active": "Ask about this service",
        }
        help_texts = {
            "code": "Letters, numbers and dashes, used by imports, for example a-and-e.",
            "unit_cost": "For example 39.00.",
            "source": "For example, the national unit cost tables you use and their page.",
            "year": "For example 2025.",
            "order": "Lower numbers come first.",
        }


class ServiceUseAnswerForm(WarpForm):
    """A student's answer about the services they used: one box per service the centre asks about."""

    answered_on = forms.DateField(
        label="Date they answered",
        input_formats=settings.DATE_INPUT_FORMATS,
        help_text="For example, 14/05/2025.",
        widget=forms.DateInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
        error_messages={
            "required": "Enter the date they answered, for example 14/05/2025.",
            "invalid": "Enter a real date, for example 14/05/2025.",
        },
    )
    period = forms.ChoiceField(
        label="The answer is about",
        choices=Period.choices,
        error_messages={"required": "Choose whether the answer is about before or after attending."},
    )
    months = forms.IntegerField(
        label="How many months the answer covers",
        min_value=1,
        max_value=MAX_MONTHS,
        help_text="For example 3, for 'in the last 3 months'.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many months the answer covers, for example 3.",
            "invalid": f"Enter the months as a whole number from 1 to {MAX_MONTHS}.",
            "min_value": "Enter at least 1 month.",
            "max_value": f"Enter {MAX_MONTHS} months or fewer.",
        },
    )

    def __init__(self, *args, services: list[Service], **kwargs):
        super().__init__(*args, **kwargs)
        self._services = services
        for service in services:
            self.fields[f"service_{service.pk}"] = forms.IntegerField(
                label=f"{service.label}: times used",
                min_value=0,
                max_value=10_000,
                required=False,
                help_text="Leave blank or write 0 if not used.",
                widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
                error_messages={
                    "invalid": f"Write the times {service.label} was used as a whole number, 0 or more.",
                    "min_value": f"Write the times {service.label} was used as 0 or more.",
                    "max_value": f"Write the times {service.label} was used as 10000 or fewer.",
                },
            )

    def contacts(self) -> dict[Service, int]:
        return {service: self.cleaned_data.get(f"service_{service.pk}") or 0 for service in self._services}
