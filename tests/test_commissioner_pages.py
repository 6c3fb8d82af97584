"""Commissioners see aggregates only: no page, download or report object they get names a person.

Signed in as the commissioner, every URL the role-by-URL table lets them GET (pages, CSV, JSON, PDF) is
fetched in a world full of people, and none may contain any student's or staff member's name, email,
phone number, postcode, registration number or date of birth. The report objects behind the downloads,
the CSV header and the JSON keys are also searched for person-level fields.
"""

import dataclasses
import json
import shutil
import subprocess
from datetime import date

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_review, make_student
from tests.personas import sign_in_fully
from tests.test_url_access import ROUTES, _client_for, all_patterns, build_world
from tests.url_access import OK
from warp.accounts.models import User
from warp.evaluation import exports
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.forms import default_period
from warp.evaluation.queries import evaluation_report
from warp.students.models import Student
from warp.teams.queries import team_summary

# Addresses that anyone holding their secret may open (a calendar feed, a feedback or rater link, a
# password-reset key): not pages the commissioner's role gives them.
SECRET_KWARGS = {"token", "key"}

PERSON_FIELDS = {
    "name",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "postcode",
    "address",
    "date_of_birth",
    "registration_number",
    "student",
    "student_id",
    "user",
    "user_id",
}


def commissioner_urls() -> list[str]:
    patterns = all_patterns()
    return sorted(
        name
        for name, entry in ROUTES.items()
        if entry.expect["commissioner"] == OK
        and entry.methods is not None
        and "GET" in entry.methods
        and not SECRET_KWARGS & set(patterns[name].pattern.regex.groupindex)
    )


@pytest.fixture
def world(personas):
    """The role-by-URL table's records, reused here."""
    return build_world(personas)


@pytest.fixture
def crowd(world, personas):
    """Students with every person-level detail filled in, reviewed (with quotes they agreed to) this year."""
    tutor = personas["admissions_tutor"]
    people = [
        ("Wren", "Ashdown", date(1971, 3, 14), "07700 900461", "DT1 2QB"),
        ("Idris", "Fennimore", date(1988, 11, 2), "07700 900462", "BH14 8LR"),
        ("Marguerite", "Oyelaran", date(1995, 6, 30), "07700 900463", "BH23 1HE"),
    ]
    for first, last, born, phone, postcode in people:
        student = make_student(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            phone=phone,
            postcode=postcode,
            email=f"{first.lower()}.{last.lower()}@example.org",
            consent_to_quote=True,
        )
        make_review(
            student,
            held_by=tutor,
            review_date=timezone.localdate(),
            categories=("self-management",),
            quote_consent=True,
            changes="I plan my week now.",
        )
    return world


def _dates(born: date) -> list[str]:
    return [born.isoformat(), born.strftime("%d/%m/%Y"), f"{born.day} {born:%B %Y}"]


def person_level_values(*, except_user: User) -> dict[str, str]:
    """Every person-level value in the database, each with who it belongs to."""
    found: dict[str, str] = {}
    for student in Student.objects.all():
        who = f"student {student.full_name}"
        values = [
            student.full_name,
            student.email,
            student.phone,
            student.postcode,
            student.registration_number,
        ]
        if student.date_of_birth:
            values += _dates(student.date_of_birth)
        if len(student.last_name) > 4:
            values.append(student.last_name)
        found |= {value: who for value in values if value}
    for user in User.objects.exclude(pk=except_user.pk):
        who = f"account {user.email}"
        found |= {value: who for value in [user.get_full_name(), user.email] if value.strip()}
    return found


def _text(response) -> str | None:
    """The words of a page or download (a Word document's too); None for a PDF when pdftotext is missing (the report object and
    the printable page the PDF is drawn from are searched by the last test instead)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/pdf"):
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            return None
        return subprocess.run(  # noqa: S603  # a fixed program on bytes we made
            [pdftotext, "-layout", "-", "-"], input=body, capture_output=True, check=True
        ).stdout.decode()
    if response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument"):
        # A Word document: every paragraph and every table cell, as a reader would see them.
        import io

        from docx import Document

        document = Document(io.BytesIO(body))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return body.decode()


def test_commissioner_is_given_the_evaluation_report_and_team_summaries():
    assert {"evaluation:report", "evaluation:report-csv", "evaluation:report-pdf", "teams:summaries"} <= set(
        commissioner_urls()
    )


def test_no_commissioner_page_or_download_names_a_person(crowd, client, personas):
    commissioner = personas["commissioner"]
    sign_in_fully(client, commissioner)
    values = person_level_values(except_user=commissioner)
    assert "Wren Ashdown" in values and "07700 900461" in values  # the search knows the crowd
    found = []
    for name in commissioner_urls():
        entry = ROUTES[name]
        url = reverse(name, kwargs=entry.kwargs(crowd) if entry.kwargs else None) + entry.query
        # The API's routes are asked with a bearer token made for the commissioner, as a dashboard would.
        asking = _client_for(entry, "commissioner", commissioner) if entry.token else client
        response = asking.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        if text is None:
            continue
        found += [f"{url}: {value!r} ({who})" for value, who in values.items() if value in text]
    assert not found, "Commissioner pages show person-level data:\n  " + "\n  ".join(found)


def test_commissioner_downloads_have_no_person_level_columns_or_keys(crowd, client, personas):
    sign_in_fully(client, personas["commissioner"])
    header = client.get(reverse("evaluation:report-csv")).content.decode().splitlines()[0]
    assert header.split(",") == ["section", "measure", "group", "value"]
    keys = set()

    def collect(value):
        if isinstance(value, dict):
            keys.update(value)
            for inner in value.values():
                collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)

    collect(json.loads(client.get(reverse("evaluation:report-json")).content))
    assert keys and not keys & PERSON_FIELDS, keys & PERSON_FIELDS


def _walk(value, path: str):
    """(path, field name or None, value) for everything inside a report object."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield f"{path}.{item.name}", item.name, getattr(value, item.name)
            yield from _walk(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield f"{path}[{index}]", None, inner
            yield from _walk(inner, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield f"{path}[{key!r}]", str(key), inner
            yield from _walk(inner, f"{path}[{key!r}]")


def test_reports_given_to_commissioners_hold_no_person_level_field_or_record(crowd, personas):
    start, end = default_period()
    reports = {
        "evaluation": for_commissioners(evaluation_report(start=start, end=end)),
        "team summaries": team_summary(today=timezone.localdate()),
    }
    values = person_level_values(except_user=personas["commissioner"])
    wrong = []
    for label, report in reports.items():
        for path, field_name, value in _walk(report, label):
            if field_name in PERSON_FIELDS:
                wrong.append(f"{path}: a person-level field")
            if isinstance(value, models.Model) and isinstance(value, Student | User):
                wrong.append(f"{path}: a {type(value).__name__} record")
            if isinstance(value, str) and value in values:
                wrong.append(f"{path}: {value!r} ({values[value]})")
    # The PDF is drawn from this printable page; search it too, in case pdftotext is missing elsewhere.
    html = exports.report_html(reports["evaluation"])
    wrong += [f"printable report: {value!r} ({who})" for value, who in values.items() if value in html]
    assert not wrong, "\n".join(wrong)
