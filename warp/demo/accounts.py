"""Staff in every role, and the named demo student whose login is printed."""

from allauth.mfa.totp.internal.auth import TOTP

from warp.accounts.demo_totp import DEMO_TOTP_SECRET
from warp.accounts.models import Role, TrainerKind, User, mfa_required_for

# (role shown to the person trying the demo, email) - printed by `make run`.
LOGINS = [
    ("Student", "sam.student@example.org"),
    ("Admissions tutor", "tutor@example.org"),
    ("Peer trainer", "peer.trainer@example.org"),
    ("Professional trainer", "professional.trainer@example.org"),
    ("Trainer and student", "trainer.student@example.org"),
    ("Centre manager", "manager@example.org"),
    ("Team lead", "team.lead@example.org"),
    ("Partnership lead", "partnership.lead@example.org"),
    ("Commissioner", "commissioner@example.org"),
    ("Administrator", "admin@example.org"),
    ("Network coordinator", "network@example.org"),
]

STAFF = [
    ("tutor@example.org", "Priya", "Okafor", Role.ADMISSIONS_TUTOR, ""),
    ("tutor2@example.org", "Gareth", "Lloyd", Role.ADMISSIONS_TUTOR, ""),
    ("peer.trainer@example.org", "Jo", "Marsh", Role.TRAINER, TrainerKind.PEER),
    ("professional.trainer@example.org", "Dr Helen", "Ashby", Role.TRAINER, TrainerKind.PROFESSIONAL),
    # One person, several roles: a professional trainer who also attends courses as a student (her student
    # record is made by warp/demo/students.py, as if she had registered herself).
    ("trainer.student@example.org", "Sian", "Treloar", Role.TRAINER, TrainerKind.PROFESSIONAL),
    ("manager@example.org", "Marcus", "Bell", Role.CENTRE_MANAGER, ""),
    ("team.lead@example.org", "Aisha", "Rahman", Role.TEAM_LEAD, ""),
    ("partnership.lead@example.org", "Tom", "Whitfield", Role.PARTNERSHIP_LEAD, ""),
    ("commissioner@example.org", "Linda", "Carver", Role.COMMISSIONER, ""),
    ("admin@example.org", "Ravi", "Patel", Role.ADMINISTRATOR, ""),
    ("network@example.org", "Fern", "Castellano", Role.NETWORK_COORDINATOR, ""),
]

EXTRA_TRAINERS = [
    ("Kim", "Foster", TrainerKind.PEER),
    ("Dan", "Hollis", TrainerKind.PEER),
    ("Mel", "Obi", TrainerKind.PEER),
    ("Rosa", "Lindqvist", TrainerKind.PEER),
    ("Chris", "Penhale", TrainerKind.PROFESSIONAL),
    ("Nadia", "Grant", TrainerKind.PROFESSIONAL),
    ("Owen", "Tregarthen", TrainerKind.PROFESSIONAL),
    ("Beth", "Moreno", TrainerKind.PROFESSIONAL),
]


def build(ctx) -> None:
    from warp.demo import DEMO_PASSWORD

    staff = {}
    for email, first, last, role, kind in STAFF:
        extra = {"is_superuser": True} if role == Role.ADMINISTRATOR else {}
        staff[email] = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, role=role, trainer_kind=kind, **extra
        )
    trainers = [
        staff["peer.trainer@example.org"],
        staff["professional.trainer@example.org"],
        staff["trainer.student@example.org"],
    ]
    for first, last, kind in EXTRA_TRAINERS:
        trainers.append(
            User.objects.create_user(
                f"{first.lower()}.{last.lower()}@example.org",
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                role=Role.TRAINER,
                trainer_kind=kind,
            )
        )
    # Staff sign in with a second factor; in the demo every staff login shares one published key.
    for user in [*staff.values(), *trainers[3:]]:
        if mfa_required_for(user) and user.email.endswith("@example.org"):
            TOTP.activate(user, DEMO_TOTP_SECRET)
    ctx.store["staff"] = staff
    ctx.store["trainers"] = trainers


def second_factor_help() -> str:
    """Printed under the demo logins by `make run`."""
    return (
        "Staff logins also ask for a code: run `.venv/bin/warp manage demo_totp_code` for the current one,\n"
        f"or add the demo key {DEMO_TOTP_SECRET} to an authenticator app. The student login needs no code."
    )
