from django.core.management.base import BaseCommand

from warp.bookings.messages import messages_retry
from warp.bookings.services import offers_expire, register_reminders_send, reminders_send, text_reminders_send


class Command(BaseCommand):
    help = (
        "Pass on expired waiting-list offers, send reminders before first sessions (and, with texts through "
        "GOV.UK Notify on, a text the day before each session), try again messages GOV.UK Notify did not "
        "take, and remind trainers of registers not taken. "
        "Run every few minutes (cron or a systemd timer); running it twice does no harm."
    )

    def handle(self, *args, **options):
        expired = offers_expire()
        reminded = reminders_send()
        texted = text_reminders_send()
        retried = messages_retry()
        registers = register_reminders_send()
        self.stdout.write(
            f"{expired} expired offer(s) passed on; {reminded} reminder(s) queued; "
            f"{texted} text reminder(s) queued; {retried} message(s) sent on a later try; "
            f"{registers} trainer reminder(s) of registers not taken queued."
        )
