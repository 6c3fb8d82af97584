"""API tokens: one per named purpose (a dashboard, a system), acting as the person it was made for."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self, *, now=None) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked, not expired, their account switched on."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)

    def for_list(self) -> "ApiTokenQuerySet":
        """The tokens page: every token with whom it acts for and who made it, newest first. One query."""
        return self.select_related("user", "created_by").order_by("-created_at", "-pk")


class ApiToken(models.Model):
    """A bearer token for the read-only API. Only its SHA-256 hash is kept: the token itself is shown once,
    when it is made, and cannot be shown again. `prefix` (its first characters) tells tokens apart on the
    tokens page without revealing them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, for example: Power BI dashboard.")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="api_token_expires_after_it_is_made",
                condition=models.Q(expires_at__gt=models.F("created_at")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
