"""GOV.UK Notify: texts, emails and letters by each student's contact preference, the day-before text
reminders, delivery callbacks, STOP replies and every failure path. Only Notify's HTTP layer is replaced
(requests.Session.request, underneath notifications-python-client): WaRP and the client run for real."""

import json
import logging
import uuid
from datetime import datetime, time, timedelta

import pytest
import requests
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student, make_term
from warp.audit.models import AuditEntry
from warp.bookings.messages import message_queue, messages_retry
from warp.bookings.models import BookingMessage, Channel, DeliveryStatus, Mark, MessageKind
from warp.bookings.queries import reminder_attendance
from warp.bookings.services import attendance_mark, booking_cancel, booking_create, text_reminders_send
from warp.students.models import ConsentHow, ConsentKind, ConsentRecord, ContactMethod

pytestmark = pytest.mark.django_db

TOKEN = "callback-token-for-tests"
TEXT_TEMPLATE = "11111111-1111-4111-8111-111111111111"
EMAIL_TEMPLATE = "22222222-2222-4222-8222-222222222222"
LETTER_TEMPLATE = "33333333-3333-4333-8333-333333333333"


class FakeNotify:
    """Answers the Notify client's HTTP requests: 201 with a new id, or the `answer` set (a status and
    JSON body, or an exception such as requests.ConnectionError). Keeps what each accepted request sent."""

    def __init__(self):
        self.sent: list[dict] = []
        self.answer: tuple[int, dict] | Exception | None = None

    def __call__(self, method, url, **kwargs):
        if isinstance(self.answer, Exception):
            raise self.answer
        status, body = self.answer or (201, {"id": str(uuid.uuid4())})
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.url = url
        if status < 300:
            self.sent.append({"url": url, **json.loads(kwargs["data"]), "id": body["id"]})
        return response


@pytest.fixture
def notify(settings, monkeypatch):
    settings.WARP_NOTIFY_API_KEY = f"warp_tests-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.WARP_NOTIFY_TEXT_TEMPLATE_ID = TEXT_TEMPLATE
    settings.WARP_NOTIFY_EMAIL_TEMPLATE_ID = ""
    settings.WARP_NOTIFY_LETTER_TEMPLATE_ID = LETTER_TEMPLATE
    settings.WARP_NOTIFY_CALLBACK_TOKEN = TOKEN
    fake = FakeNotify()
    monkeypatch.setattr(
        requests.Session, "request", lambda session, method, url, **kw: fake(method, url, **kw)
    )
    return fake


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def texter(**details):
    return make_student(
        contact_method=ContactMethod.TEXT, phone="07700 900123", consent_to_contact=True, **details
    )


def _book(student, run=None, commit=None):
    with commit():
        return booking_create(student=student, course_run=run or make_run(), by=None).booking


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


# Which way each message goes --------------------------------------------------------------------------


def test_a_student_who_prefers_texts_gets_their_confirmation_by_text_through_notify(notify, commit):
    student = texter(first_name="Robin")
    _book(student, make_run(title="Recovery Narratives"), commit)
    message = BookingMessage.objects.get()
    assert (message.channel, message.delivery_status) == (Channel.TEXT, DeliveryStatus.CREATED)
    assert message.sent_at is not None and str(message.notify_id) == notify.sent[0]["id"]
    (sent,) = notify.sent
    assert sent["url"].endswith("/v2/notifications/sms")
    assert sent["phone_number"] == "07700 900123" and sent["template_id"] == TEXT_TEMPLATE
    assert sent["personalisation"]["body"].startswith("Robin, you have a place on Recovery Narratives.")
    assert sent["reference"] == f"warp-message-{message.pk}"
    assert mail.outbox == []


def test_without_notify_a_student_who_prefers_texts_waits_on_people_to_contact_as_before(commit):
    _book(texter(), commit=commit)
    assert BookingMessage.objects.get().channel == Channel.STAFF


def test_an_offer_of_a_place_goes_by_text(notify, commit, personas):
    run = make_run(places=1)
    holder = _book(make_student(), run, commit)
    waiting = texter()
    _book(waiting, run, commit)
    with commit():
        booking_cancel(booking=holder, by=None)
    offer = BookingMessage.objects.get(booking__student=waiting, kind=MessageKind.OFFER)
    assert offer.channel == Channel.TEXT and offer.sent_at is not None
    assert "a place is free for you" in notify.sent[-1]["personalisation"]["body"]


def test_a_student_who_chose_letters_is_written_to_through_notify_letters(notify, commit):
    student = make_student(
        contact_method=ContactMethod.POST, first_name="Jo", address="4 Quay Road\nPoole", postcode="BH15 1AA"
    )
    _book(student, commit=commit)
    assert BookingMessage.objects.get().channel == Channel.LETTER
    (sent,) = notify.sent
    assert sent["url"].endswith("/v2/notifications/letter") and sent["template_id"] == LETTER_TEMPLATE
    lines = sent["personalisation"]
    assert [lines[f"address_line_{n}"] for n in (1, 2, 3, 4)] == [
        student.full_name,
        "4 Quay Road",
        "Poole",
        "BH15 1AA",
    ]
    assert lines["body"].startswith("Dear Jo,")


def test_letters_wait_on_people_to_contact_when_notify_letters_are_off(notify, settings, commit):
    settings.WARP_NOTIFY_LETTER_TEMPLATE_ID = ""
    _book(
        make_student(contact_method=ContactMethod.POST, address="4 Quay Road", postcode="BH15 1AA"),
        commit=commit,
    )
    assert BookingMessage.objects.get().channel == Channel.STAFF
    assert notify.sent == []


def test_emails_go_through_notify_when_its_email_template_is_set(notify, settings, commit):
    settings.WARP_NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    student = make_student(first_name="Ash")
    _book(student, make_run(title="Recovery Narratives"), commit)
    assert mail.outbox == []
    (sent,) = notify.sent
    assert sent["email_address"] == student.email
    assert sent["personalisation"]["subject"] == "Your place on Recovery Narratives"
    assert sent["personalisation"]["body"].startswith("Dear Ash,")


def test_emails_still_go_through_django_when_notify_has_no_email_template(notify, commit):
    _book(make_student(), commit=commit)
    assert len(mail.outbox) == 1 and notify.sent == []


# Text reminders the day before each session ----------------------------------------------------------


def test_a_text_reminder_goes_the_day_before_each_session_and_only_once(notify, commit):
    student = texter(first_name="Robin")
    run = make_run(title="Recovery Narratives", session_days=[1, 8])
    _book(student, run, commit)
    with commit():
        assert text_reminders_send(now=_at(0, 11)) == 1
        assert text_reminders_send(now=_at(0, 12)) == 0  # run twice: nothing more
    with commit():
        assert text_reminders_send(now=_at(7, 11)) == 1  # the second session, not only the first
        assert text_reminders_send(now=_at(7, 11)) == 0
    reminders = BookingMessage.objects.filter(kind=MessageKind.SESSION_REMINDER).order_by("session__date")
    assert [message.session for message in reminders] == list(run.sessions.order_by("date"))
    texts = [
        sent["personalisation"]["body"]
        for sent in notify.sent
        if "tomorrow" in sent["personalisation"]["body"]
    ]
    assert len(texts) == 2 and texts[0].startswith("Hi Robin, Recovery Narratives is tomorrow")


def test_no_text_reminder_before_the_hour_texts_start(notify, settings):
    settings.WARP_TEXT_REMINDER_HOUR = 10
    booking_create(student=texter(), course_run=make_run(session_days=[1]), by=None)
    assert text_reminders_send(now=_at(0, 7)) == 0


def test_no_text_reminder_without_consent_to_be_contacted(notify):
    student = make_student(contact_method=ContactMethod.TEXT, phone="07700 900123", consent_to_contact=False)
    booking_create(student=student, course_run=make_run(session_days=[1]), by=None)
    assert text_reminders_send(now=_at(0, 11)) == 0


def test_no_text_reminder_when_notify_is_off():
    booking_create(student=texter(), course_run=make_run(session_days=[1]), by=None)
    assert text_reminders_send(now=_at(0, 11)) == 0
    assert not BookingMessage.objects.filter(kind=MessageKind.SESSION_REMINDER).exists()


def test_the_database_refuses_a_second_text_reminder_for_one_session(notify):
    """Two ticks at once both past the check: the unique constraint keeps the second out."""
    run = make_run(session_days=[1])
    booking = booking_create(student=texter(), course_run=run, by=None).booking
    session = run.sessions.get()
    message_queue(booking=booking, kind=MessageKind.SESSION_REMINDER, session=session)
    with pytest.raises(IntegrityError), transaction.atomic():
        message_queue(booking=booking, kind=MessageKind.SESSION_REMINDER, session=session)
    assert BookingMessage.objects.filter(kind=MessageKind.SESSION_REMINDER).count() == 1


# Failures when sending: nothing half-done ------------------------------------------------------------


def _unsent(message: BookingMessage) -> bool:
    message.refresh_from_db()
    return message.sent_at is None and message.notify_id is None and message.delivery_status == ""


@pytest.mark.parametrize(
    "answer",
    [
        requests.ConnectionError("Notify is down"),
        (
            403,
            {
                "errors": [{"error": "AuthError", "message": "Invalid token: API key not found"}],
                "status_code": 403,
            },
        ),
        (
            429,
            {"errors": [{"error": "RateLimitError", "message": "Exceeded rate limit"}], "status_code": 429},
        ),
        (500, {"errors": [{"error": "Exception", "message": "Internal server error"}], "status_code": 500}),
    ],
    ids=["notify-down", "bad-api-key-403", "rate-limit-429", "server-error-500"],
)
def test_when_notify_does_not_take_a_text_nothing_is_half_done_and_the_tick_sends_it_later_once(
    notify, commit, client_for, answer
):
    notify.answer = answer
    _book(texter(first_name="Noor"), commit=commit)
    message = BookingMessage.objects.get()
    assert _unsent(message) and message.problem == ""
    assert "Noor" not in client_for("admissions_tutor").get(reverse("bookings:contact-list")).content.decode()
    notify.answer = None
    assert messages_retry(now=timezone.now() + timedelta(minutes=5)) == 0  # another worker may still hold it
    assert messages_retry(now=timezone.now() + timedelta(minutes=11)) == 1
    assert messages_retry(now=timezone.now() + timedelta(minutes=30)) == 0
    message.refresh_from_db()
    assert message.sent_at is not None and len(notify.sent) == 1


def test_a_refused_api_key_is_logged_for_whoever_runs_the_server(notify, commit, caplog):
    notify.answer = (
        403,
        {"errors": [{"error": "AuthError", "message": "Invalid token"}], "status_code": 403},
    )
    with caplog.at_level(logging.ERROR, logger="warp.bookings.notify"):
        _book(texter(), commit=commit)
    assert "WARP_NOTIFY_API_KEY" in caplog.text


def test_a_text_notify_refuses_goes_to_people_to_contact_with_its_reason(notify, commit, client_for):
    notify.answer = (
        400,
        {
            "errors": [{"error": "ValidationError", "message": "phone_number Not a UK mobile number"}],
            "status_code": 400,
        },
    )
    _book(texter(first_name="Noor"), commit=commit)
    message = BookingMessage.objects.get()
    assert message.sent_at is None and message.notify_id is None
    assert message.delivery_status == DeliveryStatus.REFUSED
    assert "Not a UK mobile number" in message.problem
    page = client_for("admissions_tutor").get(reverse("bookings:contact-list")).content.decode()
    assert "Noor" in page and "Not a UK mobile number" in page
    notify.answer = None
    assert messages_retry(now=timezone.now() + timedelta(hours=1)) == 0  # never retried: staff have it


def test_a_message_notify_could_not_take_for_a_day_goes_to_people_to_contact(notify, commit):
    notify.answer = requests.ConnectionError("down")
    _book(texter(), commit=commit)
    assert messages_retry(now=timezone.now() + timedelta(hours=25)) == 0
    message = BookingMessage.objects.get()
    assert message.sent_at is None and "for a day" in message.problem


# Delivery callbacks ----------------------------------------------------------------------------------


def _callback(client, payload, token=TOKEN, url="bookings:notify-callback"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.post(reverse(url), data=json.dumps(payload), content_type="application/json", **headers)


def _sent_text(commit) -> BookingMessage:
    _book(texter(first_name="Noor"), commit=commit)
    return BookingMessage.objects.get()


def test_a_delivery_receipt_keeps_notifys_status(notify, commit, client):
    message = _sent_text(commit)
    response = _callback(
        client, {"id": str(message.notify_id), "status": "delivered", "notification_type": "sms"}
    )
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED and message.problem == ""


@pytest.mark.parametrize("status", ["permanent-failure", "temporary-failure", "technical-failure"])
def test_a_delivery_failure_puts_the_message_on_people_to_contact_with_a_clear_reason(
    notify, commit, client, client_for, status
):
    message = _sent_text(commit)
    assert _callback(client, {"id": str(message.notify_id), "status": status}).status_code == 204
    message.refresh_from_db()
    assert message.delivery_status == status
    assert message.problem.startswith(("The text could not be delivered", "The text was not"))
    page = client_for("admissions_tutor").get(reverse("bookings:contact-list")).content.decode()
    assert "Noor" in page and "Not delivered:" in page
    # A later "delivered" for the same message (out of order) changes nothing.
    _callback(client, {"id": str(message.notify_id), "status": "delivered"})
    message.refresh_from_db()
    assert message.delivery_status == status


def test_staff_mark_a_failed_message_passed_on(notify, commit, client, client_for):
    message = _sent_text(commit)
    _callback(client, {"id": str(message.notify_id), "status": "permanent-failure"})
    tutor = client_for("admissions_tutor")
    assert tutor.post(reverse("bookings:contact-done", args=[message.pk])).status_code == 302
    message.refresh_from_db()
    assert message.handled_at is not None
    assert "Noor" not in tutor.get(reverse("bookings:contact-list")).content.decode()


@pytest.mark.parametrize("token", [None, "wrong-token-entirely", ""], ids=["missing", "wrong", "empty"])
@pytest.mark.parametrize("url", ["bookings:notify-callback", "bookings:notify-received-text"])
def test_a_callback_without_the_right_token_is_refused_and_changes_nothing(
    notify, commit, client, token, url
):
    message = _sent_text(commit)
    student = message.booking.student
    payload = {
        "id": str(message.notify_id),
        "status": "permanent-failure",
        "source_number": "447700900123",
        "message": "STOP",
    }
    response = _callback(client, payload, token=token, url=url)
    assert response.status_code == 401
    message.refresh_from_db()
    student.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.CREATED and message.problem == ""
    assert student.texts_stopped_at is None


def test_callbacks_are_refused_when_no_token_is_set(notify, settings, commit, client):
    message = _sent_text(commit)
    settings.WARP_NOTIFY_CALLBACK_TOKEN = ""
    assert (
        _callback(client, {"id": str(message.notify_id), "status": "delivered"}, token="").status_code == 401
    )


def test_callbacks_take_post_only(client):
    assert client.get(reverse("bookings:notify-callback")).status_code == 405
    assert client.get(reverse("bookings:notify-received-text")).status_code == 405


def test_a_receipt_for_a_message_warp_never_sent_changes_nothing(notify, client):
    assert _callback(client, {"id": str(uuid.uuid4()), "status": "delivered"}).status_code == 204
    assert _callback(client, {"id": "not-an-id", "status": "delivered"}).status_code == 204
    assert _callback(client, {"id": str(uuid.uuid4()), "status": "exploded"}).status_code == 400


# STOP ------------------------------------------------------------------------------------------------


def test_replying_stop_withdraws_consent_to_texts_and_nothing_more_is_texted(notify, commit, client):
    student = texter(first_name="Noor")
    response = _callback(
        client,
        {
            "id": str(uuid.uuid4()),
            "source_number": "447700900123",
            "message": " Stop. ",
            "destination_number": "07123",
        },
        url="bookings:notify-received-text",
    )
    assert response.status_code == 204
    student.refresh_from_db()
    assert student.texts_stopped_at is not None
    record = ConsentRecord.objects.get(student=student, kind=ConsentKind.TEXTS)
    assert (record.given, record.how) == (False, ConsentHow.TEXT_REPLY)
    assert AuditEntry.objects.filter(student_id=student.pk, action="consent").exists()
    _book(student, commit=commit)
    assert BookingMessage.objects.get().channel == Channel.STAFF  # staff pass it on instead
    assert notify.sent == []
    run = make_run(session_days=[1])
    booking_create(student=student, course_run=run, by=None)
    assert text_reminders_send(now=_at(0, 11)) == 0


def test_any_other_reply_changes_nothing(notify, client):
    student = texter()
    _callback(
        client,
        {"source_number": "447700900123", "message": "Sorry, I cannot stop by tomorrow"},
        url="bookings:notify-received-text",
    )
    student.refresh_from_db()
    assert student.texts_stopped_at is None
    assert not ConsentRecord.objects.filter(kind=ConsentKind.TEXTS).exists()


# Measure what matters: attendance with and without a reminder -----------------------------------------


def test_the_term_dashboard_shows_attendance_with_and_without_a_reminder(
    notify, commit, client, client_for, django_assert_max_num_queries
):
    term = make_term()
    run = make_run(term=term, session_days=[-8, -1])
    first, second = run.sessions.order_by("date")
    reminded = texter(first_name="Ada")
    not_asked = make_student(
        contact_method=ContactMethod.TEXT, phone="07700 900456", consent_to_contact=False
    )
    failed = make_student(contact_method=ContactMethod.TEXT, phone="07700 900789", consent_to_contact=True)
    for student in (reminded, not_asked, failed):
        booking_create(student=student, course_run=run, by=None)
    with commit():
        assert text_reminders_send(now=_at(-9, 11)) == 2  # Ada's and the failed one's, for the first session
        assert text_reminders_send(now=_at(-2, 11)) == 2
    undelivered = BookingMessage.objects.get(booking__student=failed, session=first)
    _callback(client, {"id": str(undelivered.notify_id), "status": "permanent-failure"})
    marks = [
        (first, reminded, Mark.PRESENT),
        (second, reminded, Mark.PRESENT),
        (first, not_asked, Mark.ABSENT),
        (second, not_asked, Mark.PRESENT),
        (first, failed, Mark.PRESENT),  # its reminder never arrived: counted without one
    ]
    for session, student, mark in marks:
        attendance_mark(session=session, student=student, mark=mark, by=None)
    figures = reminder_attendance(term)
    assert (figures.reminded_present, figures.reminded_marks) == (2, 2)
    assert (figures.other_present, figures.other_marks) == (2, 3)
    manager = client_for("centre_manager")
    # session + user, terms, the term, the kept figures (page of runs, progress, totals, today's sessions,
    # the data version), and one query for attendance with and without a reminder, however many marks
    with django_assert_max_num_queries(13):
        page = manager.get(reverse("bookings:term-dashboard"), {"term": term.pk}).content.decode()
    assert "100% present (2 of 2 marks)" in page
    assert "67% present (2 of 3 marks)" in page
