"""The named people every test may use. Invented, like all data in tests."""

import time
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from warp.accounts.middleware import ACTING_ROLE
from warp.accounts.models import Role, TrainerKind, User, mfa_required_for, pack_roles

PASSWORD = "a-long-test-password"
# Every persona who must use a second factor has an authenticator app with this key (base32).
PERSONA_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass(frozen=True)
class PersonaSpec:
    key: str
    email: str
    role: str
    trainer_kind: str = ""


PERSONAS = [
    PersonaSpec("student", "sam.student@example.org", Role.STUDENT),
    PersonaSpec("admissions_tutor", "tutor@example.org", Role.ADMISSIONS_TUTOR),
    PersonaSpec("peer_trainer", "peer@example.org", Role.TRAINER, TrainerKind.PEER),
    PersonaSpec("professional_trainer", "pro@example.org", Role.TRAINER, TrainerKind.PROFESSIONAL),
    PersonaSpec("centre_manager", "manager@example.org", Role.CENTRE_MANAGER),
    PersonaSpec("team_lead", "lead@example.org", Role.TEAM_LEAD),
    PersonaSpec("partnership_lead", "partnership@example.org", Role.PARTNERSHIP_LEAD),
    PersonaSpec("commissioner", "commissioner@example.org", Role.COMMISSIONER),
    PersonaSpec("administrator", "admin@example.org", Role.ADMINISTRATOR),
    PersonaSpec("network_coordinator", "network@example.org", Role.NETWORK_COORDINATOR),
    PersonaSpec("outsider", "outsider@example.org", Role.STUDENT),  # an account with no student record
]
ROLE_KEYS = ["anonymous"] + [spec.key for spec in PERSONAS]


def make_personas() -> dict[str, User]:
    people = {}
    for spec in PERSONAS:
        people[spec.key] = User.objects.create_user(
            spec.email,
            PASSWORD,
            first_name=spec.key.replace("_", " ").title(),
            last_name="Example",
            role=spec.role,
            trainer_kind=spec.trainer_kind,
        )
        if mfa_required_for(people[spec.key]):
            TOTP.activate(people[spec.key], PERSONA_TOTP_SECRET)
    return people


def give_role(user: User, role: str, *, trainer_kind: str = "") -> User:
    """Let a persona hold another role beside their own (one person, several roles), as an administrator
    would; sets up their authenticator app if the new role needs one."""
    user.other_roles = pack_roles(set(user.held_roles) - {user.usual_role} | {role})
    if role == Role.TRAINER and not user.trainer_kind:
        user.trainer_kind = trainer_kind or TrainerKind.PEER
    user.full_clean(exclude=["password"])
    user.save()
    if mfa_required_for(user) and not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, PERSONA_TOTP_SECRET)
    return user


def sign_in_fully(client: Client, user: User, *, acting: str | None = None) -> Client:
    """Sign in as a person who has passed every step their role needs, as the sign-in pages leave it.

    force_login() skips the pages, so this also writes what allauth records in the session after each step
    (the password; and a correct code, for someone with an authenticator app). Without the code record
    staff are sent back to sign in. `acting`: the role the session acts in, for a person holding several."""
    client.force_login(user)
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"})
    session = client.session
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    if acting is not None:
        session[ACTING_ROLE] = acting  # as the header's switch leaves it
    session.save()
    return client
