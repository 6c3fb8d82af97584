from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Bookings, waiting lists, registers, completion, certificates and timetables."""

    name = "warp.bookings"
    label = "bookings"

    def ready(self) -> None:
        from warp.bookings.receivers import cancel_bookings_of_cancelled_run
        from warp.prospectus.signals import course_run_cancelled

        course_run_cancelled.connect(cancel_bookings_of_cancelled_run, dispatch_uid="bookings-run-cancelled")
