"""Keeping a Philomena Protocol profile: starting and updating part 1 (a versioned save, so a
stale edit is refused rather than lost), adding or replacing the photograph, and recording the
grab pack's export. Each writes and audits in one transaction (decision 0021)."""

import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Agency, User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.versioning import save_versioned_and_audit
from haven.core.contact_details import phone_e164, postcode_normalised
from haven.core.pdf import pdf_from_html
from haven.core.uploads import HEAD_BYTES, FileRefused, allowed_type_of, file_name_cleaned
from haven.people.models import Person
from haven.philomena.models import (
    DESCRIPTION_FIELDS,
    LIST_FIELDS,
    PROFILE_FIELDS,
    TEXT_FIELDS,
    PhilomenaProfile,
    ProfilePhotograph,
)
from haven.philomena.photos import (
    PHOTO_TYPES,
    new_photo_name,
    photo_storage,
    reencoded,
)
from haven.philomena.selectors import (
    current_photograph,
    may_keep_profile,
    profile_of,
    responsible_agency_for,
)

NOT_YOURS = "You cannot keep this child's Philomena Protocol profile."
# Each list's items: their keys, and the key that must be given when any is.
LIST_ITEMS = {
    "associates": (("name", "relationship", "details"), "name"),
    "places": (("description", "address", "postcode"), "description"),
    "phones": (("number", "whose"), "number"),
}
LIST_MAX = 20
REQUIRED_MESSAGES = {
    "associates": "Enter the associate's name",
    "places": "Enter what the place is, for example 'friend's house'",
    "phones": "Enter the phone number",
}
POSTCODE_WRONG = "Enter a real postcode, like CH1 4AB"
PHONE_WRONG = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
AUDITED = (*PROFILE_FIELDS, "reviewed_at", "reviewed_by")


def _cleaned_lists(values: Mapping[str, Any], errors: dict) -> dict[str, list[dict]]:
    """Each list without blank items, with postcodes and phone numbers normalised; a problem
    goes in ``errors`` as "phones.2.number"."""
    cleaned = {}
    for name in LIST_FIELDS:
        keys, required = LIST_ITEMS[name]
        items = []
        for index, item in enumerate(values.get(name) or []):
            item = {key: str(item.get(key) or "").strip() for key in keys}
            if not any(item.values()):
                continue
            if not item[required]:
                errors[f"{name}.{index}.{required}"] = REQUIRED_MESSAGES[name]
            if name == "places" and item["postcode"]:
                postcode = postcode_normalised(item["postcode"])
                if postcode is None:
                    errors[f"{name}.{index}.postcode"] = POSTCODE_WRONG
                item["postcode"] = postcode or item["postcode"]
            if name == "phones" and item["number"]:
                number = phone_e164(item["number"])
                if number is None:
                    errors[f"{name}.{index}.number"] = PHONE_WRONG
                item["number"] = number or item["number"]
            items.append(item)
        if len(items) > LIST_MAX:
            errors[name] = f"Enter at most {LIST_MAX}"
        cleaned[name] = items
    return cleaned


def _cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not a profile field: {', '.join(sorted(unknown))}")
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        name: str(values.get(name) or "").strip()
        for name in ("known_as", "ethnicity", *DESCRIPTION_FIELDS, *TEXT_FIELDS)
    }
    cleaned.update(_cleaned_lists(values, errors))
    carer_agency = values.get("carer_agency")
    if carer_agency is not None and not isinstance(carer_agency, Agency):
        carer_agency = Agency.objects.filter(pk=carer_agency).first()
        if carer_agency is None:
            errors["carer_agency"] = "Select the carer's agency from the list"
    cleaned["carer_agency"] = carer_agency
    if errors:
        raise ValidationError(errors)
    return cleaned


def profile_save(
    *,
    actor: User,
    person: Person,
    expected_version: int | None,
    **values: Any,
) -> PhilomenaProfile:
    """Start the child's profile (``expected_version=None``) or update it from the version the
    editor saw (``StaleVersionError`` when someone saved since). Every save, changed or not,
    records that the profile was reviewed now, by ``actor``."""
    with transaction.atomic():
        person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
        profile = profile_of(person)
        if not may_keep_profile(actor, person=person, profile=profile):
            raise PermissionDenied(NOT_YOURS)
        cleaned = _cleaned(values)
        now = timezone.now()
        if profile is None:
            if expected_version is not None:
                raise ValidationError("This profile no longer exists: start it again")
            return _profile_start(actor=actor, person=person, cleaned=cleaned, now=now)
        if expected_version is None:
            raise ValidationError(
                "Someone else has started this child's profile: check theirs, then add yours"
            )
        before = snapshot(profile, AUDITED)
        for name, value in cleaned.items():
            setattr(profile, name, value)
        profile.reviewed_at = now
        profile.reviewed_by = actor
        profile.full_clean()
        save_versioned_and_audit(
            actor=actor,
            instance=profile,
            expected_version=expected_version,
            fields=AUDITED,
            before=before,
            person_id=person.pk,
            verb=Verb.PHILOMENA_PROFILE_UPDATED,
        )
        return profile


def _profile_start(*, actor: User, person: Person, cleaned: dict, now) -> PhilomenaProfile:
    profile = PhilomenaProfile(
        person=person,
        responsible_agency=responsible_agency_for(actor, person),
        reviewed_at=now,
        reviewed_by=actor,
        **cleaned,
    )
    profile.full_clean()
    profile.save()
    audit_record(
        actor=actor,
        verb=Verb.PHILOMENA_PROFILE_STARTED,
        target=profile,
        person_id=person.pk,
        changes=diff(None, snapshot(profile, ("responsible_agency", *AUDITED))),
    )
    return profile


def _read_all(file, limit: int) -> bytes:
    """The upload's bytes, never more than ``limit`` + 1 of them."""
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    return data


def photograph_upload(*, actor: User, profile: PhilomenaProfile, file) -> ProfilePhotograph:
    """Add the child's photograph, or replace the current one (which is kept, no longer shown).
    The file must be a JPG or PNG by its content, not too large, and readable as an image; what
    is stored is Haven's own re-encoding of its pixels, so no metadata (GPS location included)
    is kept. Nothing is stored unless everything succeeds."""
    if not may_keep_profile(actor, person=profile.person, profile=profile):
        raise PermissionDenied(NOT_YOURS)
    limit = settings.HAVEN_PHILOMENA_PHOTO_MAX_BYTES
    name = file_name_cleaned(file.name)
    data = _read_all(file, limit)
    try:
        allowed_type_of(
            name=name,
            size=file.size,
            head=data[:HEAD_BYTES],
            max_size=limit,
            allowed_types=PHOTO_TYPES,
        )
        image = reencoded(data)
    except FileRefused as refused:
        raise ValidationError({"file": refused.message}) from None
    storage = photo_storage()
    stored_name = storage.save(new_photo_name(), ContentFile(image.content))
    try:
        with transaction.atomic():
            return _record_photograph(
                actor=actor, profile=profile, name=name, image=image, stored_name=stored_name
            )
    except BaseException:
        # Nothing was recorded, so nothing is kept.
        storage.delete(stored_name)
        raise


def _record_photograph(*, actor, profile, name, image, stored_name) -> ProfilePhotograph:
    # One current photograph: uploads of the same profile wait for each other.
    profile = PhilomenaProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
    now = timezone.now()
    replaced = current_photograph(profile)
    if replaced is not None:
        replaced.replaced_at = now
        replaced.save(update_fields=["replaced_at"])
    photograph = ProfilePhotograph(
        profile=profile,
        stored_name=stored_name,
        original_name=name,
        size=len(image.content),
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(image.content).hexdigest(),
        uploaded_by=actor,
        uploaded_by_agency=actor.agency,
        uploaded_at=now,
    )
    photograph.full_clean()
    photograph.save()
    audit_record(
        actor=actor,
        verb=Verb.PHILOMENA_PHOTO_UPLOADED,
        target=photograph,
        person_id=profile.person_id,
        changes={
            **diff(
                None,
                snapshot(photograph, ("original_name", "size", "width", "height", "sha256")),
            ),
            **({"replaced": replaced.pk} if replaced is not None else {}),
        },
    )
    return photograph


def grab_pack_pdf(*, actor: User, profile: PhilomenaProfile, html: str, missing_now: bool) -> bytes:
    """Render the grab pack to PDF and record the export (``missing_now``: part 2 came from an
    open missing episode)."""
    pdf = pdf_from_html(html)
    audit_record(
        actor=actor,
        verb=Verb.GRAB_PACK_EXPORTED,
        target=profile,
        person_id=profile.person_id,
        reason="Philomena Protocol grab pack exported as PDF for the police",
        changes={"format": "pdf", "missing_now": missing_now},
    )
    return pdf
