import factory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.models import Agency, AgencyType, Role, Team, TeamFunction, User

TEST_PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    agency_type = AgencyType.HEALTH
    area_code = ""
    is_first_responder = False


class LocalAuthorityFactory(AgencyFactory):
    agency_type = AgencyType.LOCAL_AUTHORITY
    is_first_responder = True
    area_code = "warrington"
    name = factory.LazyAttribute(lambda o: f"{o.area_code.replace('_', ' ').title()} Council")
    slug = factory.LazyAttribute(lambda o: o.area_code.replace("_", "-"))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    function = TeamFunction.GENERAL
    email = factory.Sequence(lambda n: f"team{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    agency = factory.SubFactory(AgencyFactory)
    team = factory.LazyAttribute(lambda o: TeamFactory(agency=o.agency))
    role = Role.PRACTITIONER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def give_totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def give_backup_codes(user: User, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="backup")
    for code in codes:
        device.token_set.create(token=code)
    return device
