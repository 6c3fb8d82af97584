"""What bookings does when something changes below it."""

from warp.bookings.services import run_bookings_cancel


def cancel_bookings_of_cancelled_run(sender, *, course_run, by, reason: str = "", **kwargs) -> None:
    run_bookings_cancel(
        course_run=course_run, by=by, reason=reason or "The centre cancelled this course run."
    )
