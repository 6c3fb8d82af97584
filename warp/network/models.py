"""The network's records. Nothing here names a person: a hub holds only centres, their public keys and the
disclosure-controlled figures each centre signed.

- `FidelityComponent` / `FidelityLevel`: the fidelity framework a network agrees (loaded from JSON).
- `FidelityRating`: this centre's self-assessment of one component on one day, with evidence and actions.
- `TrustedCentre`: a centre whose bundles this hub accepts, with its Ed25519 public key.
- `NetworkBundle`: one centre's signed figures for one period, as imported (one per centre and period).
"""

from django.conf import settings
from django.db import models


class FidelityComponent(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="In the framework most recently loaded.")

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class FidelityLevel(models.Model):
    component = models.ForeignKey(FidelityComponent, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["component", "level"]
        constraints = [
            models.UniqueConstraint(fields=["component", "level"], name="one_description_per_level"),
            models.CheckConstraint(condition=models.Q(level__gte=1), name="fidelity_level_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.component.code} {self.level}: {self.name}"


class FidelityRatingQuerySet(models.QuerySet["FidelityRating"]):
    def over_time(self) -> "FidelityRatingQuerySet":
        return self.select_related("component").order_by("rated_on", "component__order", "pk")


class FidelityRating(models.Model):
    component = models.ForeignKey(FidelityComponent, on_delete=models.PROTECT, related_name="ratings")
    rated_on = models.DateField()
    level = models.PositiveSmallIntegerField()
    evidence = models.TextField(help_text="What shows the centre is at this level.")
    actions = models.TextField(blank=True, help_text="What the centre will do next.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = FidelityRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-rated_on", "component__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "rated_on"], name="one_rating_per_component_per_day"
            ),
            models.CheckConstraint(condition=models.Q(level__gte=1), name="fidelity_rating_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.component.code} {self.level} on {self.rated_on}"


class TrustedCentreQuerySet(models.QuerySet["TrustedCentre"]):
    def active(self) -> "TrustedCentreQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class TrustedCentre(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200, blank=True)
    public_key = models.CharField(max_length=64, help_text="The centre's Ed25519 public key, in base64.")
    trusted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = TrustedCentreQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_trusted(self) -> bool:
        return self.withdrawn_at is None


class NetworkBundle(models.Model):
    centre = models.ForeignKey(TrustedCentre, on_delete=models.CASCADE, related_name="bundles")
    centre_name = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    software_version = models.CharField(max_length=40)
    document = models.JSONField(help_text="The bundle as signed and received, signature included.")
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["centre__code", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "start", "end"], name="one_bundle_per_centre_and_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre.code} {self.start} to {self.end}"
