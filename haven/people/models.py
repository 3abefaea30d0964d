"""People: children, adults of concern, parents and carers, with the names, identifiers and
addresses that agencies know them by."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField
from stdnum.gb import nhs, upn

from haven.core.models import VersionedModel
from haven.people.age import date_of_birth_errors


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT_OF_CONCERN = "adult_of_concern", "Adult of concern"
    PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
    OTHER = "other", "Other"


class DobPrecision(models.TextChoices):
    EXACT = "exact", "Exact"
    ESTIMATED = "estimated", "Estimated"
    UNKNOWN = "unknown", "Unknown"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class ImmigrationStatus(models.TextChoices):
    BRITISH_CITIZEN = "british_citizen", "British citizen"
    SETTLED = "settled", "Settled status or indefinite leave"
    LIMITED_LEAVE = "limited_leave", "Limited leave or visa"
    ASYLUM_SEEKER = "asylum_seeker", "Asylum seeker (claim pending)"
    REFUGEE = "refugee", "Refugee or humanitarian protection"
    UASC_LEAVE = "uasc_leave", "Unaccompanied asylum-seeking child leave"
    NO_LEGAL_STATUS = "no_legal_status", "No legal status"
    UNKNOWN = "unknown", "Not known"


class Person(VersionedModel):
    kind = models.CharField(max_length=30, choices=PersonKind.choices, default=PersonKind.CHILD)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(
        "date of birth precision",
        max_length=20,
        choices=DobPrecision.choices,
        default=DobPrecision.UNKNOWN,
    )
    dob_assigned_by_age_assessment = models.BooleanField(
        "date of birth assigned by an age assessment", default=False
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.UNKNOWN)
    nationalities = CountryField(multiple=True, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    immigration_status = models.CharField(
        max_length=30, choices=ImmigrationStatus.choices, default=ImmigrationStatus.UNKNOWN
    )
    # Who first recorded this person: the contact shown to others in "known to" search.
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when this record was merged into another; merges are reversible (matching app).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p) or "Name not known"

    def clean(self):
        errors = date_of_birth_errors(self.date_of_birth, today=timezone.localdate())
        if errors:
            raise ValidationError({"date_of_birth": errors})
        if self.date_of_birth is None and self.dob_precision != DobPrecision.UNKNOWN:
            raise ValidationError({"dob_precision": "Give a date of birth, or say it is unknown."})


class AddedInCase(models.Model):
    """A detail of a person's record (a name, identifier, address, phone, relationship) added
    by a lead authority in the context of its case, not by the agency that recorded the person:
    it belongs to that case's people section (DOMAIN §9, need to know), so the recording agency
    sees it only if it may see that section. Empty for details the recording agency added."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case in whose context this was added, if any.",
    )

    class Meta:
        abstract = True


class Alias(AddedInCase):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="For example 'street name'.")
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["id"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def clean(self):
        if not (self.given_name or self.family_name):
            raise ValidationError("An alias needs a given or family name.")


class IdentifierKind(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    POLICE_REFERENCE = "police_reference", "Police reference"
    HOME_OFFICE_REFERENCE = "home_office_reference", "Home Office reference"
    UPN = "upn", "School unique pupil number (UPN)"


def normalise_identifier(kind: str, value: str) -> str:
    value = value.strip().upper()
    if kind == IdentifierKind.NHS_NUMBER:
        return nhs.compact(value)
    if kind == IdentifierKind.UPN:
        return upn.compact(value)
    return " ".join(value.split())


def validate_identifier(kind: str, value: str) -> None:
    if kind == IdentifierKind.NHS_NUMBER and not nhs.is_valid(value):
        raise ValidationError(
            {"value": "Enter a valid NHS number: 10 digits with a correct check digit."}
        )
    if kind == IdentifierKind.UPN and not upn.is_valid(value):
        raise ValidationError({"value": "Enter a valid unique pupil number (13 characters)."})


class Identifier(AddedInCase):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=30, choices=IdentifierKind.choices)
    value = models.CharField(max_length=60)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="identifier_unique_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"

    def clean(self):
        self.value = normalise_identifier(self.kind, self.value)
        validate_identifier(self.kind, self.value)


class AddressKind(models.TextChoices):
    HOME = "home", "Home"
    PLACEMENT = "placement", "Placement"
    SAFE_HOUSE = "safe_house", "Safe house"
    FOUND_AT = "found_at", "Place found"
    OTHER = "other", "Other"


class Address(AddedInCase):
    """An address in a person's history. A confidential address (a placement or safe house:
    perpetrators try to locate children) is shown only to users named on it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=20, choices=AddressKind.choices, default=AddressKind.HOME)
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    is_confidential = models.BooleanField(default=False)
    held_by_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    named_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="confidential_addresses"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "addresses"
        ordering = ["-from_date", "-id"]

    def __str__(self) -> str:
        return "Confidential address" if self.is_confidential else self.one_line

    @property
    def one_line(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    def clean(self):
        errors = {}
        if self.from_date and self.to_date and self.to_date < self.from_date:
            errors["to_date"] = "The end date must be the same as or after the start date"
        if self.is_confidential and not self.held_by_team_id:
            errors["held_by_team"] = "Select the team holding the confidential address"
        if errors:
            raise ValidationError(errors)


class Phone(AddedInCase):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        number = self.number.strip()
        if not number:
            return  # the field's own "cannot be blank"
        digits = [c for c in number if c.isdigit()]
        if len(digits) < 6 or any(not (c.isdigit() or c in " +()-") for c in number):
            raise ValidationError(
                {"number": "Enter a phone number, like 01632 960 001 or +44 7700 900 982"}
            )


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    SIBLING = "sibling", "Sibling"
    CARER = "carer", "Carer"
    ASSOCIATE = "associate", "Associate"
    SUSPECTED_EXPLOITER = "suspected_exploiter", "Suspected exploiter"
    HOUSEHOLD_MEMBER = "household_member", "Lives in the same household"


class Relationship(AddedInCase):
    """``person`` is <kind> of ``other`` (e.g. person is parent of other)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=RelationshipKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="relationship_unique"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display().lower()} of {self.other}"


class PersonSearchText(models.Model):
    """What the text person search reads of one person (decision 0047), derived from their
    record and kept current with it (``search_text``): every name they are known by, and their
    identifiers each between separators. Never shown. It also holds what the search filters
    and orders by (the own name, the date of birth, whether the record was merged), so a
    search reads this table alone (decision 0056)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    names = models.TextField(blank=True)
    identifiers = models.TextField(blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    merged = models.BooleanField(default=False)

    class Meta:
        # A common name's first matches in name order, when there are too many to sort here.
        indexes = [
            models.Index(
                fields=["family_name", "given_name", "person"], name="people_search_text_order"
            )
        ]

    def __str__(self) -> str:
        return f"Search text of person {self.person_id}"
