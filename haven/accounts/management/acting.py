"""The acting administrator of a user-management command (``--by EMAIL``).

The commands follow the same rule as the pages (``accounts.services.management_refusal``): they
act for a named administrator, with that administrator's limits, and the audit trail records
that administrator. An agency's administrator named with ``--by`` manages only their own agency;
a partnership administrator manages every agency, and their changes are told to the agency's
administrators. Without ``--by`` the operator acts alone, which is allowed only while no active
partnership administrator exists (setting up a new installation: see
docs/how-to/add-agency-and-user.md).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from haven.accounts.backends import demo_allowed
from haven.accounts.models import User

BY_HELP = (
    "Email address of the administrator you act for: the change is theirs, within their "
    "limits (their own agency, unless they are a partnership administrator) and recorded as "
    "theirs in the audit trail. Required once a partnership administrator exists; until then "
    "the operator may act alone to set up the installation."
)


def add_by_argument(parser) -> None:
    parser.add_argument("--by", metavar="EMAIL", default=None, help=BY_HELP)


def acting_user(email: str | None) -> User | None:
    """The named, active administrator, or None for the operator acting alone."""
    if email is None:
        return None
    actor = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if actor is None or (actor.is_demo and not demo_allowed()):
        raise CommandError(f"No active user with email {email!r} to act for.")
    return actor


def command_error(error: Exception) -> CommandError:
    """A service's refusal or validation error as the command's error message."""
    if isinstance(error, ValidationError):
        return CommandError("; ".join(error.messages))
    if isinstance(error, PermissionDenied):
        return CommandError(str(error) or "Not allowed.")
    return CommandError(str(error))
