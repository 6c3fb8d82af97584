from django.conf import settings
from django.core.management.base import BaseCommand

from warp.accounts.services import users_disable_dormant


class Command(BaseCommand):
    help = "Switch off staff accounts with no sign-in for WARP_DORMANT_DAYS days (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override WARP_DORMANT_DAYS")

    def handle(self, *args, days=None, **options):
        days = days or settings.WARP_DORMANT_DAYS
        disabled = users_disable_dormant(days=days)
        for user in disabled:
            self.stdout.write(
                f"Switched off {user.email} ({user.get_role_display()}), last signed in {user.last_login or 'never'}"
            )
        self.stdout.write(
            f"{len(disabled)} dormant staff accounts switched off (no sign-in for {days} days)."
        )
