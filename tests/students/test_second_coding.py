"""Double coding of Learning Plan Reviews: drawing a sample, coding it blind, agreeing a final coding,
and `warp import review-codes FILE`."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import category, make_student
from warp.cli import main as warp_main
from warp.privacy.services import student_erase
from warp.students.models import LearningPlanReview, ReviewSecondCoding
from warp.students.second_coding import review_sample_draw, review_second_code
from warp.students.second_coding_imports import import_review_codes
from warp.students.services import review_record

pytestmark = pytest.mark.django_db


def coded_review(
    personas, on=date(2025, 3, 1), codes=("relationships",), student=None, words="I call my sister."
):
    return review_record(
        student=student or make_student(),
        review_date=on,
        changes=words,
        held_by=personas["admissions_tutor"],
        categories=[category(code) for code in codes],
        today=date(2026, 1, 1),
    )


def draw(personas, on=date(2025, 3, 1)):
    return review_sample_draw(start=on, end=on, percent=100, by=personas["centre_manager"])


def _codes(categories) -> set[str]:
    return set(categories.values_list("code", flat=True))


def test_the_second_coder_codes_a_drawn_review_without_seeing_the_first_coding(personas, client_for):
    review = coded_review(personas, words="I phone my sister every week.")
    draw(personas)
    client = client_for("centre_manager")

    screen = client.get(reverse("students:second-coding")).content.decode()
    assert "I phone my sister every week." in screen
    assert "Improve relationships" in screen  # offered as a checkbox, like every category...
    assert "checked" not in screen  # ...but none ticked, and the first coding is named nowhere
    assert "First coding" not in screen

    prefix = f"review-{review.pk}"
    response = client.post(
        reverse("students:review-second-code", args=[review.pk]),
        {f"{prefix}-categories": [str(category("acceptance-hope").pk)]},
    )
    assert response.status_code == 302
    coding = ReviewSecondCoding.objects.get(review=review)
    assert _codes(coding.categories) == {"acceptance-hope"}
    assert _codes(coding.first_categories) == {"relationships"}
    assert coding.coder == personas["centre_manager"].get_full_name()
    assert "I phone my sister" not in client.get(reverse("students:second-coding")).content.decode()


def test_whoever_coded_a_review_first_is_not_offered_it_for_the_second_coding(personas, client_for):
    review = coded_review(personas)
    draw(personas)
    tutor = client_for("admissions_tutor")  # the first coder
    assert "I call my sister." not in tutor.get(reverse("students:second-coding")).content.decode()
    response = tutor.post(
        reverse("students:review-second-code", args=[review.pk]),
        {f"review-{review.pk}-categories": [str(category("relationships").pk)]},
    )
    assert response.status_code == 200
    assert "someone else makes the second" in response.content.decode()
    assert ReviewSecondCoding.objects.get(review=review).coded_at is None


def test_a_second_coding_keeps_the_coding_rules_and_what_was_ticked(personas, client_for):
    review = coded_review(personas)
    draw(personas)
    ticked = [str(category(code).pk) for code in ("no-change", "empathy")]
    response = client_for("centre_manager").post(
        reverse("students:review-second-code", args=[review.pk]), {f"review-{review.pk}-categories": ticked}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "cannot be combined" in page
    assert page.count("checked") == 2
    assert ReviewSecondCoding.objects.get(review=review).coded_at is None


def test_disagreements_are_agreed_and_leave_the_queue(personas, client_for):
    agreeing = coded_review(personas, on=date(2025, 3, 1), words="Agreed words.")
    differing = coded_review(personas, on=date(2025, 3, 2), words="Differing words.")
    review_sample_draw(
        start=date(2025, 3, 1), end=date(2025, 3, 2), percent=100, by=personas["centre_manager"]
    )
    for review, code in ((agreeing, "relationships"), (differing, "self-esteem")):
        review_second_code(
            second_coding=review.second_coding, categories=[category(code)], by=personas["centre_manager"]
        )
    client = client_for("admissions_tutor")

    queue = client.get(reverse("students:coding-disagreements")).content.decode()
    assert "Differing words." in queue and "Agreed words." not in queue
    assert "1 review was coded differently" in queue

    final = [str(category("self-esteem").pk), str(category("relationships").pk)]
    response = client.post(
        reverse("students:review-agree", args=[differing.pk]), {f"review-{differing.pk}-categories": final}
    )
    assert response.status_code == 302
    differing.refresh_from_db()
    assert _codes(differing.categories) == {"self-esteem", "relationships"}
    assert differing.second_coding.agreed_at is not None
    assert _codes(differing.second_coding.first_categories) == {"relationships"}  # kept as it was
    assert "Differing words." not in client.get(reverse("students:coding-disagreements")).content.decode()


def test_a_manager_draws_a_sample_on_the_page(personas, client_for):
    for day in range(1, 11):
        coded_review(personas, on=date(2025, 3, day))
    response = client_for("centre_manager").post(
        reverse("students:second-coding-sample"),
        {"start": "01/03/2025", "end": "31/03/2025", "percent": "30"},
    )
    assert response.status_code == 302
    assert ReviewSecondCoding.objects.count() == 3


def test_a_bad_sample_request_says_what_to_do_and_keeps_what_was_typed(personas, client_for):
    response = client_for("centre_manager").post(
        reverse("students:second-coding-sample"),
        {"start": "31/03/2025", "end": "01/03/2025", "percent": "150"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "on or after the first day" in page and "100 or less" in page
    assert 'value="31/03/2025"' in page
    assert not ReviewSecondCoding.objects.exists()


def test_the_second_coding_and_disagreement_pages_ask_the_same_queries_however_many_reviews(
    personas, client_for, django_assert_max_num_queries
):
    client = client_for("centre_manager")

    def add(n, start_day):
        for day in range(start_day, start_day + n):
            review = coded_review(personas, on=date(2025, 4, day))
            draw(personas, on=date(2025, 4, day))
            if day % 2:
                review_second_code(
                    second_coding=review.second_coding,
                    categories=[category("empathy")],
                    by=personas["administrator"],
                )

    add(3, 1)
    # Session, user, second factor and roles (sign-in), the count, the page, the categories, the audit insert.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("students:second-coding")).status_code == 200
    # As above, plus both codings' categories (two prefetches).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("students:coding-disagreements")).status_code == 200
    add(8, 4)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("students:second-coding")).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("students:coding-disagreements")).content.decode()
    assert "6 reviews were coded differently" in page


def test_erasing_a_student_keeps_the_agreement_figures(personas):
    from warp.evaluation.queries import agreement_section

    review = coded_review(personas)
    draw(personas)
    review_second_code(
        second_coding=review.second_coding, categories=[category("empathy")], by=personas["centre_manager"]
    )
    before = agreement_section(start=date(2025, 1, 1), end=date(2025, 12, 31))
    student_erase(student=review.student, by=personas["administrator"], basis="Asked to be forgotten")
    after = agreement_section(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert before == after and after.double_coded == 1


# --- warp import review-codes ---

HEADER = "registration_number,review_date,coder,categories"


def csv_of(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def run(data: bytes, **options):
    return import_review_codes(
        data,
        "codes.csv",
        dry_run=options.get("dry_run", False),
        import_valid_rows=options.get("valid", False),
    )


def test_import_matches_each_row_to_its_review_by_student_and_date(personas):
    ana, ben = make_student(), make_student()
    first = coded_review(personas, student=ana, on=date(2025, 3, 1), codes=("relationships",))
    coded_review(personas, student=ana, on=date(2025, 6, 1), codes=("empathy",))
    second = coded_review(personas, student=ben, on=date(2025, 3, 1), codes=("no-change",))
    report = run(
        csv_of(
            f"{ana.registration_number},2025-03-01,JT,Improve relationships; acceptance-hope",
            f"{ben.registration_number.lower()},01/03/2025,JT,No change",
        )
    )
    assert (report.saved, report.created, report.errors) == (True, 2, [])
    coding = ReviewSecondCoding.objects.get(review=first)
    assert _codes(coding.categories) == {"relationships", "acceptance-hope"}
    assert _codes(coding.first_categories) == {"relationships"}
    assert coding.coder == "JT" and coding.coded_at is not None
    assert _codes(ReviewSecondCoding.objects.get(review=second).categories) == {"no-change"}


def test_import_reports_every_bad_row_with_its_column_and_imports_nothing(personas):
    ana = make_student()
    coded_review(personas, student=ana, on=date(2025, 3, 1))
    coded_review(personas, student=ana, on=date(2025, 4, 1))
    coded_review(personas, student=ana, on=date(2025, 4, 1), words="Same day, again.")
    review_record(
        student=ana, review_date=date(2025, 5, 1), changes="Not coded.", held_by=None, today=date(2026, 1, 1)
    )
    number = ana.registration_number
    report = run(
        csv_of(
            f"{number},2025-03-01,JT,Empathy for others",  # fine
            f"{number},2025-03-02,JT,Empathy for others",  # no review that day
            f"{number},2025-04-01,JT,Empathy for others",  # two reviews that day
            f"{number},2025-05-01,JT,Empathy for others",  # no first coding
            "REC-99999,2025-03-01,JT,Empathy for others",  # no such student
            f"{number},2025-03-01,,Empathy;Self-discovery;Employment",  # no coder, three categories
            f"{number},not a date,JT,No change; empathy",  # bad date, No change with another
            f"{number},2025-03-01,JT,Feeling better",  # unknown category
            f"{number},2025-03-01,JT,",  # no categories
        )
    )
    found = {(error.row, error.column) for error in report.errors}
    assert found == {
        (3, "review_date"),
        (4, "review_date"),
        (5, "categories"),
        (6, "registration_number"),
        (7, "coder"),
        (7, "categories"),
        (8, "review_date"),
        (8, "categories"),
        (9, "categories"),
        (10, "categories"),
    }
    reasons = {(error.row, error.column): error.reason for error in report.errors}
    assert "has 2 reviews on 1 April 2025" in reasons[(4, "review_date")]
    assert "no review on 2 March 2025" in reasons[(3, "review_date")]
    assert "at most 2" in reasons[(7, "categories")]
    assert "'Feeling better'" in reasons[(9, "categories")]
    assert not report.saved and not ReviewSecondCoding.objects.exists()
    valid_only = run(
        csv_of(f"{number},2025-03-01,JT,Empathy for others", f"{number},2025-03-02,JT,Empathy for others"),
        valid=True,
    )
    assert valid_only.saved and valid_only.created == 1 and ReviewSecondCoding.objects.count() == 1


def test_importing_the_same_codes_twice_changes_nothing_and_a_different_one_is_refused(personas):
    ana = make_student()
    review = coded_review(personas, student=ana)
    data = csv_of(f"{ana.registration_number},2025-03-01,JT,Empathy for others")
    assert run(data).created == 1
    again = run(data)
    assert (again.created, again.already_present, again.errors) == (0, 1, [])
    different = run(csv_of(f"{ana.registration_number},2025-03-01,JT,Self-discovery"))
    assert [(e.row, e.column) for e in different.errors] == [(2, "categories")]
    assert _codes(ReviewSecondCoding.objects.get(review=review).categories) == {"empathy"}


def test_an_imported_coding_fills_in_a_review_drawn_for_the_screen(personas):
    ana = make_student()
    review = coded_review(personas, student=ana)
    draw(personas)
    report = run(csv_of(f"{ana.registration_number},2025-03-01,JT,Empathy for others"))
    assert report.created == 1 and ReviewSecondCoding.objects.count() == 1
    assert ReviewSecondCoding.objects.get(review=review).coded_at is not None


def test_warp_import_review_codes_on_the_command_line(personas, tmp_path, capsys):
    ana = make_student()
    review = coded_review(personas, student=ana)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_of(f"{ana.registration_number},2025-03-01,JT,Empathy for others", "REC-0,2025-03-01,JT,No change")
    )
    assert warp_main(["import", "review-codes", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "registration_number" in out and "REC-0" in out
    assert not ReviewSecondCoding.objects.exists()
    assert warp_main(["import", "review-codes", str(bad), "--import-valid-rows"]) == 1
    assert ReviewSecondCoding.objects.get(review=review).coder == "JT"
    good = tmp_path / "good.csv"
    good.write_bytes(csv_of(f"{ana.registration_number},2025-03-01,JT,Empathy for others"))
    assert warp_main(["import", "review-codes", str(good)]) == 0
    assert ReviewSecondCoding.objects.count() == 1
    assert LearningPlanReview.objects.count() == 1


def test_second_coding_and_its_disagreements_each_lead_back_the_way_a_tutor_came(client_for):
    # An admissions tutor reaches Second coding from Reviews to code (it is not in their menu), and
    # Coding disagreements from Second coding.
    client = client_for("admissions_tutor")
    second = client.get(reverse("students:second-coding")).content.decode()
    assert f'class="nhsuk-back-link" href="{reverse("students:review-coding")}"' in second
    disagreements = client.get(reverse("students:coding-disagreements")).content.decode()
    assert f'class="nhsuk-back-link" href="{reverse("students:second-coding")}"' in disagreements
