import pytest
from django.urls import reverse

from tests.factories import make_student
from tests.privacy.factories import full_student
from warp.feedback.models import FeedbackResponse
from warp.students.models import ConsentRecord, PrivacyNotice

pytestmark = pytest.mark.django_db


def test_the_seeded_privacy_notice_is_the_current_version():
    notice = PrivacyNotice.objects.get(version="2026-1")
    assert "Your rights" in notice.text
    assert make_student().privacy_notice_version == "2026-1"


def test_registering_writes_a_consent_record_for_each_kind_with_the_notice_version():
    student = make_student(consent_to_contact=True, consent_to_quote=False)
    records = {r.kind: r for r in ConsentRecord.objects.filter(student=student)}
    assert {k: r.given for k, r in records.items()} == {"data": True, "contact": True, "quote": False}
    assert {r.notice_version for r in records.values()} == {"2026-1"}
    assert {r.how for r in records.values()} == {"online"}


def test_a_student_withdraws_quote_consent_in_one_click_and_their_quotes_stop(personas, client_for):
    student, _ = full_student(personas, user=personas["student"], email=personas["student"].email)
    assert FeedbackResponse.objects.quotable().filter(student=student).exists()
    client = client_for("student")
    page = client.get(reverse("students:my-record")).content.decode()
    assert "We may quote your words" in page
    client.post(reverse("privacy:consent-change"), {"kind": "quote", "given": "no"})
    student.refresh_from_db()
    assert not student.consent_to_quote
    assert not FeedbackResponse.objects.quotable().filter(student=student).exists()
    latest = ConsentRecord.objects.filter(student=student, kind="quote").order_by("-at", "-pk").first()
    assert (latest.given, latest.how, latest.notice_version) == (False, "online", "2026-1")


def test_giving_contact_consent_again_is_one_click_too(personas, client_for):
    student = make_student(
        user=personas["student"], email=personas["student"].email, consent_to_contact=False
    )
    client_for("student").post(reverse("privacy:consent-change"), {"kind": "contact", "given": "yes"})
    student.refresh_from_db()
    assert student.consent_to_contact
    assert ConsentRecord.objects.filter(student=student, kind="contact", given=True).exists()


def test_consent_to_hold_data_cannot_be_withdrawn_with_a_button(personas, client_for):
    student = make_student(user=personas["student"], email=personas["student"].email)
    client_for("student").post(reverse("privacy:consent-change"), {"kind": "data", "given": "no"})
    student.refresh_from_db()
    assert student.consent_to_hold_data


def test_withdrawing_quote_consent_stops_quotes_from_their_reviews_too(personas):
    from datetime import date

    from warp.students.models import ConsentKind, LearningPlanReview
    from warp.students.services import review_record, student_consent_change

    student = make_student(user=personas["student"], email=personas["student"].email)
    student_consent_change(student=student, kind=ConsentKind.QUOTE, given=True, by=personas["student"])
    review_record(
        student=student,
        review_date=date(2026, 1, 5),
        changes="I joined a walking group.",
        held_by=personas["admissions_tutor"],
        quote_consent=True,
        today=date(2026, 2, 1),
    )
    assert LearningPlanReview.objects.quotable().filter(student=student).exists()

    student_consent_change(student=student, kind=ConsentKind.QUOTE, given=False, by=personas["student"])

    assert not LearningPlanReview.objects.quotable().filter(student=student).exists()
