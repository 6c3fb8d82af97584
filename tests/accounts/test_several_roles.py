"""One person, one sign-in, several roles: the acting role decides what each request may do."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import book, make_run, make_student
from tests.personas import give_role, sign_in_fully
from warp.accounts import services
from warp.accounts.middleware import ACTING_ROLE
from warp.accounts.models import Role, TrainerKind, User, mfa_required_for
from warp.audit.models import AuditEntry
from warp.students.models import Student

pytestmark = pytest.mark.django_db


def _switch(client, role):
    return client.post(reverse("accounts:acting-role-switch"), {"role": role})


def test_the_switch_changes_the_acting_role_the_menu_and_the_start_page(client, personas):
    pro = give_role(personas["professional_trainer"], Role.STUDENT)
    sign_in_fully(client, pro)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "You are using WaRP as:" in page
    assert '<strong aria-current="true">a trainer</strong>' in page
    assert "Your sessions" in page  # the trainer's menu

    response = _switch(client, Role.STUDENT)
    assert client.session[ACTING_ROLE] == Role.STUDENT
    student_start = User.objects.get(pk=pro.pk)
    student_start.act_as(Role.STUDENT)
    assert response["Location"] == student_start.start_url()
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<strong aria-current="true">a student</strong>' in page
    assert "Using WaRP now as: student" in page
    # Acting as a student, the trainer's pages are refused.
    assert client.get(reverse("bookings:trainer-sessions")).status_code == 403

    _switch(client, Role.TRAINER)
    assert ACTING_ROLE not in client.session  # back in their usual role
    assert client.get(reverse("bookings:trainer-sessions")).status_code == 200


def test_the_switch_refuses_a_role_the_person_does_not_hold(client, personas):
    pro = give_role(personas["professional_trainer"], Role.STUDENT)
    sign_in_fully(client, pro)
    response = _switch(client, Role.ADMINISTRATOR)
    assert response.status_code == 302
    assert ACTING_ROLE not in client.session
    assert client.get(reverse("accounts:access-review")).status_code == 403


def test_people_with_one_role_see_no_switch(client_for):
    page = client_for("peer_trainer").get(reverse("accounts:profile")).content.decode()
    assert "You are using WaRP as:" not in page


def test_a_role_taken_away_while_acting_in_it_is_forgotten(client, personas):
    pro = give_role(personas["professional_trainer"], Role.STUDENT)
    sign_in_fully(client, pro, acting=Role.STUDENT)
    pro.other_roles = ""
    pro.save()
    assert client.get(reverse("bookings:trainer-sessions")).status_code == 200  # back to their usual role
    assert ACTING_ROLE not in client.session


def test_saving_someone_acting_in_another_role_keeps_their_usual_role(personas):
    pro = give_role(personas["professional_trainer"], Role.STUDENT)
    pro.act_as(Role.STUDENT)
    pro.first_name = "Priya"
    pro.save()
    assert pro.role == Role.STUDENT  # still acting as a student in this request
    stored = User.objects.get(pk=pro.pk)
    assert stored.role == Role.TRAINER and stored.held_roles == {Role.TRAINER, Role.STUDENT}


def test_acting_in_a_role_one_does_not_hold_is_refused(personas):
    with pytest.raises(ValueError):
        personas["student"].act_as(Role.TRAINER)


def test_the_second_factor_follows_every_role_held_not_the_acting_one(personas):
    sam = personas["student"]
    assert not mfa_required_for(sam)
    give_role(sam, Role.TRAINER)
    sam.act_as(Role.STUDENT)
    assert mfa_required_for(sam)  # the same sign-in opens trainer pages


def test_holding_finds_people_by_any_role_they_hold(personas):
    give_role(personas["student"], Role.TRAINER)
    trainers = set(User.objects.holding(Role.TRAINER).values_list("email", flat=True))
    assert trainers == {"peer@example.org", "pro@example.org", "sam.student@example.org"}


def test_trainer_kind_is_only_for_people_holding_the_trainer_role(personas):
    sam = personas["student"]
    sam.trainer_kind = TrainerKind.PEER
    with pytest.raises(ValidationError):
        sam.full_clean(exclude=["password"])


# Records: acting as staff, never one's own student record unless the role sees every student --------


def _trainer_who_is_a_student(personas):
    pro = give_role(personas["professional_trainer"], Role.STUDENT)
    own = make_student(first_name="Priya", user=pro)
    run = make_run(trainers=[pro, personas["peer_trainer"]])
    book(own, run)
    return pro, own


def test_a_trainer_never_sees_their_own_student_record_in_staff_pages(client, personas):
    pro, own = _trainer_who_is_a_student(personas)
    sign_in_fully(client, pro)
    listing = client.get(reverse("students:student-list")).content.decode()
    assert own.registration_number not in listing
    assert client.get(reverse("students:student-detail", args=[own.pk])).status_code == 404
    # Acting as a student, they see their own record, and nobody else's.
    _switch(client, Role.STUDENT)
    assert own.registration_number in client.get(reverse("students:my-record")).content.decode()
    assert client.get(reverse("students:student-list")).status_code == 403


def test_a_tutor_who_is_a_student_sees_themselves_among_all_students_and_the_log_shows_it(client, personas):
    tutor = give_role(personas["admissions_tutor"], Role.STUDENT)
    own = make_student(first_name="Tomas", user=tutor)
    sign_in_fully(client, tutor)
    assert client.get(reverse("students:student-detail", args=[own.pk])).status_code == 200
    look = AuditEntry.objects.filter(student_id=own.pk, action="view").latest("at")
    assert look.user_id == tutor.pk and look.role == Role.ADMISSIONS_TUTOR
    # Acting as a student, the same person's look is logged as a student's.
    _switch(client, Role.STUDENT)
    client.get(reverse("students:my-record"))
    look = AuditEntry.objects.filter(student_id=own.pk, action="view").latest("at")
    assert look.role == Role.STUDENT


# Registering oneself as a student, with the same sign-in ------------------------------------------------


def _myself(**overrides):
    data = {
        "first_name": "Priya",
        "last_name": "Example",
        "date_of_birth": "1984-03-02",
        "postcode": "BH15 1AA",
        "email": "priya.home@example.org",
        "contact_method": "email",
        "consent_to_hold_data": "on",
    }
    data.update(overrides)
    return data


def test_a_trainer_registers_as_a_student_with_the_same_sign_in(client_for, personas):
    client = client_for("professional_trainer")
    response = client.post(reverse("students:register-myself"), _myself())
    assert response.status_code == 302 and response["Location"] == reverse("students:my-record")
    pro = User.objects.get(pk=personas["professional_trainer"].pk)
    assert pro.held_roles == {Role.TRAINER, Role.STUDENT} and pro.role == Role.TRAINER
    record = Student.objects.get(user=pro)
    assert record.email == "priya.home@example.org" and record.registered_by is None
    assert User.objects.count() == len(personas)  # no second account
    assert client.session[ACTING_ROLE] == Role.STUDENT
    assert client.get(reverse("students:my-record")).status_code == 200


def test_registering_oneself_twice_goes_to_the_record(client_for, personas):
    client = client_for("team_lead")
    client.post(reverse("students:register-myself"), _myself())
    response = client.get(reverse("students:register-myself"))
    assert response["Location"] == reverse("students:my-record")
    assert Student.objects.filter(user=personas["team_lead"]).count() == 1


def test_signed_in_staff_on_the_public_form_are_sent_to_register_with_their_sign_in(client_for):
    response = client_for("peer_trainer").get(reverse("students:register"))
    assert response["Location"] == reverse("students:register-myself")


def test_a_colleague_trainer_sees_nothing_of_a_staff_members_student_record(client_for, personas):
    client_for("professional_trainer").post(reverse("students:register-myself"), _myself())
    record = Student.objects.get(user=personas["professional_trainer"])
    colleague = client_for("peer_trainer")
    assert record.registration_number not in colleague.get(reverse("students:student-list")).content.decode()
    assert colleague.get(reverse("students:student-detail", args=[record.pk])).status_code == 404


# Staff accounts made by administrators, with an invitation ------------------------------------------------


def _new_staff(**overrides):
    data = {
        "first_name": "Jo",
        "last_name": "Marsh",
        "email": "jo.marsh@example.org",
        "roles": ["trainer", "team_lead"],
        "usual_role": "trainer",
        "trainer_kind": "peer",
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_staff_with_roles_and_they_are_emailed_an_invitation(
    client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:staff-create"), _new_staff())
    assert response["Location"] == reverse("accounts:access-review")
    jo = User.objects.get(email="jo.marsh@example.org")
    assert jo.held_roles == {Role.TRAINER, Role.TEAM_LEAD} and jo.role == Role.TRAINER
    assert jo.trainer_kind == TrainerKind.PEER
    assert not jo.has_usable_password()
    (invitation,) = mailoutbox
    assert invitation.to == ["jo.marsh@example.org"]
    assert "authenticator app" in invitation.body
    link = next(line for line in invitation.body.splitlines() if "/password/reset/key/" in line)
    # The link lets them choose a password (allauth keeps the key in the session and redirects once).
    anonymous = Client()
    page = anonymous.get(link.split("testserver", 1)[1], follow=True)
    assert page.status_code == 200 and b"password" in page.content.lower()
    assert AuditEntry.objects.filter(model="accounts.User", object_id=str(jo.pk), action="create").exists()


def test_adding_staff_says_what_is_missing_and_keeps_what_was_typed(client_for):
    client = client_for("administrator")
    page = client.post(reverse("accounts:staff-create"), _new_staff(trainer_kind="")).content.decode()
    assert "Choose the perspective this trainer usually brings" in page
    assert 'value="jo.marsh@example.org"' in page
    assert not User.objects.filter(email="jo.marsh@example.org").exists()
    page = client.post(reverse("accounts:staff-create"), _new_staff(usual_role="centre_manager")).content
    assert b"Choose their usual role from the roles you ticked" in page


def test_adding_staff_with_an_email_already_used_is_refused_kindly(client_for):
    page = client_for("administrator").post(
        reverse("accounts:staff-create"), _new_staff(email="peer@example.org")
    )
    assert b"Someone already signs in with this email address" in page.content


def test_changing_roles_keeps_a_student_role_and_is_audited(client_for, personas):
    sam = give_role(personas["student"], Role.TRAINER)
    client = client_for("administrator")
    data = {"roles": ["team_lead"], "usual_role": "team_lead"}
    response = client.post(reverse("accounts:staff-roles", args=[sam.pk]), data)
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.held_roles == {Role.STUDENT, Role.TEAM_LEAD} and sam.trainer_kind == ""
    note = AuditEntry.objects.filter(model="accounts.User", object_id=str(sam.pk)).latest("at").note
    assert "Trainer" in note and "Team lead" in note


def test_the_last_administrator_keeps_that_role(personas):
    admin = personas["administrator"]
    with pytest.raises(services.AccountChangeRefused):
        services.user_roles_set(
            user=admin, roles={Role.CENTRE_MANAGER}, usual_role=Role.CENTRE_MANAGER, by=admin
        )


def test_an_administrator_acting_as_a_student_cannot_use_the_django_admin(client, personas):
    admin = give_role(personas["administrator"], Role.STUDENT)
    sign_in_fully(client, admin, acting=Role.STUDENT)
    page = client.get(reverse("admin:index")).content.decode()
    assert "permission to view or edit anything" in page  # no app of the admin is open to a student
    assert client.get(reverse("accounts:access-review")).status_code == 403
