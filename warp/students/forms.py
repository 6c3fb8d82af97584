from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from warp.core.forms import CHOOSE_PROMPT, WarpForm
from warp.prospectus.models import Course, Term
from warp.students.eligibility import normalise_area_code, normalise_postcode
from warp.students.models import ContactMethod, Ethnicity, Gender, Identity, OutcomeCategory, StudentStatus

DATE_HINT = "For example, 27/03/1985."
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _date_field(**kwargs) -> forms.DateField:
    return forms.DateField(
        input_formats=settings.DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
        error_messages={"invalid": "Enter a real date, like 27/03/1985."},
        **kwargs,
    )


PHONE_CHARACTERS = set("0123456789 +-()")


def phone_number(value: str) -> None:
    """A number we can call or text: digits (10 to 15 of them), with spaces, brackets, dashes or a leading +
    allowed, as people write them ("07700 900123", "+44 7700 900123")."""
    digits = sum(ch.isdigit() for ch in value)
    if value.strip() and (not set(value) <= PHONE_CHARACTERS or not 10 <= digits <= 15):
        raise ValidationError(
            "Enter a phone number in numbers, for example 07700 900123, or leave it empty.", code="phone"
        )


class StudentDetailsForm(WarpForm):
    """The details a student gives about themselves; shared by registration and editing."""

    whose = "your"

    first_name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    date_of_birth = _date_field(
        required=False,
        help_text=DATE_HINT + " If you would rather not say, leave it blank and tick the box below.",
    )
    confirmed_over_18 = forms.BooleanField(
        required=False, label="I would rather not give my date of birth, and I confirm I am 18 or over"
    )
    postcode = forms.CharField(
        max_length=10,
        help_text="We offer courses to people who live in the area we serve.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "nhsuk-input--width-10"}),
    )
    address = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text="Only needed if you would like letters from us.",
    )
    email = forms.EmailField(
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    phone = forms.CharField(
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        validators=[phone_number],
    )
    contact_method = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=ContactMethod.choices,
        initial=ContactMethod.EMAIL,
        widget=forms.RadioSelect,
    )
    identities = forms.ModelMultipleChoiceField(
        label="Which of these describe you?",
        queryset=Identity.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply, or none. Everyone comes here as a student; this helps us understand "
        "who the centre reaches.",
    )
    gender = forms.ChoiceField(
        label="Your gender",
        choices=[(choice.value, choice.label) for choice in Gender if choice.value],
        required=False,
        widget=forms.RadioSelect,
    )
    gender_self_description = forms.CharField(
        label="If you chose to describe your gender yourself, how would you describe it?",
        max_length=100,
        required=False,
    )
    ethnicity = forms.ChoiceField(
        label="Your ethnic group",
        choices=[("", CHOOSE_PROMPT)]
        + [(choice.value, choice.label) for choice in Ethnicity if choice.value],
        required=False,
        help_text="The groups used by the national census.",
    )
    support_needs = forms.CharField(
        label="Is there anything that would help you take part?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example support needs, reasonable adjustments, step-free access, a hearing loop, "
        "large print or a quiet space.",
    )

    def clean_postcode(self) -> str:
        normal = normalise_postcode(self.cleaned_data["postcode"])
        if normal is None:
            raise ValidationError("Enter a full UK postcode, like BH1 1AA.")
        return normal

    def _words(self, to_the_student: str, to_staff: str) -> str:
        """A message as the student reads it on their own form, or as staff read it on the forms they fill
        in for a student (`whose = "their"`)."""
        return to_staff if self.whose == "their" else to_the_student

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born is not None and born > timezone.localdate():
            raise ValidationError("The date of birth must be in the past. Check the year.")
        return born

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            not data.get("date_of_birth")
            and not data.get("confirmed_over_18")
            and "date_of_birth" not in self.errors
        ):
            self.add_error(
                "date_of_birth",
                self._words(
                    "Enter your date of birth, or tick the box to confirm you are 18 or over.",
                    "Enter their date of birth, or tick the box to confirm they are 18 or over.",
                ),
            )
        if data.get("gender") == Gender.SELF_DESCRIBE and not data.get("gender_self_description", "").strip():
            self.add_error(
                "gender_self_description",
                self._words(
                    "Describe your gender in your own words, or choose another answer.",
                    "Describe their gender in their own words, or choose another answer.",
                ),
            )
        method = data.get("contact_method")
        you = self._words("you", "them")
        needs = {
            ContactMethod.EMAIL: (
                "email",
                f"Enter an email address so we can email {you}, or choose another way.",
            ),
            ContactMethod.PHONE: (
                "phone",
                f"Enter a phone number so we can call {you}, or choose another way.",
            ),
            ContactMethod.TEXT: (
                "phone",
                f"Enter a mobile number so we can text {you}, or choose another way.",
            ),
            ContactMethod.POST: (
                "address",
                f"Enter {self._words('your', 'their')} address so we can write to {you}, or choose another way.",
            ),
        }
        if method in needs:
            name, message = needs[method]
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


class ConsentFieldsMixin(forms.Form):
    consent_to_hold_data = forms.BooleanField(
        label="I agree to the centre keeping my details, as the privacy notice explains",
        help_text="We keep them safely, use them only to run your learning with us, and never sell them.",
        error_messages={
            "required": "Tick the box to agree to us keeping your details: “I agree to the centre keeping my "
            "details, as the privacy notice explains”. We cannot register you without it."
        },
    )
    consent_to_contact = forms.BooleanField(
        required=False, label="You may contact me about new courses and news from the centre"
    )
    consent_to_quote = forms.BooleanField(
        required=False,
        label="You may quote what I say about the centre (without my name) in reports and publicity",
        help_text="This is separate from everything else, and you can change your mind at any time.",
    )


class SelfRegistrationForm(StudentDetailsForm, ConsentFieldsMixin):
    """The public form: someone registering themselves. No password here: we email a link to choose one,
    which shows the address is theirs (and keeps the page from telling anyone who is already here)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields[
            "email"
        ].help_text = (
            "We will email you a link to choose your password. You will use this address to sign in."
        )
        self.fields["email"].error_messages["required"] = (
            "Enter your email address: we send your sign-in link there."
        )


class MyselfRegistrationForm(StudentDetailsForm, ConsentFieldsMixin):
    """Someone who already signs in (a member of staff, say) registering themselves as a student: the
    public form's questions, without a password (they keep their one sign-in)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "email"
        ].help_text = (
            "Where we write to you as a student. It may be a personal address rather than your work one."
        )


STAFF_LABELS = {
    "date_of_birth": ("Date of birth", DATE_HINT + " Leave it blank if they would rather not say."),
    "confirmed_over_18": (
        "They would rather not give a date of birth, and confirm they are 18 or over",
        None,
    ),
    "contact_method": ("How would they like us to contact them?", None),
    "identities": ("Which of these describe them?", "Tick all that they choose, or none."),
    "gender": ("Their gender", None),
    "gender_self_description": ("If they describe their gender themselves, how do they describe it?", None),
    "ethnicity": ("Their ethnic group", None),
    "support_needs": ("Is there anything that would help them take part?", None),
    "consent_to_hold_data": (
        "They agree to the centre keeping their details, as the privacy notice explains",
        None,
    ),
    "consent_to_contact": ("They are happy to be contacted about new courses and news", None),
    "consent_to_quote": ("They are happy for their words to be quoted (without their name)", None),
    "address": ("Address", "Only needed if they would like letters."),
}


STAFF_CONSENT_REQUIRED = (
    "Tick “They agree to the centre keeping their details, as the privacy notice explains” once they have "
    "agreed. We cannot register them without it."
)


def _staff_words(form: forms.Form) -> None:
    """The labels, hints and messages of a student's own form, reworded for the staff who fill it in."""
    if "consent_to_hold_data" in form.fields:
        field = form.fields["consent_to_hold_data"]
        field.error_messages = {**field.error_messages, "required": STAFF_CONSENT_REQUIRED}
    for name, (label, hint) in STAFF_LABELS.items():
        if name in form.fields:
            form.fields[name].label = label
            if hint is not None:
                form.fields[name].help_text = hint


class StaffRegistrationForm(StudentDetailsForm, ConsentFieldsMixin):
    """Staff registering someone in person or on the phone; a sign-in account is optional."""

    whose = "their"

    send_invitation = forms.BooleanField(
        label="Email them an invitation to make their own sign-in",
        required=False,
        help_text="Only if they would like to sign in: we email them a link to choose their own password, "
        "so nobody reads a password out. Needs their email address.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_words(self)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("send_invitation") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", "An invitation needs their email address. Add it, or untick the invitation."
            )
        return data


class StudentEditForm(StudentDetailsForm):
    whose = "their"
    consent_to_contact = forms.BooleanField(
        required=False, label="Happy to be contacted about courses and news"
    )
    consent_to_quote = forms.BooleanField(
        required=False, label="Happy for their words to be quoted (without name)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_words(self)
        identities = self.fields["identities"]
        assert isinstance(identities, forms.ModelMultipleChoiceField)
        identities.queryset = Identity.objects.all()


class LearningPlanForm(WarpForm):
    hopes_and_goals = forms.CharField(
        label="Hopes and goals",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In the student's own words where possible: what they hope to get from the centre.",
        error_messages={"required": "Write down their hopes and goals: the plan is built around them."},
    )
    strengths = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    support_needs = forms.CharField(
        label="Support needs and reasonable adjustments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    support_needs_shared_with_trainers = forms.BooleanField(
        label="They agree their trainers may see these support needs",
        required=False,
        help_text="Only the trainers of the course runs they are booked on see them, on the register. "
        "Leave this unticked if they would rather not share them.",
    )
    courses_of_interest = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    signposting = forms.CharField(
        label="Other support we suggested",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Groups, services or organisations outside the centre.",
    )
    review_date = _date_field(
        required=False, label="When to review the plan", help_text=DATE_HINT + " Usually within six months."
    )

    def clean_review_date(self) -> date | None:
        review = self.cleaned_data.get("review_date")
        if review is not None and review < timezone.localdate():
            raise ValidationError("The review date needs to be today or later.")
        return review


class PlanContactForm(WarpForm):
    note = forms.CharField(
        label="What happened",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: phoned, left a message; or: meeting booked at the Quay Centre.",
        error_messages={
            "required": "Enter what happened, in a line, so the next tutor knows where things stand."
        },
    )
    appointment_on = _date_field(
        required=False, label="Meeting date, if arranged", help_text=DATE_HINT + " Leave it empty if not yet."
    )


class StudentSearchForm(WarpForm):
    """The student list's search and filters; the export takes the same, so it holds what the list shows."""

    q = forms.CharField(
        label="Search students",
        required=False,
        max_length=100,
        help_text="The start of a name or email, a postcode or a registration number.",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *StudentStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list, or “Any status”."},
    )
    identity = forms.ModelChoiceField(
        label="Identity",
        required=False,
        queryset=Identity.objects.all(),
        empty_label="Any identity",
        error_messages={"invalid_choice": "Choose an identity from the list, or “Any identity”."},
    )

    term = forms.ModelChoiceField(
        label="Term",
        required=False,
        queryset=Term.objects.all(),
        empty_label="Any term",
        help_text="Students with a place on a course in this term.",
        error_messages={"invalid_choice": "Choose a term from the list, or “Any term”."},
    )
    course = forms.ModelChoiceField(
        label="Course",
        required=False,
        queryset=Course.objects.order_by("title"),
        empty_label="Any course",
        help_text="Students with a place on a run of this course.",
        error_messages={"invalid_choice": "Choose a course from the list, or “Any course”."},
    )

    def __init__(self, *args, courses=None, **kwargs):
        """`courses`: the courses to offer (a trainer is offered only the courses of their own runs)."""
        super().__init__(*args, **kwargs)
        if courses is not None:
            self.fields["course"].queryset = courses  # type: ignore[attr-defined]

    def text(self) -> str:
        """The words searched for ("" when the form is not valid)."""
        return self.cleaned_data["q"] if self.is_valid() else ""

    def filters(self) -> dict:
        """The filters chosen, for StudentQuerySet.listed (none when the form is not valid)."""
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("status", "identity", "term", "course")}


class PostcodeDistrictForm(WarpForm):
    code = forms.CharField(
        label="Add a postcode district or area",
        max_length=10,
        help_text="A district like BH21 or DT1, or a whole area like BH.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
    )

    def clean_code(self) -> str:
        normal = normalise_area_code(self.cleaned_data["code"])
        if normal is None:
            raise ValidationError(
                "Enter a postcode district like BH21 or DT1, or a whole postcode area like BH."
            )
        return normal


class StudentImportUploadForm(WarpForm):
    file = forms.FileField(
        label="Spreadsheet of students",
        help_text="A .csv or .xlsx file with the columns listed on this page, up to 5 MB.",
        error_messages={"required": "Choose the spreadsheet of students to check: a .csv or .xlsx file."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("Choose a .csv or .xlsx file. Other file types cannot be imported.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("This file is larger than 5 MB. Split it into smaller files.")
        return upload


class StudentImportConfirmForm(WarpForm):
    import_valid_rows = forms.BooleanField(
        required=False,
        label="Import the rows without problems now, and leave out the rows with problems",
    )


CHANGES_QUESTION = "What changes have you made that you would attribute to attending the REC?"
CATEGORIES_HINT = "Choose one or two that fit what they said. 'No change' goes on its own."


class _CategoriesMixin:
    """A checkbox per outcome category, built from a list fetched once (many forms may share it)."""

    def _set_categories(self, categories: list[OutcomeCategory], *, label: str, required: bool) -> None:
        self._categories = {str(category.pk): category for category in categories}
        self.fields["categories"] = forms.MultipleChoiceField(  # type: ignore[attr-defined]
            label=label,
            choices=[(key, category.label) for key, category in self._categories.items()],
            widget=forms.CheckboxSelectMultiple,
            required=required,
            help_text=CATEGORIES_HINT,
            error_messages={
                "required": f"Choose at least one category from “{label}”. If they named no change, "
                "choose 'No change'."
            },
        )

    def chosen_categories(self) -> list[OutcomeCategory]:
        return [self._categories[key] for key in self.cleaned_data.get("categories", [])]  # type: ignore[attr-defined]


class ReviewForm(_CategoriesMixin, WarpForm):
    review_date = _date_field(label="Date of the review", help_text="For example, 14/05/2025.")
    courses_attended = forms.CharField(
        label="Courses attended since the last review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    changes = forms.CharField(
        label=CHANGES_QUESTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write down their answer in their own words.",
        error_messages={
            "required": f"Write down their answer to “{CHANGES_QUESTION}” in their own words. If they said "
            "nothing has changed, write that."
        },
    )
    next_steps = forms.CharField(label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    quote_consent = forms.BooleanField(
        label="They agree we may quote their words, without their name, in reports", required=False
    )

    def __init__(self, *args, categories: list[OutcomeCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_categories(categories, label="Outcome categories", required=False)
        self.fields["categories"].help_text = (
            CATEGORIES_HINT + " You can also leave this for now and code it on the 'Reviews to code' page."
        )


class ReviewCodingForm(_CategoriesMixin, WarpForm):
    def __init__(self, *args, categories: list[OutcomeCategory], student_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_categories(categories, label=f"Outcome categories for {student_name}", required=True)


class ReviewSampleForm(WarpForm):
    """A manager draws a random share of the reviews held in a period for a second coder."""

    start = _date_field(label="Reviews held from", help_text="The first day, for example 01/09/2025.")
    end = _date_field(label="Reviews held to", help_text="The last day, for example 31/08/2026.")
    percent = forms.IntegerField(
        label="Percentage of those reviews to draw",
        min_value=1,
        max_value=100,
        help_text="A whole number from 1 to 100, for example 10. Reviews not coded yet, and reviews drawn "
        "before, are left out.",
        error_messages={
            "required": "Enter the percentage of those reviews to draw, for example 10.",
            "invalid": "Enter the percentage as a whole number from 1 to 100, for example 10.",
            "min_value": "Enter a percentage of at least 1.",
            "max_value": "Enter a percentage of 100 or less.",
        },
    )

    def clean(self):
        super().clean()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end and start > end:
            self.add_error("end", "The last day must be on or after the first day. Check the two dates.")
        return self.cleaned_data


class ContactChoiceForm(WarpForm):
    """A student chooses how we contact them, in their portal ("How we contact you")."""

    contact_method = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        help_text="We use it to tell you about your bookings: a place, a place coming free, a change, and "
        "reminders if you are happy to have them.",
    )
    phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        required=False,
        help_text="For calls and texts. For texts, a mobile number, for example 07700 900123.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        validators=[phone_number],
    )

    def __init__(self, *args, student, **kwargs):
        self.student = student
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean() or {}
        method = data.get("contact_method")
        phone_missing = not data.get("phone", "").strip() and "phone" not in self.errors
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and phone_missing:
            self.add_error(
                "phone", "Enter your phone number so we can call or text you, or choose another way."
            )
        if method == ContactMethod.EMAIL and not self.student.email:
            self.add_error(
                "contact_method",
                f"We do not have an email address for you yet. Choose another way, or contact us on "
                f"{settings.CENTRE_CONTACT} to add one.",
            )
        if method == ContactMethod.POST and not (self.student.address.strip() and self.student.postcode):
            self.add_error(
                "contact_method",
                f"We do not have your address yet. Choose another way, or contact us on "
                f"{settings.CENTRE_CONTACT} to add it.",
            )
        return data
