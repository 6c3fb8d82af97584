from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from warp.accounts import mfa_secrets


class Command(BaseCommand):
    help = (
        "Rewrite every stored authenticator-app key under the current WARP_MFA_KEY, after changing it "
        "(keep the old key in WARP_MFA_KEY_FALLBACKS until this has run)."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                count = mfa_secrets.totp_secrets_reencrypt(Authenticator)
        except mfa_secrets.UnreadableSecret as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"{count} authenticator-app keys now encrypted with the current key.")
