from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    ADMISSIONS_TUTOR = "admissions_tutor", "Admissions tutor"
    TRAINER = "trainer", "Trainer"
    CENTRE_MANAGER = "centre_manager", "Centre manager"
    TEAM_LEAD = "team_lead", "Team lead"
    PARTNERSHIP_LEAD = "partnership_lead", "Partnership lead"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"


class TrainerKind(models.TextChoices):
    PEER = "peer", "Peer trainer"
    PROFESSIONAL = "professional", "Professional trainer"


# Roles that work at or for the centre; everyone but students and commissioners.
STAFF_ROLES = frozenset(
    {
        Role.ADMISSIONS_TUTOR,
        Role.TRAINER,
        Role.CENTRE_MANAGER,
        Role.TEAM_LEAD,
        Role.PARTNERSHIP_LEAD,
        Role.ADMINISTRATOR,
    }
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is needed to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # People type their email with capitals now and then; addresses are stored in lower case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("role", Role.STUDENT)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """Someone who signs in. Their one role decides what they may see; see accounts/access.py."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.STUDENT)
    trainer_kind = models.CharField(
        max_length=16,
        choices=TrainerKind.choices,
        blank=True,
        help_text="For trainers: peer (lived experience) or professional.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(
                name="trainer_kind_only_for_trainers",
                condition=(models.Q(role="trainer") & ~models.Q(trainer_kind=""))
                | (~models.Q(role="trainer") & models.Q(trainer_kind="")),
            ),
            models.CheckConstraint(
                name="user_role_is_known", condition=models.Q(role__in=[r.value for r in Role])
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # The Django admin is the administrators' back office; the role alone decides who gets in.
        self.is_staff = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_centre_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def start_url(self) -> str:
        """Where this person lands after signing in: the first page of their menu."""
        from warp.core.navigation import items_for

        items = items_for(self)
        return items[0]["url"] if items else reverse("accounts:profile")
