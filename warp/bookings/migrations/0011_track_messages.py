"""Booking messages raise their term's data version (warp/core/kept.py): the term dashboard's kept figures
count attendance with and without a reminder, and a reminder sent or reported undelivered changes them."""

from django.db import migrations

from warp.core.kept import track_term_sql, untrack_term_sql

TABLE = "bookings_bookingmessage"
BOOKING_TERM = (
    "(SELECT r.term_id FROM bookings_booking b JOIN prospectus_courserun r ON r.id = b.course_run_id "
    "WHERE b.id = {row}.booking_id)"
)


def track(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in untrack_term_sql(vendor, TABLE) + track_term_sql(vendor, TABLE, term_of=BOOKING_TERM):
        schema_editor.execute(statement)


def untrack(apps, schema_editor):
    for statement in untrack_term_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0010_notify"),
        ("core", "0003_data_versions_per_term"),
    ]

    operations = [migrations.RunPython(track, untrack)]
