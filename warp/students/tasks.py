"""Emails about registering, sent by the task worker (`warp manage db_worker`), never inside the request."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from warp.accounts.models import User
from warp.students.models import Student


@task()
def send_already_registered(
    student_id: int | None, user_id: int | None, by_name: bool, base_url: str
) -> None:
    """Tell someone who is already here that their details were just used on the public registration page.

    `student_id` (or, for a sign-in with no student record, `user_id`) is who was matched; `by_name` says the
    match was their name and date of birth under another email address, so the email goes to the address we
    already hold, never to the one typed. Nothing is sent to someone we hold no email address for."""
    student = Student.objects.filter(pk=student_id).first() if student_id is not None else None
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id is not None else None
    person = student or user
    if person is None or not person.email:
        return
    address = person.email
    base = base_url.rstrip("/")
    context = {
        "first_name": person.first_name,
        "by_name": by_name,
        "has_sign_in": bool(student.user_id if student is not None else user),
        "sign_in": base + reverse("accounts:login"),
        "reset": base + reverse("account_reset_password"),
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
    }
    body = render_to_string("students/email/already_registered.txt", context)
    send_mail(f"Registering with {settings.CENTRE_NAME}", body, None, [address])
