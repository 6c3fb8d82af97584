"""Signals for apps above students (which must not import them) to react to a student's plan and reviews."""

from django.dispatch import Signal

# Sent inside learning_plan_agree's transaction with student=, plan=, by= and is_new= (True the first time a
# plan is agreed, False when an agreed plan is changed). The measures app asks for a baseline questionnaire.
learning_plan_agreed = Signal()

# Sent inside review_record's transaction with student=, review= and by=. The measures app asks for a
# follow-up questionnaire.
review_recorded = Signal()
