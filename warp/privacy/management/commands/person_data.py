"""warp manage person_data --contact ADDRESS [--erase --basis TEXT]: answer a request from someone who is
not a student (a peer worker, mentor, mentee, network member, award nominee or nominator)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from warp import audit
from warp.privacy.coverage import person_erase_rows, person_rows


class Command(BaseCommand):
    help = (
        "Print, as JSON, everything held about a person who is not a student, found by the email address or "
        "phone number they gave; with --erase, erase it as the registry in warp/privacy/coverage.py (PEOPLE) "
        "says. Students' requests go through the privacy pages instead (see docs/privacy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--contact", required=True, help="their email address or phone number, as they gave it"
        )
        parser.add_argument("--erase", action="store_true", help="erase what is found (after printing it)")
        parser.add_argument("--basis", default="", help="with --erase: the basis for the decision (required)")

    def handle(self, *args, **options):
        contact = options["contact"].strip()
        if not contact:
            raise CommandError("Give the email address or phone number the person gave us.")
        if options["erase"] and not options["basis"].strip():
            raise CommandError("Write down the basis for erasing with --basis.")
        found = person_rows(contact)
        self.stdout.write(json.dumps(found, cls=DjangoJSONEncoder, indent=2))
        audit.record(
            action="export",
            model="privacy.Person",
            note=f"Request from a person who is not a student ({len(found)} kinds of record)",
        )
        if options["erase"]:
            with transaction.atomic():
                changed = person_erase_rows(contact)
                audit.record(action="erase", model="privacy.Person", note=options["basis"].strip()[:200])
            total = sum(changed.values())
            self.stdout.write(
                f"Erased {total} record(s): " + (", ".join(f"{k} {v}" for k, v in changed.items()) or "none"),
                self.style.SUCCESS,
            )
