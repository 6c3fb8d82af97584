"""Signals for apps above prospectus (which must not import them) to react to changes in the term plan."""

from django.dispatch import Signal

# Sent inside course_run_cancel's transaction with course_run=, by= and reason= (may be empty). The
# bookings app cancels the run's bookings and tells each student; if it fails, the cancellation rolls back with it.
course_run_cancelled = Signal()
