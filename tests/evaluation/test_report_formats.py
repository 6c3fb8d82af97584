import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.evaluation.factories import identity, student, term
from tests.factories import category, make_run, make_student
from warp.bookings.services import booking_create
from warp.feedback.services import feedback_submit
from warp.students.services import review_record

pytestmark = pytest.mark.django_db
PERIOD = "?start=2013-09-01&end=2014-08-07"


@pytest.fixture
def centre():
    secondary, carer = identity("Secondary care"), identity("Carer")
    term("Autumn 2013", date(2013, 9, 1), date(2013, 12, 15))
    for n in range(20):
        student(
            registered_on=date(2013, 10, 1),
            identities=[secondary] if n % 2 else [secondary, carer],
            date_of_birth=date(1960 + n, 3, 4),
            gender="woman" if n % 3 else "man",
        )


def test_csv_json_and_page_show_the_same_numbers(centre, client_for):
    client = client_for("centre_manager")
    data = json.loads(client.get(reverse("evaluation:report-json") + PERIOD).content)
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("evaluation:report-csv") + PERIOD).content.decode()))
    )
    page = client.get(reverse("evaluation:report") + PERIOD).content.decode()

    assert data["period"] == {"start": "2013-09-01", "end": "2014-08-07"}
    assert data["students"]["registered"] == 20
    by_identity = {row["label"]: row["count"] for row in data["students"]["by_identity"]}
    assert by_identity["Multiple identities selected"] == 10 and by_identity["Secondary care"] == 10
    csv_identity = {r["group"]: int(r["value"]) for r in rows if r["measure"] == "by_identity"}
    assert csv_identity == by_identity
    csv_age = {r["measure"]: r["value"] for r in rows if r["measure"].startswith("age_")}
    assert float(csv_age["age_mean"]) == data["students"]["age"]["mean"]
    assert f"{data['students']['age']['mean']} years" in page
    assert "20 students registered" in page


def test_json_has_the_documented_keys(centre, client_for):
    data = json.loads(client_for("partnership_lead").get(reverse("evaluation:report-json") + PERIOD).content)
    assert set(data["students"]) >= {"registered", "by_identity", "by_gender", "age"}
    assert set(data["students"]["age"]) == {"mean", "min", "max", "not_provided"}
    assert all(set(row) == {"label", "count"} for row in data["students"]["by_identity"])


def test_pdf_is_a_pdf_of_the_same_report(centre, client_for):
    response = client_for("centre_manager").get(reverse("evaluation:report-pdf") + PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="evaluation-2013-09-01-to-2014-08-07.pdf"' in response["Content-Disposition"]
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    data = json.loads(client_for("centre_manager").get(reverse("evaluation:report-json") + PERIOD).content)
    # The page's own figures, in the PDF: the number registered, the mean age, each identity's count.
    assert f"{data['students']['registered']} students registered" in text
    assert f"{data['students']['age']['mean']} years" in text
    for row in data["students"]["by_identity"]:
        assert f"{row['label']} {row['count']}" in text, row


def test_commissioner_gets_the_suppressed_numbers_in_every_format(client_for):
    carer = identity("Carer")
    for _ in range(3):
        student(registered_on=date(2013, 10, 1), identities=[carer])
    client = client_for("commissioner")
    data = json.loads(client.get(reverse("evaluation:report-json") + PERIOD).content)
    assert {r["label"]: r["count"] for r in data["students"]["by_identity"]}["Carer"] == "*"
    assert data["suppressed"] is True
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("evaluation:report-csv") + PERIOD).content.decode()))
    )
    assert {r["group"]: r["value"] for r in rows if r["measure"] == "by_identity"}["Carer"] == "*"
    assert "shown as *" in client.get(reverse("evaluation:report") + PERIOD).content.decode()


def test_a_bad_period_is_explained_and_keeps_what_was_typed(client_for):
    client = client_for("centre_manager")
    page = client.get(reverse("evaluation:report") + "?start=2014-08-01&end=2014-01-01").content.decode()
    assert "The last day must be on or after the first day" in page
    assert 'value="2014-08-01"' in page
    words = client.get(reverse("evaluation:report") + "?start=soon&end=2014-01-01").content.decode()
    assert "Enter the first day as a date" in words and 'value="soon"' in words
    assert client.get(reverse("evaluation:report-csv") + "?start=soon&end=2014-01-01").status_code == 400


def test_report_page_queries_do_not_grow_with_students_runs_or_feedback(
    client_for, personas, django_assert_max_num_queries
):
    client = client_for("centre_manager")
    secondary = identity("Secondary care")
    autumn = term("Autumn 2013", date(2013, 9, 1), date(2013, 12, 15))

    def page_with(n):
        for _ in range(n):
            someone = student(
                registered_on=date(2013, 10, 1), identities=[secondary], date_of_birth=date(1980, 1, 1)
            )
            review_record(
                student=someone,
                review_date=date(2013, 11, 1),
                changes="I feel more hopeful.",
                held_by=None,
                quote_consent=True,
                categories=[category("acceptance-hope")],
            )
            # Sessions of this month, filed under the 2013 term: outside its dates, on purpose.
            run = make_run(term=autumn, session_days=[-30, -20], outside_term=True)
            booking_create(student=make_student(), course_run=run, by=None)
            feedback_submit(
                course_run=run,
                answers={"would_attend_again": "yes", "rating": 4},
                source="paper",
                entered_by=personas["admissions_tutor"],
                quote_consent=False,
                submitted_on=date(2013, 11, 1),
            )
        # 2 session and user; students: identity list, terms, one pass for every figure (3);
        # courses: run count, progress per (term, course) (2), term names, course titles (5);
        # feedback: totals, per term (2); reviews: totals, per category, quotes (3); the coders' agreement:
        # totals, each coder's yes per category, the categories (4); workshops: totals, per ward or service
        # (2); activities per group (1); intensive cohorts met and their referrals (2), the questionnaires for
        # their before/after figures (1; then 4 for each questionnaire, none here); and, as the report is
        # kept until its data change (warp/core/kept.py), sessions started today and the data version for
        # the page's body and for the report (3). Seen again, it makes none of the report's queries.
        with django_assert_max_num_queries(28):
            assert (
                client.get(reverse("evaluation:report") + "?start=2013-09-01&end=2030-01-01").status_code
                == 200
            )

    page_with(3)
    page_with(30)
