"""A cohort participant's own short accounts before and after the course, with their consent to use them
as an unnamed case study: kept on their referral, written by staff who see every student's record, in the
subject access bundle, and blanked (consent off) when the student is erased."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.bookings.test_referrals import _refer, cohort, student  # noqa: F401 (fixtures)
from tests.factories import manager
from warp.bookings.models import Referral
from warp.bookings.services import referral_accounts_save
from warp.privacy.services import student_erase

pytestmark = pytest.mark.django_db
BEFORE = "I hardly leave the flat and I have lost touch with friends."
AFTER = "I go to the library twice a week and met two people from the group for coffee."


def test_staff_keep_the_accounts_and_the_consent_on_the_referrals_page(cohort, student, client_for):  # noqa: F811
    referral = _refer(student, cohort)
    client = client_for("admissions_tutor")
    bookings_page = client.get(reverse("bookings:student-bookings", args=[student.pk])).content.decode()
    url = reverse("bookings:referral-accounts", args=[referral.pk])
    assert url in bookings_page
    done = client.post(url, {"account_before": BEFORE, "account_after": AFTER, "case_study_consent": "on"})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert (referral.account_before, referral.account_after, referral.case_study_consent) == (
        BEFORE,
        AFTER,
        True,
    )
    again = client.get(reverse("bookings:student-bookings", args=[student.pk])).content.decode()
    assert "may be used as an unnamed case study" in again
    assert AFTER in client.get(url).content.decode()


def test_consent_without_an_account_is_refused_kindly_and_keeps_what_was_typed(cohort, student, client_for):  # noqa: F811
    referral = _refer(student, cohort)
    with pytest.raises(ValidationError) as refused:
        referral_accounts_save(
            referral=referral, account_before=" ", account_after="", case_study_consent=True, by=manager()
        )
    assert "Write at least one of their accounts" in refused.value.message_dict["case_study_consent"][0]
    page = client_for("admissions_tutor").post(
        reverse("bookings:referral-accounts", args=[referral.pk]),
        {"account_before": "", "account_after": "", "case_study_consent": "on"},
    )
    assert page.status_code == 200 and "Write at least one of their accounts" in page.content.decode()
    assert not Referral.objects.get().case_study_consent


def test_erasure_blanks_the_accounts_and_withdraws_the_consent(cohort, student):  # noqa: F811
    referral = _refer(student, cohort)
    referral_accounts_save(
        referral=referral, account_before=BEFORE, account_after=AFTER, case_study_consent=True, by=manager()
    )
    student_erase(student=student, by=manager(), basis="Their request")
    referral.refresh_from_db()
    assert (referral.account_before, referral.account_after, referral.case_study_consent) == ("", "", False)
