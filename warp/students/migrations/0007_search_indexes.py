"""Indexes for the student search (StudentQuerySet.search), one set per database.

PostgreSQL: trigram (pg_trgm) GIN indexes on exactly what Django's icontains/istartswith compile to,
UPPER("column"::text) LIKE UPPER(...), so a match anywhere in a name, email or postcode is an index scan,
and a B-tree for the registration number's iexact (UPPER(...) = UPPER(...)).
SQLite: NOCASE indexes, which serve its case-insensitive LIKE 'text%' (prefix) matches.
"""

from django.db import migrations

TABLE = "students_student"
TRIGRAM_COLUMNS = ["first_name", "last_name", "email", "postcode"]
NOCASE_COLUMNS = ["first_name", "last_name", "email", "postcode", "registration_number"]


def _postgresql_forwards() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    statements += [
        f"CREATE INDEX IF NOT EXISTS student_{column}_trgm ON {TABLE} "
        f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        for column in TRIGRAM_COLUMNS
    ]
    statements.append(
        f"CREATE INDEX IF NOT EXISTS student_number_upper ON {TABLE} (UPPER(\"registration_number\"::text))"
    )
    return statements


def _postgresql_backwards() -> list[str]:
    names = [f"student_{column}_trgm" for column in TRIGRAM_COLUMNS] + ["student_number_upper"]
    # The extension stays: other databases objects may use it, and it is harmless.
    return [f"DROP INDEX IF EXISTS {name}" for name in names]


def _sqlite_forwards() -> list[str]:
    return [
        f'CREATE INDEX IF NOT EXISTS student_{column}_nocase ON {TABLE} ("{column}" COLLATE NOCASE)'
        for column in NOCASE_COLUMNS
    ]


def _sqlite_backwards() -> list[str]:
    return [f"DROP INDEX IF EXISTS student_{column}_nocase" for column in NOCASE_COLUMNS]


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, _postgresql_forwards())
    elif vendor == "sqlite":
        _run(schema_editor, _sqlite_forwards())


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, _postgresql_backwards())
    elif vendor == "sqlite":
        _run(schema_editor, _sqlite_backwards())


class Migration(migrations.Migration):
    dependencies = [("students", "0006_privacynotice_consentrecord")]

    operations = [migrations.RunPython(forwards, backwards)]
