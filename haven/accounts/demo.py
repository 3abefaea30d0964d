"""Demo agencies, teams and users: one user per relevant role per agency, each able to pass
two-factor log-in with a printed backup code. Idempotent: running it again changes nothing
but tops up the demo backup codes.

None of it works in production (``HAVEN_ENV=production``): the loader refuses to run, no demo
backup code can be made, and a demo account (an email address whose domain ends ``.demo``)
cannot sign in, keep a session or use an API token (accounts/backends.py, services.py)."""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.models import Agency, AgencyType, Area, Role, Team, TeamFunction, User

DEMO_PASSWORD = "Haven-demo-2026!"  # noqa: S105 - printed for the demo, never used in production
# Static backup codes are single-use; the demo stocks several copies so a code can be reused.
DEMO_BACKUP_CODE_USES = 25
# Every demo address ends with this: ".demo" is no real top-level domain, so no real user has it.
DEMO_EMAIL_SUFFIX = ".demo"


class DemoRefused(RuntimeError):
    """Demo data or demo log-ins asked for under production settings."""


def demo_allowed() -> bool:
    return settings.HAVEN_ENV != "production"


def refuse_demo_in_production() -> None:
    if not demo_allowed():
        raise DemoRefused("Demo data and demo log-ins never run with HAVEN_ENV=production.")


def is_demo_email(email: str | None) -> bool:
    domain = (email or "").rsplit("@", 1)[-1].strip().rstrip(".").lower()
    return "@" in (email or "") and domain.endswith(DEMO_EMAIL_SUFFIX)


@dataclass(frozen=True)
class DemoAgency:
    slug: str
    name: str
    agency_type: str
    area_code: str
    first_responder: bool
    teams: tuple[tuple[str, str], ...]
    roles: tuple[str, ...]


LA_ROLES = (Role.PRACTITIONER, Role.MANAGER, Role.STRATEGIC_LEAD, Role.AUDITOR, Role.ADMIN)
# Held by few: one of each, at the authority that hosts the partnership's business unit.
PARTNERSHIP_ROLES = (Role.PARTNERSHIP_ADMIN, Role.PARTNERSHIP_AUDITOR)


def _local_authority(slug: str, area: Area, extra_roles: tuple[str, ...] = ()) -> DemoAgency:
    return DemoAgency(
        slug=slug,
        name=f"{area.label} children's social care",
        agency_type=AgencyType.LOCAL_AUTHORITY,
        area_code=area.value,
        first_responder=True,
        teams=(
            (f"{area.label} front door (MASH)", TeamFunction.FRONT_DOOR),
            (f"{area.label} exploitation and missing team", TeamFunction.CHILDRENS_SOCIAL_CARE),
        ),
        roles=LA_ROLES + extra_roles,
    )


DEMO_AGENCIES: tuple[DemoAgency, ...] = (
    _local_authority("cheshire-east", Area.CHESHIRE_EAST),
    _local_authority(
        "cheshire-west-and-chester", Area.CHESHIRE_WEST_AND_CHESTER, extra_roles=PARTNERSHIP_ROLES
    ),
    _local_authority("halton", Area.HALTON),
    _local_authority("warrington", Area.WARRINGTON),
    DemoAgency(
        slug="cheshire-constabulary",
        name="Cheshire Constabulary",
        agency_type=AgencyType.POLICE,
        area_code="",
        first_responder=True,
        teams=(
            ("Child exploitation unit", TeamFunction.CSE_UNIT),
            ("Public protection unit", TeamFunction.SAFEGUARDING),
        ),
        roles=(Role.PRACTITIONER, Role.MANAGER, Role.ANALYST, Role.STRATEGIC_LEAD, Role.ADMIN),
    ),
    DemoAgency(
        slug="cheshire-health",
        name="Cheshire and Merseyside Health Trust",
        agency_type=AgencyType.HEALTH,
        area_code="",
        first_responder=False,
        teams=(("Safeguarding children team", TeamFunction.SAFEGUARDING),),
        roles=(Role.PRACTITIONER, Role.MANAGER),
    ),
    DemoAgency(
        slug="bridgewater-high-school",
        name="Bridgewater Park High School",
        agency_type=AgencyType.EDUCATION,
        area_code=Area.WARRINGTON,
        first_responder=False,
        teams=(("Designated safeguarding lead", TeamFunction.SAFEGUARDING),),
        roles=(Role.PRACTITIONER, Role.MANAGER),
    ),
    DemoAgency(
        slug="ukvi",
        name="UK Visas and Immigration",
        agency_type=AgencyType.UKVI,
        area_code="",
        first_responder=True,
        teams=(("North West safeguarding team", TeamFunction.SAFEGUARDING),),
        roles=(Role.PRACTITIONER, Role.MANAGER),
    ),
    DemoAgency(
        slug="cheshire-youth-justice",
        name="Cheshire Youth Justice Service",
        agency_type=AgencyType.YOUTH_JUSTICE,
        area_code="",
        first_responder=False,
        teams=(("Youth justice team", TeamFunction.GENERAL),),
        roles=(Role.PRACTITIONER, Role.MANAGER),
    ),
    DemoAgency(
        slug="ecpat-uk",
        name="ECPAT UK",
        agency_type=AgencyType.NGO,
        area_code="",
        first_responder=False,
        teams=(("Youth programme", TeamFunction.GENERAL),),
        roles=(Role.PRACTITIONER,),
    ),
)


def demo_backup_code(email: str) -> str:
    """A stable code per demo user, so the printed list stays true across reloads. Keyed with
    the installation's SECRET_KEY, so nobody can work a code out from the email address alone;
    never made in production."""
    refuse_demo_in_production()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"haven-demo-backup-code:{email}".encode(), hashlib.sha256).hexdigest()[:8]


def demo_email(role: str, agency_slug: str) -> str:
    return f"{role}@{agency_slug}.demo"


@transaction.atomic
def load_demo_accounts() -> list[tuple[User, str]]:
    """Create the demo agencies, teams and users; return each user with their backup code."""
    refuse_demo_in_production()
    created = []
    for spec in DEMO_AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "agency_type": spec.agency_type,
                "area_code": spec.area_code,
                "is_first_responder": spec.first_responder,
                "email": f"contact@{spec.slug}.demo",
                "phone": "01234 567890",
            },
        )
        teams = [
            Team.objects.update_or_create(
                agency=agency,
                name=name,
                defaults={"function": function, "email": f"team@{spec.slug}.demo"},
            )[0]
            for name, function in spec.teams
        ]
        for role in spec.roles:
            email = demo_email(role, spec.slug)
            team = teams[0] if role in (Role.PRACTITIONER, Role.MANAGER, Role.ANALYST) else None
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=f"{Role(role).label} ({spec.name})",
                    agency=agency,
                    team=team,
                    role=role,
                    job_title=Role(role).label,
                )
            code = demo_backup_code(email)
            _ensure_demo_devices(user, code)
            created.append((user, code))
            if role == Role.MANAGER and agency.head_of_service_id is None:
                # In the demo the manager stands in as head of service for escalations.
                agency.head_of_service = user
                agency.save(update_fields=["head_of_service"])
    return created


def _ensure_demo_devices(user: User, code: str) -> None:
    TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    # Codes from an older scheme (or another SECRET_KEY) stop working.
    device.token_set.exclude(token=code).delete()
    missing = DEMO_BACKUP_CODE_USES - device.token_set.filter(token=code).count()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for _ in range(missing))
