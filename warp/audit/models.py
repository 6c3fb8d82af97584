"""One row per access to or change of a personal record. Rows are written once and never changed."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    EXPORT = "export", "Exported"
    DELETE = "delete", "Deleted"
    ERASE = "erase", "Erased"
    RESTRICT = "restrict", "Restricted"
    CONSENT = "consent", "Consent changed"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_REFUSED = "sign_in_refused", "Sign-in refused"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs):
        raise PermissionDenied("Audit entries cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit entries cannot be deleted.")

    def purge_before(self, cutoff) -> int:
        """Delete every entry from before `cutoff`; the one way entries leave the log (privacy's retention,
        which logs the count). Returns how many went."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted

    def for_student(self, student_id: int):
        return self.filter(student_id=student_id).order_by("-at", "-pk")


class AuditEntry(models.Model):
    """Who, in which role, did what to which record, when (UTC) and from where. Never the values themselves.

    The user is a foreign key for searching, and `user_name`/`role` are copied at the time, so the entry
    still says who it was after the account is renamed, changes role or is erased.
    """

    at = models.DateTimeField(db_index=True)
    # No index of its own: audit_user_at (user, -at) below serves every lookup by user, and each index is
    # one more write for every entry (a register writes one per student).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    user_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    model = models.CharField(max_length=100, help_text="The record's model label, e.g. students.Student.")
    object_id = models.CharField(max_length=64, blank=True)
    student_id = models.BigIntegerField(
        null=True, blank=True, help_text="The student the record is about, when there is one."
    )
    ip_address = models.CharField(
        max_length=64, blank=True, help_text="Coarsened: IPv4 to its /24 network, IPv6 to its /48."
    )
    user_agent = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Field names or a reason; never values.")

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["student_id", "-at"], name="audit_student_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name or 'system'} {self.action} {self.model} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit entries cannot be deleted.")
