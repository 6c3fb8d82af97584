import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Offered a place"
    CANCELLED = "cancelled", "Cancelled"


# A place on a run is taken by a booking in one of these states.
PLACE_TAKING = (BookingStatus.BOOKED, BookingStatus.OFFERED)


class Booking(models.Model):
    """A student's place (or place in the queue) on a course run. Change it only through bookings/services.py."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="bookings")
    course_run = models.ForeignKey("prospectus.CourseRun", on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=16, choices=BookingStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when a member of staff offered the place by hand.",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=500, blank=True)
    is_late = models.BooleanField(
        default=False, help_text="Cancelled a booked place close to the first session."
    )

    class Meta:
        ordering = ["course_run", "created_at", "pk"]
        constraints = [
            # One live booking per student per run; a cancelled one may be followed by a new booking.
            models.UniqueConstraint(
                fields=["student", "course_run"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_student_per_run",
            ),
            models.CheckConstraint(
                name="offer_has_an_expiry",
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["course_run", "status", "created_at"], name="booking_run_status")]

    def __str__(self) -> str:
        return f"{self.student} on {self.course_run} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status != BookingStatus.CANCELLED


class Mark(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    APOLOGIES = "apologies", "Sent apologies"


class Attendance(models.Model):
    """One student's mark for one session. Change it only through services.attendance_mark()."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey("prospectus.Session", on_delete=models.CASCADE, related_name="attendances")
    mark = models.CharField(max_length=16, choices=Mark.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "booking"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "session"], name="one_mark_per_booking_per_session")
        ]
        indexes = [models.Index(fields=["session", "mark"], name="attendance_session_mark")]

    def __str__(self) -> str:
        return f"{self.booking.student} at {self.session}: {self.get_mark_display()}"


class AttendanceChange(models.Model):
    """Every mark ever given, including the first and any later correction. Never edited."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    old_mark = models.CharField(max_length=16, choices=Mark.choices, blank=True)
    new_mark = models.CharField(max_length=16, choices=Mark.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["attendance", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_mark or 'unmarked'} -> {self.new_mark} at {self.changed_at:%Y-%m-%d %H:%M}"


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Booking confirmation"
    WAITING = "waiting", "Joined the waiting list"
    OFFER = "offer", "A place is offered"
    REMINDER = "reminder", "Reminder before the first session"
    CENTRE_CANCELLATION = "centre_cancellation", "Cancelled by the centre"
    RUN_MESSAGE = "run_message", "A message about the course from the centre"
    SESSION_REMINDER = "session_reminder", "Text reminder the day before a session"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    STAFF = "staff", "Staff to contact them another way"
    TEXT = "text", "Text message (GOV.UK Notify)"
    LETTER = "letter", "Letter (GOV.UK Notify)"


class DeliveryStatus(models.TextChoices):
    """GOV.UK Notify's statuses for a message it was given (its callbacks and its API say which)."""

    CREATED = "created", "Given to GOV.UK Notify"
    SENDING = "sending", "Being sent"
    PENDING = "pending", "Waiting for the phone network"
    SENT = "sent", "Sent abroad"
    DELIVERED = "delivered", "Delivered"
    ACCEPTED = "accepted", "Letter accepted for printing"
    RECEIVED = "received", "Letter posted"
    PERMANENT_FAILURE = "permanent-failure", "Could not be delivered"
    TEMPORARY_FAILURE = "temporary-failure", "Not delivered for now"
    TECHNICAL_FAILURE = "technical-failure", "A fault at GOV.UK Notify"
    VALIDATION_FAILED = "validation-failed", "Letter refused"
    CANCELLED = "cancelled", "Letter cancelled"
    REFUSED = "refused", "Refused by GOV.UK Notify when sent"


DELIVERY_FAILURES = (
    DeliveryStatus.PERMANENT_FAILURE,
    DeliveryStatus.TEMPORARY_FAILURE,
    DeliveryStatus.TECHNICAL_FAILURE,
    DeliveryStatus.VALIDATION_FAILED,
    DeliveryStatus.CANCELLED,
    DeliveryStatus.REFUSED,
)


class Audience(models.TextChoices):
    BOOKED = "booked", "Everyone with a place (booked or offered one)"
    WAITING = "waiting", "Everyone on the waiting list"
    EVERYONE = "everyone", "Both: everyone with a place and everyone waiting"


class RunMessage(models.Model):
    """A message staff wrote to everyone on a course run or its waiting list (a room change, a reminder to
    bring something). Each person it went to has a BookingMessage pointing here; the words are kept once."""

    course_run = models.ForeignKey("prospectus.CourseRun", on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(max_length=16, choices=Audience.choices)
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.course_run})"


class BookingMessage(models.Model):
    """A message owed to a student about a booking: emailed, or left for staff to pass on another way."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=24, choices=MessageKind.choices)
    run_message = models.ForeignKey(
        RunMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )  # for kind "run_message": the words staff wrote
    channel = models.CharField(max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The session a text reminder is about (kind "session_reminder": one per booking per session).
    session = models.ForeignKey(
        "prospectus.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # GOV.UK Notify (messages.notify_send): its id for the message, its latest status, and when a send was
    # last tried (a claim, so two workers never send one message twice).
    notify_id = models.UUIDField(null=True, blank=True, unique=True)
    delivery_status = models.CharField(max_length=24, choices=DeliveryStatus.choices, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    # Why it did not reach them, in words for staff: then it waits on "People to contact".
    problem = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # The reminder goes once, however often bookings_tick runs.
            models.UniqueConstraint(
                fields=["booking"], condition=Q(kind="reminder"), name="one_reminder_per_booking"
            ),
            # A text reminder goes once per session, however often or however many at once bookings_tick runs.
            models.UniqueConstraint(
                fields=["booking", "session"],
                condition=Q(kind="session_reminder"),
                name="one_text_reminder_per_booking_per_session",
            ),
            # A message staff wrote, and only that, points at its words.
            models.CheckConstraint(
                condition=(Q(kind="run_message") & Q(run_message__isnull=False))
                | (~Q(kind="run_message") & Q(run_message__isnull=True)),
                name="run_message_words_with_its_kind",
            ),
        ]
        indexes = [models.Index(fields=["channel", "handled_at"], name="message_to_handle")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.booking} by {self.channel}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A student's secret calendar address. Revoked feeds answer 404."""

    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"], condition=Q(revoked_at__isnull=True), name="one_live_feed_per_student"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed for {self.student_id} ({'revoked' if self.revoked_at else 'live'})"


class RegisterReminder(models.Model):
    """A trainer was reminded that a session's register has not been taken: once per trainer per session."""

    session = models.ForeignKey(
        "prospectus.Session", on_delete=models.CASCADE, related_name="register_reminders"
    )
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "trainer"], name="one_register_reminder_per_trainer")
        ]

    def __str__(self) -> str:
        return f"Register reminder to {self.trainer_id} for session {self.session_id}"


class ReferralRoute(models.TextChoices):
    REFERRAL = "referral", "Referred by a community team"
    INVITATION = "invitation", "Invited by the centre"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def quotable(self) -> "ReferralQuerySet":
        """Cohort case studies the participant agreed may be used, unnamed (the quote library reads these):
        consent given and at least one account written."""
        return self.filter(case_study_consent=True).exclude(account_before="", account_after="")


class Referral(models.Model):
    """How someone came to have a place on an intensive course (a closed cohort): who referred them,
    when and why, and that they agreed to take part. Made only by bookings.services.referral_record,
    which also gives the place."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="referrals")
    course_run = models.ForeignKey("prospectus.CourseRun", on_delete=models.PROTECT, related_name="referrals")
    route = models.CharField(max_length=16, choices=ReferralRoute.choices, default=ReferralRoute.REFERRAL)
    referring_team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    referred_by = models.CharField("Who referred them", max_length=200, blank=True)
    referred_on = models.DateField("Date of the referral")
    reason = models.TextField("Why they were referred", max_length=2000)
    person_agreed = models.BooleanField("They agreed to take part")
    share_progress_with_team = models.BooleanField(
        "They agree the referring team may hear how they are getting on", default=False
    )
    # The participant's own short written account before and after the course, in their words.
    account_before = models.TextField("Their account before the course", max_length=3000, blank=True)
    account_after = models.TextField("Their account after the course", max_length=3000, blank=True)
    case_study_consent = models.BooleanField(
        "They agree their accounts may be used as an unnamed case study", default=False
    )
    # Asked separately from sharing progress: this is the team telling the centre about them.
    team_feedback_consent = models.BooleanField(
        "They agree the referring team may tell the centre how the course went for them", default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["course_run", "referred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course_run"], name="one_referral_per_student_per_run"
            ),
            models.CheckConstraint(name="referral_needs_agreement", condition=Q(person_agreed=True)),
            models.CheckConstraint(
                name="referral_route_is_known", condition=Q(route__in=ReferralRoute.values)
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.course_run_id}"


class TrainerFeedback(models.Model):
    """What a trainer (or a manager) says about an intensive run (a closed cohort): what worked and what to
    change next time. Read by the run's trainers and the managers; it names no student."""

    course_run = models.ForeignKey(
        "prospectus.CourseRun", on_delete=models.CASCADE, related_name="trainer_feedback"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_worked = models.TextField("What worked", max_length=3000, blank=True)
    what_to_change = models.TextField("What to change next time", max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Trainer feedback on run {self.course_run_id}"


class ReferringTeamFeedback(models.Model):
    """What the referring team says about how an intensive course went for someone they referred, given
    only with that person's agreement (Referral.team_feedback_consent) and removed if they withdraw it.
    Written and changed by a lead of the referring team; read by the run's trainers and the managers.
    Change it only through bookings.services.referring_team_feedback_save."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="team_feedback")
    text = models.TextField("How the course went for them, as your team sees it", max_length=3000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["referral", "pk"]

    def __str__(self) -> str:
        return f"Referring team feedback on referral {self.referral_id}"
