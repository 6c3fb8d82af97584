import pytest
from django.urls import reverse

from tests.factories import book, make_run, make_student
from warp.students.access import get_student_for
from warp.students.models import StudentStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("how_many", [3, 30])
def test_student_list_query_count_does_not_grow_with_rows(
    client_for, django_assert_max_num_queries, how_many
):
    for n in range(how_many):
        make_student(first_name=f"Row{n}")
    client = client_for("admissions_tutor")
    # session, user, count for the paginator, the page of students, their audit entries (one insert), the
    # identities, terms and courses for the filters
    with django_assert_max_num_queries(8):
        response = client.get(reverse("students:student-list"))
    assert response.content.decode().count("Row") >= how_many


def test_student_list_is_paginated_by_fifty(client_for):
    for n in range(55):
        make_student(first_name=f"Pat{n:02d}", last_name="Zed")
    client = client_for("centre_manager")
    first = client.get(reverse("students:student-list")).content.decode()
    second = client.get(reverse("students:student-list") + "?page=2").content.decode()
    assert first.count("Zed, Pat") == 50 and second.count("Zed, Pat") == 5
    assert "Page 2 of 2" in first


@pytest.mark.parametrize(
    "search",
    [
        "ember",
        "Juniper Emberly",
        "jun emb",
        "juniper",
        "REC-",
        "june@example",
        "bh21 9",
        "BH219ZZ",
        "bh21 9zz",
    ],
)
def test_student_list_searches_name_number_email_and_postcode(client_for, search):
    wanted = make_student(
        first_name="Juniper", last_name="Emberly", email="june@example.org", postcode="BH21 9ZZ"
    )
    other = make_student(
        first_name="Other", last_name="Person", email="other@example.org", postcode="DT1 1AA"
    )
    if search == "REC-":
        search = wanted.registration_number.lower()
    page = (
        client_for("admissions_tutor").get(reverse("students:student-list"), {"q": search}).content.decode()
    )
    assert "Emberly, Juniper" in page
    assert "Person, Other" not in page, other


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("EMB", True),
        ("jun", True),
        ("june@ex", True),
        ("berly", False),
        ("niper", False),
        ("example.org", False),
    ],
)
def test_names_and_email_match_from_their_start_on_every_database(client_for, search, found):
    """The same search finds the same students on SQLite and on PostgreSQL (the suite runs on both): the
    start of a first name, a last name or an email address, in any case, and never the middle of one."""
    make_student(first_name="Juniper", last_name="Emberly", email="june@example.org")
    make_student(first_name="Other", last_name="Person", email="other@example.net")
    page = (
        client_for("admissions_tutor").get(reverse("students:student-list"), {"q": search}).content.decode()
    )
    assert ("Emberly, Juniper" in page) is found and "Person, Other" not in page


def test_postcodes_match_from_the_start_only(client_for):
    make_student(first_name="Ivy", last_name="Moss", postcode="BH21 9ZZ")
    page = (
        client_for("admissions_tutor").get(reverse("students:student-list"), {"q": "21 9"}).content.decode()
    )
    assert "Moss, Ivy" not in page


def test_commissioners_and_team_leads_never_see_a_named_record(client_for):
    student = make_student()
    for role in ("commissioner", "team_lead", "partnership_lead"):
        client = client_for(role)
        assert client.get(reverse("students:student-list")).status_code == 403
        assert client.get(reverse("students:student-detail", args=[student.pk])).status_code == 403


def _book(student, trainer):
    book(student, make_run(title="Recovery Narratives", trainers=[trainer]))


def test_trainer_sees_only_students_booked_on_their_runs(client_for, personas):
    booked = make_student(first_name="Booked")
    not_booked = make_student(first_name="Unbooked")
    _book(booked, personas["peer_trainer"])
    client = client_for("peer_trainer")
    assert client.get(reverse("students:student-detail", args=[booked.pk])).status_code == 200
    assert client.get(reverse("students:student-detail", args=[not_booked.pk])).status_code == 404
    page = client.get(reverse("students:student-list")).content.decode()
    assert "Booked" in page and "Unbooked" not in page
    assert get_student_for(personas["peer_trainer"], booked.pk) == booked
    assert (
        client_for("professional_trainer")
        .get(reverse("students:student-detail", args=[booked.pk]))
        .status_code
        == 404
    )


def test_a_student_reaches_only_their_own_record(client_for, personas):
    mine = make_student(user=personas["student"])
    other = make_student()
    client = client_for("student")
    assert mine.full_name in client.get(reverse("students:my-record")).content.decode()
    assert client.get(reverse("students:student-detail", args=[other.pk])).status_code == 403
    with pytest.raises(Exception, match="No such student"):
        get_student_for(personas["student"], other.pk)


def test_student_detail_query_count(client_for, django_assert_max_num_queries, personas):
    from warp.students.services import learning_plan_agree

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
    client = client_for("admissions_tutor")
    # session, user, the student with their plan, who agreed it and whether processing is restricted,
    # their identities, the audit entry for this view, the latest audit entries ("who has looked"), their
    # reviews (none, so no categories to fetch)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("students:student-detail", args=[student.pk])).status_code == 200


def test_student_record_shows_the_plan_and_a_restriction_read_with_the_student(client_for, personas):
    from warp.privacy.services import restriction_set
    from warp.students.services import learning_plan_agree

    student = make_student(status=StudentStatus.AWAITING_PLAN)
    url = reverse("students:student-detail", args=[student.pk])
    tutor = client_for("admissions_tutor")
    page = tutor.get(url).content.decode()
    assert "No learning plan yet" in page and "restricted at the student" not in page
    learning_plan_agree(
        student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Walk to the sea"
    )
    restriction_set(student=student, by=personas["administrator"], basis="Accuracy contested")
    page = tutor.get(url).content.decode()
    assert "Walk to the sea" in page and "Update the learning plan" in page
    assert personas["admissions_tutor"].get_full_name() in page  # who agreed it
    assert "restricted at the student&#x27;s request" in page or "restricted at the student's request" in page


def test_a_trainer_sees_a_booked_students_record_without_their_plan(client_for, personas):
    from warp.students.services import learning_plan_agree

    student = make_student(first_name="Booked")
    learning_plan_agree(
        student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Walk to the sea"
    )
    _book(student, personas["peer_trainer"])
    page = client_for("peer_trainer").get(reverse("students:student-detail", args=[student.pk]))
    assert page.status_code == 200
    assert "Booked" in page.content.decode() and "Walk to the sea" not in page.content.decode()


@pytest.mark.parametrize("how_many", [3, 30])
def test_student_search_query_count_does_not_grow_with_rows(
    client_for, django_assert_max_num_queries, how_many
):
    for n in range(how_many):
        make_student(first_name=f"Row{n}", last_name="Searchable")
    client = client_for("admissions_tutor")
    # session, user, the capped count of matches, the page of matches, their audit entries (one insert),
    # the identities, terms and courses for the filters
    with django_assert_max_num_queries(8):
        response = client.get(reverse("students:student-list"), {"q": "searchable"})
    assert response.content.decode().count("Searchable, Row") == how_many


def test_a_search_matching_more_than_the_cap_asks_for_more(client_for, monkeypatch):
    from warp.students.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(5):
        make_student(first_name=f"Many{n}", last_name="Common")
    client = client_for("admissions_tutor")
    page = client.get(reverse("students:student-list"), {"q": "common"}).content.decode()
    assert "More than 3 students match “common”: add more to your search" in page
    assert page.count("Common, Many") == 3
    fewer = client.get(reverse("students:student-list"), {"q": "many4"}).content.decode()
    assert "1 student found for “many4”" in fewer


def test_search_by_registration_number_and_postcode_still_works_exactly(client_for):
    wanted = make_student(first_name="Ivy", last_name="Moss", postcode="BH21 9ZZ")
    make_student(first_name="Other", last_name="Person", postcode="DT1 1AA")
    client = client_for("admissions_tutor")
    for search in [wanted.registration_number.upper(), "BH21", "bh219zz"]:
        page = client.get(reverse("students:student-list"), {"q": search}).content.decode()
        assert "Moss, Ivy" in page and "Person, Other" not in page


def test_student_list_rows_link_each_record_and_escape_what_people_typed(client_for):
    student = make_student(first_name="<b>Ada</b>", last_name="O'Neil & Co", email="ada@example.org")
    html = client_for("admissions_tutor").get(reverse("students:student-list")).content.decode()
    assert f'<a href="{reverse("students:student-detail", args=[student.pk])}">' in html
    assert "O&#x27;Neil &amp; Co, &lt;b&gt;Ada&lt;/b&gt;</a>" in html
    assert '<br><span class="nhsuk-body-s">ada@example.org</span>' in html
    assert "<b>Ada</b>" not in html


def test_a_search_makes_one_query_for_its_page_and_count_on_postgresql(
    client_for, django_assert_max_num_queries
):
    from django.db import connection

    for n in range(60):
        make_student(first_name=f"Row{n:02d}", last_name="Searchable")
    client = client_for("admissions_tutor")
    # session, user, the page of matches with how many match (COUNT(*) OVER ()); SQLite counts separately;
    # the audit entries for the students shown (one insert); the identities, terms and courses for the
    # filters
    with django_assert_max_num_queries(7 if connection.vendor == "postgresql" else 8):
        page = client.get(reverse("students:student-list"), {"q": "searchable"}).content.decode()
    assert "60 students found" in page and "Page 2 of 2" in page
    assert page.count("Searchable, Row") == 50


@pytest.mark.parametrize(
    ("number", "rows", "shown"), [("2", 5, "Page 1 of 2"), ("9", 5, "Page 1 of 2"), ("x", 50, "Page 2 of 2")]
)
def test_search_pages_past_the_end_or_not_numbers_show_the_last_or_first_page(
    client_for, number, rows, shown
):
    for n in range(55):
        make_student(first_name=f"Pat{n:02d}", last_name="Zed")
    page = (
        client_for("admissions_tutor")
        .get(reverse("students:student-list"), {"q": "zed", "page": number})
        .content.decode()
    )
    assert page.count("Zed, Pat") == rows and shown in page and "55 students found" in page


def test_the_capped_count_of_a_search_selects_only_the_key(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        make_student(first_name=f"Row{n}", last_name="Searchable")
    client = client_for("admissions_tutor")
    with CaptureQueriesContext(connection) as queries:  # "x": the paginator's own count on both databases
        page = client.get(reverse("students:student-list"), {"q": "searchable", "page": "x"}).content.decode()
    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and 'AS "email"' not in counts[0] and 'AS "last_name"' not in counts[0]
    assert "3 students found" in page


def test_the_list_filters_by_status_and_identity_with_the_search(client_for):
    from tests.factories import identity
    from warp.students.models import StudentStatus

    waiting = StudentStatus.AWAITING_PLAN
    make_student(first_name="Wren", last_name="Waiting", identities=[identity("carer")], status=waiting)
    make_student(first_name="Ada", last_name="Active", identities=[identity("carer")])  # a plan agreed
    make_student(first_name="Nell", last_name="Noidentity", status=waiting)
    client = client_for("admissions_tutor")
    url = reverse("students:student-list")
    waiting_page = client.get(url, {"status": StudentStatus.AWAITING_PLAN}).content.decode()
    assert "Waiting, Wren" in waiting_page and "Active, Ada" not in waiting_page
    assert "Noidentity, Nell" in waiting_page
    carers = client.get(url, {"identity": identity("carer").pk}).content.decode()
    assert "Waiting, Wren" in carers and "Active, Ada" in carers and "Noidentity, Nell" not in carers
    assert "2 students with the filters chosen" in carers
    both = client.get(url, {"identity": identity("carer").pk, "status": "active", "q": "ad"}).content.decode()
    assert "Active, Ada" in both and "Waiting, Wren" not in both


def test_the_list_filters_by_the_term_and_the_course_students_have_places_on(client_for):
    from tests.factories import make_course, make_term
    from warp.bookings.models import BookingStatus

    spring, autumn = make_term("Spring 2027"), make_term("Autumn 2026")
    hope = make_course("Finding hope")
    hope_spring = make_run(course=hope, term=spring)
    hope_autumn = make_run(course=hope, term=autumn)
    other_spring = make_run(title="Sleep well", term=spring)
    twice = make_student(first_name="Tam", last_name="Twice")  # two runs in spring: listed once
    book(twice, hope_spring)
    book(twice, other_spring)
    book(make_student(first_name="Otto", last_name="Offered"), hope_spring, BookingStatus.OFFERED)
    book(make_student(first_name="Wyn", last_name="Waiting"), other_spring, BookingStatus.WAITING)
    book(make_student(first_name="Ada", last_name="Autumn"), hope_autumn)
    client = client_for("admissions_tutor")
    url = reverse("students:student-list")

    in_spring = client.get(url, {"term": spring.pk}).content.decode()
    assert in_spring.count("Twice, Tam") == 1 and "Offered, Otto" in in_spring
    assert "Waiting, Wyn" not in in_spring and "Autumn, Ada" not in in_spring  # the waiting list is no place
    assert "2 students with the filters chosen" in in_spring
    on_hope = client.get(url, {"course": hope.pk}).content.decode()
    assert "Twice, Tam" in on_hope and "Autumn, Ada" in on_hope and "Offered, Otto" in on_hope
    both = client.get(url, {"course": hope.pk, "term": autumn.pk}).content.decode()
    assert "Autumn, Ada" in both and "Twice, Tam" not in both
    assert f'<option value="{autumn.pk}" selected>Autumn 2026</option>' in both  # the choice is kept


def test_the_place_states_the_student_list_counts_are_the_bookings_that_take_a_place():
    from warp.bookings.models import PLACE_TAKING
    from warp.students.models import PLACE_STATUSES

    assert set(PLACE_STATUSES) == {str(status) for status in PLACE_TAKING}


def test_a_term_filter_download_holds_the_same_students_as_the_list(client_for):
    from tests.downloads import download_rows
    from tests.factories import make_term

    spring = make_term("Spring 2027")
    book(make_student(first_name="Tam", last_name="Termly"), make_run(term=spring))
    make_student(first_name="Nia", last_name="Noplace")
    rows = download_rows(
        client_for("centre_manager").get(
            reverse("students:student-export"), {"term": spring.pk, "format": "csv"}
        ),
        "csv",
    )
    assert [row[2] for row in rows[1:]] == ["Termly"]


def test_an_unknown_filter_value_says_what_to_do_and_keeps_the_search(client_for):
    make_student(first_name="Wren", last_name="Waiting")
    page = (
        client_for("admissions_tutor")
        .get(reverse("students:student-list"), {"q": "wren", "status": "nonsense"})
        .content.decode()
    )
    assert "Choose a status from the list, or “Any status”." in page
    assert 'value="wren"' in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_every_student_the_filters_find_and_each_is_audited(client_for, fmt):
    from tests.downloads import download_rows, xlsx_sheet
    from warp.audit.models import AuditEntry

    for n in range(55):  # more than a page
        make_student(first_name=f"Pat{n:02d}", last_name="Zed")
    make_student(first_name="=HYPERLINK(1)", last_name="Zed")
    make_student(first_name="Other", last_name="Person")
    response = client_for("centre_manager").get(
        reverse("students:student-export"), {"q": "zed", "format": fmt}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert f'.{fmt}"' in response["Content-Disposition"]
    rows = download_rows(response, fmt)
    if fmt == "csv":
        assert "'=HYPERLINK(1)" in [row[1] for row in rows]  # shown as text, never run
    else:
        formula = next(row for row in xlsx_sheet(response).iter_rows() if row[1].value == "=HYPERLINK(1)")
        assert formula[1].data_type == "s"
    assert rows[0][:3] == ["registration_number", "first_name", "last_name"]
    assert len(rows) == 1 + 56 and all(row[2] == "Zed" for row in rows[1:])
    exported = AuditEntry.objects.filter(action="export", model="students.Student")
    assert exported.count() == 56


def test_a_download_in_an_unknown_format_goes_back_to_the_list_with_the_search(client_for):
    response = client_for("admissions_tutor").get(
        reverse("students:student-export"), {"q": "zed", "format": "pdf"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?q=zed")


def test_the_download_makes_the_same_queries_however_many_students(client_for):
    from tests.downloads import queries_for
    from warp.students.models import Student

    client = client_for("admissions_tutor")
    url = reverse("students:student-export")
    counts = []
    for how_many in (2, 12):
        while Student.objects.count() < how_many:
            make_student(last_name="Zed")
        counts.append(queries_for(client, url, {"q": "zed", "format": "xlsx"}))
    assert counts[0] == counts[1]
