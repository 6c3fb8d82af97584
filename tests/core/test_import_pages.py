"""Every import has a web upload with the same dry-run preview as the student import (issue 16, item 5):
the file is checked, each problem shown with its row, column and reason, nothing saved until confirmed,
and nothing from a file with problems unless the box is ticked."""

import io

import pytest
from django.urls import reverse

from tests.factories import make_student
from warp.importers import IMPORTS
from warp.students.models import LearningPlan, StudentStatus

pytestmark = pytest.mark.django_db
HEADER = "registration_number,agreed_on,review_date,goals\n"


def _upload(client, kind: str, text: str, name: str = "file.csv"):
    upload = io.BytesIO(text.encode())
    upload.name = name
    return client.post(reverse("imports:upload", args=[kind]), {"file": upload})


@pytest.mark.parametrize("kind", sorted(set(IMPORTS) - {"students"}))
def test_every_import_has_an_upload_page_with_its_columns(client_for, kind):
    page = client_for("centre_manager").get(reverse("imports:upload", args=[kind])).content.decode()
    assert f"Import {IMPORTS[kind].title.lower()}" in page
    assert all(f"<code>{column}</code>" in page for column in IMPORTS[kind].columns)
    templates = client_for("centre_manager").get(reverse("imports:templates")).content.decode()
    assert reverse("imports:upload", args=[kind]) in templates


def test_the_students_import_keeps_its_own_page(client_for):
    response = client_for("centre_manager").get(reverse("imports:upload", args=["students"]))
    assert response.status_code == 302 and response["Location"] == reverse("students:import-upload")


def test_a_file_is_checked_and_previewed_then_imported_only_when_confirmed(client_for):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client = client_for("centre_manager")
    response = _upload(client, "plans", HEADER + f"{student.registration_number},14/03/2013,,To rest\n")
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert "Check before importing" in page and "Import 1 new row" in page
    assert not LearningPlan.objects.exists()  # a dry run so far

    page = client.post(preview, {}, follow=True).content.decode()
    assert "Import finished" in page and "1 new row imported, 0 already here" in page
    assert LearningPlan.objects.get(student=student).hopes_and_goals == "To rest"
    again = client.post(preview, {}, follow=True).content.decode()  # pressed twice: still finished
    assert "Import finished" in again and LearningPlan.objects.count() == 1


def test_problems_show_row_column_and_reason_and_nothing_is_saved_without_the_tick(client_for):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client = client_for("centre_manager")
    text = HEADER + f"{student.registration_number},2013-03-14,,To rest\nREC-NOBODY,2013-03-14,,Someone\n"
    preview = _upload(client, "plans", text)["Location"]
    page = client.get(preview).content.decode()
    assert (
        '<th scope="row" class="nhsuk-table__cell">3</th><td class="nhsuk-table__cell">registration_number</td>'
        in page
    )
    assert "No student has the registration number &#x27;REC-NOBODY&#x27;" in page

    page = client.post(preview, {}).content.decode()
    assert "Tick this box to import the 1 new row without problems" in page
    assert not LearningPlan.objects.exists()
    client.post(preview, {"import_valid_rows": "on"})
    assert LearningPlan.objects.filter(student=student).exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(client_for):
    page = _upload(client_for("centre_manager"), "attendance", "mark\npresent\n").content.decode()
    assert "Row 1 (the header) is missing these columns" in page
    assert "course, registration_number, session_date, term" in page


def test_someone_else_cannot_see_or_import_an_upload(client_for):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    preview = _upload(
        client_for("centre_manager"), "plans", HEADER + f"{student.registration_number},2013-03-14,,Rest\n"
    )["Location"]
    other = client_for("administrator")
    assert other.get(preview).status_code == 404
    assert other.post(preview, {"import_valid_rows": "on"}).status_code == 404
    assert not LearningPlan.objects.exists()


def test_the_preview_makes_a_bounded_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("centre_manager")
    rows = "".join(f"REC-{n},2013-03-14,,Goals\n" for n in range(120))
    preview = _upload(client, "plans", HEADER + rows)["Location"]
    # the signed-in session, its user, the upload with its stored dry run (whatever its rows)
    with django_assert_max_num_queries(3):
        assert client.get(preview).status_code == 200


def test_an_upload_is_kept_for_a_day_and_emptied_once_imported(client_for):
    """Uploads hold people's rows: the file goes once imported, and the whole upload a day after it came."""
    from datetime import timedelta

    from django.utils import timezone

    from warp.core.models import ImportUpload

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    client = client_for("centre_manager")
    preview = _upload(client, "plans", HEADER + f"{student.registration_number},2013-03-14,,Rest\n")[
        "Location"
    ]
    client.post(preview, {})
    assert bytes(ImportUpload.objects.get().data) == b""
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert client.get(preview).status_code == 404
    _upload(client, "plans", HEADER + f"{student.registration_number},2013-03-14,,Rest\n")
    assert ImportUpload.objects.count() == 1  # the day-old one went as the new one came


def test_the_upload_and_check_pages_each_have_a_way_back(client_for):
    client = client_for("centre_manager")
    upload = client.get(reverse("imports:upload", args=["plans"])).content.decode()
    assert f'class="nhsuk-back-link" href="{reverse("imports:templates")}"' in upload
    preview = client.get(_upload(client, "plans", HEADER + "REC-NOBODY,2013-03-14,,Rest\n")["Location"])
    assert (
        f'class="nhsuk-back-link" href="{reverse("imports:upload", args=["plans"])}"'
        in preview.content.decode()
    )
