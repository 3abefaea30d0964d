"""A looked-after child's Philomena Protocol profile (part 1, kept ready in advance by the carer
or the local authority) and its photographs. Part 2 (clothing worn, where and when last seen)
comes from the child's open missing episode when the grab pack is made (decision 0021).

Associates, places and phones are structured (lists of small records, postcodes and numbers
normalised) because they later feed intelligence; everything else is free text, as carers
write it."""

from django.conf import settings
from django.db import models

from haven.core.models import VersionedModel

TEXT_SHORT = 200

# The free-text parts of the profile, in the order the form and the grab pack show them.
DESCRIPTION_FIELDS = ("height", "build", "hair", "eyes", "distinguishing_features")
TEXT_FIELDS = (
    "vulnerabilities",
    "medical_needs",
    "social_media",
    "transport",
    "financial_details",
    "previous_missing_episodes",
)
LIST_FIELDS = ("associates", "places", "phones")
PROFILE_FIELDS = (
    "carer_agency",
    "known_as",
    "ethnicity",
    *DESCRIPTION_FIELDS,
    *TEXT_FIELDS,
    *LIST_FIELDS,
)


class PhilomenaProfile(VersionedModel):
    """Part 1 of the protocol. The person's record keeps the name, date of birth, gender,
    nationality and language; the profile adds what the police ask for when a child is missing.
    Saving the profile (even unchanged) records that it was reviewed."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="philomena_profiles"
    )
    # The local authority looking after the child, which keeps the profile with the carer.
    responsible_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    # The carer's agency (a fostering agency, a residential home), which keeps it too.
    carer_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    known_as = models.CharField("known as", max_length=100, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    height = models.CharField(max_length=100, blank=True)
    build = models.CharField(max_length=TEXT_SHORT, blank=True)
    hair = models.CharField(max_length=TEXT_SHORT, blank=True)
    eyes = models.CharField(max_length=TEXT_SHORT, blank=True)
    distinguishing_features = models.TextField(
        "scars, tattoos, piercings and other features", blank=True
    )
    vulnerabilities = models.TextField(blank=True)
    medical_needs = models.TextField("medical needs and medication", blank=True)
    # [{"name", "relationship", "details"}]
    associates = models.JSONField(default=list, blank=True)
    # [{"description", "address", "postcode"}]: postcodes in the Royal Mail form ("CH1 4AB").
    places = models.JSONField("addresses and places frequented", default=list, blank=True)
    # [{"number", "whose"}]: numbers in E.164 ("+447700900982").
    phones = models.JSONField(default=list, blank=True)
    social_media = models.TextField(blank=True)
    transport = models.TextField("transport used", blank=True)
    financial_details = models.TextField(blank=True)
    previous_missing_episodes = models.TextField(blank=True)
    reviewed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"Philomena Protocol profile of {self.person}"


class ProfilePhotograph(models.Model):
    """A photograph of the child, as Haven re-encoded it (no metadata, no location). Replacing
    it keeps the older one (``replaced_at``) but only the current one is shown or served."""

    profile = models.ForeignKey(
        PhilomenaProfile, on_delete=models.PROTECT, related_name="photographs"
    )
    # A random name in the documents storage, under "philomena/" (haven.philomena.photos).
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="In bytes, as stored.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, help_text="Of the stored JPEG.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=models.Q(replaced_at__isnull=True),
                name="one_current_photograph_per_profile",
            )
        ]

    def __str__(self) -> str:
        return f"Photograph of {self.profile.person} ({self.uploaded_at:%d/%m/%Y})"
