"""The awards (the Road to Wellness Awards): a year's awards, categories, nominations through a link,
shortlisting and judging by a panel, winners and the ceremony.

A nominee's and a nominator's details are personal data: nothing about a nomination is published until
the nominee has agreed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


class AwardCategory(models.Model):
    """Editable; seeded with strength, courage, compassion, kindness and inspiration."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Offered on the nomination form.")

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "award categories"

    def __str__(self) -> str:
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AwardYear(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    nominations_open = models.BooleanField(default=True)
    ceremony_on = models.DateField("Ceremony date", null=True, blank=True)
    venue = models.CharField("Ceremony venue", max_length=200, blank=True)
    attendance = models.PositiveIntegerField("How many came to the ceremony", null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.CheckConstraint(name="award_year_is_plausible", condition=Q(year__gte=2000))]

    def __str__(self) -> str:
        return f"The {self.year} awards"


class NomineeConsent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    GIVEN = "given", "Agreed"
    REFUSED = "refused", "Did not agree"


class NominationQuerySet(models.QuerySet["Nomination"]):
    def quotable(self) -> "NominationQuerySet":
        """The nominations whose nominee agreed to being named and whose nominator agreed to be quoted:
        only these may be quoted (the quote library reads them, without any name). The words are the
        nominator's, so their own agreement is needed as well as the nominee's (docs/impact-and-quotes.md)."""
        return self.filter(nominee_consent=NomineeConsent.GIVEN, nominator_quote_consent=True)


class Nomination(models.Model):
    award_year = models.ForeignKey(AwardYear, on_delete=models.CASCADE, related_name="nominations")
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="nominations")
    nominee_name = models.CharField("Their name", max_length=200)
    nominee_contact = models.CharField(
        "How we can reach them", max_length=200, help_text="An email address or phone number."
    )
    why = models.TextField("Why they deserve an award")
    nominator_name = models.CharField("Your name", max_length=200)
    nominator_contact = models.CharField(
        "How we can reach you", max_length=200, help_text="An email address or phone number."
    )
    # The words in `why` are the nominator's: quoting them (in the quote library, in reports) needs their
    # agreement, asked on the nomination form (default no) and withdrawable on their request.
    nominator_quote_consent = models.BooleanField(
        "You are happy for us to quote what you wrote, without any names", default=False
    )
    # When the nominee is a registered student, linking them lets their subject access request and
    # erasure find the nomination through the student record.
    student = models.ForeignKey(
        "students.Student", on_delete=models.SET_NULL, null=True, blank=True, related_name="nominations"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    nominee_consent = models.CharField(
        "The nominee agrees to being named",
        max_length=12,
        choices=NomineeConsent.choices,
        default=NomineeConsent.NOT_ASKED,
    )
    consent_recorded_on = models.DateField(null=True, blank=True)
    shortlisted = models.BooleanField(default=False)
    winner = models.BooleanField(default=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="nominee_consent_is_known", condition=Q(nominee_consent__in=NomineeConsent.values)
            ),
            models.CheckConstraint(
                name="a_winner_was_shortlisted", condition=Q(winner=False) | Q(shortlisted=True)
            ),
            models.UniqueConstraint(
                fields=["award_year", "category"], condition=Q(winner=True), name="one_winner_per_category"
            ),
        ]

    def __str__(self) -> str:
        return f"Nomination {self.pk} ({self.category})"


class Judge(models.Model):
    """A member of a year's judging panel."""

    award_year = models.ForeignKey(AwardYear, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_panels")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["award_year", "user"], name="one_seat_per_judge")]

    def __str__(self) -> str:
        return str(self.user)


class Conflict(models.Model):
    """A judge's declared conflict of interest with one nomination: they may not score it."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "nomination"], name="one_conflict_each")]

    def __str__(self) -> str:
        return f"Conflict declared on nomination {self.nomination_id}"


class Score(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="one_score_per_judge"),
            models.CheckConstraint(name="award_score_one_to_ten", condition=Q(score__gte=1, score__lte=10)),
        ]

    def __str__(self) -> str:
        return f"Score {self.score}"
