"""`make bench`: build a fresh benchmark database, measure, and write bench/results/<date>-<database>.md.

Steps (each in its own process, so one step's memory never colours the next):
1. an empty migrated database: the student import rate from a CSV of --students rows;
2. an empty migrated database again: the generator at --students;
3. pages, the evaluation report beside hand-written SQL, and (PostgreSQL) 20 concurrent booking clients;
4. the attendance export's peak memory at 10,000 marks and at all of them.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench.database import recreate

BENCH = Path(__file__).resolve().parent
TARGET_RATIO, TARGET_QUERIES, TARGET_REPORT, TARGET_IMPORT, TARGET_MEMORY = 3.0, 20, 2.0, 5000, 0.20


def _env(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def _json_step(args: list[str], url: str) -> dict:
    done = subprocess.run(  # noqa: S603 - our own modules, run with this Python
        [sys.executable, "-m", *args], env=_env(url), check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _machine() -> dict:
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def _yes(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def _outcomes_lines(measured: dict | None) -> list[str]:
    """The outcomes and service-use reports beside their hand-written SQL recounts (bench/outcomes_sql.py)."""
    if not measured:
        return []
    outcomes, use = measured["outcomes"], measured["service_use"]
    numbers = outcomes["numbers"]
    lines = [
        "## Outcomes and service-use reports",
        "",
        f"`outcomes_report()` (headline figures) and `service_use_report()` for {measured['period'][0]} to "
        f"{measured['period'][1]}, each beside the same figures recounted in hand-written SQL "
        "(`bench/outcomes_sql.py`), checked equal before timing "
        f"({numbers['responses']:,} scored responses, {numbers['baselines']:,} baselines, {numbers['pairs']:,} "
        f"pairs; {use['numbers']['people']:,} people with service use before and after).",
        "",
        "| | median ms | p95 ms | SQL median ms | SQL p95 ms | x SQL (median) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, part in (("outcomes_report()", outcomes), ("service_use_report()", use)):
        lines.append(
            f"| {label} | {_ms(part['report']['median'])} | {_ms(part['report']['p95'])} | "
            f"{_ms(part['sql']['median'])} | {_ms(part['sql']['p95'])} | {part['ratio_median']:.1f} |"
        )
    return [*lines, ""]


def _partnership_lines(measured: dict | None) -> list[str]:
    """The partnership report's quick draft: measured, not held to a target."""
    if not measured:
        return []
    draft = measured["draft"]
    return [
        "## Partnership report (draft)",
        "",
        f"`draft_report()` for {measured['period'][0]} to {measured['period'][1]}: every section "
        f"({measured['sections']} sections, {measured['tables']} tables), full version. Measured, not asserted.",
        "",
        "| | median ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| draft_report() | {_ms(draft['median'])} | {_ms(draft['p95'])} |",
        "",
    ]


def render(results: dict) -> str:
    m = results["machine"]
    measured = results["measure"]
    lines = [
        f"# Benchmarks: {measured['database']}, {results['students']:,} students",
        "",
        f"- date: {results['date']}",
        f"- machine: {m['nproc']} CPUs (`nproc`), {m['memory']} memory, {m['platform']}",
        f"- Python {m['python']}, {measured['database']}",
        f"- generator: {results['generate_seconds']:.0f} s; whole `make bench`: {results['total_seconds'] / 60:.1f} min",
        f"- data: {', '.join(f'{v:,} {k}' for k, v in measured['counts'].items())}",
        f"- repeats: {results['repeats']} per page (each page alternated with its floor, same client and person)",
        "",
        "## Targets",
        "",
    ]
    pages = measured["pages"]
    key = [p for p in pages if p["key"]]
    slow = [p["label"] for p in key if p["ratio_median"] > TARGET_RATIO]
    chatty = [p["label"] for p in key if p["queries"] >= TARGET_QUERIES]
    report = measured["report"]
    imp = results["import"]
    rate = imp["rows"] / sorted(imp["seconds"])[len(imp["seconds"]) // 2]
    small, big = results["export_small"], results["export_all"]
    growth = (big["peak_kb"] - small["peak_kb"]) / small["peak_kb"]
    lines += [
        "| target | result | |",
        "| --- | --- | --- |",
        f"| every key page within {TARGET_RATIO:g}x its floor (median) | "
        f"{'all within' if not slow else 'over: ' + '; '.join(slow)} | {_yes(not slow)} |",
        f"| every key page under {TARGET_QUERIES} queries | "
        f"{'all under' if not chatty else 'over: ' + '; '.join(chatty)} | {_yes(not chatty)} |",
        f"| evaluation report within {TARGET_REPORT:g}x hand-written SQL | x{report['ratio_median']:.1f} | "
        f"{_yes(report['ratio_median'] <= TARGET_REPORT)} |",
        f"| student import at least {TARGET_IMPORT:,} rows/s | {rate:,.0f} rows/s | {_yes(rate >= TARGET_IMPORT)} |",
        f"| export memory flat (peak RSS at {big['rows']:,} marks within 20% of {small['rows']:,}) | "
        f"{growth * 100:+.0f}% | {_yes(growth <= TARGET_MEMORY)} |",
    ]
    bookings = measured.get("bookings")
    if bookings:
        lines.append(
            f"| no overbooking with {bookings['threads']} concurrent clients | "
            f"{bookings['overbooked']} places over | {_yes(bookings['overbooked'] == 0)} |"
        )
    lines += [
        "",
        "## Key pages (server time through the test Client, in-process)",
        "",
        "| page | median ms | p95 ms | floor median ms | floor p95 ms | x floor (median) | x floor (p95) | queries | |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in pages:
        ok = p["ratio_median"] <= TARGET_RATIO and p["queries"] < TARGET_QUERIES
        lines.append(
            f"| {p['label']}{'' if p['key'] else ' (extra)'} | {_ms(p['page']['median'])} | {_ms(p['page']['p95'])} | "
            f"{_ms(p['floor']['median'])} | {_ms(p['floor']['p95'])} | {p['ratio_median']:.1f} | "
            f"{p['ratio_p95']:.1f} | {p['queries']} | {'ok' if ok else '**over**'} |"
        )
    lines += [
        "",
        f"The floor page makes {pages[0]['floor_queries']} queries anonymous and "
        f"{max(p['floor_queries'] for p in pages)} signed in (session, user).",
        "",
        "## Evaluation report computation",
        "",
        f"`evaluation_report(start={report['period'][0]}, end={report['period'][1]})` (sections: "
        f"{', '.join(report['fields'])}) beside the same report recounted in hand-written SQL "
        "(`bench/report_sql.py`); every number was checked equal before timing "
        f"({report['numbers']['registered']} students, {report['numbers']['runs']} runs, "
        f"{report['numbers']['feedback']} feedback forms, {report['numbers']['reviews']} reviews in the period).",
        "",
        "| | median ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| evaluation_report() | {_ms(report['report']['median'])} | {_ms(report['report']['p95'])} |",
        f"| hand-written SQL | {_ms(report['sql']['median'])} | {_ms(report['sql']['p95'])} |",
        f"| ratio | {report['ratio_median']:.1f} | {report['ratio_p95']:.1f} |",
        "",
        *_outcomes_lines(measured.get("outcomes")),
        *_partnership_lines(measured.get("partnership")),
        "## Student import",
        "",
        f"{imp['rows']:,}-row CSV through `import_students(dry_run=False)` into an empty database, "
        f"{len(imp['seconds'])} run(s): {', '.join(f'{s:.1f} s' for s in imp['seconds'])} "
        f"(created {', '.join(f'{c:,}' for c in imp['created'])}); median rate **{rate:,.0f} rows/s**.",
        "",
        "## Attendance export (streaming, bench/export.py)",
        "",
        "| marks | seconds | baseline RSS MiB | peak RSS MiB |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for e in (small, big):
        lines.append(
            f"| {e['rows']:,} | {e['seconds']:.1f} | {e['baseline_kb'] / 1024:.0f} | {e['peak_kb'] / 1024:.0f} |"
        )
    lines += [
        "",
        "The app has no attendance export yet: this measures the query approach one should use "
        "(`values_list(...).iterator(chunk_size=2000)`, written row by row).",
        "",
    ]
    if bookings:
        lat = bookings["latency"]
        lines += [
            "## Concurrent bookings",
            "",
            f"{bookings['threads']} threads, each with its own connection, calling `booking_create` "
            f"{bookings['attempts']:,} times on {bookings['places'] // 10} new runs of 10 places "
            f"({bookings['vendor']}).",
            "",
            "| bookings/s | median ms | p95 ms | booked | waiting | places | overbooked | errors |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {bookings['per_second']:.0f} | {_ms(lat['median'])} | {_ms(lat['p95'])} | {bookings['booked']} | "
            f"{bookings['waiting']} | {bookings['places']} | {bookings['overbooked']} | {bookings['error_count']} |",
            "",
        ]
    else:
        lines += ["## Concurrent bookings", "", "Measured on PostgreSQL only.", ""]
    lines += ["## The slowest queries of each key page", ""]
    for p in key:
        lines.append(f"### {p['label']} (`{p['url']}`)")
        lines.append("")
        for q in p["slowest_queries"]:
            lines.append(f"- {float(q['time']) * 1000:.1f} ms: `{q['sql'][:400]}`")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write a results table.")
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--database-url", default=f"sqlite:///{BENCH / 'work' / 'bench.sqlite3'}")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--import-repeats", type=int, default=1, help="imports of the whole CSV")
    parser.add_argument("--out", default=str(BENCH / "results"))
    args = parser.parse_args()
    url = args.database_url
    postgres = url.startswith(("postgres://", "postgresql://"))
    started = time.perf_counter()
    results: dict = {"students": args.students, "repeats": args.repeats, "machine": _machine()}
    results["date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")

    print(f"1/4 student import rate ({args.students:,} rows)", flush=True)
    recreate(url)
    import_args = ["bench.importbench", "--rows", str(args.students), "--repeats", str(args.import_repeats)]
    results["import"] = _json_step(import_args, url)
    print(f"    {results['import']}", flush=True)

    print(f"2/4 generating {args.students:,} students", flush=True)
    recreate(url)
    generated = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.generate", "--students", str(args.students)], env=_env(url), check=True
    )
    results["generate_seconds"] = time.perf_counter() - generated

    print("3/4 pages, report, bookings", flush=True)
    measure_args = ["bench.measure", "--repeats", str(args.repeats)]
    results["measure"] = _json_step([*measure_args, "--bookings"] if postgres else measure_args, url)

    print("4/4 attendance export", flush=True)
    results["export_small"] = _json_step(["bench.export", "--limit", "10000"], url)
    results["export_all"] = _json_step(["bench.export"], url)
    results["total_seconds"] = time.perf_counter() - started

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if postgres else "sqlite"
    stem = f"{datetime.now().astimezone():%Y-%m-%d}-{vendor}-{args.students}"
    (out / f"{stem}.md").write_text(render(results) + "\n", encoding="utf-8")
    (BENCH / "work").mkdir(exist_ok=True)
    (BENCH / "work" / f"{stem}.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"wrote {out / (stem + '.md')} in {results['total_seconds'] / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
