"""Triggers that raise the data version on every write to the tables kept reports read (warp/core/kept.py)."""

from django.db import migrations

from warp.core.kept import PG_FUNCTION, PG_FUNCTION_SQL, track_sql, untrack_sql

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
