"""warp manage retention --dry-run | --apply: anonymise students inactive for WARP_RETAIN_INACTIVE_STUDENT_YEARS;
delete audit entries older than WARP_RETAIN_AUDIT_YEARS and blank free-text feedback older than
WARP_RETAIN_FEEDBACK_TEXT_YEARS (each when set); delete student uploads never imported, older than a day."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from warp.privacy.models import PurgeKind
from warp.privacy.retention import PURGE_SETTINGS, purge_apply, retention_apply
from warp.students.imports import student_imports_expire
from warp.students.models import StudentImport


class Command(BaseCommand):
    help = (
        "List (--dry-run) or anonymise (--apply) students with no activity for WARP_RETAIN_INACTIVE_STUDENT_YEARS "
        "years, each logged in the destruction log; count or delete audit entries older than "
        "WARP_RETAIN_AUDIT_YEARS and blank free-text feedback older than WARP_RETAIN_FEEDBACK_TEXT_YEARS "
        "(see docs/privacy.md, Retention)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument(
            "--dry-run", action="store_true", help="list who would be anonymised; change nothing"
        )
        mode.add_argument("--apply", action="store_true", help="anonymise, delete and blank; log each")

    def handle(self, *args, **options):
        now = timezone.now()
        result = retention_apply(now=now, dry_run=not options["apply"])
        verb = "Anonymised" if result.applied else "Would anonymise"
        for student in result.students:
            self.stdout.write(
                f"{verb}: {student.registration_number} (registered {student.registered_on:%Y-%m-%d})"
            )
        self.stdout.write(
            f"{verb} {len(result.students)} student(s) with no activity since {result.cutoff:%Y-%m-%d}."
        )
        if options["apply"]:
            gone = student_imports_expire(now=now)
            self.stdout.write(f"Deleted {gone} student upload(s) never imported, older than a day.")
        else:
            gone = StudentImport.objects.expired(now=now).count()
            self.stdout.write(f"Would delete {gone} student upload(s) never imported, older than a day.")
        for kind in PurgeKind:
            purge = purge_apply(kind=kind, now=now, dry_run=not options["apply"])
            what = kind.label.lower().replace(" deleted", "").replace(" blanked", "")
            if not purge.years:
                self.stdout.write(f"Kept for ever: {what} ({PURGE_SETTINGS[kind]} is 0).")
            else:
                verbs = {"audit": ("Deleted", "Would delete"), "feedback_text": ("Blanked", "Would blank")}[
                    kind
                ]
                done = verbs[0] if purge.applied else verbs[1]
                self.stdout.write(f"{done} {purge.count} {what} from before {purge.cutoff:%Y-%m-%d}.")
