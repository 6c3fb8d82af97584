"""The audit log's user column loses its own index: audit_user_at (user, -at) serves every lookup by user,
and every index is one more write for each entry (a register writes one per named student).

Dropped by name rather than through AlterField, which on SQLite copies the whole (append-only, possibly
large) table into a new one to change an index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEX = "audit_auditentry_user_id_b5ee03cd"  # the name Django gave the foreign key's index in 0001


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    reverse_sql=f'CREATE INDEX {INDEX} ON "audit_auditentry" ("user_id")',
                ),
            ],
        ),
    ]
