"""What the grab pack holds: part 1 (the profile, its current photograph, the child's home or
placement as the downloader may see it) and part 2 (``MissingNow``: the open missing episode, or
None when the child is not recorded as missing, and the police fill part 2 by hand).

Confidential addresses never appear unless the downloader is named on them: the grab pack leaves
Haven, so it shows only what its downloader may see (``current_addresses_for_user``)."""

import base64
from dataclasses import dataclass
from datetime import datetime

from haven.philomena.photos import STORED_CONTENT_TYPE, photo_storage
from haven.philomena.selectors import HomeAddress, ProfileView, current_addresses_for_user


@dataclass(frozen=True)
class MissingNow:
    """Part 2 of the protocol, from the child's open missing episode."""

    reported_missing_at: datetime | None
    last_seen_at: datetime | None
    last_seen_place: str
    last_seen_with: str
    clothing: str
    police_reference: str
    police_risk_label: str  # in words ("High"), or "" before the police have assessed it


@dataclass(frozen=True)
class GrabPack:
    view: ProfileView
    missing_now: MissingNow | None
    addresses: list[HomeAddress]
    # The current photograph, inline (the PDF is made without any URL to fetch).
    photograph_data_uri: str | None

    @property
    def profile(self):
        return self.view.profile


def _photograph_data_uri(view: ProfileView) -> str | None:
    if view.photograph is None:
        return None
    with photo_storage().open(view.photograph.stored_name, "rb") as file:
        encoded = base64.b64encode(file.read()).decode()
    return f"data:{STORED_CONTENT_TYPE};base64,{encoded}"


def grab_pack_contents(*, user, view: ProfileView, missing_now: MissingNow | None) -> GrabPack:
    """The grab pack of ``view`` (a profile ``user`` may keep) as ``user`` may see it."""
    return GrabPack(
        view=view,
        missing_now=missing_now,
        addresses=current_addresses_for_user(user=user, person=view.person),
        photograph_data_uri=_photograph_data_uri(view),
    )
