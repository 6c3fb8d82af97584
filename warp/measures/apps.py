from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "warp.measures"
    verbose_name = "Outcome questionnaires"

    def ready(self) -> None:
        from warp.bookings.signals import register_taken
        from warp.measures import receivers
        from warp.students.signals import learning_plan_agreed, review_recorded

        learning_plan_agreed.connect(receivers.ask_at_learning_plan, dispatch_uid="measures-ask-at-plan")
        review_recorded.connect(receivers.ask_at_review, dispatch_uid="measures-ask-at-review")
        register_taken.connect(
            receivers.ask_at_first_and_last_session, dispatch_uid="measures-ask-at-sessions"
        )
