from django.core.management.base import BaseCommand

from warp.bookings.services import offers_expire, register_reminders_send, reminders_send


class Command(BaseCommand):
    help = (
        "Pass on expired waiting-list offers, send reminders before first sessions, and remind trainers "
        "of registers not taken. "
        "Run every few minutes (cron or a systemd timer); running it twice does no harm."
    )

    def handle(self, *args, **options):
        expired = offers_expire()
        reminded = reminders_send()
        registers = register_reminders_send()
        self.stdout.write(
            f"{expired} expired offer(s) passed on; {reminded} reminder(s) queued; "
            f"{registers} trainer reminder(s) of registers not taken queued."
        )
