"""Student import rate: a 100,000-row CSV through warp.students.imports.import_students into an empty
database. `python -m bench.importbench --rows 100000 --repeats 3` prints one JSON line.

Between repeats the imported students are deleted again with plain SQL, so each run starts empty.
"""

import argparse
import csv
import io
import json
import os
import random
import time
from pathlib import Path

from bench.generate import FIRST_NAMES, LAST_NAMES

WORK = Path(__file__).resolve().parent / "work"


def make_csv(rows: int, seed: int = 14) -> bytes:
    """Rows in the import format (docs/students-and-imports.md): a fifth with their old number, both date styles, some blanks."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    from warp.students.imports import COLUMNS  # the import's own header (needs Django set up: main does)

    writer.writerow(COLUMNS)
    identities = [
        "secondary-care",
        "primary-care",
        "carer",
        "trust-staff",
        "other",
        "secondary-care;carer",
        "",
    ]
    seen: set[tuple] = set()
    for n in range(rows):
        while True:  # one person per row: no two rows share a name and a date of birth (or its absence)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            year, month, day = rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)
            key = (first, last) if n % 25 == 0 else (first, last, year, month, day)
            if key not in seen:
                break
        seen.add(key)
        born = f"{year}-{month:02d}-{day:02d}" if n % 2 else f"{day:02d}/{month:02d}/{year}"
        writer.writerow(
            [
                f"OLD-{n:06d}" if n % 5 == 0 else "",
                first,
                last,
                "" if n % 25 == 0 else born,
                rng.choice(["Woman", "Man", "female", "M", "", "Non-binary"]),
                f"BH{rng.randint(1, 25)} {rng.randint(1, 9)}AB" if n % 10 else "",
                f"imported.{n}@example.org" if n % 3 or n % 25 == 0 else "",
                "01202 000000" if n % 4 == 0 else "",
                rng.choice(identities),
                f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            ]
        )
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    from warp.audit.models import AuditEntry
    from warp.students.imports import import_students
    from warp.students.models import ConsentRecord, Student

    data = make_csv(args.rows)
    WORK.mkdir(exist_ok=True)
    (WORK / f"students-{args.rows}.csv").write_bytes(data)
    seconds, created = [], []
    for _ in range(args.repeats):
        if Student.objects.exists():
            raise SystemExit("The import benchmark needs an empty database.")
        started = time.perf_counter()
        report = import_students(data, f"students-{args.rows}.csv", dry_run=False, import_valid_rows=True)
        seconds.append(time.perf_counter() - started)
        created.append(report.created)
        if report.errors:
            print(f"{len(report.errors)} rows had problems, e.g. {report.errors[:3]}")
        with connection.cursor() as cursor:  # what the import wrote, children first
            for model in (AuditEntry, ConsentRecord, Student.identities.through, Student):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - table names from the models
    print(json.dumps({"rows": args.rows, "created": created, "seconds": seconds}))


if __name__ == "__main__":
    main()
