"""Measure a generated centre: `python -m bench.measure --repeats 20` prints one JSON document.

- key pages through Django's test Client (in-process, no network), each measured alternately with the
  floor page (bench/views.py) signed in as the same person, plus each page's query count;
- the evaluation report computation beside hand-written SQL returning the same numbers (checked first);
- bookings per second with 20 threads, each with its own database connection, on runs with few places.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from datetime import date, datetime, timedelta


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "n": len(ordered)}


# Pages --------------------------------------------------------------------------------------------


def key_pages() -> list[dict]:
    """(label, who, url, key) for every page measured; `key` pages count towards the targets."""
    from django.utils import timezone

    from warp.accounts.models import User
    from warp.bookings.models import Booking
    from warp.prospectus.models import CourseRunTrainer, Session, Term

    today = timezone.localdate()
    term = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
    session = (
        Session.objects.filter(course_run__term=term, date__lt=today).order_by("-date", "-starts_at").first()
    )
    trainer = (
        CourseRunTrainer.objects.filter(course_run_id=session.course_run_id, perspective="peer")
        .select_related("trainer")
        .first()
        .trainer
    )
    booked = Booking.objects.filter(status="booked", course_run__term=term).order_by("student_id")
    student_id = booked.values_list("student_id", flat=True)[booked.count() // 2]
    tutor = User.objects.filter(role="admissions_tutor").order_by("pk").first()
    manager = User.objects.get(email="bench.manager@example.org")
    lead = User.objects.get(email="bench.lead@example.org")
    return [
        {"label": "Public prospectus", "who": None, "url": "/prospectus/", "key": True},
        {"label": "Student search", "who": tutor, "url": "/students/?q=hardy", "key": True},
        {"label": "One student's record", "who": tutor, "url": f"/students/{student_id}/", "key": True},
        {
            "label": "A trainer's register",
            "who": trainer,
            "url": f"/bookings/sessions/{session.pk}/register/",
            "key": True,
        },
        {"label": "Term dashboard", "who": manager, "url": "/bookings/dashboard/", "key": True},
        {"label": "Evaluation report page", "who": manager, "url": "/reports/evaluation/", "key": True},
        {"label": "TRIP reviews due", "who": lead, "url": "/teams/reviews-due/", "key": True},
        # The dashboard and the report are kept until their data change (warp/core/kept.py): these rows
        # measure the first view after a change, with a write to a tracked table before each request.
        {
            "label": "Term dashboard, first view after a change",
            "who": manager,
            "url": "/bookings/dashboard/",
            "key": False,
            "after_change": term.pk,
        },
        {
            "label": "Evaluation report page, first view after a change",
            "who": manager,
            "url": "/reports/evaluation/",
            "key": False,
            "after_change": term.pk,
        },
        {"label": "Teams list (TRIP)", "who": lead, "url": "/teams/", "key": False},
        {"label": "Trainer's sessions", "who": trainer, "url": "/bookings/sessions/", "key": False},
        {
            "label": "One student's bookings",
            "who": tutor,
            "url": f"/bookings/students/{student_id}/",
            "key": False,
        },
        {
            "label": "Registers not taken",
            "who": manager,
            "url": "/bookings/registers/not-taken/",
            "key": False,
        },
    ]


BENCH_TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCHBE"  # noqa: S105 - bench-only authenticator key


def _sign_in(client, user) -> None:
    """Signed in as after the real pages: the password step and, for staff, the second-factor step.

    Staff must have an authenticator app (the middleware sends them to set one up otherwise), so a bench
    user gets one here; the session then carries what allauth records after each step."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from warp.accounts.models import mfa_required_for

    client.force_login(user)
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    if mfa_required_for(user):
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None:
            totp = TOTP.activate(user, BENCH_TOTP_SECRET).instance
        records.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"})
    session = client.session
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def measure_pages(repeats: int, only: list[str] | None = None) -> list[dict]:
    """Every page of key_pages(), or only those whose label or URL contains one of `only` (any case)."""
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from warp.prospectus.models import Term

    results = []
    for page in key_pages():
        if only and not any(w.lower() in f"{page['label']} {page['url']}".lower() for w in only):
            continue
        client = Client()
        if page["who"] is not None:
            _sign_in(client, page["who"])

        change = page.get("after_change")

        def get(url: str, client=client, change=change, measured=page["url"]) -> float:
            if change and url == measured:
                # Raises the data version (a tracked table's trigger), outside the timed part.
                Term.objects.filter(pk=change).update(name=F("name"))
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return elapsed

        for _ in range(2):  # warm caches, templates and the connection
            get(page["url"])
            get("/bench/floor/")
        page_times, floor_times = [], []
        for _ in range(repeats):
            floor_times.append(get("/bench/floor/"))
            page_times.append(get(page["url"]))
        with CaptureQueriesContext(connection) as page_queries:
            get(page["url"])
        with CaptureQueriesContext(connection) as floor_queries:
            get("/bench/floor/")
        slowest = sorted(page_queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        page_s, floor_s = summary(page_times), summary(floor_times)
        results.append(
            {
                "label": page["label"],
                "url": page["url"],
                "key": page["key"],
                "page": page_s,
                "floor": floor_s,
                "ratio_median": page_s["median"] / floor_s["median"],
                "ratio_p95": page_s["p95"] / floor_s["p95"],
                "queries": len(page_queries.captured_queries),
                "floor_queries": len(floor_queries.captured_queries),
                "slowest_queries": [{"time": q["time"], "sql": q["sql"][:600]} for q in slowest],
            }
        )
        print(
            f"  {page['label']:<26} {page_s['median'] * 1000:8.1f} ms  floor {floor_s['median'] * 1000:6.1f} ms"
            f"  x{results[-1]['ratio_median']:.1f}  {results[-1]['queries']} queries",
            file=sys.stderr,
            flush=True,
        )
    return results


# The evaluation report beside hand-written SQL ----------------------------------------------------


def _age_sql(vendor: str) -> str:
    """Whole years from date_of_birth to the end date (parameter %(end)s)."""
    if vendor == "postgresql":
        return "date_part('year', age(CAST(%(end)s AS date), s.date_of_birth))"
    return (
        "(CAST(strftime('%%Y', %(end)s) AS INTEGER) - CAST(strftime('%%Y', s.date_of_birth) AS INTEGER)"
        " - (strftime('%%m-%%d', %(end)s) < strftime('%%m-%%d', s.date_of_birth)))"
    )


def students_section_sql(end: date) -> dict:
    """The students section of the evaluation report, in three hand-written queries."""
    from django.db import connection

    from warp.evaluation.queries import MULTIPLE_IDENTITIES, NOT_PROVIDED
    from warp.students.models import Gender

    params = {"end": end if connection.vendor == "postgresql" else end.isoformat()}
    with connection.cursor() as cursor:
        # 1: totals, identities (single / multiple / none) and age, in one pass over the students.
        cursor.execute(
            f"""
            WITH reg AS (
                SELECT s.id, s.date_of_birth, {_age_sql(connection.vendor)} AS age
                FROM students_student s WHERE s.registered_on <= %(end)s
            ), ticks AS (
                SELECT si.student_id, COUNT(*) AS n, MIN(si.identity_id) AS only_one
                FROM students_student_identities si JOIN reg ON reg.id = si.student_id
                GROUP BY si.student_id
            )
            SELECT COUNT(*), SUM(CASE WHEN t.n >= 2 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.n IS NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN reg.date_of_birth IS NULL THEN 1 ELSE 0 END),
                   AVG(reg.age), MIN(reg.age), MAX(reg.age)
            FROM reg LEFT JOIN ticks t ON t.student_id = reg.id
            """,
            params,
        )
        registered, multiple, none, no_dob, mean, youngest, oldest = cursor.fetchone()
        cursor.execute(
            """
            SELECT i.label, i.is_active, COUNT(one.student_id)
            FROM students_identity i LEFT JOIN (
                SELECT si.student_id, MIN(si.identity_id) AS identity_id
                FROM students_student_identities si
                JOIN students_student s ON s.id = si.student_id AND s.registered_on <= %(end)s
                GROUP BY si.student_id HAVING COUNT(*) = 1
            ) one ON one.identity_id = i.id
            GROUP BY i.id, i.label, i.is_active, i."order" ORDER BY i."order", i.label
            """,
            params,
        )
        by_identity = {label: n for label, active, n in cursor.fetchall() if active or n}
        cursor.execute(
            "SELECT gender, COUNT(*) FROM students_student WHERE registered_on <= %(end)s GROUP BY gender",
            params,
        )
        genders = dict(cursor.fetchall())
        # 2: growth by term, one pass.
        cursor.execute(
            "SELECT id, name, starts_on, ends_on FROM prospectus_term WHERE starts_on <= %(end)s ORDER BY starts_on",
            params,
        )
        terms = cursor.fetchall()
        by_term = []
        if terms:
            sums = ", ".join(
                f"SUM(CASE WHEN registered_on <= %(t{n})s THEN 1 ELSE 0 END)" for n in range(len(terms))
            )
            term_params = {f"t{n}": _param(min(_as_date(t[3]), end)) for n, t in enumerate(terms)} | params
            cursor.execute(f"SELECT {sums} FROM students_student WHERE registered_on <= %(end)s", term_params)
            previous = 0
            for term, cumulative in zip(terms, cursor.fetchone(), strict=True):
                by_term.append((term[1], int(cumulative or 0) - previous, int(cumulative or 0)))
                previous = int(cumulative or 0)
    by_identity[MULTIPLE_IDENTITIES] = int(multiple or 0)
    by_identity[NOT_PROVIDED] = int(none or 0)
    return {
        "registered": registered,
        "by_identity": by_identity,
        "by_gender": {str(label): genders.get(value, 0) for value, label in Gender.choices},
        "age": {
            "mean": round(float(mean), 1) if mean is not None else None,
            "min": int(youngest) if youngest is not None else None,
            "max": int(oldest) if oldest is not None else None,
            "not_provided": int(no_dob or 0),
        },
        "by_term": by_term,
    }


def _param(day: date):
    from django.db import connection

    return day if connection.vendor == "postgresql" else day.isoformat()


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def measure_report(repeats: int) -> dict:
    """The whole evaluation report (every section) beside the whole report in hand-written SQL."""
    from django.utils import timezone

    from bench.report_sql import report_as_plain, report_sql
    from warp.evaluation import queries
    from warp.evaluation.forms import default_period

    start, end = default_period()
    now = timezone.now()
    orm = report_as_plain(queries.evaluation_report(start=start, end=end))
    sql = report_sql(start, end, now)
    orm["courses"]["by_course"] = sorted(orm["courses"]["by_course"])
    sql["courses"]["by_course"] = sorted(sql["courses"]["by_course"])
    if orm != sql:
        raise SystemExit(f"The hand-written SQL disagrees with the report:\n{orm}\n{sql}")
    sections = [name for name in queries.EvaluationReport.__dataclass_fields__ if name not in {"period"}]
    orm_times, sql_times = [], []
    for _ in range(2):
        queries.evaluation_report(start=start, end=end)
        report_sql(start, end, now)
    for _ in range(repeats):
        started = time.perf_counter()
        queries.evaluation_report(start=start, end=end)
        orm_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        report_sql(start, end, now)
        sql_times.append(time.perf_counter() - started)
    orm_s, sql_s = summary(orm_times), summary(sql_times)
    return {
        "period": [start.isoformat(), end.isoformat()],
        "fields": sections,
        "numbers": {
            "registered": orm["students"]["registered"],
            "runs": orm["courses"]["runs"],
            "feedback": orm["feedback"]["total"][1],
            "reviews": orm["reviews"]["count"],
        },
        "report": orm_s,
        "sql": sql_s,
        "ratio_median": orm_s["median"] / sql_s["median"],
        "ratio_p95": orm_s["p95"] / sql_s["p95"],
    }


def _timed_pair(repeats: int, orm, sql) -> dict:
    """Time `orm()` and `sql()` alternately, after two warming runs of each."""
    orm_times, sql_times = [], []
    for _ in range(2):
        orm()
        sql()
    for _ in range(repeats):
        started = time.perf_counter()
        orm()
        orm_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        sql()
        sql_times.append(time.perf_counter() - started)
    orm_s, sql_s = summary(orm_times), summary(sql_times)
    return {
        "report": orm_s,
        "sql": sql_s,
        "ratio_median": orm_s["median"] / sql_s["median"],
        "ratio_p95": orm_s["p95"] / sql_s["p95"],
    }


def measure_outcomes(repeats: int) -> dict:
    """The outcomes report (headline figures) and the service-use report, each beside its recount in
    hand-written SQL (bench/outcomes_sql.py), checked equal before timing, over the evaluation's period."""
    from bench.generate import BENCH_INSTRUMENT
    from bench.outcomes_sql import outcomes_as_plain, outcomes_sql, service_use_as_plain, service_use_sql
    from warp.evaluation.forms import default_period
    from warp.measures.models import Instrument
    from warp.measures.queries import outcomes_report
    from warp.service_use.queries import service_use_report

    start, end = default_period()
    instrument = Instrument.objects.get(code=BENCH_INSTRUMENT["code"])
    outcomes = outcomes_as_plain(outcomes_report(instrument=instrument, start=start, end=end))
    if outcomes != outcomes_sql(instrument.code, start, end):
        raise SystemExit(f"The hand-written SQL disagrees with the outcomes report:\n{outcomes}")
    service_use = service_use_as_plain(service_use_report(start=start, end=end))
    if service_use != service_use_sql(start, end):
        raise SystemExit(f"The hand-written SQL disagrees with the service-use report:\n{service_use}")
    return {
        "period": [start.isoformat(), end.isoformat()],
        "outcomes": {
            "numbers": {key: outcomes[key] for key in ("responses", "baselines", "pairs")},
            **_timed_pair(
                repeats,
                lambda: outcomes_report(instrument=instrument, start=start, end=end),
                lambda: outcomes_sql(instrument.code, start, end),
            ),
        },
        "service_use": {
            "numbers": {"people": service_use["people"], "services": len(service_use["services"])},
            **_timed_pair(
                repeats,
                lambda: service_use_report(start=start, end=end),
                lambda: service_use_sql(start, end),
            ),
        },
    }


# Concurrent bookings --------------------------------------------------------------------------------


def measure_partnership(repeats: int) -> dict:
    """The partnership report's quick draft (every section, full version) for the last two years: measured,
    not asserted, and not compared with SQL (each section is another report's computation, timed above)."""
    from datetime import timedelta

    from django.utils import timezone

    from warp.partnership.sections import draft_report

    end = timezone.localdate()
    start = end - timedelta(days=730)
    report = draft_report(start=start, end=end)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        draft_report(start=start, end=end)
        times.append(time.perf_counter() - started)
    return {
        "period": [start.isoformat(), end.isoformat()],
        "sections": len(report.sections),
        "tables": len(report.tables()),
        "draft": summary(times),
    }


def measure_bookings(*, threads: int = 20, runs: int = 10, places: int = 10, per_thread: int = 20) -> dict:
    """threads x per_thread bookings on `runs` new runs of `places` places; counts places over capacity."""
    from django.db import close_old_connections, connection, connections
    from django.db.models import Count, Q
    from django.utils import timezone

    from warp.accounts.models import User
    from warp.bookings.models import Booking
    from warp.bookings.services import BookingRefused, booking_create
    from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, Session, Term, Venue
    from warp.students.models import Student

    today = timezone.localdate()
    now = timezone.now()
    term = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
    peer = User.objects.filter(role="trainer", trainer_kind="peer").first()
    pro = User.objects.filter(role="trainer", trainer_kind="professional").first()
    venue = Venue.objects.first()
    new_runs = []
    for n in range(runs):
        run = CourseRun.objects.create(
            course=Course.objects.order_by("pk")[n % Course.objects.count()],
            term=term,
            places=places,
            status="published",
            booking_opens_at=now - timedelta(days=1),
            booking_closes_at=now + timedelta(days=30),
        )
        CourseRunTrainer.objects.create(course_run=run, trainer=peer)
        CourseRunTrainer.objects.create(course_run=run, trainer=pro)
        Session.objects.create(
            course_run=run,
            date=today + timedelta(days=14 + n),
            starts_at=datetime.min.time().replace(hour=10),
            ends_at=datetime.min.time().replace(hour=12),
            venue=venue,
        )
        new_runs.append(run)
    total = threads * per_thread
    students = list(Student.objects.filter(status="active").order_by("?")[:total])
    per_thread = min(per_thread, len(students) // threads)
    total = threads * per_thread
    plan = [(students[i], new_runs[i % runs]) for i in range(total)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker(index: int) -> None:
        mine = plan[index * per_thread : (index + 1) * per_thread]
        local = []
        try:
            barrier.wait()
            for student, run in mine:
                started = time.perf_counter()
                try:
                    booking_create(student=student, course_run=run, by=None)
                except BookingRefused as refused:
                    with lock:
                        errors.append(str(refused))
                local.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            with lock:
                errors.append(repr(exc))
        finally:
            with lock:
                latencies.extend(local)
            connections.close_all()

    close_old_connections()
    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    wall = time.perf_counter() - started
    counts = CourseRun.objects.filter(pk__in=[r.pk for r in new_runs]).annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=["booked", "offered"])),
        waiting=Count("bookings", filter=Q(bookings__status="waiting")),
    )
    over = sum(max(0, run.taken - run.places) for run in counts)
    made = Booking.objects.filter(course_run__in=new_runs).count()
    return {
        "vendor": connection.vendor,
        "threads": threads,
        "attempts": total,
        "bookings_made": made,
        "booked": sum(run.taken for run in counts),
        "waiting": sum(run.waiting for run in counts),
        "places": runs * places,
        "overbooked": over,
        "errors": errors[:5],
        "error_count": len(errors),
        "seconds": wall,
        "per_second": made / wall if wall else None,
        "latency": summary(latencies) if latencies else None,
    }


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--bookings", action="store_true", help="also run the 20-client bookings benchmark")
    parser.add_argument(
        "--only",
        default="pages,report,outcomes,partnership",
        help="comma-separated parts to measure: pages, report, outcomes (the outcomes and service-use "
        "reports), partnership (the partnership report's draft); default all; --bookings adds bookings)",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated words: measure only pages whose label or URL contains one, e.g. dashboard,evaluation",
    )
    args = parser.parse_args()
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from warp.bookings.models import Attendance, Booking
    from warp.students.models import Student

    result = {
        "database": database_version(),
        "counts": {
            "students": Student.objects.count(),
            "bookings": Booking.objects.count(),
            "attendance marks": Attendance.objects.count(),
        },
    }
    if "pages" in parts:
        print("pages:", file=sys.stderr, flush=True)
        result["pages"] = measure_pages(args.repeats, [w for w in args.pages.split(",") if w.strip()])
    if "report" in parts:
        print("evaluation report:", file=sys.stderr, flush=True)
        result["report"] = measure_report(max(5, args.repeats // 2))
        report = result["report"]
        print(
            f"  evaluation_report() {report['report']['median'] * 1000:8.1f} ms"
            f"  SQL {report['sql']['median'] * 1000:8.1f} ms  x{report['ratio_median']:.2f}",
            file=sys.stderr,
            flush=True,
        )
    if "outcomes" in parts:
        print("outcomes and service-use reports:", file=sys.stderr, flush=True)
        result["outcomes"] = measure_outcomes(max(5, args.repeats // 2))
        for name in ("outcomes", "service_use"):
            part = result["outcomes"][name]
            print(
                f"  {name}_report() {part['report']['median'] * 1000:8.1f} ms"
                f"  SQL {part['sql']['median'] * 1000:8.1f} ms  x{part['ratio_median']:.2f}",
                file=sys.stderr,
                flush=True,
            )
    if "partnership" in parts:
        print("partnership report draft:", file=sys.stderr, flush=True)
        result["partnership"] = measure_partnership(max(3, args.repeats // 4))
        draft = result["partnership"]["draft"]
        print(f"  draft_report() {draft['median'] * 1000:8.1f} ms", file=sys.stderr, flush=True)
    if args.bookings:
        print("bookings:", file=sys.stderr, flush=True)
        result["bookings"] = measure_bookings()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
