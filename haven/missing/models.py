"""A child's missing episodes and the return home interviews offered after each (DfE statutory
guidance on children who run away or go missing from home or care, 2014).

An episode belongs to the child and, when there is one, the child's open case; for a child with
no case yet it belongs to the concern it raised at the home area's front door. Where the child
was found and with whom are kept as fields (address line, normalised postcode, name), ready for
the intelligence issue to turn into links."""

from django.conf import settings
from django.db import models

from haven.core.models import VersionedModel


class MissingFrom(models.TextChoices):
    HOME = "home", "Home"
    FOSTER_PLACEMENT = "foster_placement", "Foster placement"
    RESIDENTIAL_HOME = "residential_home", "Residential children's home"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    SCHOOL = "school", "School"
    OTHER = "other", "Somewhere else"


# Places a child is placed in: whoever works there is not independent of the placement.
PLACEMENTS = frozenset(
    {
        MissingFrom.FOSTER_PLACEMENT,
        MissingFrom.RESIDENTIAL_HOME,
        MissingFrom.SUPPORTED_ACCOMMODATION,
    }
)


class PoliceRiskLevel(models.TextChoices):
    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class EpisodeStatus(models.TextChoices):
    MISSING = "missing", "Missing"
    RETURNED = "returned", "Returned or found"


class MissingEpisode(VersionedModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="missing_episodes"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missing_episodes",
    )
    # The concern the episode raised for a child with no open case.
    concern = models.ForeignKey(
        "cases.Concern",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missing_episodes",
    )
    status = models.CharField(
        max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.MISSING
    )
    reported_missing_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    reported_by_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    missing_from = models.CharField(max_length=30, choices=MissingFrom.choices)
    looked_after = models.BooleanField("looked after by the local authority")
    reported_to_police_at = models.DateTimeField(null=True, blank=True)
    police_reference = models.CharField(max_length=50, blank=True)
    police_risk_level = models.CharField(max_length=20, choices=PoliceRiskLevel.choices, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_place = models.CharField(max_length=200, blank=True)
    last_seen_with = models.CharField(max_length=200, blank=True)
    clothing = models.TextField(blank=True)

    # The return or finding.
    returned_at = models.DateTimeField(null=True, blank=True)
    found_at_address = models.CharField(max_length=200, blank=True)
    found_at_postcode = models.CharField(max_length=8, blank=True)
    found_with = models.CharField("name of the person found with", max_length=200, blank=True)
    # Who collected the child, and in what vehicle (its registration mark normalised), so the
    # same driver or car collecting several children can be seen (intelligence, decision 0028).
    collected_by = models.CharField(
        "name of the person who collected the child", max_length=200, blank=True
    )
    collected_in_vehicle = models.CharField(
        "registration of the vehicle", max_length=10, blank=True
    )
    how_returned = models.CharField(max_length=200, blank=True)
    injuries_or_concerns = models.TextField(blank=True)
    safe_and_well_check_at = models.DateTimeField(null=True, blank=True)
    safe_and_well_check_by = models.CharField(max_length=200, blank=True)
    return_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reported_missing_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="missing", returned_at__isnull=True)
                | models.Q(status="returned", returned_at__isnull=False),
                name="returned_episode_has_return_time",
            )
        ]

    def __str__(self) -> str:
        return f"Missing episode {self.pk} ({self.get_status_display()})"

    @property
    def duration(self):
        """How long the child was missing (None while still missing)."""
        return self.returned_at - self.reported_missing_at if self.returned_at else None


class InterviewResponse(models.TextChoices):
    ACCEPTED = "accepted", "Accepted and held"
    DECLINED = "declined", "Declined"


class ReturnHomeInterview(models.Model):
    """One offer of a return home interview after an episode, and what came of it. A declined
    offer may be followed by another: each offer is its own row."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="interviews")
    offered_at = models.DateTimeField()
    # Who offered: a Haven user when it was the person recording it, else a name.
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offered_by_name = models.CharField(max_length=200)
    offered_by_organisation = models.CharField(max_length=200)
    independent_of_placement = models.BooleanField()
    response = models.CharField(max_length=20, choices=InterviewResponse.choices)
    declined_reason = models.TextField(blank=True)
    another_offer_to_follow = models.BooleanField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.CharField(max_length=200, blank=True)
    childs_account = models.TextField("the child's account", blank=True)
    why_they_went = models.TextField(blank=True)
    push_factors = models.TextField(blank=True)
    pull_factors = models.TextField(blank=True)
    harm_not_disclosed_at_safe_and_well_check = models.TextField(blank=True)
    what_would_help = models.TextField("what would help them feel safe", blank=True)
    staying_safe_information_given = models.BooleanField(default=False)
    # Places and phones the child mentioned, structured so that Haven can link them
    # (intelligence, decision 0028): [{"line", "postcode"}] and E.164 phone numbers.
    places_mentioned = models.JSONField(default=list, blank=True)
    phones_mentioned = models.JSONField(default=list, blank=True)
    # A disclosure made at the interview, raised as a new concern with its indicators.
    disclosure = models.TextField(blank=True)
    disclosure_concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["offered_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response="declined") | models.Q(held_at__isnull=False),
                name="accepted_interview_was_held",
            )
        ]

    def __str__(self) -> str:
        return f"Return home interview {self.pk} ({self.get_response_display()})"
