import re
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import sign_in_with_password
from tests.factories import identity, make_student, registration_details
from warp.accounts.models import Role, User
from warp.students.models import PrivacyNotice, Student, StudentStatus
from warp.students.services import DuplicateStudent, NotEligible, student_register

pytestmark = pytest.mark.django_db


def test_registration_records_consent_with_the_privacy_notice_version_and_time(settings):
    # With no published notice in the database, the setting names the version (warp/privacy seeds one).
    PrivacyNotice.objects.all().delete()
    settings.PRIVACY_NOTICE_VERSION = "2030-7"
    student = make_student(
        status=StudentStatus.AWAITING_PLAN, consent_to_contact=True, consent_to_quote=False
    )
    assert student.consent_to_hold_data
    assert student.privacy_notice_version == "2030-7"
    assert student.consent_given_at is not None
    assert (student.consent_to_contact, student.consent_to_quote) == (True, False)
    assert student.status == StudentStatus.AWAITING_PLAN


def test_registration_without_consent_to_hold_data_is_refused():
    with pytest.raises(ValidationError):
        make_student(status=StudentStatus.AWAITING_PLAN, consent_to_hold_data=False)
    assert not Student.objects.exists()


def test_registration_number_comes_from_the_pk():
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    assert student.registration_number == f"REC-{student.pk:05d}"


def test_registration_number_never_clashes_with_an_imported_one():
    first = make_student(status=StudentStatus.AWAITING_PLAN)
    Student.objects.filter(pk=first.pk).update(registration_number=f"REC-{first.pk + 1:05d}")
    second = make_student(status=StudentStatus.AWAITING_PLAN)
    assert second.registration_number == f"REC-{second.pk:05d}-2"


def test_under_18_is_not_registered():
    with pytest.raises(NotEligible) as caught:
        make_student(
            status=StudentStatus.AWAITING_PLAN, date_of_birth=date(2010, 1, 1), today=date(2026, 1, 1)
        )
    assert [r.code for r in caught.value.reasons] == ["under_18"]
    assert not Student.objects.exists()


def test_postcode_outside_the_service_area_is_not_registered():
    with pytest.raises(NotEligible):
        make_student(status=StudentStatus.AWAITING_PLAN, postcode="EX1 1AA")


def test_duplicate_by_email_is_caught_whatever_the_case():
    existing = make_student(status=StudentStatus.AWAITING_PLAN, email="River.Song@Example.org")
    with pytest.raises(DuplicateStudent) as caught:
        make_student(status=StudentStatus.AWAITING_PLAN, email="river.song@EXAMPLE.org")
    assert caught.value.existing == existing
    assert Student.objects.count() == 1


def test_duplicate_by_name_and_date_of_birth_is_caught_whatever_the_case():
    existing = make_student(
        status=StudentStatus.AWAITING_PLAN, first_name="Jo", last_name="Marsh", date_of_birth=date(1975, 6, 1)
    )
    with pytest.raises(DuplicateStudent) as caught:
        make_student(
            status=StudentStatus.AWAITING_PLAN,
            first_name="JO",
            last_name="marsh",
            date_of_birth=date(1975, 6, 1),
            email="other@example.org",
        )
    assert caught.value.existing == existing


def test_same_name_with_a_different_date_of_birth_is_a_different_person():
    make_student(
        status=StudentStatus.AWAITING_PLAN, first_name="Jo", last_name="Marsh", date_of_birth=date(1975, 6, 1)
    )
    make_student(
        status=StudentStatus.AWAITING_PLAN, first_name="Jo", last_name="Marsh", date_of_birth=date(1981, 6, 1)
    )
    assert Student.objects.count() == 2


def test_database_refuses_a_second_student_with_the_same_email():
    from django.db import IntegrityError, transaction

    first = make_student(status=StudentStatus.AWAITING_PLAN, email="same@example.org")
    twin = Student(
        registration_number="X-1",
        first_name="Other",
        last_name="Person",
        email="SAME@example.org",
        registered_on=date(2026, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert Student.objects.get() == first


def test_registration_with_a_password_creates_a_student_account():
    student = make_student(
        status=StudentStatus.AWAITING_PLAN,
        account_password="a-fine-long-password",
        email="new.person@example.org",
    )
    assert student.user.role == Role.STUDENT
    assert student.user.check_password("a-fine-long-password")


def test_several_identities_may_be_ticked():
    student = make_student(
        status=StudentStatus.AWAITING_PLAN, identities=[identity("carer"), identity("trust-staff")]
    )
    assert set(student.identities.values_list("code", flat=True)) == {"carer", "trust-staff"}


# The public page
def _form(**overrides):
    data = {
        "first_name": "Robin",
        "last_name": "Hale",
        "date_of_birth": "14/05/1990",
        "postcode": "bh21 3ab",
        "email": "robin.hale@example.org",
        "phone": "07700 900123",
        "contact_method": "email",
        "identities": [identity("carer").pk],
        "gender": "self_describe",
        "gender_self_description": "Genderfluid",
        "support_needs": "A seat near the door",
        "consent_to_hold_data": "on",
        "consent_to_quote": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_self_registration_emails_a_link_to_choose_a_password_which_then_signs_them_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("students:register"), _form())
    student = Student.objects.get()
    assert student.postcode == "BH21 3AB"
    assert student.gender_self_description == "Genderfluid"
    assert student.consent_to_quote and not student.consent_to_contact
    assert not student.user.has_usable_password()  # nobody can sign in as them until they open the email
    assert "_auth_user_id" not in client.session
    assert "now check your email" in response.content.decode()

    (welcome,) = mail.outbox
    assert welcome.to == ["robin.hale@example.org"]
    assert "Thank you for registering" in welcome.body and "admissions tutors" in welcome.body
    link = re.search(r"https?://[^\s]+/password/reset/key/[^\s]+", welcome.body).group(0)
    form_page = client.get(link, follow=True)
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    chosen = {"password1": "a fine long password", "password2": "a fine long password"}
    assert client.post(form_url, chosen)["Location"] == reverse("account_reset_password_from_key_done")
    sign_in_with_password(client, "robin.hale@example.org", "a fine long password")
    assert client.session["_auth_user_id"] == str(student.user.pk)  # students need no second factor
    page = client.get(reverse("students:my-record")).content.decode()
    assert "What happens next" in page and "admissions tutors will contact you" in page


def test_ineligible_person_gets_kind_words_signposting_and_keeps_everything_typed(client):
    response = client.post(reverse("students:register"), _form(postcode="EX4 4QJ", phone="07700 900555"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "We cannot register you at the moment" in page
    assert "116 123" in page and "option 2" in page
    for typed in (
        "Robin",
        "Hale",
        "14/05/1990",
        "EX4 4QJ",
        "robin.hale@example.org",
        "07700 900555",
        "Genderfluid",
        "A seat near the door",
    ):
        assert typed in page
    assert re.search(rf'value="{identity("carer").pk}"[^>]*checked', page)
    assert not Student.objects.exists()


def test_form_errors_keep_what_was_typed_and_say_what_to_do(client):
    response = client.post(reverse("students:register"), _form(date_of_birth="", consent_to_hold_data=None))
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter your date of birth, or tick the box to confirm you are 18 or over." in page
    assert "Tick the box to agree to us keeping your details" in page
    assert "robin.hale@example.org" in page and "Genderfluid" in page
    assert not Student.objects.exists()


def test_registering_with_a_phone_number_that_is_not_one_asks_for_it_in_numbers(client):
    response = client.post(reverse("students:register"), _form(phone="ring my mum"))
    page = response.content.decode()
    assert "Enter a phone number in numbers, for example 07700 900123, or leave it empty." in page
    assert 'value="ring my mum"' in page and "robin.hale@example.org" in page
    assert not Student.objects.exists()


def test_blank_date_of_birth_with_the_confirmation_registers(client):
    client.post(reverse("students:register"), _form(date_of_birth="", confirmed_over_18="on"))
    student = Student.objects.get()
    assert student.date_of_birth is None and student.confirmed_over_18


def _public_answer(client, data) -> str:
    """The page a complete form gets, without the parts that differ for every request."""
    page = client.post(reverse("students:register"), data).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.mark.parametrize("already", ["same email", "same name and birth date", "a sign-in with the email"])
def test_the_public_page_answers_someone_already_here_exactly_as_it_answers_someone_new(
    already, client, personas, django_capture_on_commit_callbacks
):
    """Issue 13, hole 6: the page said "It looks like you may already be registered" for a known email, or
    a known name and date of birth, which told anyone who is a student here. Now the answer is the same
    page, byte for byte, and the person we hold is told by email at the address we already have."""
    new = _public_answer(client, _form(email="someone.new@example.org", first_name="Ash", last_name="New"))
    mail.outbox.clear()
    if already == "same email":
        existing = make_student(
            status=StudentStatus.AWAITING_PLAN,
            first_name="Lee",
            last_name="Other",
            email="robin.hale@example.org",
        )
        data, told = _form(), "robin.hale@example.org"
    elif already == "same name and birth date":
        existing = make_student(
            status=StudentStatus.AWAITING_PLAN,
            first_name="Robin",
            last_name="Hale",
            date_of_birth=date(1990, 5, 14),
            email="old@example.org",
        )
        data, told = _form(), "old@example.org"
    else:
        existing = None
        data, told = _form(email="tutor@example.org"), "tutor@example.org"
    students_before, accounts_before = Student.objects.count(), User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        answer = _public_answer(client, data)
    assert answer == new.replace("someone.new@example.org", data["email"])
    assert (Student.objects.count(), User.objects.count()) == (students_before, accounts_before)
    (email,) = mail.outbox
    assert email.to == [told]
    assert "You are already registered" in email.body
    if already == "same name and birth date":
        assert "different email address" in email.body  # and never sent to the address typed
    if existing is not None:
        for secret in (existing.registration_number, "old@example.org"):
            assert secret not in answer


def test_someone_matched_by_name_with_no_email_on_file_gets_nothing_and_the_page_is_the_same(
    client, django_capture_on_commit_callbacks
):
    make_student(
        status=StudentStatus.AWAITING_PLAN,
        first_name="Robin",
        last_name="Hale",
        date_of_birth=date(1990, 5, 14),
        email="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("students:register"), _form()).content.decode()
    assert "now check your email" in page
    assert mail.outbox == []
    assert Student.objects.count() == 1


def test_staff_registration_shows_a_duplicate_with_a_link_to_the_record(client_for):
    existing = make_student(status=StudentStatus.AWAITING_PLAN, email="robin.hale@example.org")
    client = client_for("admissions_tutor")
    response = client.post(reverse("students:staff-register"), _form())
    page = response.content.decode()
    assert reverse("students:student-detail", args=[existing.pk]) in page
    assert existing.registration_number in page
    assert Student.objects.count() == 1


def test_staff_registration_without_an_account_records_who_registered_them(client_for, personas):
    client = client_for("admissions_tutor")
    data = _form(contact_method="phone", email="")
    response = client.post(reverse("students:staff-register"), data)
    student = Student.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "students:student-detail", args=[student.pk]
    )
    assert student.user is None
    assert student.registered_by == personas["admissions_tutor"]


def test_staff_registration_emails_an_invitation_instead_of_a_password(
    client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for("centre_manager")
    data = _form(send_invitation="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("students:staff-register"), data)
    assert response.status_code == 302
    account = Student.objects.get().user
    assert account.email == "robin.hale@example.org"
    assert not account.has_usable_password()  # nobody chose or read out a password for them
    (invitation,) = mailoutbox
    assert invitation.to == ["robin.hale@example.org"]
    assert "/account/password/reset/key/" in invitation.body


def test_student_sees_their_own_record_and_plan_status(client_for, personas):
    make_student(
        status=StudentStatus.AWAITING_PLAN,
        first_name="Sam",
        last_name="Rivers",
        user=personas["student"],
        email="sam@example.org",
    )
    page = client_for("student").get(reverse("students:my-record")).content.decode()
    assert "Sam Rivers" in page and "What happens next" in page


def test_editing_details_goes_through_the_service_and_refuses_duplicates(client_for):
    make_student(status=StudentStatus.AWAITING_PLAN, email="taken@example.org")
    student = make_student(status=StudentStatus.AWAITING_PLAN, first_name="Ola", email="ola@example.org")
    client = client_for("admissions_tutor")
    url = reverse("students:student-edit", args=[student.pk])
    data = {
        "first_name": "Ola",
        "last_name": "Example",
        "date_of_birth": "1980-01-01",
        "postcode": "dt1 1aa",
        "email": "taken@example.org",
        "contact_method": "email",
    }
    response = client.post(url, data)
    assert "These details match another student" in response.content.decode()
    data["email"] = "ola.new@example.org"
    assert client.post(url, data).status_code == 302
    student.refresh_from_db()
    assert (student.email, student.postcode) == ("ola.new@example.org", "DT1 1AA")


def test_student_register_details_helper_is_valid():
    # Guards the factory used across these tests.
    assert student_register(**registration_details()).pk


def test_single_choice_questions_render_as_radios_not_checkboxes(client):
    page = client.get(reverse("students:register")).content.decode()
    assert 'class="nhsuk-radios" id="id_contact_method"' in page
    assert 'class="nhsuk-radios" id="id_gender"' in page
    assert 'class="nhsuk-checkboxes" id="id_identities"' in page


@pytest.mark.parametrize(
    ("form_class", "expected"),
    [
        (
            "SelfRegistrationForm",
            [
                "Enter your date of birth, or tick the box to confirm you are 18 or over.",
                "Enter your address so we can write to you, or choose another way.",
            ],
        ),
        (
            "StaffRegistrationForm",
            [
                "Enter their date of birth, or tick the box to confirm they are 18 or over.",
                "Enter their address so we can write to them, or choose another way.",
            ],
        ),
    ],
)
def test_the_form_staff_fill_in_for_a_student_speaks_of_them_not_to_them(form_class, expected):
    from warp.students import forms

    form = getattr(forms, form_class)(data={"contact_method": "post"})
    assert not form.is_valid()
    assert [form.errors["date_of_birth"][0], form.errors["address"][0]] == expected
