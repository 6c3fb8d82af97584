"""The named people every test may use. Invented, like all data in tests."""

from dataclasses import dataclass

from warp.accounts.models import Role, TrainerKind, User

PASSWORD = "a-long-test-password"


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
    return people
