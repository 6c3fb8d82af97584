from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Bookings, waiting lists, registers, completion, certificates and timetables."""

    name = "warp.bookings"
    label = "bookings"

    def ready(self) -> None:
        from warp.bookings.receivers import cancel_bookings_of_cancelled_run
        from warp.prospectus.signals import course_run_cancelled

        course_run_cancelled.connect(cancel_bookings_of_cancelled_run, dispatch_uid="bookings-run-cancelled")

        from django.db.models.signals import post_delete, post_save

        from warp.bookings.models import Booking
        from warp.prospectus.cache import prospectus_changed

        # The prospectus keeps its listing pages until what they show changes; places left is one of those.
        post_save.connect(prospectus_changed, sender=Booking, dispatch_uid="bookings-prospectus-cache-save")
        post_delete.connect(
            prospectus_changed, sender=Booking, dispatch_uid="bookings-prospectus-cache-delete"
        )
