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


# Everyone whose role reaches other people's records or the centre's running must use a second factor.
MFA_REQUIRED_ROLES = frozenset(role for role in Role if role != Role.STUDENT)


def mfa_required_for(user) -> bool:
    """Whether this person must use a second factor (TOTP) to sign in."""
    return getattr(user, "role", None) in MFA_REQUIRED_ROLES


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
    enabled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the account was last switched back on (restarts the dormancy clock).",
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

    def has_perm(self, perm, obj=None) -> bool:
        # Administrators may do everything the Django admin offers (models guard what must never change,
        # such as audit entries, themselves); nobody else uses the admin.
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_module_perms(app_label)

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


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def for_user(self, user: User) -> "UserSessionQuerySet":
        return self.filter(user=user).order_by("-last_seen_at")


class UserSession(models.Model):
    """One signed-in browser, so a person can see and end their other sessions and disabling ends them all.

    Only what a person needs to recognise the device: a shortened browser name and a coarse address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    user_agent = models.CharField(max_length=120, blank=True)
    ip_coarse = models.CharField("network", max_length=64, blank=True)

    objects = UserSessionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user} on {self.user_agent or 'an unknown browser'}"
