"""Triggers that raise the data version on every write to the tables kept reports read (warp/core/kept.py)."""

from django.db import migrations

# The statements as they were when this migration was written (warp/core/kept.py has moved on since:
# 0003 gives the counters a term), so the migration makes the same database whatever the code is now.
PG_FUNCTION = "warp_data_changed"
PG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION warp_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_datachange SET bumps = bumps + 1
     WHERE id = (SELECT id FROM core_datachange ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1);
    IF NOT FOUND THEN
        INSERT INTO core_datachange (bumps) VALUES (1);
    END IF;
    RETURN NULL;
END
$$
"""


def track_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'CREATE TRIGGER "warp_changed_{table}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        ]
    return [
        f'CREATE TRIGGER "warp_changed_{table}_{operation.lower()}" AFTER {operation} ON "{table}" BEGIN '  # noqa: S608
        "INSERT OR IGNORE INTO core_datachange (id, bumps) VALUES (1, 0); "
        "UPDATE core_datachange SET bumps = bumps + 1 WHERE id = 1; END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


def untrack_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}" ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "warp_changed_{table}_{op}"' for op in ("insert", "update", "delete")]

TABLES = (
    "students_identity",
    "students_student",
    "students_student_identities",
    "students_learningplan",
    "students_outcomecategory",
    "students_learningplanreview",
    "students_learningplanreview_categories",
    "bookings_booking",
    "bookings_attendance",
    "feedback_feedbackquestion",
    "feedback_feedbackresponse",
    "feedback_answer",
    "prospectus_course",
    "prospectus_term",
    "prospectus_venue",
    "prospectus_courserun",
    "prospectus_courseruntrainer",
    "prospectus_session",
)


def track(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_SQL)
    for table in TABLES:
        for statement in track_sql(vendor, table):
            schema_editor.execute(statement)
    schema_editor.execute("INSERT INTO core_datachange (bumps) VALUES (0)")


def untrack(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for statement in untrack_sql(vendor, table):
            schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_datachange"),
        ("students", "0007_search_indexes"),
        ("bookings", "0002_offers_registers_messages_feeds"),
        ("feedback", "0002_standard_questions"),
        ("prospectus", "0001_initial"),
    ]

    operations = [migrations.RunPython(track, untrack)]
