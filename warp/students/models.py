from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower
from django.utils import timezone

from warp.prospectus.models import Course, Term


class Identity(models.Model):
    """A self-selected identity a student may tick (several are allowed). Editable data."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop offering it on new registrations."
    )

    class Meta:
        ordering = ["order", "label"]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return self.label


class PostcodeDistrict(models.Model):
    """Part of the service area: an outward code ("BH21") or a whole postcode area ("BH")."""

    code = models.CharField(max_length=4, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBE = "self_describe", "I'll describe it myself"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_PROVIDED = "", "Not provided"


class Ethnicity(models.TextChoices):
    """The Office for National Statistics' 2021 census categories for England and Wales."""

    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_OTHER = "black_other", "Black, Black British, Caribbean or African: any other background"
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        "Mixed or multiple: White and Black Caribbean",
    )
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed or multiple: White and Black African"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or multiple: White and Asian"
    MIXED_OTHER = "mixed_other", "Mixed or multiple: any other mixed or multiple background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER_ANY = "other_any", "Other ethnic group: any other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_PROVIDED = "", "Not provided"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    POST = "post", "Letter"


class StudentStatus(models.TextChoices):
    AWAITING_PLAN = "awaiting_plan", "Waiting to agree a learning plan"
    ACTIVE = "active", "Active"
    LEFT = "left", "Left the centre"


# The booking states that hold a place on a run: bookings' PLACE_TAKING, written out here because bookings
# sits above students (tests/students/test_student_list.py checks the two agree).
PLACE_STATUSES = ("booked", "offered")


class StudentQuerySet(models.QuerySet["Student"]):
    def active(self):
        return self.filter(status=StudentStatus.ACTIVE)

    def not_erased(self):
        """Everyone whose record has not been erased (warp/privacy keeps an Erasure row for each one):
        an erased record stays only so the reports' counts stay, and leaves every working list."""
        return self.filter(erasure__isnull=True)

    def awaiting_plan(self):
        """Students still to meet an admissions tutor, oldest registration first.

        Imported (historic) records are left out: their plans were agreed before WaRP, on paper, and a
        tutor records a new one when they come back (find them through the student list).
        """
        return self.filter(status=StudentStatus.AWAITING_PLAN, is_historic=False).order_by(
            "registered_on", "pk"
        )

    def with_latest_contact(self):
        """With the latest contact note (`contact_note`, `contact_at`) and the latest meeting date given
        (`appointment_on`), each from a subquery: the waiting list shows them beside each student."""
        contacts = PlanContact.objects.filter(student=models.OuterRef("pk")).order_by("-at", "-pk")
        arranged = contacts.filter(appointment_on__isnull=False)
        return self.annotate(
            contact_note=models.Subquery(contacts.values("note")[:1]),
            contact_at=models.Subquery(contacts.values("at")[:1]),
            appointment_on=models.Subquery(arranged.values("appointment_on")[:1]),
        )

    def for_list(self):
        """Just the columns the student list shows."""
        return self.only(
            "pk",
            "registration_number",
            "first_name",
            "last_name",
            "email",
            "phone",
            "postcode",
            "status",
            "registered_on",
            "created_at",  # with registered_on, when they registered (Student.registered_at)
            "is_historic",
        )

    def listed(
        self,
        *,
        status: str = "",
        identity: "Identity | None" = None,
        term: "Term | None" = None,
        course: "Course | None" = None,
    ):
        """The student list's filters: a status ("awaiting_plan" is everyone waiting for a plan), an
        identity they ticked, and a term or a course they have a place on (booked, or offered a place; not
        the waiting list, not a cancelled booking); empty values filter nothing.

        The place filters are one subquery on the bookings (a reverse relation: bookings sits above), so
        a student with two runs in the term is listed once.
        """
        students = self
        if status:
            students = students.filter(status=status)
        if identity is not None:
            students = students.filter(identities=identity)
        if term is not None or course is not None:
            places = Q(bookings__status__in=PLACE_STATUSES)
            if term is not None:
                places &= Q(bookings__course_run__term=term)
            if course is not None:
                places &= Q(bookings__course_run__course=course)
            students = students.filter(pk__in=Student.objects.filter(places).values("pk"))
        return students

    def for_record_page(self, *, with_plan: bool):
        """With `restricted` (a processing restriction stands: a LEFT JOIN on the one-to-one restriction),
        `erased_at` (when the record was erased, None if not: a LEFT JOIN on the one-to-one erasure), their
        identities (prefetched, for `identity_labels`) and, with `with_plan`, the learning plan and who
        agreed it (`learning_plan`, absent when none)."""
        students = self.annotate(
            restricted=ExpressionWrapper(
                Q(processing_restriction__isnull=False), output_field=BooleanField()
            ),
            erased_at=models.F("erasure__at"),
        ).prefetch_related("identities")
        return students.select_related("learning_plan__agreed_by") if with_plan else students

    def search(self, text: str):
        """Name (either or both parts), registration number, email or postcode; case and spacing ignored.

        The same on every database: the first name, the last name and the email match from their start
        ("emb" finds Emberly), postcodes from their start, registration numbers whole. A match from the
        start is what both databases' indexes serve (SQLite's NOCASE indexes, PostgreSQL's trigram
        indexes of migration 0007_search_indexes): a match anywhere made SQLite read every student, 32x
        the floor page at 100,000 students in `make bench` (bench/README.md).
        """
        text = " ".join(text.split())
        if not text:
            return self
        compact = text.replace(" ", "").upper()
        query = (
            Q(first_name__istartswith=text)
            | Q(last_name__istartswith=text)
            | Q(registration_number__iexact=text)
            | Q(email__istartswith=text)
            | Q(postcode__istartswith=text)
        )
        if " " in text:
            first, _, last = text.rpartition(" ")
            query |= Q(first_name__istartswith=first, last_name__istartswith=last)
        if len(compact) >= 5:  # a whole postcode typed without its space
            query |= Q(postcode__iexact=f"{compact[:-3]} {compact[-3:]}")
        return self.filter(query)


class Student(models.Model):
    """A registered student. Special-category data: fetch through students/access.py, never directly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="student"
    )
    registration_number = models.CharField(max_length=32, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    confirmed_over_18 = models.BooleanField(
        default=False, help_text="Confirmed they were 18 or over, without giving a date of birth."
    )
    gender = models.CharField(max_length=32, choices=Gender.choices, blank=True)
    gender_self_description = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=40, choices=Ethnicity.choices, blank=True)
    identities = models.ManyToManyField(Identity, blank=True, related_name="students")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    contact_method = models.CharField(
        max_length=16, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    support_needs = models.TextField(
        blank=True, help_text="Support needs and reasonable adjustments that would help them take part."
    )
    consent_to_hold_data = models.BooleanField(default=False)
    privacy_notice_version = models.CharField(max_length=32, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    consent_to_quote = models.BooleanField(default=False)
    # They replied STOP to a text (GOV.UK Notify): nothing more is texted until they choose texts again on
    # their portal ("How we contact you"); what would have been texted waits on "People to contact".
    texts_stopped_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=StudentStatus.choices, default=StudentStatus.AWAITING_PLAN
    )
    registered_on = models.DateField()
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_historic = models.BooleanField(
        default=False, help_text="Imported from old records; eligibility was checked at the time, not here."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(Lower("email"), name="student_email_lower"),
            models.Index(Lower("last_name"), Lower("first_name"), name="student_name_lower"),
            models.Index(fields=["status", "registered_on"], name="student_status_registered"),
            models.Index(fields=["registered_on"], name="student_registered_on"),
        ]
        constraints = [
            # Never the same person twice (see services.find_duplicate): the same email, or the same name
            # and date of birth. The database holds the line if two registrations race.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="student_unique_email"),
            models.UniqueConstraint(
                Lower("first_name"),
                Lower("last_name"),
                "date_of_birth",
                condition=Q(date_of_birth__isnull=False),
                name="student_unique_name_and_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.registration_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def registered_at(self) -> datetime:
        """When they registered: the moment the record was made, when that was on their registration day
        (so "waiting since" counts from then, not from midnight); else the start of that day in the
        centre's time zone (registered on paper, or on another day, and entered later)."""
        created = timezone.localtime(self.created_at) if self.created_at else None
        if created is not None and created.date() == self.registered_on:
            return created
        return timezone.make_aware(datetime.combine(self.registered_on, time.min))

    @property
    def is_active_student(self) -> bool:
        """Has an agreed learning plan, so may book courses."""
        return self.status == StudentStatus.ACTIVE

    @property
    def identity_labels(self) -> list[str]:
        """Their identities' labels in the identities' order (prefetched by for_record_page, else a query)."""
        return [identity.label for identity in self.identities.all()]


class PlanContact(models.Model):
    """A note an admissions tutor keeps while a student waits to agree a learning plan: a call made, a
    message left, and the date of the meeting when one is arranged."""

    student = models.ForeignKey("Student", on_delete=models.CASCADE, related_name="plan_contacts")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, help_text="What happened, in a line or two.")
    appointment_on = models.DateField(null=True, blank=True, help_text="The day of the meeting, if arranged.")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Contact note for {self.student} ({self.at:%Y-%m-%d})"


class LearningPlan(models.Model):
    """The Individual Learning Plan, agreed with an admissions tutor before the first course."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="learning_plan")
    hopes_and_goals = models.TextField()
    strengths = models.TextField(blank=True)
    support_needs = models.TextField(blank=True)
    support_needs_shared_with_trainers = models.BooleanField(
        default=False,
        help_text="The student agreed that the trainers of the runs they are booked on may see their support "
        "needs, on the register. Not shared unless they said so.",
    )
    courses_of_interest = models.TextField(blank=True)
    signposting = models.TextField(blank=True, help_text="Other support we suggested, outside the centre.")
    review_date = models.DateField(null=True, blank=True)
    agreed_on = models.DateField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Learning plan for {self.student.full_name}"


class ImportState(models.TextChoices):
    CHECKING = "checking", "Being checked"
    READY = "ready", "Checked, waiting for you to import"
    IMPORTING = "importing", "Being imported"


# An upload never imported is deleted this long after it arrived (its file and dry run hold people's rows).
IMPORT_KEPT_FOR = timedelta(days=1)


class StudentImportQuerySet(models.QuerySet["StudentImport"]):
    def expired(self, *, now: datetime) -> "StudentImportQuerySet":
        """Uploads never imported, older than IMPORT_KEPT_FOR: deleted (student_imports_expire)."""
        return self.filter(completed_at__isnull=True, created_at__lt=now - IMPORT_KEPT_FOR)


class StudentImport(models.Model):
    """An uploaded spreadsheet of students, kept between the dry-run preview and the confirm button.

    Stored in the database (not a local file) so the confirm step works whichever server (or task worker)
    answers it. The dry run is done once (in the request, or by the task worker for a large file) and its
    report kept in `preview`, so the preview pages never check the file again. Once imported, the file and
    the preview are emptied and only the counts kept; an upload never imported is deleted after a day.
    """

    filename = models.CharField(max_length=255)
    data = models.BinaryField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    already_present_count = models.PositiveIntegerField(default=0)
    rows_with_errors = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=ImportState.choices, default=ImportState.READY)
    preview = models.JSONField(null=True, blank=True)  # ImportReport.to_json() of the dry run
    file_error = models.TextField(blank=True)  # why the file as a whole cannot be imported
    import_valid_rows = models.BooleanField(default=False)  # the tick, for an import the worker runs
    problem = models.TextField(blank=True)  # why the last import attempt saved nothing (shown once)

    objects = StudentImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class OutcomeCategory(models.Model):
    """An outcome a Learning Plan Review can be coded into (the eleven from the 2014 evaluation). Editable data.

    Exactly one category is the "No change" one (`is_no_change`): it cannot be combined with another.
    """

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True, help_text="Untick to stop offering it when coding reviews.")
    is_no_change = models.BooleanField(
        default=False, help_text="The 'No change' category: it cannot be combined with another."
    )

    class Meta:
        ordering = ["order", "label"]
        verbose_name_plural = "outcome categories"
        constraints = [
            models.UniqueConstraint(
                fields=["is_no_change"], condition=Q(is_no_change=True), name="outcome_category_one_no_change"
            )
        ]

    def __str__(self) -> str:
        return self.label


class LearningPlanReviewQuerySet(models.QuerySet["LearningPlanReview"]):
    def uncoded(self):
        """Reviews still waiting to be coded into outcome categories, the oldest review first."""
        return self.filter(coded_at__isnull=True).order_by("review_date", "pk")

    def coded(self):
        return self.filter(coded_at__isnull=False)

    def quotable(self):
        """Reviews whose words the student agreed we may quote (and that have words to quote)."""
        return self.filter(quote_consent=True).exclude(changes="")

    def for_coding(self):
        """Uncoded reviews with the student's name, for the coding screen (an erased student's words are
        gone, so theirs are left out: there is nothing left to code from)."""
        return (
            self.uncoded()
            .filter(student__erasure__isnull=True)
            .select_related("student")
            .only(
                "pk",
                "review_date",
                "changes",
                "courses_attended",
                "is_historic",
                "student__id",
                "student__first_name",
                "student__last_name",
                "student__registration_number",
            )
        )

    def for_record(self):
        """A student's reviews newest first, with the name of who held each and their categories
        (prefetched, for `category_labels`).

        Only the columns the record shows (students/_reviews.html): whole accounts for who held and coded
        them were most of the columns the query compiled and read, and nothing shows who coded them."""
        return (
            self.select_related("held_by")
            .only(
                "student_id",
                "review_date",
                "courses_attended",
                "changes",
                "coded_at",
                "next_steps",
                "quote_consent",
                "is_historic",
                "held_by__first_name",
                "held_by__last_name",
                "held_by__email",
            )
            .prefetch_related("categories")
            .order_by("-review_date", "-pk")
        )


class LearningPlanReview(models.Model):
    """A Learning Plan Review: a later meeting with an admissions tutor, and the changes the student made.

    `changes` is the student's answer, verbatim, to "What changes have you made that you would attribute to
    attending the REC?". It is coded into at most two outcome categories; "No change" stands alone. The rules
    are enforced in services.review_record / review_code and the review import.
    """

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    courses_attended = models.TextField(blank=True, help_text="The courses attended since the last review.")
    changes = models.TextField(
        help_text="Their answer, in their words, to: What changes have you made that you would attribute "
        "to attending the REC?"
    )
    categories = models.ManyToManyField(OutcomeCategory, blank=True, related_name="reviews")
    coded_at = models.DateTimeField(null=True, blank=True)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_steps = models.TextField(blank=True)
    quote_consent = models.BooleanField(default=False, help_text="They agreed we may quote their words.")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_historic = models.BooleanField(default=False, help_text="Imported from records kept before WaRP.")
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearningPlanReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-review_date", "-pk"]
        indexes = [
            models.Index(fields=["review_date"], name="review_date"),
            models.Index(
                fields=["review_date", "id"], condition=Q(coded_at__isnull=True), name="review_uncoded"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="review_unique_import_key"
            )
        ]

    def __str__(self) -> str:
        return f"Review on {self.review_date:%Y-%m-%d} for {self.student}"

    @property
    def category_labels(self) -> list[str]:
        """Its outcome categories' labels in their order (prefetched by for_record, else a query)."""
        return [category.label for category in self.categories.all()]

    @property
    def is_coded(self) -> bool:
        return self.coded_at is not None


class ReviewSecondCodingQuerySet(models.QuerySet["ReviewSecondCoding"]):
    def waiting(self):
        """Sampled reviews still waiting for their second coding, the oldest review first."""
        return self.filter(coded_at__isnull=True).order_by("review__review_date", "review_id")

    def second_coded(self):
        return self.filter(coded_at__isnull=False)

    def with_differences(self):
        """Annotated `only_first` / `only_second`: whether a category is in one coding and not the other."""
        first = ReviewSecondCoding.first_categories.through
        second = ReviewSecondCoding.categories.through

        def only_in(mine, other):
            return models.Exists(
                mine.objects.filter(reviewsecondcoding_id=models.OuterRef("pk")).exclude(
                    models.Exists(
                        other.objects.filter(
                            reviewsecondcoding_id=models.OuterRef("reviewsecondcoding_id"),
                            outcomecategory_id=models.OuterRef("outcomecategory_id"),
                        )
                    )
                )
            )

        return self.annotate(only_first=only_in(first, second), only_second=only_in(second, first))

    def disagreements(self):
        """Second-coded reviews whose two codings differ and have no agreed final coding yet, oldest first."""
        return (
            self.second_coded()
            .filter(agreed_at__isnull=True)
            .with_differences()
            .filter(Q(only_first=True) | Q(only_second=True))
            .order_by("review__review_date", "review_id")
        )


class ReviewSecondCoding(models.Model):
    """A second, independent coding of a Learning Plan Review: the check that the coding is reliable.

    A manager draws a sample of reviews (a row with no coding yet); a second coder codes each without seeing
    the first coding. `first_categories` keeps the first coding as it was when the second was made, so the
    agreement figures compare two independent codings even if the review is recoded later. Where the two
    differ, the coders agree a final coding: it becomes the review's own categories (`agreed_at` is set),
    so the report counts the first coding until then and the final one after.
    """

    review = models.OneToOneField(LearningPlanReview, on_delete=models.CASCADE, related_name="second_coding")
    sampled_at = models.DateTimeField(null=True, blank=True)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_categories = models.ManyToManyField(
        OutcomeCategory, blank=True, related_name="first_codings_checked"
    )
    categories = models.ManyToManyField(OutcomeCategory, blank=True, related_name="second_codings")
    coded_at = models.DateTimeField(null=True, blank=True)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coder = models.CharField(max_length=120, blank=True, help_text="Who made the second coding.")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewSecondCodingQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Second coding of {self.review}"


class PrivacyNotice(models.Model):
    """A version of the privacy notice people agree to. The newest published one is the current version."""

    version = models.CharField(max_length=32, unique=True)
    published_on = models.DateField()
    text = models.TextField()

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"Privacy notice {self.version}"


def current_privacy_notice_version() -> str:
    """The newest published notice's version; settings.PRIVACY_NOTICE_VERSION when there is none."""
    from django.utils import timezone

    latest = (
        PrivacyNotice.objects.filter(published_on__lte=timezone.localdate())
        .values_list("version", flat=True)
        .first()
    )
    return latest or settings.PRIVACY_NOTICE_VERSION


class ConsentKind(models.TextChoices):
    DATA = "data", "To hold their details"
    CONTACT = "contact", "To be contacted about courses and news"
    QUOTE = "quote", "To have their words quoted, without their name"
    TEXTS = "texts", "To be sent text messages"


class ConsentHow(models.TextChoices):
    ONLINE = "online", "Online form"
    PHONE = "phone", "Staff, on the phone or in person"
    PAPER = "paper", "Paper form"
    IMPORT = "import", "Imported from old records"
    TEXT_REPLY = "text_reply", "Replied to a text message"


class ConsentRecord(models.Model):
    """One giving or withdrawing of consent: which kind, under which notice version, when and how. Never edited."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consent_records")
    kind = models.CharField(max_length=16, choices=ConsentKind.choices)
    given = models.BooleanField(help_text="Ticked: given. Unticked: withdrawn (or not given).")
    notice_version = models.CharField(max_length=32)
    at = models.DateTimeField()
    how = models.CharField(max_length=16, choices=ConsentHow.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["student", "-at", "-pk"]
        indexes = [models.Index(fields=["student", "kind", "-at"], name="consent_student_kind_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'given' if self.given else 'withdrawn'} ({self.notice_version})"
