"""The duplicate review queue and reversible merges."""

from django.conf import settings
from django.db import models


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting review"
    MERGED = "merged", "Confirmed and merged"
    REJECTED = "rejected", "Not the same person"


class DuplicateCandidate(models.Model):
    """Two person records the matcher thinks may be one child. A rejection is remembered:
    the pair is never proposed again."""

    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    evidence = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    found_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    # Agreement of each party that owns one of the records, by agency id: who agreed, when and
    # which record they chose to keep. The merge happens when every owner has agreed.
    consents = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="candidate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Possible duplicate {self.person_a_id}/{self.person_b_id} ({self.probability:.0%})"


class PersonMerge(models.Model):
    """One merge of ``merged`` into ``survivor``, with every row it moved so that an unmerge
    restores both records exactly."""

    survivor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="merges"
    )
    moved = models.JSONField(default=dict)
    created_alias = models.ForeignKey(
        "people.Alias", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"Merge of person {self.merged_id} into {self.survivor_id}"


class PersonNameKey(models.Model):
    """One word of one of a person's names (their own name, or an alias) as name matching
    compares words: its canonical spelling and consonant skeleton. Person search asks this
    table for spelling variants instead of reading every name (decision 0042). Derived data,
    kept current in the transaction that changes a name (``name_keys``); a merged record has
    none, its names travel to the survivor as aliases."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    # Empty for the person's own name.
    alias = models.ForeignKey(
        "people.Alias", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    canonical = models.CharField(max_length=100)
    skeleton = models.CharField(max_length=100)

    class Meta:
        # Covering, so PostgreSQL answers a search from the indexes alone (index-only scans):
        # the names having a spelling, and the spellings of a skeleton.
        indexes = [
            models.Index(fields=["canonical", "person", "alias"], name="name_key_canonical"),
            models.Index(fields=["skeleton", "canonical"], name="name_key_skeleton"),
        ]

    def __str__(self) -> str:
        return f"{self.canonical} ({self.skeleton}) of person {self.person_id}"


class PersonBlockingKey(models.Model):
    """One block a person's record is in under one blocking rule, and where it sorts within
    the block: possible matches are the records sharing a block with the query, found by
    indexed lookups (decision 0045). Derived data like ``PersonNameKey``, kept current in
    the transaction that changes the person (``name_keys.keys_refresh``); never shown."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    # The rule's position in ``blocking.DEFAULT_RULES``.
    rule = models.PositiveSmallIntegerField()
    block_key = models.BigIntegerField()
    sort_key = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["rule", "block_key", "sort_key", "person"], name="blocking_key_block"
            )
        ]

    def __str__(self) -> str:
        return f"Rule {self.rule} block {self.block_key} of person {self.person_id}"


class PersonNamePart(models.Model):
    """One name entry of a person (their own name or an alias) as matching counts names:
    how common a name is weighs how much agreeing on it says (decision 0045)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    given_canonical = models.CharField(max_length=200, blank=True)
    given_skeleton = models.CharField(max_length=200, blank=True)
    given_first_token = models.CharField(max_length=100, blank=True)
    given_last_token = models.CharField(max_length=100, blank=True)
    family_canonical = models.CharField(max_length=200, blank=True)
    family_skeleton = models.CharField(max_length=200, blank=True)
    family_first_token = models.CharField(max_length=100, blank=True)
    family_last_token = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["given_canonical", "family_canonical"], name="name_part_full"),
            models.Index(fields=["family_canonical"], name="name_part_family"),
            models.Index(fields=["given_skeleton"], name="name_part_given_skeleton"),
            models.Index(fields=["family_skeleton"], name="name_part_family_skeleton"),
            models.Index(fields=["given_first_token"], name="name_part_given_first"),
            models.Index(fields=["given_last_token"], name="name_part_given_last"),
            models.Index(fields=["family_first_token"], name="name_part_family_first"),
            models.Index(fields=["family_last_token"], name="name_part_family_last"),
        ]

    def __str__(self) -> str:
        return f"{self.given_canonical} {self.family_canonical} of person {self.person_id}"


class PersonMatchingRecord(models.Model):
    """What matching reads of one person (``people_records.record_values``: names, aliases,
    date of birth, identifiers, phones, latest address that is not confidential), stored whole
    when the person changes, so a possible-matches lookup reads the records it scores by
    primary key from one table rather than from five (decision 0049). Derived data like
    ``PersonBlockingKey``; a merged record has none; never shown."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    record = models.JSONField()

    def __str__(self) -> str:
        return f"Matching record of person {self.person_id}"


class FittedMatchModel(models.Model):
    """The match model the duplicate job fitted to everyone, unsupervised; possible matches
    score with the newest (decision 0045), or with the default priors before the first."""

    fitted_at = models.DateTimeField(auto_now_add=True)
    records = models.PositiveIntegerField()
    parameters = models.JSONField()

    class Meta:
        ordering = ["-fitted_at", "-pk"]

    def __str__(self) -> str:
        return f"Match model fitted to {self.records} records at {self.fitted_at:%Y-%m-%d %H:%M}"
