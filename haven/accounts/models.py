"""Agencies, teams and users. Roles grant named permissions (see roles.py); nothing here
is keyed to a particular agency's id. The areas agencies serve are ``haven.core.areas.Area``;
the types of agency are ``AgencyType``, here."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from haven.accounts.roles import Role, role_grants
from haven.core.areas import Area

# Every demo account's email address ends with this (see User.is_demo).
DEMO_EMAIL_SUFFIX = ".demo"


class AgencyType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    UKVI = "ukvi", "UK Visas and Immigration"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    NGO = "ngo", "Non-governmental organisation"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HOUSING = "housing", "Housing"
    EDT = "edt", "Emergency duty team"


# A local authority's offices told of every safe-house escalation on a case it leads
# (placements), as fields of its agency.
SENIOR_OFFICES = {
    "head_of_service": "Head of Service",
    "operational_director": "Operational Director",
    "chief_executive": "Chief Executive",
}


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    area_code = models.CharField(
        max_length=40,
        choices=Area.choices,
        blank=True,
        help_text="The local authority area this agency serves, where it has one.",
    )
    is_first_responder = models.BooleanField(
        default=False, help_text="A National Referral Mechanism First Responder Organisation."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    # Told when a task stays overdue after the team manager has been told, and of every
    # safe-house escalation (strategy section 6, priority 4).
    head_of_service = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Also told of every safe-house escalation, and each asked to acknowledge it (placements).
    operational_director = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chief_executive = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_code"],
                condition=models.Q(agency_type=AgencyType.LOCAL_AUTHORITY)
                & ~models.Q(area_code=""),
                name="one_local_authority_per_area",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamFunction(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door / MASH"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    CSE_UNIT = "cse_unit", "Child exploitation unit"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    GENERAL = "general", "General"


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    function = models.CharField(
        max_length=30, choices=TeamFunction.choices, default=TeamFunction.GENERAL
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.agency.name}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        if self.team_id and self.agency_id and self.team.agency_id != self.agency_id:
            raise ValidationError({"team": "The team must belong to the user's agency."})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_demo(self) -> bool:
        """A fictional demo account (``<role>@<agency>.demo``): it can never sign in when
        ``HAVEN_ENV=production`` (see accounts/backends.py). ".demo" is no real top-level
        domain, so no real user has it."""
        domain = (self.email or "").rsplit("@", 1)[-1].strip().rstrip(".").lower()
        return "@" in (self.email or "") and domain.endswith(DEMO_EMAIL_SUFFIX)

    def has_role_permission(self, name: str) -> bool:
        return self.is_active and role_grants(self.role, name)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is stored; the secret is shown
    once. Tokens are random 256-bit values, so a fast digest is enough (no password stretching)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, *, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.expires_at > at and self.user.is_active
