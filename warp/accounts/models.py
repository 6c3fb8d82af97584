from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
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
    NETWORK_COORDINATOR = "network_coordinator", "Network coordinator"


# How the header's switch names each role: "You are using WaRP as: a student / a trainer".
ROLE_AS = {
    Role.STUDENT: "a student",
    Role.ADMISSIONS_TUTOR: "an admissions tutor",
    Role.TRAINER: "a trainer",
    Role.CENTRE_MANAGER: "a centre manager",
    Role.TEAM_LEAD: "a team lead",
    Role.PARTNERSHIP_LEAD: "a partnership lead",
    Role.COMMISSIONER: "a commissioner",
    Role.ADMINISTRATOR: "an administrator",
    Role.NETWORK_COORDINATOR: "a network coordinator",
}


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


def role_words(role: str) -> str:
    """A stored role in words ("admissions_tutor" -> "Admissions tutor"), also for a role no longer offered
    (the audit log's entries keep the role they were made in)."""
    if not role:
        return ""
    return str(dict(Role.choices).get(role, role.replace("_", " ").capitalize()))


def mfa_required_for(user) -> bool:
    """Whether this person must use a second factor (TOTP) to sign in.

    Asks about every role they hold, not the one they act in: a trainer acting as a student still signs in
    with a code, since the same sign-in opens the trainer's pages."""
    held = getattr(user, "held_roles", None)
    if held is None:
        return getattr(user, "role", None) in MFA_REQUIRED_ROLES
    return bool(held & MFA_REQUIRED_ROLES)


def pack_roles(roles) -> str:
    """Roles as stored in `User.other_roles`: ",student,trainer," (commas at both ends, so one role can be
    found with a plain `contains` on SQLite and PostgreSQL alike); empty for none."""
    roles = sorted({str(role) for role in roles})
    return "," + ",".join(roles) + "," if roles else ""


def unpack_roles(packed: str) -> frozenset[str]:
    return frozenset(part for part in (packed or "").split(",") if part)


def holding_q(*roles: str, prefix: str = "") -> models.Q:
    """People who hold any of these roles, as their usual role or another one."""
    q = models.Q()
    for role in roles:
        q |= models.Q(**{f"{prefix}role": role}) | models.Q(**{f"{prefix}other_roles__contains": f",{role},"})
    return q


class UserQuerySet(models.QuerySet["User"]):
    def holding(self, *roles: str) -> "UserQuerySet":
        """Everyone who holds one of these roles, whichever they act in now (e.g. every trainer)."""
        return self.filter(holding_q(*roles))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not isinstance(fields.get("other_roles", ""), str):
            fields["other_roles"] = pack_roles(set(fields["other_roles"]) - {fields.get("role")})
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
    """Someone who signs in, with one sign-in whatever roles they hold.

    `role` is the role they are **acting in**: stored, it is their usual role (the one each sign-in starts
    in); `ActingRoleMiddleware` switches `request.user.role` to the role chosen in this session, so every
    check that reads `role` (`role_required`, `has_role`, `is_student`, the getters in each `access.py`)
    follows the acting role. `held_roles` is every role they hold; `other_roles` stores those beside the
    usual one. Saving always writes the usual role, never the acting one."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    role = models.CharField(
        max_length=32,
        choices=Role.choices,
        default=Role.STUDENT,
        help_text="Their usual role: the one they act in when they sign in.",
    )
    other_roles = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="Further roles they hold, e.g. ',student,' for a trainer who also attends courses.",
    )
    trainer_kind = models.CharField(
        "usual perspective",
        max_length=16,
        choices=TrainerKind.choices,
        blank=True,
        help_text="For trainers: the perspective they usually bring, peer (lived experience) or "
        "professional. Each course run records the one they bring there.",
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
                condition=(holding_q("trainer") & ~models.Q(trainer_kind=""))
                | (~holding_q("trainer") & models.Q(trainer_kind="")),
            ),
            models.CheckConstraint(
                name="user_role_is_known", condition=models.Q(role__in=[r.value for r in Role])
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def usual_role(self) -> str:
        """The role they start in: the stored one, whichever they act in now."""
        return self.__dict__.get("_usual_role", self.role)

    @property
    def held_roles(self) -> frozenset[str]:
        return frozenset({self.usual_role}) | unpack_roles(self.other_roles)

    def holds(self, *roles: str) -> bool:
        """Whether they hold any of these roles, whichever they act in now (for "who may be a trainer on a
        run", never for what this request may see: that is `has_role`)."""
        return self.is_active and bool(self.held_roles & set(roles))

    @property
    def has_several_roles(self) -> bool:
        return len(self.held_roles) > 1

    def act_as(self, role: str) -> None:
        """Act in another role they hold, for this object only (the middleware does it per request)."""
        if role not in self.held_roles:
            raise ValueError(f"{self.email} does not hold the role {role!r}.")
        usual = self.usual_role
        self.role = role
        if role == usual:
            self.__dict__.pop("_usual_role", None)
        else:
            self.__dict__["_usual_role"] = usual

    def clean(self) -> None:
        super().clean()
        unknown = unpack_roles(self.other_roles) - {r.value for r in Role}
        if unknown:
            raise ValidationError({"other_roles": f"Unknown roles: {', '.join(sorted(unknown))}."})

    def save(self, *args, **kwargs):
        acting = self.role
        self.role = self.usual_role  # never store the acting role
        self.other_roles = pack_roles(unpack_roles(self.other_roles) - {self.role})
        # The Django admin is the administrators' back office; holding the role decides who gets in (and
        # has_perm below, by the acting role, what they may do there).
        self.is_staff = Role.ADMINISTRATOR in self.held_roles
        try:
            super().save(*args, **kwargs)
        finally:
            self.role = acting

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
        """Whether they are acting in one of these roles now."""
        return self.is_active and self.role in roles

    def roles_display(self) -> str:
        """Every role they hold, in words, the usual one first: "Trainer, Student"."""
        order = [role.value for role in Role]
        others = sorted(unpack_roles(self.other_roles) - {self.usual_role}, key=order.index)
        return ", ".join(Role(role).label for role in [self.usual_role, *others])

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


class SignInLockout(models.Model):
    """Failed sign-ins for one email address as typed (warp/accounts/lockout.py), counted under a row lock.

    Keyed by a hash of the address, so an address with no account counts the same way and no address is
    stored. Rows expire minutes after the last failure or the end of the lock, and are then deleted."""

    key = models.CharField(max_length=64, unique=True)  # SHA-256 of the address, lower case, in hex
    failures = models.JSONField(default=list, blank=True)  # Unix times of the failures in the window
    locked_until = models.FloatField(null=True, blank=True)  # Unix time the lock ends
    expires_at = models.FloatField(db_index=True)  # Unix time after which the row means nothing

    def __str__(self) -> str:
        return f"sign-in failures {self.key[:8]}"


class OrganisationInvitation(models.Model):
    """An administrator's invitation to link a member of staff's organisation account (OpenID Connect) to
    their WaRP account, emailed to them as a signed link (warp/accounts/organisation.py).

    Works once (`used_at`), until `expires_at`. The link proves the person reads the WaRP account's email; the
    organisation's sign-in that follows proves the identity; the identity they sign in with is then linked,
    whatever email address it gives."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organisation_invitations")
    provider_id = models.CharField(max_length=40, help_text="The provider's id in WARP_OIDC_PROVIDERS.")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} invited to sign in with {self.provider_id}"
