from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Bookings, waiting lists, registers, completion, certificates and timetables."""

    name = "warp.bookings"
    label = "bookings"
