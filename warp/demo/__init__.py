"""The demo centre: a believable, wholly invented Recovery Education Centre.

Sits above every app. Each part lives in its own module (`warp/demo/<part>.py` with a `build(ctx)`)
and runs in the order of PARTS; a part that is not written yet is skipped. Everything is seeded from one
random number generator, so the demo is the same on every machine. Only invented people, with
addresses at example.org.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.db import transaction

# Data migrations that seed reference data (identities, outcome categories, the privacy notice, feedback
# questions, TRIP and Triangle of Care lists). `flush` empties their tables too, so a reset runs them again.
# Every RunPython in our migrations is listed here or in NOT_SEEDS (a test checks).
SEED_MIGRATIONS = {
    ("students", "0003_seed_identities_and_service_area"),
    ("students", "0005_seed_outcome_categories"),
    ("students", "0006_privacynotice_consentrecord"),
    ("feedback", "0002_standard_questions"),
    ("teams", "0002_seed_reference_data"),
    ("programmes", "0002_seed_reference_data"),
    ("teams", "0006_seed_strategy_actions"),
}
# Indexes (flush keeps them) and conversions of existing rows (flush leaves none to convert).
NOT_SEEDS = {
    ("students", "0007_search_indexes"),
    ("students", "0008_postcode_prefix_index"),
    ("students", "0009_trigram_pending_list"),
    ("accounts", "0003_mfa_secrets_encrypted_recovery_codes_hashed"),
    ("prospectus", "0002_run_trainer_perspective"),
    ("prospectus", "0002_course_themes"),  # free-text themes into the list (the demo adds its own)
    ("outreach", "0002_track_report_tables"),  # triggers, which flush keeps
    ("measures", "0003_track_report_tables"),  # triggers, which flush keeps
    ("bookings", "0006_track_referrals"),  # a trigger, which flush keeps
    ("bookings", "0009_track_referrals_again"),  # the same trigger, after 0007 rebuilt the table
    ("prospectus", "0005_historic_runs"),  # two columns, and the feedback import's runs marked historic
    ("teams", "0009_copy_problem_list_into_each_exercise"),  # existing exercises' picks onto their own lists
    ("teams", "0007_care_audits"),  # standards' earlier names into the report's words (0002 seeds those now)
    ("core", "0002_track_report_tables"),  # triggers, which flush keeps; the counter row comes back by itself
    (
        "core",
        "0003_data_versions_per_term",
    ),  # the same triggers per term; each term's counter comes back by itself
    ("students", "0013_review_second_coding"),  # change triggers for the second codings, which flush keeps
    ("bookings", "0011_track_messages"),  # triggers on booking messages, per term, which flush keeps
    ("outreach", "0003_converted_from_session"),  # the workshops' trigger again, after the table's rebuild
    ("bookings", "0012_referring_team_feedback"),  # the referrals' trigger again, after the table's rebuild
}
DEMO_PASSWORD = "recovery-demo-2026"  # noqa: S105 - printed for the demo; never used outside it
# "network" last: its bundles carry the figures of everything built before it.
PARTS = [
    "accounts",
    "students",
    "prospectus",
    "bookings",
    "feedback",
    "reviews",
    "teams",
    "outreach",
    "impact",
    "second_coding",
    "service_use",
    "measures",
    "programmes",
    "network",
    "partnership",
]


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    store: dict[str, Any] = field(default_factory=dict)


def demo_exists() -> bool:
    from warp.accounts.models import User

    return User.objects.filter(email__endswith="@example.org").exists()


@transaction.atomic
def build(*, reset: bool = False, seed: int = 2012) -> DemoContext:
    from django.utils import timezone

    if reset:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        reseed_reference_data()
    ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate())
    for part in PARTS:
        try:
            module = import_module(f"warp.demo.{part}")
        except ModuleNotFoundError as exc:
            if exc.name != f"warp.demo.{part}":
                raise
            continue
        module.build(ctx)
    from warp.core.kept import forget_all

    forget_all()  # a reset empties the change counters, so versions seen before it may come round again
    return ctx


def seed_operations() -> list[tuple[tuple[str, str], Any]]:
    """((app, migration), RunPython operation) for every RunPython in WaRP's own migrations."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        (key, operation)
        for key, migration in sorted(loader.disk_migrations.items())
        if type(migration).__module__.startswith("warp.")
        for operation in migration.operations
        if isinstance(operation, RunPython)
    ]


def reseed_reference_data() -> None:
    """Run the seeding data migrations again (each is idempotent), with today's models."""
    from django.apps import apps

    for key, operation in seed_operations():
        if key in SEED_MIGRATIONS:
            operation.code(apps, None)


def print_logins() -> None:
    from warp.demo.accounts import LOGINS, second_factor_help

    print(f"\nDemo logins (every password is {DEMO_PASSWORD!r}):")
    for role, email in LOGINS:
        print(f"  {role:<24} {email}")
    print(second_factor_help())
