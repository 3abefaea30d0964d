"""The audit trail's verbs, and the payload each domain verb carries (decision 0013).

A *domain verb* names one event of the domain (``case_closed``, ``task_completed``,
``people_merged``...), so an auditor can filter for it. Each has a payload schema: the keys its
``changes`` must and may hold, checked by ``audit_record`` before anything is written. The
*generic* verbs (viewed, searched, created, updated, logged_in...) stay for what is not a domain
event; they take any payload. The *retired* verbs are those the services wrote before the typed
verbs (``decided``, ``merged``, ``break_glass``...): kept so that older rows still display and
verify (the chain hashes the stored verb string, and rows are never rewritten), but no longer
written.

Pure: no database. ``audit.models`` re-exports ``Verb`` for the ``verb`` field's choices."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models


class Verb(models.TextChoices):
    # Generic: what is not a domain event.
    VIEWED = "viewed", "Viewed"
    SEARCHED = "searched", "Searched"
    EXPORTED = "exported", "Exported"
    CREATED = "created", "Created (other records)"
    UPDATED = "updated", "Updated (other records)"
    DELETED = "deleted", "Deleted"
    LOGGED_IN = "logged_in", "Logged in"
    LOGGED_OUT = "logged_out", "Logged out"
    LOGIN_FAILED = "login_failed", "Log-in failed"
    LOCKED_OUT = "locked_out", "Locked out"
    TOKEN_USED = "token_used", "API token used"
    ANCHORED = "anchored", "Audit chain anchored"

    # Concerns and the front door.
    CONCERN_RAISED = "concern_raised", "Concern raised"
    FRONT_DOOR_DECIDED = "front_door_decided", "Front door decision recorded"

    # Cases, notes and sharing.
    CASE_OPENED = "case_opened", "Case opened"
    CASE_CLOSED = "case_closed", "Case closed"
    CASE_NOTE_ADDED = "case_note_added", "Case note added"
    SHARE_GRANTED = "share_granted", "Case shared with an agency"
    SHARE_REVOKED = "share_revoked", "Case sharing ended"
    REUNIFICATION_RECORDED = "reunification_recorded", "Reunification with family recorded"
    CASE_SUMMARY_EXPORTED = "case_summary_exported", "Case summary printed or exported"

    # Allocation and transfer.
    CASE_ALLOCATED = "case_allocated", "Case allocated to a lead practitioner"
    CASE_TRANSFER_REQUESTED = "case_transfer_requested", "Case transfer asked for"
    CASE_TRANSFER_ACCEPTED = "case_transfer_accepted", "Case transfer accepted (new lead)"
    CASE_TRANSFER_DECLINED = "case_transfer_declined", "Case transfer declined"
    CASE_TRANSFER_WITHDRAWN = "case_transfer_withdrawn", "Case transfer withdrawn"

    # Break-glass access.
    BREAK_GLASS_USED = "break_glass_used", "Break-glass access granted"
    BREAK_GLASS_REQUESTED = (
        "break_glass_requested",
        "Break-glass asked for beyond the daily limit (awaiting a manager)",
    )
    BREAK_GLASS_APPROVED = "break_glass_approved", "Break-glass request approved by a manager"
    BREAK_GLASS_REQUEST_REFUSED = (
        "break_glass_request_refused",
        "Break-glass request refused by a manager",
    )
    BREAK_GLASS_REFUSED = (
        "break_glass_refused",
        "Break-glass attempt refused (no power, or no valid reference)",
    )
    BREAK_GLASS_REVIEWED = "break_glass_reviewed", "Break-glass use reviewed by an auditor"

    # Tasks.
    TASK_CREATED = "task_created", "Task created"
    TASK_MOVED_TO_CASE = "task_moved_to_case", "Task moved to the case"
    TASK_MOVED_TO_TEAM = "task_moved_to_team", "Task moved to the case's new lead team"
    TASK_COMPLETED = "task_completed", "Task completed"
    TASK_NOT_NEEDED_REQUESTED = (
        "task_not_needed_requested",
        "Task marked not needed (awaiting a manager)",
    )
    TASK_NOT_NEEDED_APPROVED = "task_not_needed_approved", "Task closed as not needed"
    TASK_NOT_NEEDED_REJECTED = "task_not_needed_rejected", "Task not needed: refused by a manager"
    TASK_ESCALATED = "task_escalated", "Overdue task escalated"
    TASK_ASSIGNED = "task_assigned", "Task assigned, taken or handed back"
    CROSS_BORDER_NOTIFIED = "cross_border_notified", "Area outside Cheshire told (cross-border)"

    # Screening.
    SCREENING_RECORDED = "screening_recorded", "Screening recorded"
    CIRCUMSTANCE_RECORDED = "circumstance_recorded", "Circumstance recorded for screening"
    SCREENING_OVERRIDE_REQUESTED = (
        "screening_override_requested",
        "Screening override awaiting a second manager",
    )
    SCREENING_OVERRIDDEN = "screening_overridden", "Screening overridden (override in force)"
    SCREENING_OVERRIDE_REJECTED = "screening_override_rejected", "Screening override rejected"

    # Strategy meetings.
    MEETING_SCHEDULED = "meeting_scheduled", "Strategy meeting scheduled"
    MEETING_INVITATION_DECIDED = (
        "meeting_invitation_decided",
        "Meeting attendee confirmed or not invited",
    )
    MEETING_INFORMATION_ADDED = "meeting_information_added", "Information shared at a meeting"
    MEETING_ATTENDEE_ADDED = "meeting_attendee_added", "Named attendee added to a meeting"
    MEETING_ATTENDEE_REMOVED = "meeting_attendee_removed", "Named attendee removed from a meeting"
    MEETING_APOLOGIES_RECORDED = "meeting_apologies_recorded", "Apologies sent for a meeting"
    MEETING_OUTCOME_RECORDED = "meeting_outcome_recorded", "Strategy meeting outcome recorded"
    MINUTES_EXPORTED = "minutes_exported", "Meeting minutes exported"

    # Documents on cases.
    DOCUMENT_UPLOADED = "document_uploaded", "Document added to a case"
    DOCUMENT_DOWNLOADED = "document_downloaded", "Document downloaded"
    DOCUMENT_WITHDRAWN = "document_withdrawn", "Document withdrawn"

    # The strategic view (decision 0018).
    NATIONAL_FIGURES_RECORDED = "national_figures_recorded", "National NRM figures recorded"
    # Missing episodes and return home interviews.
    MISSING_EPISODE_REPORTED = "missing_reported", "Child reported missing"
    MISSING_EPISODE_POLICE_UPDATED = (
        "missing_police_updated",
        "Missing episode: police reference or risk level recorded",
    )
    MISSING_EPISODE_RETURN_RECORDED = (
        "missing_return_recorded",
        "Return or finding of a missing child recorded",
    )
    RETURN_INTERVIEW_RECORDED = "return_interview_recorded", "Return home interview recorded"
    RETURN_INTERVIEW_DISCLOSURE_RAISED = (
        "interview_disclosure_raised",
        "Disclosure at a return home interview raised as a concern",
    )
    # Placements, safety plans and safe-house escalations.
    PLACEMENT_RECORDED = "placement_recorded", "Placement recorded"
    PLACEMENT_ENDED = "placement_ended", "Placement ended"
    SAFETY_PLAN_RECORDED = "safety_plan_recorded", "Safety plan recorded or reviewed"
    ESCALATION_RAISED = "escalation_raised", "Safe-house escalation: senior officers told"
    ESCALATION_ACKNOWLEDGED = "escalation_acknowledged", "Safe-house escalation acknowledged"
    # Philomena Protocol profiles (decision 0021).
    PHILOMENA_PROFILE_STARTED = "philomena_profile_started", "Philomena Protocol profile started"
    PHILOMENA_PROFILE_VIEWED = "philomena_profile_viewed", "Philomena Protocol profile viewed"
    PHILOMENA_PROFILE_UPDATED = (
        "philomena_profile_updated",
        "Philomena Protocol profile updated or reviewed",
    )
    PHILOMENA_PHOTO_UPLOADED = (
        "philomena_photo_uploaded",
        "Philomena Protocol photograph added or replaced",
    )
    PHILOMENA_PHOTO_VIEWED = "philomena_photo_viewed", "Philomena Protocol photograph viewed"
    GRAB_PACK_EXPORTED = "grab_pack_exported", "Philomena grab pack exported for the police"
    # Investigations, orders and prosecution.
    INVESTIGATION_OPENED = "investigation_opened", "Police investigation opened"
    INVESTIGATION_UPDATED = "investigation_updated", "Police investigation changed or reopened"
    INVESTIGATION_CLOSED = "investigation_closed", "Police investigation closed"
    SUSPECT_ADDED = "suspect_added", "Suspect added to an investigation"
    ORDER_RECORDED = "order_recorded", "Order or notice recorded (STPO, STRO, CAWN)"
    ORDER_BREACH_RECORDED = "order_breach_recorded", "Breach of an order or notice recorded"
    SUSPECT_OUTCOME_RECORDED = "suspect_outcome_recorded", "Suspect outcome recorded"
    CHILD_OFFENCE_RECORDED = "child_offence_recorded", "Child's own arrest or charge recorded"
    NON_CRIMINALISATION_REVIEWED = (
        "non_criminalisation_reviewed",
        "Non-criminalisation review recorded",
    )
    VICTIM_UPDATE_RECORDED = "victim_update_recorded", "Update given to the victim recorded"
    # NRM referrals, Duty to Notify and guardians.
    NRM_REFERRAL_STARTED = "nrm_referral_started", "NRM referral started from a case"
    NRM_REFERRAL_UPDATED = "nrm_referral_updated", "NRM referral changed"
    NRM_REFERRAL_SUBMITTED = "nrm_referral_submitted", "NRM referral or Duty to Notify submitted"
    NRM_DECISION_RECORDED = "nrm_decision_recorded", "NRM decision recorded"
    NRM_REFERRAL_EXPORTED = "nrm_referral_exported", "NRM referral or Duty to Notify exported"
    DUTY_TO_NOTIFY_RECORDED = "duty_to_notify_recorded", "Duty to Notify recorded"
    ICTG_REFERRAL_RECORDED = "ictg_referral_recorded", "Guardian (ICTG) referral recorded"
    # Training and action plans (decision 0025).
    TRAINING_COURSE_ADDED = "training_course_added", "Training course added"
    TRAINING_SESSION_RECORDED = "training_session_recorded", "Training session recorded"
    TRAINING_ATTENDEE_ADDED = "training_attendee_added", "Training attendee recorded"
    SELF_ASSESSMENT_RECORDED = "self_assessment_recorded", "Training self-assessment recorded"
    ACTION_PLAN_CREATED = "action_plan_created", "Action plan started"
    PLAN_ACTION_ADDED = "plan_action_added", "Action added to an action plan"
    ACTION_PROGRESS_RECORDED = "action_progress_recorded", "Progress on an action recorded"
    # Case audits (decision 0032).
    AUDIT_SAMPLE_DRAWN = "audit_sample_drawn", "Case audit sample drawn"
    CASE_AUDIT_GRADED = "case_audit_graded", "Sampled case graded"
    AUDIT_ACTION_ADDED = "audit_action_added", "Action from a case audit added"
    AUDIT_COMPLETED = "audit_completed", "Case audit completed"

    # Exports in others' data standards (decision 0031).
    CASE_HTCDS_EXPORTED = "case_htcds_exported", "Case exported in HTCDS 2.0 field names"
    ANONYMISED_DATASET_EXPORTED = (
        "anonymised_dataset_exported",
        "Anonymised dataset (k-anonymous) downloaded",
    )
    # The strategic dashboards (decision 0033).
    DASHBOARD_EXPORTED = "dashboard_exported", "Dashboard chart downloaded (CSV or XLSX)"
    # The Boards' quarterly reports (decision 0034).
    BOARD_COMMENTARY_RECORDED = (
        "board_commentary_recorded",
        "Commentary for a Board's quarterly report written or changed",
    )
    BOARD_REPORT_EXPORTED = "board_report_exported", "Board's quarterly report downloaded (PDF)"
    # The dashboards' stored past quarters: the trend's (decision 0043) and the periods' (0046).
    DASHBOARD_TREND_COUNTED = "dashboard_trend_counted", "Dashboards: past quarters counted"

    # People's records.
    PERSON_CREATED = "person_created", "Person recorded"
    PERSON_UPDATED = "person_updated", "Person's details changed"
    ALIAS_ADDED = "alias_added", "Other name added"
    IDENTIFIER_ADDED = "identifier_added", "Identifier added"
    ADDRESS_ADDED = "address_added", "Address added"
    PHONE_ADDED = "phone_added", "Phone number added"
    RELATIONSHIP_ADDED = "relationship_added", "Relationship added"

    # Matching and merges.
    DUPLICATE_REJECTED = "duplicate_rejected", "Possible duplicate: not the same person"
    MERGE_AGREED = "merge_agreed", "Agency agreed two records are one person"
    PEOPLE_MERGED = "people_merged", "Records merged"
    PEOPLE_UNMERGED = "people_unmerged", "Merge reversed"

    # Intelligence: entities and graded links (decision 0026).
    ENTITY_RECORDED = "entity_recorded", "Intelligence: person, place, vehicle or phone recorded"
    LINK_RECORDED = "link_recorded", "Intelligence link recorded"
    ENTITIES_MERGED = "entities_merged", "Intelligence: duplicate entities merged"
    ENTITIES_UNMERGED = "entities_unmerged", "Intelligence: merge of entities reversed"
    # Intelligence: hotspots (decision 0028), written by Haven itself (no actor).
    HOTSPOT_DETECTED = "hotspot_detected", "Intelligence: hotspot detected, grown or lapsed"
    # Operational group meetings (decision 0030).
    GROUP_MEETING_SCHEDULED = "group_meeting_scheduled", "Operational group meeting scheduled"
    GROUP_ATTENDEE_ADDED = "group_attendee_added", "Operational group: attendee added"
    GROUP_ATTENDANCE_RECORDED = (
        "group_attendance_recorded",
        "Operational group: attendance or apologies recorded",
    )
    GROUP_SUBJECT_ADDED = "group_subject_added", "Operational group: subject added"
    GROUP_INFORMATION_SHARED = (
        "group_information_shared",
        "Operational group: information shared about a subject",
    )
    DISRUPTION_ACTION_ADDED = "disruption_action_added", "Operational group: disruption action"
    GROUP_MINUTES_EXPORTED = "group_minutes_exported", "Operational group minutes exported"

    # Intelligence network exports (decision 0029).
    NETWORK_EXPORTED = "network_exported", "Intelligence network exported (GraphML or FtM)"

    # Users, agencies and API tokens.
    AGENCY_CREATED = "agency_created", "Agency added"
    AGENCY_SENIOR_OFFICERS_SET = (
        "agency_senior_officers_set",
        "Agency's Head of Service, Operational Director or Chief Executive set",
    )
    TEAM_CREATED = "team_created", "Team added"
    USER_CREATED = "user_created", "User added"
    USER_UPDATED = "user_updated", "User's name, team or role changed"
    USER_DEACTIVATED = "user_deactivated", "User deactivated"
    USER_REACTIVATED = "user_reactivated", "User reactivated"
    TWO_FACTOR_RESET = "two_factor_reset", "Two-factor authentication reset"
    API_TOKEN_CREATED = "api_token_created", "API token created"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
    PASSWORD_RESET_SENT = "password_reset_sent", "Password reset link emailed"
    PASSWORD_RESET_COMPLETED = "password_reset_completed", "Password reset with an emailed link"

    # Retired: written before the typed verbs; older rows keep them.
    DECIDED = "decided", "Decision recorded (older rows)"
    SHARED = "shared", "Shared (older rows)"
    ACCESS_GRANTED = "access_granted", "Access granted (older rows)"
    ACCESS_REVOKED = "access_revoked", "Access revoked (older rows)"
    BREAK_GLASS = "break_glass", "Break-glass access (older rows)"
    MERGED = "merged", "Records merged (older rows)"
    UNMERGED = "unmerged", "Merge reversed (older rows)"
    NOTIFIED = "notified", "Notification sent (older rows)"
    ESCALATED = "escalated", "Escalated (older rows)"


# Verbs no service writes any more: audit_record refuses them, so a new event cannot slip back
# into an untyped verb. Rows that carry them display and verify as before.
RETIRED_VERBS = frozenset(
    {
        Verb.DECIDED,
        Verb.SHARED,
        Verb.ACCESS_GRANTED,
        Verb.ACCESS_REVOKED,
        Verb.BREAK_GLASS,
        Verb.MERGED,
        Verb.UNMERGED,
        Verb.NOTIFIED,
        Verb.ESCALATED,
    }
)

# Generic verbs: any payload, no schema.
GENERIC_VERBS = frozenset(
    {
        Verb.VIEWED,
        Verb.SEARCHED,
        Verb.EXPORTED,
        Verb.CREATED,
        Verb.UPDATED,
        Verb.DELETED,
        Verb.LOGGED_IN,
        Verb.LOGGED_OUT,
        Verb.LOGIN_FAILED,
        Verb.LOCKED_OUT,
        Verb.TOKEN_USED,
    }
)


@dataclass(frozen=True)
class Payload:
    """The keys of a domain verb's ``changes``: those it must hold and those it may."""

    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional


def _payload(required: Iterable[str] = (), optional: Iterable[str] = ()) -> Payload:
    required = frozenset(required)
    return Payload(required=required, optional=frozenset(optional) - required)


# A change made through the versioned save carries its version step ("version": {"before": n,
# "after": n + 1}); that is how haven.audit.versioning tells a later editor who changed what.
VERSION = "version"

# Part 1 of a Philomena Protocol profile, as haven.philomena.models.PROFILE_FIELDS lists it.
PHILOMENA_PROFILE_FIELDS = (
    "carer_agency",
    "known_as",
    "ethnicity",
    "height",
    "build",
    "hair",
    "eyes",
    "distinguishing_features",
    "vulnerabilities",
    "medical_needs",
    "social_media",
    "transport",
    "financial_details",
    "previous_missing_episodes",
    "associates",
    "places",
    "phones",
    "reviewed_by",
)

# An investigation's details the police change after opening it (and reopening sets "status").
INVESTIGATION_FIELDS = (
    "officer_in_charge",
    "officer_contact",
    "crime_references",
    "offences",
    "victim_statement",
    "status",
    "closed_on",
    "closed_reason",
)

PERSON_FIELDS = (
    "kind",
    "given_name",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "dob_assigned_by_age_assessment",
    "gender",
    "nationalities",
    "first_language",
    "interpreter_needed",
    "immigration_status",
)
MEETING_OUTCOME_FIELDS = (
    "harm_risk",
    "abduction_risk",
    "missing_risk",
    "section_47_enquiry",
    "nrm_referral",
    "accommodated",
    "safety_plan",
    "safe_house",
    "police_investigation",
    "criminal_network",
    "parents_or_carers_complicit",
    "reunification_planned",
    "attendance",
)
MISSING_REPORT_FIELDS = (
    "reported_to_police_at",
    "police_reference",
    "police_risk_level",
    "last_seen_at",
    "last_seen_place",
    "last_seen_with",
    "clothing",
)
MISSING_RETURN_FIELDS = (
    "found_at_address",
    "found_at_postcode",
    "found_with",
    "collected_by",
    "collected_in_vehicle",
    "how_returned",
    "injuries_or_concerns",
    "safe_and_well_check_at",
    "safe_and_well_check_by",
)
RETURN_INTERVIEW_FIELDS = (
    "declined_reason",
    "another_offer_to_follow",
    "held_at",
    "held_by",
    "staying_safe_information_given",
)
AGENCY_FIELDS = (
    "name",
    "slug",
    "agency_type",
    "area_code",
    "is_first_responder",
    "email",
    "phone",
    "is_active",
    "head_of_service",
    "operational_director",
    "chief_executive",
)

# Most values are a field's change, {"before": x, "after": y} (``audit.services.diff``), which
# leaves out a field whose new value is empty: such fields are optional. Keys with plain values
# (a marker such as "by_haven", a count, an id) are noted beside their verb.
PAYLOADS: dict[str, Payload] = {
    Verb.ANCHORED: _payload(
        required=(
            "chain",
            "head_event_id",
            "head_hash",
            "rows",
            "anchored_at",
            "anchor_key_id",
            "mac",
            "anchor_log",
        )
    ),
    # Concerns and the front door.
    Verb.CONCERN_RAISED: _payload(
        required=("status", "home_area", "indicator_codes", "immediate_danger", "occurred_at")
    ),
    # "decision": plain, accept or the other decision made.
    Verb.FRONT_DOOR_DECIDED: _payload(
        required=("decision", "status"), optional=("case", "decision_reason", VERSION)
    ),
    # Cases.
    Verb.CASE_OPENED: _payload(required=("lead_agency", "lead_team")),
    Verb.CASE_CLOSED: _payload(required=("status", "closed_reason", VERSION)),
    Verb.CASE_NOTE_ADDED: _payload(required=("sensitivity",)),
    Verb.SHARE_GRANTED: _payload(
        required=("case", "agency", "sections", "lawful_basis", "expires_at"), optional=("team",)
    ),
    Verb.SHARE_REVOKED: _payload(required=("revoked_at",)),
    Verb.REUNIFICATION_RECORDED: _payload(),
    # "format": plain, "pdf" or "print".
    Verb.CASE_SUMMARY_EXPORTED: _payload(required=("format",)),
    # Allocation and transfer. "transfer": plain, the accepted transfer's id.
    Verb.CASE_ALLOCATED: _payload(required=("lead_practitioner", VERSION)),
    Verb.CASE_TRANSFER_REQUESTED: _payload(required=("case", "from_team", "to_agency", "to_team")),
    Verb.CASE_TRANSFER_ACCEPTED: _payload(
        required=("lead_team", "transfer", VERSION), optional=("lead_agency", "lead_practitioner")
    ),
    Verb.CASE_TRANSFER_DECLINED: _payload(required=("status", "decision_reason")),
    Verb.CASE_TRANSFER_WITHDRAWN: _payload(required=("status",)),
    # Break-glass. "requested_by": plain, the user the access is for.
    Verb.BREAK_GLASS_USED: _payload(required=("status", "expires_at", "requested_by")),
    Verb.BREAK_GLASS_REQUESTED: _payload(required=("status",)),
    Verb.BREAK_GLASS_APPROVED: _payload(required=("status", "requested_by")),
    Verb.BREAK_GLASS_REQUEST_REFUSED: _payload(required=("status", "requested_by")),
    # "refused": plain, why (never which part of the reference was wrong).
    Verb.BREAK_GLASS_REFUSED: _payload(required=("refused",)),
    # "review_outcome": plain, justified or not.
    Verb.BREAK_GLASS_REVIEWED: _payload(required=("review_outcome",)),
    # Tasks. "by_haven" and "by_override": plain booleans.
    Verb.TASK_CREATED: _payload(
        required=("code", "team"), optional=("title", "due_at", "parent", "meeting")
    ),
    Verb.TASK_MOVED_TO_CASE: _payload(required=("case", VERSION)),
    Verb.TASK_MOVED_TO_TEAM: _payload(required=("team", VERSION), optional=("owner",)),
    Verb.TASK_COMPLETED: _payload(
        required=("status", "by_haven", VERSION), optional=("completion_note",)
    ),
    Verb.TASK_NOT_NEEDED_REQUESTED: _payload(
        required=("status", "not_needed_reason", "not_needed_requested_by", VERSION)
    ),
    Verb.TASK_NOT_NEEDED_APPROVED: _payload(
        required=("status", "by_override", VERSION),
        optional=("approved_by", "not_needed_reason"),
    ),
    Verb.TASK_NOT_NEEDED_REJECTED: _payload(
        required=("status", VERSION), optional=("approved_by",)
    ),
    Verb.TASK_ESCALATED: _payload(required=("escalation_level",)),
    # "owner": the change of owner; after is null when the task goes back to its team.
    Verb.TASK_ASSIGNED: _payload(required=("owner", VERSION)),
    Verb.CROSS_BORDER_NOTIFIED: _payload(required=("area_name",)),
    # Screening. "approved_by_second_manager": plain boolean.
    Verb.SCREENING_RECORDED: _payload(required=("outcome", "actions", "trigger")),
    Verb.CIRCUMSTANCE_RECORDED: _payload(required=("circumstance",), optional=("value",)),
    Verb.SCREENING_OVERRIDE_REQUESTED: _payload(
        required=("engine_outcome", "outcome", "actions_removed", "status")
    ),
    Verb.SCREENING_OVERRIDDEN: _payload(
        required=("outcome", "actions_removed", "status", "approved_by_second_manager"),
        optional=("engine_outcome",),
    ),
    Verb.SCREENING_OVERRIDE_REJECTED: _payload(required=("status",)),
    # Strategy meetings. "invited": plain boolean; "format": plain.
    Verb.MEETING_SCHEDULED: _payload(required=("scheduled_for", "location")),
    Verb.MEETING_INVITATION_DECIDED: _payload(
        required=("invited",), optional=("status", "agency", "reason_not_invited")
    ),
    Verb.MEETING_INFORMATION_ADDED: _payload(required=("agency",)),
    # Named attendees: the meeting is the target and its version steps, so a chair's outcome
    # form opened before the change goes stale. "attendee": plain, the person's name and
    # organisation; "user": plain, the Haven user's id.
    Verb.MEETING_ATTENDEE_ADDED: _payload(
        required=("attendee", "attendance", VERSION), optional=("apologies_note", "user")
    ),
    Verb.MEETING_ATTENDEE_REMOVED: _payload(required=("attendee", VERSION)),
    Verb.MEETING_APOLOGIES_RECORDED: _payload(
        required=("attendee", "attendance", VERSION), optional=("apologies_note",)
    ),
    Verb.MEETING_OUTCOME_RECORDED: _payload(
        required=("status", VERSION), optional=MEETING_OUTCOME_FIELDS
    ),
    Verb.MINUTES_EXPORTED: _payload(required=("format",)),
    # Documents. "sha256" of a download: plain, the content served.
    Verb.DOCUMENT_UPLOADED: _payload(
        required=(
            "kind",
            "title",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "scan_status",
        ),
        optional=("document_date",),
    ),
    Verb.DOCUMENT_DOWNLOADED: _payload(required=("sha256",)),
    Verb.DOCUMENT_WITHDRAWN: _payload(
        required=("withdrawn_at", "withdrawn_by", "withdrawn_reason")
    ),
    # The strategic view: a year's national figures, each a field change from nothing.
    Verb.NATIONAL_FIGURES_RECORDED: _payload(
        required=("year", "child_referrals", "source"),
        optional=(
            "all_referrals",
            "sexual",
            "sexual_uk",
            "sexual_non_uk",
            "labour",
            "criminal",
            "domestic_servitude",
            "organ_harvesting",
            "not_defined",
        ),
    ),
    # Missing episodes. "concern": plain, the id of the concern a disclosure raised.
    Verb.MISSING_EPISODE_REPORTED: _payload(
        required=("status", "reported_missing_at", "missing_from", "looked_after"),
        optional=MISSING_REPORT_FIELDS,
    ),
    Verb.MISSING_EPISODE_POLICE_UPDATED: _payload(
        required=(VERSION,),
        optional=("reported_to_police_at", "police_reference", "police_risk_level"),
    ),
    Verb.MISSING_EPISODE_RETURN_RECORDED: _payload(
        required=("status", "returned_at", "return_recorded_by", VERSION),
        optional=MISSING_RETURN_FIELDS,
    ),
    Verb.RETURN_INTERVIEW_RECORDED: _payload(
        required=(
            "offered_at",
            "offered_by_name",
            "offered_by_organisation",
            "independent_of_placement",
            "response",
        ),
        optional=RETURN_INTERVIEW_FIELDS,
    ),
    Verb.RETURN_INTERVIEW_DISCLOSURE_RAISED: _payload(required=("concern",)),
    # Placements. "out_of_area" and "contact_restrictions" (a count) are plain; "offices_told"
    # and "offices_missing" are plain lists of senior offices; "office" is plain.
    Verb.PLACEMENT_RECORDED: _payload(
        required=("placement_type", "provider", "start_date", "out_of_area"),
        optional=("receiving_area",),
    ),
    Verb.PLACEMENT_ENDED: _payload(required=("end_date",)),
    Verb.SAFETY_PLAN_RECORDED: _payload(
        required=("review_date", "contact_restrictions"),
        optional=("risks_told", "abduction_measures", "missing_prevention", "who_to_call"),
    ),
    Verb.ESCALATION_RAISED: _payload(required=("offices_told", "offices_missing")),
    Verb.ESCALATION_ACKNOWLEDGED: _payload(required=("office", "acknowledged_at")),
    # Philomena Protocol profiles. "replaced": plain, the replaced photograph's id; "sha256" of
    # a view: plain, the content served; "missing_now": plain boolean, part 2 came from an open
    # missing episode.
    Verb.PHILOMENA_PROFILE_STARTED: _payload(
        required=("responsible_agency", "reviewed_at"), optional=PHILOMENA_PROFILE_FIELDS
    ),
    Verb.PHILOMENA_PROFILE_VIEWED: _payload(),
    Verb.PHILOMENA_PROFILE_UPDATED: _payload(
        required=("reviewed_at", VERSION), optional=PHILOMENA_PROFILE_FIELDS
    ),
    Verb.PHILOMENA_PHOTO_UPLOADED: _payload(
        required=("original_name", "size", "width", "height", "sha256"), optional=("replaced",)
    ),
    Verb.PHILOMENA_PHOTO_VIEWED: _payload(required=("sha256",)),
    Verb.GRAB_PACK_EXPORTED: _payload(required=("format", "missing_now")),
    # Investigations. "investigation", "person", "suspect", "order": plain ids.
    Verb.INVESTIGATION_OPENED: _payload(
        required=("officer_in_charge", "offences", "victim_statement", "opened_on"),
        optional=("crime_references",),
    ),
    Verb.INVESTIGATION_UPDATED: _payload(required=(VERSION,), optional=INVESTIGATION_FIELDS),
    Verb.INVESTIGATION_CLOSED: _payload(
        required=("status", "closed_on", "closed_reason", VERSION), optional=INVESTIGATION_FIELDS
    ),
    Verb.SUSPECT_ADDED: _payload(required=("investigation", "person")),
    Verb.ORDER_RECORDED: _payload(
        required=("suspect", "order_type", "issued_on"),
        optional=(
            "expires_on",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "child_in_care",
        ),
    ),
    Verb.ORDER_BREACH_RECORDED: _payload(required=("order", "breached_on"), optional=("note",)),
    Verb.SUSPECT_OUTCOME_RECORDED: _payload(
        required=("suspect", "outcome", "decided_on"), optional=("offences", "note")
    ),
    Verb.CHILD_OFFENCE_RECORDED: _payload(
        required=("offence", "arrested_on", "linked_to_exploitation"), optional=("charged_on",)
    ),
    Verb.NON_CRIMINALISATION_REVIEWED: _payload(
        required=("reviewed_on",),
        optional=(
            "section_45_considered",
            "trained_interviewer",
            "out_of_hours_informed",
            "review_note",
        ),
    ),
    Verb.VICTIM_UPDATE_RECORDED: _payload(
        required=("given_on", "given_to"), optional=("partner_agency",)
    ),
    # NRM. "fields": plain, the names of the fields changed (never their values: a Duty to
    # Notify's payloads carry no identifier, and a referral's story stays in the record).
    # "format": plain, "pdf" or "json". "working_days_from_submission": plain count.
    Verb.NRM_REFERRAL_STARTED: _payload(required=("state", "under_age")),
    Verb.NRM_REFERRAL_UPDATED: _payload(required=("fields", VERSION)),
    Verb.NRM_REFERRAL_SUBMITTED: _payload(
        required=("state", "submitted_on", "home_office_reference", VERSION)
    ),
    Verb.NRM_DECISION_RECORDED: _payload(
        required=("state", "decided_on", VERSION), optional=("working_days_from_submission",)
    ),
    Verb.NRM_REFERRAL_EXPORTED: _payload(required=("format",)),
    Verb.DUTY_TO_NOTIFY_RECORDED: _payload(
        required=("gender", "exploitation_types", "cooperates_with_police"),
        optional=("nationality",),
    ),
    Verb.ICTG_REFERRAL_RECORDED: _payload(required=("referred_on", "support")),
    # Training (decision 0025): field changes from nothing, except the plain values noted.
    # "statements" is the list of the course's statements; "scores" maps each statement's
    # position to its score.
    Verb.TRAINING_COURSE_ADDED: _payload(
        required=("title", "statements"), optional=("description",)
    ),
    Verb.TRAINING_SESSION_RECORDED: _payload(
        required=("course", "held_on", "area", "venue", "trainer")
    ),
    Verb.TRAINING_ATTENDEE_ADDED: _payload(
        required=("session", "full_name", "agency", "job_role"), optional=("user",)
    ),
    Verb.SELF_ASSESSMENT_RECORDED: _payload(required=("stage", "scores")),
    # Action plans (decision 0025): field changes; the progress update's "rag" is the action's
    # status before and after it.
    Verb.ACTION_PLAN_CREATED: _payload(required=("area", "title", "owner")),
    Verb.PLAN_ACTION_ADDED: _payload(
        required=("plan", "priority", "description", "due_on", "rag"),
        optional=("owner_user", "owner_agency", "owner_role"),
    ),
    Verb.ACTION_PROGRESS_RECORDED: _payload(required=("written_on", "note", "rag")),
    # "format": plain, "json"; "sections": plain, the parts of the case beyond who the child is
    # that the export held ("people", "screening", "nrm", "suspects").
    Verb.CASE_HTCDS_EXPORTED: _payload(required=("format", "sections")),
    # Plain values: the k asked for, the rows published and the rows suppressed.
    Verb.ANONYMISED_DATASET_EXPORTED: _payload(required=("k", "rows", "suppressed")),
    # Case audits (decision 0032), plain values: "criteria" as asked for, "cases" the sampled
    # case ids in the order drawn, "answers" each question's answer code, "grades" the count
    # of each overall grade.
    Verb.AUDIT_SAMPLE_DRAWN: _payload(
        required=("method", "criteria", "sample_size", "population_size", "cases"),
        optional=("seed",),
    ),
    Verb.CASE_AUDIT_GRADED: _payload(required=("case", "grade", "answers")),
    Verb.AUDIT_ACTION_ADDED: _payload(required=("case", "team", "due_on", "task")),
    Verb.AUDIT_COMPLETED: _payload(required=("grades",)),
    # The dashboards (decision 0033): plain values, the chart's figure code, the area, the
    # period's dates, the file's format and the sha256 of the content served.
    Verb.DASHBOARD_EXPORTED: _payload(
        required=("figure", "area", "date_from", "date_to", "format", "sha256")
    ),
    # The Boards' quarterly reports (decision 0034): the commentary's field changes (area,
    # quarter_start, text) and its version step; the report's area, quarter ("2026-Q1"),
    # format and the sha256 of the PDF served, as plain values.
    Verb.BOARD_COMMENTARY_RECORDED: _payload(
        required=("text", VERSION), optional=("area", "quarter_start")
    ),
    Verb.BOARD_REPORT_EXPORTED: _payload(required=("area", "quarter", "format", "sha256")),
    # The stored past quarters, plain values: the trend's quarters counted ("2026-Q1") and the
    # number of counts stored (decision 0043); the quarters kept as periods and the number of
    # figures kept for them (decision 0046); the instant they were counted at.
    Verb.DASHBOARD_TREND_COUNTED: _payload(
        required=("quarters", "counts", "counted_at"), optional=("periods", "kept", "facts")
    ),
    # People's records.
    Verb.PERSON_CREATED: _payload(required=("kind",), optional=PERSON_FIELDS),
    Verb.PERSON_UPDATED: _payload(required=(VERSION,), optional=PERSON_FIELDS),
    Verb.ALIAS_ADDED: _payload(required=("alias",)),
    Verb.IDENTIFIER_ADDED: _payload(required=("identifier",)),
    Verb.ADDRESS_ADDED: _payload(
        required=("kind", "named_users"), optional=("address", "confidential_address")
    ),
    Verb.PHONE_ADDED: _payload(required=("phone",)),
    Verb.RELATIONSHIP_ADDED: _payload(required=("relationship",)),
    # Matching and merges: plain ids, and "moved" the count of rows moved per kind of record.
    Verb.DUPLICATE_REJECTED: _payload(required=("person_a", "person_b")),
    Verb.MERGE_AGREED: _payload(required=("survivor", "merged", "agency")),
    Verb.PEOPLE_MERGED: _payload(required=("survivor", "merged", "moved")),
    Verb.PEOPLE_UNMERGED: _payload(required=("survivor", "merged", "moved")),
    # Intelligence: ids as "case:<id>" / "entity:<id>", the grading as "1AP".
    Verb.ENTITY_RECORDED: _payload(
        required=("entity_type",),
        optional=("line", "postcode", "registration", "number", "name", "platform"),
    ),
    Verb.LINK_RECORDED: _payload(
        required=("from", "to", "link_type", "occurred_on", "source", "grading"),
        optional=("shared_with", "source_reference"),
    ),
    Verb.ENTITIES_MERGED: _payload(required=("kept", "duplicate", "moved")),
    Verb.ENTITIES_UNMERGED: _payload(required=("kept", "duplicate", "moved")),
    # "change": new, grown, changed or lapsed; "areas": area codes.
    Verb.HOTSPOT_DETECTED: _payload(required=("change", "entity", "children", "areas")),
    # Operational groups: subjects as "case:<id>" / "entity:<id>"; never the information's text.
    Verb.GROUP_MEETING_SCHEDULED: _payload(
        required=("area", "scheduled_for", "chair"), optional=("location",)
    ),
    Verb.GROUP_ATTENDEE_ADDED: _payload(required=("user", "agency", "attendance")),
    Verb.GROUP_ATTENDANCE_RECORDED: _payload(required=("user", "attendance")),
    Verb.GROUP_SUBJECT_ADDED: _payload(required=("meeting", "subject")),
    Verb.GROUP_INFORMATION_SHARED: _payload(
        required=("subject", "agency", "grading"), optional=("shared_with",)
    ),
    Verb.DISRUPTION_ACTION_ADDED: _payload(required=("subject", "title", "owner_team", "due_on")),
    Verb.GROUP_MINUTES_EXPORTED: _payload(required=("format",)),
    # Network exports: the root ("case:<id>" / "entity:<id>"), "graphml" or "ftm", plain
    # counts of the nodes and links exported, and the ids of the cases shown in detail.
    Verb.NETWORK_EXPORTED: _payload(
        required=("root", "format", "nodes", "edges"), optional=("hops", "cases")
    ),
    # Users, agencies and API tokens. "devices_removed": plain count; "by_administrator": plain.
    Verb.AGENCY_CREATED: _payload(required=("name", "agency_type"), optional=AGENCY_FIELDS),
    Verb.AGENCY_SENIOR_OFFICERS_SET: _payload(
        optional=("head_of_service", "operational_director", "chief_executive")
    ),
    Verb.TEAM_CREATED: _payload(
        required=("agency", "name"), optional=("function", "email", "phone")
    ),
    Verb.USER_CREATED: _payload(
        required=("email", "role"),
        optional=("password", "full_name", "agency", "team", "job_title"),
    ),
    Verb.USER_UPDATED: _payload(optional=("full_name", "agency", "team", "role")),
    Verb.USER_DEACTIVATED: _payload(required=("is_active",)),
    Verb.USER_REACTIVATED: _payload(required=("is_active",)),
    Verb.TWO_FACTOR_RESET: _payload(required=("devices_removed",)),
    Verb.API_TOKEN_CREATED: _payload(required=("user", "name", "expires_at")),
    Verb.API_TOKEN_REVOKED: _payload(required=("revoked_at",)),
    Verb.PASSWORD_RESET_SENT: _payload(required=("by_administrator",)),
    Verb.PASSWORD_RESET_COMPLETED: _payload(required=("password",)),
}

DOMAIN_VERBS = frozenset(PAYLOADS) - {Verb.ANCHORED}


class AuditPayloadError(ValueError):
    """An audit event whose verb may not be written, or whose payload does not match its
    verb's schema. Raised before anything is written."""


def payload_check(verb: Verb, changes: Mapping[str, Any]) -> None:
    """Refuse a retired verb, and a domain verb's payload that lacks a required key or has one
    its schema does not name."""
    if verb in RETIRED_VERBS:
        raise AuditPayloadError(
            f"Audit verb {verb.value!r} is kept only for older rows: write a typed verb "
            "(haven.audit.verbs)."
        )
    schema = PAYLOADS.get(verb)
    if schema is None:
        return
    keys = set(changes)
    missing = sorted(schema.required - keys)
    if missing:
        raise AuditPayloadError(
            f"Audit verb {verb.value!r}: the payload is missing {', '.join(map(repr, missing))}."
        )
    unknown = sorted(keys - schema.allowed)
    if unknown:
        raise AuditPayloadError(
            f"Audit verb {verb.value!r}: the payload has unknown key(s) "
            f"{', '.join(map(repr, unknown))} (allowed: {', '.join(sorted(schema.allowed))})."
        )


# The auditors' page lists the verbs under these headings, domain events first.
VERB_GROUPS: tuple[tuple[str, tuple[Verb, ...]], ...] = (
    ("Concerns and the front door", (Verb.CONCERN_RAISED, Verb.FRONT_DOOR_DECIDED)),
    (
        "Cases, notes and sharing",
        (
            Verb.CASE_OPENED,
            Verb.CASE_CLOSED,
            Verb.CASE_NOTE_ADDED,
            Verb.SHARE_GRANTED,
            Verb.SHARE_REVOKED,
            Verb.REUNIFICATION_RECORDED,
            Verb.CASE_SUMMARY_EXPORTED,
        ),
    ),
    (
        "Allocation and transfer",
        (
            Verb.CASE_ALLOCATED,
            Verb.CASE_TRANSFER_REQUESTED,
            Verb.CASE_TRANSFER_ACCEPTED,
            Verb.CASE_TRANSFER_DECLINED,
            Verb.CASE_TRANSFER_WITHDRAWN,
        ),
    ),
    (
        "Break-glass access",
        (
            Verb.BREAK_GLASS_USED,
            Verb.BREAK_GLASS_REQUESTED,
            Verb.BREAK_GLASS_APPROVED,
            Verb.BREAK_GLASS_REQUEST_REFUSED,
            Verb.BREAK_GLASS_REFUSED,
            Verb.BREAK_GLASS_REVIEWED,
        ),
    ),
    (
        "Tasks",
        (
            Verb.TASK_CREATED,
            Verb.TASK_MOVED_TO_CASE,
            Verb.TASK_MOVED_TO_TEAM,
            Verb.TASK_COMPLETED,
            Verb.TASK_NOT_NEEDED_REQUESTED,
            Verb.TASK_NOT_NEEDED_APPROVED,
            Verb.TASK_NOT_NEEDED_REJECTED,
            Verb.TASK_ESCALATED,
            Verb.TASK_ASSIGNED,
            Verb.CROSS_BORDER_NOTIFIED,
        ),
    ),
    (
        "Screening",
        (
            Verb.SCREENING_RECORDED,
            Verb.CIRCUMSTANCE_RECORDED,
            Verb.SCREENING_OVERRIDE_REQUESTED,
            Verb.SCREENING_OVERRIDDEN,
            Verb.SCREENING_OVERRIDE_REJECTED,
        ),
    ),
    (
        "Strategy meetings",
        (
            Verb.MEETING_SCHEDULED,
            Verb.MEETING_INVITATION_DECIDED,
            Verb.MEETING_INFORMATION_ADDED,
            Verb.MEETING_ATTENDEE_ADDED,
            Verb.MEETING_ATTENDEE_REMOVED,
            Verb.MEETING_APOLOGIES_RECORDED,
            Verb.MEETING_OUTCOME_RECORDED,
            Verb.MINUTES_EXPORTED,
        ),
    ),
    (
        "Documents",
        (Verb.DOCUMENT_UPLOADED, Verb.DOCUMENT_DOWNLOADED, Verb.DOCUMENT_WITHDRAWN),
    ),
    (
        "Strategic view",
        (
            Verb.NATIONAL_FIGURES_RECORDED,
            Verb.TRAINING_COURSE_ADDED,
            Verb.TRAINING_SESSION_RECORDED,
            Verb.TRAINING_ATTENDEE_ADDED,
            Verb.SELF_ASSESSMENT_RECORDED,
            Verb.ACTION_PLAN_CREATED,
            Verb.PLAN_ACTION_ADDED,
            Verb.ACTION_PROGRESS_RECORDED,
            Verb.DASHBOARD_EXPORTED,
            Verb.BOARD_COMMENTARY_RECORDED,
            Verb.BOARD_REPORT_EXPORTED,
            Verb.DASHBOARD_TREND_COUNTED,
        ),
    ),
    (
        "Case audits",
        (
            Verb.AUDIT_SAMPLE_DRAWN,
            Verb.CASE_AUDIT_GRADED,
            Verb.AUDIT_ACTION_ADDED,
            Verb.AUDIT_COMPLETED,
        ),
    ),
    (
        "Missing episodes and return home interviews",
        (
            Verb.MISSING_EPISODE_REPORTED,
            Verb.MISSING_EPISODE_POLICE_UPDATED,
            Verb.MISSING_EPISODE_RETURN_RECORDED,
            Verb.RETURN_INTERVIEW_RECORDED,
            Verb.RETURN_INTERVIEW_DISCLOSURE_RAISED,
        ),
    ),
    (
        "Placements and safety plans",
        (
            Verb.PLACEMENT_RECORDED,
            Verb.PLACEMENT_ENDED,
            Verb.SAFETY_PLAN_RECORDED,
            Verb.ESCALATION_RAISED,
            Verb.ESCALATION_ACKNOWLEDGED,
        ),
    ),
    (
        "Philomena Protocol profiles",
        (
            Verb.PHILOMENA_PROFILE_STARTED,
            Verb.PHILOMENA_PROFILE_VIEWED,
            Verb.PHILOMENA_PROFILE_UPDATED,
            Verb.PHILOMENA_PHOTO_UPLOADED,
            Verb.PHILOMENA_PHOTO_VIEWED,
            Verb.GRAB_PACK_EXPORTED,
        ),
    ),
    (
        "Investigations, orders and prosecution",
        (
            Verb.INVESTIGATION_OPENED,
            Verb.INVESTIGATION_UPDATED,
            Verb.INVESTIGATION_CLOSED,
            Verb.SUSPECT_ADDED,
            Verb.ORDER_RECORDED,
            Verb.ORDER_BREACH_RECORDED,
            Verb.SUSPECT_OUTCOME_RECORDED,
            Verb.CHILD_OFFENCE_RECORDED,
            Verb.NON_CRIMINALISATION_REVIEWED,
            Verb.VICTIM_UPDATE_RECORDED,
        ),
    ),
    (
        "NRM referrals, Duty to Notify and guardians",
        (
            Verb.NRM_REFERRAL_STARTED,
            Verb.NRM_REFERRAL_UPDATED,
            Verb.NRM_REFERRAL_SUBMITTED,
            Verb.NRM_DECISION_RECORDED,
            Verb.NRM_REFERRAL_EXPORTED,
            Verb.DUTY_TO_NOTIFY_RECORDED,
            Verb.ICTG_REFERRAL_RECORDED,
        ),
    ),
    (
        "People's records",
        (
            Verb.PERSON_CREATED,
            Verb.PERSON_UPDATED,
            Verb.ALIAS_ADDED,
            Verb.IDENTIFIER_ADDED,
            Verb.ADDRESS_ADDED,
            Verb.PHONE_ADDED,
            Verb.RELATIONSHIP_ADDED,
        ),
    ),
    (
        "Matching and merges",
        (Verb.DUPLICATE_REJECTED, Verb.MERGE_AGREED, Verb.PEOPLE_MERGED, Verb.PEOPLE_UNMERGED),
    ),
    (
        "Intelligence",
        (
            Verb.ENTITY_RECORDED,
            Verb.LINK_RECORDED,
            Verb.ENTITIES_MERGED,
            Verb.ENTITIES_UNMERGED,
            Verb.HOTSPOT_DETECTED,
            Verb.GROUP_MEETING_SCHEDULED,
            Verb.GROUP_ATTENDEE_ADDED,
            Verb.GROUP_ATTENDANCE_RECORDED,
            Verb.GROUP_SUBJECT_ADDED,
            Verb.GROUP_INFORMATION_SHARED,
            Verb.DISRUPTION_ACTION_ADDED,
            Verb.GROUP_MINUTES_EXPORTED,
        ),
    ),
    ("Intelligence network exports", (Verb.NETWORK_EXPORTED,)),
    (
        "Users, agencies and API tokens",
        (
            Verb.AGENCY_CREATED,
            Verb.AGENCY_SENIOR_OFFICERS_SET,
            Verb.TEAM_CREATED,
            Verb.USER_CREATED,
            Verb.USER_UPDATED,
            Verb.USER_DEACTIVATED,
            Verb.USER_REACTIVATED,
            Verb.TWO_FACTOR_RESET,
            Verb.API_TOKEN_CREATED,
            Verb.API_TOKEN_REVOKED,
            Verb.PASSWORD_RESET_SENT,
            Verb.PASSWORD_RESET_COMPLETED,
        ),
    ),
    (
        "Reading, exports and signing in",
        (
            Verb.VIEWED,
            Verb.SEARCHED,
            Verb.EXPORTED,
            Verb.LOGGED_IN,
            Verb.LOGGED_OUT,
            Verb.LOGIN_FAILED,
            Verb.LOCKED_OUT,
            Verb.TOKEN_USED,
            Verb.ANCHORED,
        ),
    ),
    (
        "Exports in data standards",
        (Verb.CASE_HTCDS_EXPORTED, Verb.ANONYMISED_DATASET_EXPORTED),
    ),
    ("Other changes", (Verb.CREATED, Verb.UPDATED, Verb.DELETED)),
    (
        "Older rows, before typed verbs",
        (
            Verb.DECIDED,
            Verb.SHARED,
            Verb.ACCESS_GRANTED,
            Verb.ACCESS_REVOKED,
            Verb.BREAK_GLASS,
            Verb.MERGED,
            Verb.UNMERGED,
            Verb.NOTIFIED,
            Verb.ESCALATED,
        ),
    ),
)


def verb_choices_grouped() -> list[tuple[str, list[tuple[str, str]]]]:
    """The verbs as grouped choices (an HTML select's option groups)."""
    return [(heading, [(v.value, v.label) for v in verbs]) for heading, verbs in VERB_GROUPS]
