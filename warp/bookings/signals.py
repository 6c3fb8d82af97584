"""Signals for apps above bookings (which must not import them) to react to registers being taken."""

from django.dispatch import Signal

# Sent inside attendance_marks_record's transaction with session=, by= and first_marked= (the ids of the
# students given their first mark for this session in this save; a correction of a mark is not in it).
# The measures app asks for a questionnaire at a run's first and last session.
register_taken = Signal()
