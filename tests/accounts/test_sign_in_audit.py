"""Every completed sign-in is in the audit log, however the person signed in (organisation sign-ins are
checked in test_organisation_sign_in.py)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import code_for, sign_in_with_password
from warp.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_password_sign_in_is_audited_once_the_code_is_given_and_not_before(client, personas):
    tutor = personas["admissions_tutor"]
    sign_in_with_password(client, tutor.email, "not the password")
    sign_in_with_password(client, tutor.email)  # the code page: not signed in yet
    assert not AuditEntry.objects.filter(action="sign_in").exists()
    client.post(reverse("mfa_authenticate"), {"code": code_for()})
    entry = AuditEntry.objects.get(action="sign_in")
    assert (entry.user_id, entry.model, entry.object_id) == (tutor.pk, "accounts.User", str(tutor.pk))
    assert entry.note == "Password sign-in; with the authenticator app's code"


def test_a_student_password_sign_in_is_audited_too(client, personas):
    student = personas["student"]
    sign_in_with_password(client, student.email)
    entry = AuditEntry.objects.get(action="sign_in")
    assert (entry.user_id, entry.note) == (student.pk, "Password sign-in; no second factor needed")
