"""An NRM referral prepared from a case, the Single Competent Authority's decisions on it, a Duty
to Notify for an adult who does not consent (no case, no identifiers unless the adult will
cooperate with the police), and a referral to an Independent Child Trafficking Guardian.

Field names follow the Home Office form's steps (docs/decisions/0022-nrm-referrals.md maps
each to the form's own name)."""

from django.conf import settings
from django.db import models

from haven.core.models import VersionedModel
from haven.nrm.rules import ExploitationType, FormExploitationType, NrmState, UnderAge


class NrmGender(models.TextChoices):
    """``pv-gender``: the form's three answers."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "unknown", "Not known"


class YesNoNotSure(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class Submission(VersionedModel):
    """What an NRM referral and a Duty to Notify share: the state, the submission and who made
    the record."""

    state = models.CharField(max_length=40, choices=NrmState.choices, default=NrmState.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    home_office_reference = models.CharField(max_length=60, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class NrmReferral(Submission):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="nrm_referrals")
    # Step 2: under 18, and for an adult whether they were a child when exploited.
    under_age = models.CharField(max_length=10, choices=UnderAge.choices)
    under_age_at_time_of_exploitation = models.CharField(
        max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    # The child branch: the local authority contacted about the child.
    local_authority_name = models.CharField(max_length=200, blank=True)
    local_authority_phone = models.CharField(max_length=30, blank=True)
    local_authority_email = models.EmailField(blank=True)
    local_authority_contact = models.CharField(max_length=200, blank=True)
    # An adult's consent to the referral (no question for a child).
    adult_consents = models.BooleanField(null=True, blank=True)
    # Victim details.
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    nickname = models.CharField(max_length=200, blank=True, help_text="Other names and aliases.")
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=10, choices=NrmGender.choices, default=NrmGender.UNKNOWN)
    nationality = models.CharField(max_length=60, blank=True)
    nationality_second = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    person_home_office_reference = models.CharField(max_length=60, blank=True)
    # The exploitation story.
    background = models.TextField(blank=True)
    what_happened = models.TextField(blank=True)
    when_it_happened = models.TextField(blank=True)
    how_it_started = models.TextField(blank=True)
    still_in_situation = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    last_contact_with_exploiters = models.TextField(blank=True)
    indicators_seen = models.TextField(blank=True)
    locations_uk = models.TextField("UK cities and towns", blank=True)
    locations_overseas = models.TextField("countries", blank=True)
    current_location_uk_city = models.CharField(max_length=100, blank=True)
    who_exploited = models.TextField("exploiters", blank=True)
    exploitation_types = models.JSONField(default=list, blank=True)
    other_exploitation_details = models.TextField(blank=True)
    other_potential_victims = models.CharField(
        max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    other_potential_victims_details = models.TextField(blank=True)
    # Police.
    reported_to_police = models.BooleanField(null=True, blank=True)
    police_force = models.CharField(max_length=100, blank=True)
    crime_reference = models.CharField(max_length=60, blank=True)
    # The First Responder's details.
    responder_name = models.CharField(max_length=200, blank=True)
    responder_role = models.CharField(max_length=200, blank=True)
    responder_phone = models.CharField(max_length=30, blank=True)
    responder_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # Referrals still waiting for a decision, oldest first: each team's overdue list.
        indexes = [models.Index(fields=["state", "submitted_on"], name="nrm_referral_waiting")]

    def __str__(self) -> str:
        return f"NRM referral {self.pk} on {self.case.reference}"

    @property
    def exploitation_type_labels(self) -> list[str]:
        return [FormExploitationType(code).label for code in self.exploitation_types]


class DutyToNotify(Submission):
    """Modern Slavery Act 2015 s52: an adult who does not consent to an NRM referral is notified
    anonymously. Names and a date of birth are held only if the adult will cooperate with the
    police; the check lives in ``services.duty_to_notify_record`` and a constraint."""

    gender = models.CharField(max_length=10, choices=NrmGender.choices, default=NrmGender.UNKNOWN)
    nationality = models.CharField(max_length=60, blank=True)
    exploitation_types = models.JSONField(default=list)
    what_happened = models.TextField(blank=True)
    cooperates_with_police = models.BooleanField(default=False)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cooperates_with_police=True)
                | models.Q(given_name="", family_name="", date_of_birth__isnull=True),
                name="duty_to_notify_anonymous_unless_cooperating",
            )
        ]

    def __str__(self) -> str:
        return f"Duty to Notify {self.pk}"

    @property
    def exploitation_type_labels(self) -> list[str]:
        return [ExploitationType(code).label for code in self.exploitation_types]


class NrmDecision(models.Model):
    """One step after submission: a decision, a reconsideration request or a withdrawal, with
    the working days it took from submission."""

    referral = models.ForeignKey(
        NrmReferral, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    duty_to_notify = models.ForeignKey(
        DutyToNotify, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    decision = models.CharField(max_length=40, choices=NrmState.choices)
    decided_on = models.DateField()
    working_days_from_submission = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(referral__isnull=False, duty_to_notify__isnull=True)
                | models.Q(referral__isnull=True, duty_to_notify__isnull=False),
                name="nrm_decision_of_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.decided_on:%-d %B %Y}"


class GuardianSupport(models.TextChoices):
    DIRECT = "direct", "Direct support (a guardian works with the child)"
    INDIRECT = "indirect", "Indirect support (a guardian advises the professionals)"


class IctgReferral(models.Model):
    """A referral to the Independent Child Trafficking Guardian service, made alongside the
    NRM referral."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="ictg_referrals")
    referred_on = models.DateField()
    support = models.CharField(max_length=10, choices=GuardianSupport.choices)
    guardian_name = models.CharField(max_length=200, blank=True)
    guardian_contact = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"Guardian referral on {self.referred_on:%-d %B %Y}"
