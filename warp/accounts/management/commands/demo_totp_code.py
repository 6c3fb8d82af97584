import time

from django.core.management.base import BaseCommand

from warp.accounts.demo_totp import DEMO_TOTP_SECRET, demo_code


class Command(BaseCommand):
    help = "Print the current sign-in code for the demo centre's staff logins (demo only)."

    def handle(self, *args, **options):
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{demo_code()}   (valid for {left} more seconds; each code works once)")
        self.stdout.write(f"Or add the demo key {DEMO_TOTP_SECRET} to any authenticator app.")
