"""How we contact you: a student's own choice of email, phone, texts or letters, and texts after STOP."""

import pytest
from django.urls import reverse

from tests.factories import make_student
from warp.audit.models import AuditEntry
from warp.bookings.services import text_reply_receive
from warp.students.models import ConsentKind, ConsentRecord, ContactMethod, Student
from warp.students.services import student_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sam(personas) -> Student:
    return make_student(
        first_name="Sam", email=personas["student"].email, user=personas["student"], address="4 Quay Road"
    )


def _sam(personas) -> Student:
    return Student.objects.get(user=personas["student"])


def test_a_student_chooses_texts_and_gives_their_number(client_for, personas):
    client = client_for("student")
    response = client.post(
        reverse("students:my-contact"), {"contact_method": "text", "phone": "07700 900123"}
    )
    assert response.status_code == 302
    sam = _sam(personas)
    assert (sam.contact_method, sam.phone) == (ContactMethod.TEXT, "07700 900123")
    assert AuditEntry.objects.filter(
        student_id=sam.pk, action="change", note__contains="contact_method"
    ).exists()


def test_texts_need_a_phone_number_and_nothing_typed_is_lost(client_for, personas):
    page = client_for("student").post(reverse("students:my-contact"), {"contact_method": "text", "phone": ""})
    assert page.status_code == 200
    assert "Enter your phone number so we can call or text you" in page.content.decode()
    assert _sam(personas).contact_method != ContactMethod.TEXT


def test_letters_need_an_address_on_the_record(client_for, personas):
    sam = _sam(personas)
    student_update(student=sam, updated_by=personas["administrator"], address="")
    page = client_for("student").post(reverse("students:my-contact"), {"contact_method": "post", "phone": ""})
    assert "We do not have your address yet" in page.content.decode()


def test_choosing_texts_after_replying_stop_starts_them_again(client_for, personas):
    sam = _sam(personas)
    student_update(
        student=sam, updated_by=personas["administrator"], contact_method="text", phone="07700 900123"
    )
    assert text_reply_receive(from_number="+44 7700 900123", text="stop") == 1
    client = client_for("student")
    assert "You replied STOP" in client.get(reverse("students:my-contact")).content.decode()
    client.post(reverse("students:my-contact"), {"contact_method": "text", "phone": "07700 900123"})
    sam.refresh_from_db()
    assert sam.texts_stopped_at is None
    given = ConsentRecord.objects.filter(student=sam, kind=ConsentKind.TEXTS).order_by("at", "pk")
    assert [record.given for record in given] == [False, True]


def test_the_record_links_to_how_we_contact_you(client_for):
    page = client_for("student").get(reverse("students:my-record")).content.decode()
    assert reverse("students:my-contact") in page


@pytest.mark.parametrize("phone", ["not a number", "0770", "07700 900123 ext", "07700 900123 4567 890"])
def test_a_phone_number_that_is_not_one_is_refused_kindly_and_kept_to_correct(client_for, personas, phone):
    page = client_for("student").post(
        reverse("students:my-contact"), {"contact_method": "text", "phone": phone}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("Enter a phone number in numbers, for example 07700 900123") == 2  # summary and field
    assert f'value="{phone}"' in text
    assert _sam(personas).contact_method != ContactMethod.TEXT


@pytest.mark.parametrize("phone", ["07700 900123", "+44 7700 900123", "(01234) 567-890"])
def test_phone_numbers_as_people_write_them_are_taken(client_for, personas, phone):
    response = client_for("student").post(
        reverse("students:my-contact"), {"contact_method": "phone", "phone": phone}
    )
    assert response.status_code == 302
    assert _sam(personas).phone == phone
