"""Change counters per term: writes to one term's runs, sessions, trainers, bookings and marks raise only
that term's counters (warp/core/kept.py); the prospectus's pages are kept the same way, so the tables they
read besides (course themes, co-producers, trainers' names) are tracked too."""

from importlib import import_module

from django.db import migrations, models

from warp.core.kept import (
    PG_FUNCTION_SQL,
    PG_TERMS_FUNCTION,
    PG_TERMS_FUNCTION_SQL,
    track_sql,
    track_term_sql,
    untrack_sql,
    untrack_term_sql,
)

RUN_TERM = "(SELECT r.term_id FROM prospectus_courserun r WHERE r.id = {row}.course_run_id)"
SESSION_TERM = (
    "(SELECT r.term_id FROM prospectus_session s JOIN prospectus_courserun r ON r.id = s.course_run_id "
    "WHERE s.id = {row}.session_id)"
)
# table: (its term, the columns that move it between periods' reports)
PER_TERM = {
    "prospectus_courserun": ("{row}.term_id", ("term_id",)),
    "prospectus_courseruntrainer": (RUN_TERM, ()),
    "bookings_booking": (RUN_TERM, ()),
    "bookings_attendance": (SESSION_TERM, ()),
}
# A session's rows belong to its run's term, but adding, moving or deleting one changes which terms a
# period's report reads: only its other changes are the term's own.
SESSIONS = ("prospectus_session", RUN_TERM, ("date", "course_run_id"))

# Read by the prospectus's kept pages and never tracked before.
NEWLY_TRACKED = ("prospectus_coursetheme", "prospectus_coproducer")
# Tracked everywhere since 0002; on SQLite their triggers now find the no-term counter by its scope.
EVERYWHERE_TABLES = (
    "students_identity",
    "students_student",
    "students_student_identities",
    "students_learningplan",
    "students_outcomecategory",
    "students_learningplanreview",
    "students_learningplanreview_categories",
    "feedback_feedbackquestion",
    "feedback_feedbackresponse",
    "feedback_answer",
    "prospectus_course",
    "prospectus_term",
    "prospectus_venue",
)


def per_term(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_SQL)
        schema_editor.execute(PG_TERMS_FUNCTION_SQL)
    for table, (term_of, moves) in PER_TERM.items():
        for statement in [*untrack_sql(vendor, table), *track_term_sql(vendor, table, term_of=term_of, moves=moves)]:
            schema_editor.execute(statement)
    table, term_of, moves = SESSIONS
    for statement in [*untrack_sql(vendor, table), *track_term_sql(vendor, table, term_of=term_of, moves=moves)]:
        schema_editor.execute(statement)
    for table in NEWLY_TRACKED:
        for statement in track_sql(vendor, table):
            schema_editor.execute(statement)
    if vendor != "postgresql":
        for table in EVERYWHERE_TABLES:
            for statement in [*untrack_sql(vendor, table), *track_sql(vendor, table)]:
                schema_editor.execute(statement)
    # Trainers' names are on the prospectus; signing in (last_login) changes nothing it shows.
    names = "first_name, last_name, email, is_active"
    if vendor == "postgresql":
        schema_editor.execute(
            f'CREATE TRIGGER "warp_changed_accounts_user" AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF {names} '
            'ON "accounts_user" FOR EACH STATEMENT EXECUTE FUNCTION warp_data_changed()'
        )
    else:
        for operation in ("INSERT", "DELETE", f"UPDATE OF {names}"):
            # The same trigger body as every table's that belongs to no term.
            body = track_sql(vendor, "accounts_user")[0].partition(" BEGIN ")[2]
            schema_editor.execute(
                f'CREATE TRIGGER "warp_changed_accounts_user_{operation.split()[0].lower()}" AFTER {operation} '
                f'ON "accounts_user" BEGIN {body}'
            )


def everywhere(apps, schema_editor):
    """Back to 0002's database: its function and its triggers, none of which name the counters' scope,
    so the column can go."""
    vendor = schema_editor.connection.vendor
    before = import_module("warp.core.migrations.0002_track_report_tables")
    for table in NEWLY_TRACKED:
        for statement in untrack_sql(vendor, table):
            schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute('DROP TRIGGER IF EXISTS "warp_changed_accounts_user" ON "accounts_user"')
    else:
        for op in ("insert", "delete", "update"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "warp_changed_accounts_user_{op}"')
    for table in (*PER_TERM, SESSIONS[0]):
        for statement in [*untrack_term_sql(vendor, table), *before.track_sql(vendor, table)]:
            schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_TERMS_FUNCTION}()")
        schema_editor.execute(before.PG_FUNCTION_SQL)
    else:
        for table in EVERYWHERE_TABLES:
            for statement in [*untrack_sql(vendor, table), *before.track_sql(vendor, table)]:
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_track_report_tables"),
        ("accounts", "0005_merge_0004_several_roles_0004_sign_in_lockout"),
        ("prospectus", "0004_merge_course_themes"),
    ]

    operations = [
        # Added in place: Django's SQLite AddField rebuilds the table, which the triggers naming it forbid.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE core_datachange ADD COLUMN scope bigint DEFAULT 0 NOT NULL",
                    "ALTER TABLE core_datachange DROP COLUMN scope",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="datachange", name="scope", field=models.BigIntegerField(db_default=0)
                )
            ],
        ),
        migrations.RunPython(per_term, everywhere),
    ]
