"""GOV.UK Notify: texts, emails and letters to students, a message backend beside Django's email.

Off unless WARP_NOTIFY_API_KEY is set; each channel is on when its template's id is set too
(WARP_NOTIFY_EMAIL_TEMPLATE_ID, WARP_NOTIFY_TEXT_TEMPLATE_ID, WARP_NOTIFY_LETTER_TEMPLATE_ID). Every
template has the same shape: a text's message is "((body))"; an email's subject "((subject))" and message
"((body))"; a letter's heading "((subject))" and body "((body))". WaRP fills them with its own words, so
the wording lives in one place (the templates in bookings/email/ and bookings/text/; README lists them).

`send` is the only call to the outside world. Notify receives a phone number, an email address or a
postal address, and the message: nothing else.
"""

import logging

from django.conf import settings
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from warp.bookings.models import Channel, DeliveryStatus
from warp.students.models import Student

log = logging.getLogger(__name__)

TEMPLATE_SETTINGS = {
    Channel.EMAIL: "WARP_NOTIFY_EMAIL_TEMPLATE_ID",
    Channel.TEXT: "WARP_NOTIFY_TEXT_TEMPLATE_ID",
    Channel.LETTER: "WARP_NOTIFY_LETTER_TEMPLATE_ID",
}

# Notify's own limit for one text message (six parts); a longer one is left for staff.
TEXT_MAX_CHARS = 918
# GSM 03.38: the characters a single 160-character text carries; the extension ones count twice.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€")


def text_length(text: str) -> int:
    """Characters as the phone network counts them (an extension character such as € counts twice)."""
    return sum(2 if char in GSM_EXTENSION else 1 for char in text)


def fits_one_text(text: str) -> bool:
    """True when the message goes as one text: 160 GSM characters (70 when any character is not GSM)."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        return text_length(text) <= 160
    return len(text) <= 70


def is_on() -> bool:
    return bool(settings.WARP_NOTIFY_API_KEY)


def channel_on(channel: str) -> bool:
    """Notify is on and this channel's template is set."""
    setting = TEMPLATE_SETTINGS.get(Channel(channel))
    return is_on() and setting is not None and bool(getattr(settings, setting, ""))


class NotifyRefused(Exception):
    """Notify will not send this message as it is (400): `reason` says why, for staff."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotifyUnavailable(Exception):
    """Notify did not take the message this time (down, a refused key, too many requests): try later."""


def address_lines(student: Student) -> dict[str, str]:
    """Notify's address_line_1 … address_line_7: their name, their address, and the postcode last."""
    lines = [student.full_name, *(line.strip() for line in student.address.splitlines()), student.postcode]
    lines = [line for line in lines if line]
    if len(lines) > 7:  # Notify takes seven lines: join the middle ones rather than lose any
        lines = [*lines[:5], ", ".join(lines[5:-1]), lines[-1]]
    return {f"address_line_{number}": line for number, line in enumerate(lines, start=1)}


def _reason(error: HTTPError) -> str:
    detail = error.message
    if isinstance(detail, list):
        detail = "; ".join(str(item.get("message", item)) for item in detail if isinstance(item, dict))
    return str(detail)[:300]


def send(*, channel: str, student: Student, subject: str, body: str, reference: str) -> str:
    """Hand one message to Notify and return its id. NotifyRefused (a 400: the message cannot go as it is)
    or NotifyUnavailable (Notify down, 403 bad key, 429 too many requests, 5xx: try again later)."""
    client = NotificationsAPIClient(
        settings.WARP_NOTIFY_API_KEY, base_url=settings.WARP_NOTIFY_BASE_URL, timeout=15
    )
    template_id = getattr(settings, TEMPLATE_SETTINGS[Channel(channel)])
    try:
        if channel == Channel.TEXT:
            response = client.send_sms_notification(
                phone_number=student.phone,
                template_id=template_id,
                personalisation={"body": body},
                reference=reference,
            )
        elif channel == Channel.EMAIL:
            response = client.send_email_notification(
                email_address=student.email,
                template_id=template_id,
                personalisation={"subject": subject, "body": body},
                reference=reference,
            )
        else:
            response = client.send_letter_notification(
                template_id=template_id,
                personalisation={**address_lines(student), "subject": subject, "body": body},
                reference=reference,
            )
    except HTTPError as error:
        status = error.status_code
        if status == 400:
            raise NotifyRefused(
                f"GOV.UK Notify would not send this {Channel(channel).name.lower()}: {_reason(error)}."
            ) from error
        if status == 403:
            log.error("GOV.UK Notify refused WaRP's API key (403): check WARP_NOTIFY_API_KEY.")
        elif status == 429:
            log.warning("GOV.UK Notify says too many requests (429): the message is sent on a later try.")
        else:
            log.warning(
                "GOV.UK Notify could not be reached (%s): the message is sent on a later try.", status
            )
        raise NotifyUnavailable(str(status)) from error
    return str(response["id"])


# What staff read on "People to contact" when a message did not reach the student, by status and channel.
_WHAT = {Channel.TEXT: "text", Channel.EMAIL: "email", Channel.LETTER: "letter"}


def failure_reason(status: str, channel: str) -> str:
    """A kind, clear sentence for staff: what went wrong and what to do."""
    what = _WHAT.get(Channel(channel), "message")
    if status == DeliveryStatus.PERMANENT_FAILURE:
        if channel == Channel.TEXT:
            return (
                "The text could not be delivered: the phone network says the number does not exist or "
                "cannot take texts. Please check their mobile number and pass the message on another way."
            )
        if channel == Channel.LETTER:
            return "The letter came back undelivered. Please check their address and pass the message on."
        return (
            "The email could not be delivered: the address does not exist or refused it. Please check "
            "their email address and pass the message on another way."
        )
    if status == DeliveryStatus.TEMPORARY_FAILURE:
        return (
            f"The {what} was not delivered: their phone or inbox could not take it for a while (switched off, "
            "or full). Please pass the message on another way."
        )
    if status == DeliveryStatus.TECHNICAL_FAILURE:
        return f"The {what} was not sent because of a fault at GOV.UK Notify. Please pass the message on."
    if status == DeliveryStatus.VALIDATION_FAILED:
        return (
            "GOV.UK Notify could not print the letter: the address was not accepted. Please check their "
            "address and pass the message on."
        )
    if status == DeliveryStatus.CANCELLED:
        return "The letter was cancelled before it was posted. Please pass the message on another way."
    return f"The {what} did not reach them. Please pass the message on another way."
