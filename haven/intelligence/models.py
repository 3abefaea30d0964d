"""Entities (addresses, vehicles, phones, people of concern, online accounts, businesses,
groups) and the graded links that join a child's case to them, or two of them together.

An entity is known by its normalised key (``rules.entity_key``): recording the same postcode
and line, registration mark or phone number twice gives the same entity. A link carries the
College of Policing 3x5x2 grading; a link handled ``C`` exists only for the agency that
recorded it and the agencies its conditions name (``selectors.links_visible_to``)."""

from django.conf import settings
from django.db import models

from haven.core.areas import area_label
from haven.core.models import VersionedModel


class EntityType(models.TextChoices):
    ADDRESS = "address", "Address"
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone number"
    PERSON_OF_CONCERN = "person_of_concern", "Person of concern"
    ONLINE_ACCOUNT = "online_account", "Online account"
    BUSINESS = "business", "Business"
    GROUP = "group", "Group"


class LinkType(models.TextChoices):
    FOUND_AT = "found_at", "Found at"
    COLLECTED_BY = "collected_by", "Collected by"
    CONTACTED_BY = "contacted_by", "Contacted by"
    WORKS_AT = "works_at", "Works at"
    ASSOCIATE_OF = "associate_of", "Associate of"
    LIVES_AT = "lives_at", "Lives at"
    OWNS = "owns", "Owns"
    MEMBER_OF = "member_of", "Member of"
    USES = "uses", "Uses"
    VISITS = "visits", "Visits"
    SUSPECT_IN = "suspect_in", "Suspected of exploiting"
    NOTICE_HOLDER = "notice_holder", "Holds a child abduction warning notice about"


class LinkSource(models.TextChoices):
    CONCERN = "concern", "Concern"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    RETURN_INTERVIEW = "return_interview", "Return home interview"
    POLICE_RECORD = "police_record", "Police record"
    INTELLIGENCE_REPORT = "intelligence_report", "Intelligence report"
    INVESTIGATION = "investigation", "Investigation"


class SourceEvaluation(models.TextChoices):
    """3x5x2 (College of Policing): how far the source can be relied on."""

    RELIABLE = "1", "1: reliable"
    UNTESTED = "2", "2: untested"
    NOT_RELIABLE = "3", "3: not reliable"


class IntelligenceAssessment(models.TextChoices):
    """3x5x2: how the source came to know it."""

    KNOWN_DIRECTLY = "A", "A: known directly to the source"
    INDIRECT_CORROBORATED = "B", "B: known indirectly but corroborated"
    KNOWN_INDIRECTLY = "C", "C: known indirectly"
    NOT_KNOWN = "D", "D: not known"
    SUSPECTED_FALSE = "E", "E: suspected to be false"


class HandlingCode(models.TextChoices):
    """3x5x2: who may receive it."""

    PERMITTED = "P", "P: lawful sharing permitted"
    CONDITIONS = "C", "C: sharing permitted only with the conditions recorded"


class Entity(VersionedModel):
    entity_type = models.CharField(max_length=20, choices=EntityType.choices)
    # The normalised key two records of the same thing share (rules.entity_key).
    key = models.CharField(max_length=300)
    name = models.CharField(max_length=200, blank=True)
    line = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    registration = models.CharField(max_length=10, blank=True)
    number = models.CharField(max_length=20, blank=True)
    # An online account's platform; a business's kind (nail bar, car wash, takeaway).
    platform = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    # A duplicate merged into another entity by an analyst (reversible: EntityMerge).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "entities"
        constraints = [
            # One live entity per key; a merged duplicate keeps its key for the unmerge.
            models.UniqueConstraint(
                fields=["entity_type", "key"],
                condition=models.Q(merged_into__isnull=True),
                name="intelligence_entity_one_live_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_entity_type_display()}: {self.label}"

    @property
    def label(self) -> str:
        if self.entity_type == EntityType.ADDRESS:
            return ", ".join(part for part in (self.line, self.postcode) if part)
        if self.entity_type == EntityType.VEHICLE:
            return self.registration
        if self.entity_type == EntityType.PHONE:
            return self.number
        if self.entity_type == EntityType.ONLINE_ACCOUNT and self.platform:
            return f"{self.name} ({self.platform})"
        return self.name


class Link(models.Model):
    """A child's case joined to an entity, or two entities, graded 3x5x2."""

    from_case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="links_out"
    )
    to_entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links_in")
    link_type = models.CharField(max_length=20, choices=LinkType.choices)
    occurred_on = models.DateField()
    source = models.CharField(max_length=30, choices=LinkSource.choices)
    # Where an automatic link came from ("missing_episode:12"): recording it twice adds nothing.
    source_reference = models.CharField(max_length=60, blank=True)
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices)
    handling_conditions = models.TextField(blank=True)
    shared_with_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(from_case__isnull=False, from_entity__isnull=True)
                    | models.Q(from_case__isnull=True, from_entity__isnull=False)
                ),
                name="intelligence_link_from_case_or_entity",
            ),
            models.CheckConstraint(
                condition=~models.Q(handling_code="C") | ~models.Q(handling_conditions=""),
                name="intelligence_link_c_needs_conditions",
            ),
        ]
        indexes = [
            # Hotspot detection: children per entity in a window, P links only.
            models.Index(
                fields=["to_entity", "handling_code", "occurred_on"], name="intel_link_hotspot"
            ),
            models.Index(fields=["from_entity"], name="intel_link_from_entity"),
            models.Index(fields=["from_case"], name="intel_link_from_case"),
            models.Index(fields=["source_reference"], name="intel_link_source_ref"),
        ]

    def __str__(self) -> str:
        start = (
            f"case {self.from_case_id}" if self.from_case_id else f"entity {self.from_entity_id}"
        )
        return f"{start} {self.get_link_type_display().lower()} entity {self.to_entity_id}"

    @property
    def grading(self) -> str:
        """ "1A P" style, as the 3x5x2 form writes it."""
        return f"{self.source_evaluation}{self.intelligence_assessment}{self.handling_code}"


class EntityMerge(models.Model):
    """An analyst's merge of a duplicate into the entity kept; the links moved are listed so
    the merge can be reversed exactly."""

    kept = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    duplicate = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    moved_from_links = models.JSONField(default=list)
    moved_to_links = models.JSONField(default=list)
    reason = models.TextField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"entity {self.duplicate_id} merged into entity {self.kept_id}"


class Hotspot(models.Model):
    """An entity linked to several children, or to children of more than one authority
    (``rules.hotspot_finding``). Counted over ``P`` links only: a count a ``C`` link moved
    would tell other agencies it exists."""

    entity = models.OneToOneField(Entity, on_delete=models.PROTECT, related_name="hotspot")
    children = models.PositiveIntegerField()
    areas = models.JSONField(default=list)
    case_ids = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    first_detected_at = models.DateTimeField()
    last_changed_at = models.DateTimeField()
    # False once the links that made it fall out of the window; history is kept.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-last_changed_at", "-pk"]

    def __str__(self) -> str:
        return f"hotspot at entity {self.entity_id}: {self.children} children"


class HotspotChange(models.Model):
    """The hotspot's history: each time it was detected, grew or lapsed."""

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField()
    children = models.PositiveIntegerField()
    areas = models.JSONField(default=list)
    case_ids = models.JSONField(default=list)
    active = models.BooleanField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"hotspot {self.hotspot_id} at {self.at:%Y-%m-%d %H:%M}: {self.children} children"


# ------------------------------------------------------------------ operational group meetings
# The partnership's multi-agency exploitation meetings (decision 0030): who came, the subjects
# discussed (an entity, or a child's case), what each agency shared about them, handled as links
# are, and the disruption actions agreed.

PAN_CHESHIRE = "pan_cheshire"


class GroupAttendance(models.TextChoices):
    EXPECTED = "expected", "Expected"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


# The entities an operational group discusses: persons of interest, locations and groups.
SUBJECT_ENTITY_TYPES = (
    EntityType.PERSON_OF_CONCERN,
    EntityType.ADDRESS,
    EntityType.BUSINESS,
    EntityType.GROUP,
)


class OperationalGroupMeeting(VersionedModel):
    # One of the four areas (haven.core.areas.Area), or the Pan Cheshire group.
    area = models.CharField(max_length=40)
    scheduled_for = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_for", "-pk"]

    def __str__(self) -> str:
        return f"Operational group meeting {self.scheduled_for:%d %b %Y} ({self.area})"

    @property
    def area_name(self) -> str:
        return "Pan Cheshire" if self.area == PAN_CHESHIRE else area_label(self.area)


class GroupAttendee(models.Model):
    """A named Haven user at the meeting; name and agency kept as they were, so the minutes do
    not change when the user later moves."""

    meeting = models.ForeignKey(
        OperationalGroupMeeting, on_delete=models.CASCADE, related_name="attendees"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    attendance = models.CharField(
        max_length=20, choices=GroupAttendance.choices, default=GroupAttendance.EXPECTED
    )
    apologies_note = models.TextField(blank=True)

    class Meta:
        ordering = ["agency__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="group_attendee_once")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.agency}"


class GroupSubject(models.Model):
    """Who or what the group discussed: an entity, or a child's case."""

    meeting = models.ForeignKey(
        OperationalGroupMeeting, on_delete=models.CASCADE, related_name="subjects"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(entity__isnull=False, case__isnull=True)
                    | models.Q(entity__isnull=True, case__isnull=False)
                ),
                name="group_subject_entity_or_case",
            ),
            models.UniqueConstraint(
                fields=["meeting", "entity"],
                condition=models.Q(entity__isnull=False),
                name="group_subject_entity_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "case"],
                condition=models.Q(case__isnull=False),
                name="group_subject_case_once",
            ),
        ]

    def __str__(self) -> str:
        return f"subject {self.pk} of meeting {self.meeting_id}"


class GroupInformation(models.Model):
    """What an attendee's agency shared about a subject, graded 3x5x2 and handled as a link is:
    handled ``C``, it exists only for the sharing agency and the agencies named."""

    subject = models.ForeignKey(GroupSubject, on_delete=models.CASCADE, related_name="information")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices)
    handling_conditions = models.TextField(blank=True)
    shared_with_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "group information"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(handling_code="C") | ~models.Q(handling_conditions=""),
                name="group_information_c_needs_conditions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.text[:40]}"

    @property
    def grading(self) -> str:
        return f"{self.source_evaluation}{self.intelligence_assessment}{self.handling_code}"


class DisruptionAction(models.Model):
    """An action the group agreed about a subject, owned by a team, due by a date. On a child's
    case it becomes that case's task (``workflows.operational_groups``); a task needs a child,
    so an action on an entity stays here, on the meeting and its minutes."""

    subject = models.ForeignKey(GroupSubject, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    owner_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    task = models.OneToOneField(
        "actions.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on:%d %b %Y})"
