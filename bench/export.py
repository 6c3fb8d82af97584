"""Peak memory while exporting attendance marks to CSV: `python -m bench.export [--limit N] --out FILE`.

The app has no attendance export yet; this is the query approach one should use: values_list() with
iterator(chunk_size=...) (a server-side cursor on PostgreSQL), written row by row, so memory does not grow
with the number of marks. Prints one JSON line with rows, seconds and the process's peak RSS.
"""

import argparse
import csv
import json
import os
import resource
import time


def rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def export(out, *, limit: int | None = None, chunk_size: int = 2000) -> int:
    from warp.bookings.models import Attendance

    marks = Attendance.objects.order_by("pk").values_list(
        "pk",
        "session__date",
        "session__course_run__course__title",
        "booking__student__registration_number",
        "mark",
        "marked_at",
    )
    if limit is not None:
        marks = marks[:limit]
    writer = csv.writer(out)
    writer.writerow(["id", "date", "course", "student", "mark", "marked_at"])
    rows = 0
    for row in marks.iterator(chunk_size=chunk_size):
        writer.writerow(row)
        rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out", default=os.devnull)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    from warp.bookings.models import Attendance

    Attendance.objects.order_by("pk").first()  # connect and load the models before the baseline
    if connection.vendor == "sqlite":
        # settings.py gives every SQLite connection a 64 MB page cache and a memory-mapped file, for pages
        # that read the same pages again and again. A stream over a whole table reads each page once and
        # gains nothing from them, while both would fill as it goes (up to 64 MB, and the file's size in
        # mapped pages): an export uses SQLite's defaults (2 MB, no map) on its connection, as here.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")
            cursor.execute("PRAGMA mmap_size = 0")
    baseline = rss_kb()
    started = time.perf_counter()
    with open(args.out, "w", newline="", encoding="utf-8") as out:
        rows = export(out, limit=args.limit)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "seconds": seconds, "baseline_kb": baseline, "peak_kb": rss_kb()}))


if __name__ == "__main__":
    main()
