from django.conf import settings
from django.db import models
from django.db.models import Q


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Offered a place"
    CANCELLED = "cancelled", "Cancelled"


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

    class Meta:
        ordering = ["course_run", "created_at", "pk"]
        constraints = [
            # One live booking per student per run; a cancelled one may be followed by a new booking.
            models.UniqueConstraint(
                fields=["student", "course_run"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_student_per_run",
            )
        ]
        indexes = [models.Index(fields=["course_run", "status", "created_at"], name="booking_run_status")]

    def __str__(self) -> str:
        return f"{self.student} on {self.course_run} ({self.get_status_display()})"
