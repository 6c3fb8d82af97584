"""warp manage retention --dry-run | --apply: anonymise students inactive for WARP_RETAIN_INACTIVE_STUDENT_YEARS."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from warp.privacy.retention import retention_apply


class Command(BaseCommand):
    help = (
        "List (--dry-run) or anonymise (--apply) students with no activity for WARP_RETAIN_INACTIVE_STUDENT_YEARS "
        "years (see the README's Retention section). Each one is logged in the destruction log."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument(
            "--dry-run", action="store_true", help="list who would be anonymised; change nothing"
        )
        mode.add_argument("--apply", action="store_true", help="anonymise them and log each one")

    def handle(self, *args, **options):
        result = retention_apply(now=timezone.now(), dry_run=not options["apply"])
        verb = "Anonymised" if result.applied else "Would anonymise"
        for student in result.students:
            self.stdout.write(
                f"{verb}: {student.registration_number} (registered {student.registered_on:%Y-%m-%d})"
            )
        self.stdout.write(
            f"{verb} {len(result.students)} student(s) with no activity since {result.cutoff:%Y-%m-%d}."
        )
