from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Feedback forms after a course run, their editable questions, and quotes with consent."""

    name = "warp.feedback"
    label = "feedback"
