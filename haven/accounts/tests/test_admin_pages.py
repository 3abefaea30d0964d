"""Administrators manage their own agency's teams and users; they never get case content.
(The attacks on these pages are in tests/security/test_admin_scope.py.)"""

import pytest
from django.urls import reverse

from haven.accounts.models import Agency, Role, User
from haven.accounts.tests.factories import (
    AgencyFactory,
    TeamFactory,
    UserFactory,
    give_totp_device,
)
from haven.audit.models import AuditEvent, Verb
from haven.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(name="Halton Council", slug="halton-council")


@pytest.fixture
def team(agency):
    return TeamFactory(agency=agency, name="Front door")


@pytest.fixture
def admin(verified_client, agency, team):
    user = UserFactory(role=Role.ADMIN, agency=agency, team=team, full_name="Ada Admin")
    return user, verified_client(user)


@pytest.fixture
def partnership_admin(verified_client):
    user = UserFactory(role=Role.PARTNERSHIP_ADMIN, full_name="Pat Partnership")
    return user, verified_client(user)


def _agency_form(**fields):
    return {
        "form_name": "agency",
        "name": "Cheshire Fire",
        "slug": "cheshire-fire",
        "agency_type": "ngo",
        "team_name": "Safeguarding",
        "team_function": "safeguarding",
        **fields,
    }


class TestAgencies:
    def test_partnership_admin_adds_an_agency_with_a_team(self, partnership_admin):
        actor, client = partnership_admin
        response = client.post(reverse("accounts:agency_list"), _agency_form())
        assert response.status_code == 302
        agency = Agency.objects.get(slug="cheshire-fire")
        assert agency.teams.get().name == "Safeguarding"
        assert AuditEvent.objects.filter(actor=actor, target_type="accounts.agency").exists()

    def test_agency_admin_sees_only_their_agency_and_no_add_agency_form(self, admin, agency):
        AgencyFactory(name="Another agency")
        response = admin[1].get(reverse("accounts:agency_list"))
        assert response.status_code == 200
        assert [shown for shown, _ in response.context["agencies"]] == [agency]
        assert "Add an agency" not in response.content.decode()

    def test_agency_admin_adds_a_team_to_their_own_agency(self, admin, agency):
        response = admin[1].post(
            reverse("accounts:agency_list"),
            {
                "form_name": "team",
                "agency": agency.pk,
                "name": "Exploitation team",
                "function": "cse_unit",
            },
        )
        assert response.status_code == 302
        assert agency.teams.filter(name="Exploitation team").exists()

    def test_bad_agency_input_saves_nothing_and_says_so_in_govuk_words(self, partnership_admin):
        response = partnership_admin[1].post(
            reverse("accounts:agency_list"), {"form_name": "agency", "name": "", "slug": "bad slug"}
        )
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Enter the agency&#x27;s name" in body
        assert "Short name must only include letters" in body
        assert "Select the type of agency" in body
        assert "This field is required" not in body
        assert not Agency.objects.filter(slug="bad slug").exists()

    def test_a_second_agency_with_the_same_name_is_refused(self, partnership_admin, agency):
        response = partnership_admin[1].post(
            reverse("accounts:agency_list"), _agency_form(name=agency.name)
        )
        assert "An agency with this name already exists" in response.content.decode()

    def test_a_duplicate_team_name_is_refused(self, admin, agency, team):
        response = admin[1].post(
            reverse("accounts:agency_list"),
            {"form_name": "team", "agency": agency.pk, "name": team.name, "function": "general"},
        )
        assert "This agency already has a team with this name" in response.content.decode()


class TestAddUser:
    def test_admin_adds_a_user_to_their_agency_and_sees_a_one_time_password(self, admin, team):
        actor, client = admin
        response = client.post(
            reverse("accounts:user_list"),
            {
                "email": "new@example.org",
                "full_name": "New Person",
                "team": team.pk,
                "role": "practitioner",
            },
        )
        assert response.status_code == 200
        new = User.objects.get(email="new@example.org")
        assert new.agency == team.agency
        assert response.context["password"] and new.check_password(response.context["password"])
        assert AuditEvent.objects.filter(
            actor=actor, verb=Verb.USER_CREATED, target_id=str(new.pk)
        ).exists()

    def test_empty_form_gets_govuk_messages(self, admin):
        body = admin[1].post(reverse("accounts:user_list"), {}).content.decode()
        for message in (
            "Enter an email address",
            "Enter the user&#x27;s full name",
            "Select a team",
            "Select a role",
        ):
            assert message in body
        assert "This field is required" not in body

    def test_an_email_address_already_in_use_is_refused(self, admin, team):
        UserFactory(email="taken@example.org")
        response = admin[1].post(
            reverse("accounts:user_list"),
            {"email": "Taken@example.org", "full_name": "X", "team": team.pk, "role": "manager"},
        )
        assert "A user with this email address already exists" in response.content.decode()
        assert response.context["password"] is None

    def test_form_offers_own_teams_and_agency_roles_only(self, admin, team):
        TeamFactory(name="Elsewhere")
        form = admin[1].get(reverse("accounts:user_list")).context["form"]
        assert list(form.fields["team"].queryset) == [team]
        offered = {value for value, _ in form.fields["role"].choices}
        assert offered == set(Role.values) - {Role.PARTNERSHIP_ADMIN, Role.PARTNERSHIP_AUDITOR}

    def test_partnership_admin_is_offered_every_team_and_role(self, partnership_admin, team):
        other = TeamFactory(name="Elsewhere")
        form = partnership_admin[1].get(reverse("accounts:user_list")).context["form"]
        assert {team, other} <= set(form.fields["team"].queryset)
        assert {value for value, _ in form.fields["role"].choices} == set(Role.values)


class TestUserList:
    def test_search_by_name_or_email(self, admin, agency, team):
        UserFactory(agency=agency, team=team, full_name="Jo Smith", email="jo@halton.example")
        UserFactory(agency=agency, team=team, full_name="Sam Jones", email="sam@halton.example")
        client = admin[1]
        by_name = client.get(reverse("accounts:user_list"), {"q": "smith"})
        assert [row.user.full_name for row in by_name.context["rows"]] == ["Jo Smith"]
        by_email = client.get(reverse("accounts:user_list"), {"q": "SAM@halton"})
        assert [row.user.full_name for row in by_email.context["rows"]] == ["Sam Jones"]
        nothing = client.get(reverse("accounts:user_list"), {"q": "nobody"})
        assert "No users match" in nothing.content.decode()

    def test_an_agency_admin_lists_only_their_own_agency(self, admin, agency):
        UserFactory(full_name="Someone Elsewhere")
        names = [
            r.user.full_name for r in admin[1].get(reverse("accounts:user_list")).context["rows"]
        ]
        assert "Someone Elsewhere" not in names
        assert User.objects.filter(agency=agency).count() == len(names)

    def test_no_actions_on_yourself_or_on_a_partnership_role_holder(self, admin, agency):
        actor, client = admin
        UserFactory(agency=agency, role=Role.PARTNERSHIP_AUDITOR, full_name="Pia Auditor")
        rows = {
            r.user.full_name: r.manageable
            for r in client.get(reverse("accounts:user_list")).context["rows"]
        }
        assert rows[actor.full_name] is False
        assert rows["Pia Auditor"] is False


class TestEditUser:
    def test_admin_changes_name_team_and_role(self, admin, agency, team):
        actor, client = admin
        target = UserFactory(agency=agency, team=team, full_name="Jo Smyth")
        other_team = TeamFactory(agency=agency, name="Exploitation team")
        page = client.get(reverse("accounts:user_edit", args=[target.pk]))
        assert page.status_code == 200
        assert "Jo Smyth" in page.content.decode()
        response = client.post(
            reverse("accounts:user_edit", args=[target.pk]),
            {"full_name": "Jo Smith", "team": other_team.pk, "role": "manager"},
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert (target.full_name, target.team, target.role) == ("Jo Smith", other_team, "manager")
        event = AuditEvent.objects.get(
            actor=actor, verb=Verb.USER_UPDATED, target_id=str(target.pk)
        )
        assert set(event.changes) == {"full_name", "team", "role"}

    def test_edit_errors_are_govuk_words(self, admin, agency, team):
        target = UserFactory(agency=agency, team=team)
        body = (
            admin[1]
            .post(reverse("accounts:user_edit", args=[target.pk]), {"full_name": "", "role": "x"})
            .content.decode()
        )
        assert "Enter the user&#x27;s full name" in body
        assert "Select a team" in body
        assert "Select a role" in body

    def test_you_cannot_change_your_own_account(self, admin):
        actor, client = admin
        assert client.get(reverse("accounts:user_edit", args=[actor.pk])).status_code == 403


class TestConfirmedActions:
    def test_deactivate_asks_are_you_sure_with_name_and_agency_first(self, admin, agency, team):
        actor, client = admin
        target = UserFactory(agency=agency, team=team, full_name="Jo Smith")
        url = reverse("accounts:user_action", args=[target.pk, "deactivate"])
        page = client.get(url)
        body = page.content.decode()
        assert page.status_code == 200
        assert "Are you sure you want to deactivate Jo Smith?" in body
        assert agency.name in body
        target.refresh_from_db()
        assert target.is_active  # looking at the question changes nothing

        no_reason = client.post(url, {"reason": ""})
        assert "Enter why you are deactivating this user" in no_reason.content.decode()
        target.refresh_from_db()
        assert target.is_active

        response = client.post(url, {"reason": "Left the agency"})
        assert response.status_code == 302
        target.refresh_from_db()
        assert not target.is_active
        assert AuditEvent.objects.filter(
            actor=actor, verb=Verb.USER_DEACTIVATED, reason="Left the agency"
        ).exists()

    def test_reactivate(self, admin, agency, team):
        target = UserFactory(agency=agency, team=team, is_active=False)
        url = reverse("accounts:user_action", args=[target.pk, "activate"])
        assert "Are you sure you want to reactivate" in admin[1].get(url).content.decode()
        admin[1].post(url, {"reason": "Back from leave"})
        target.refresh_from_db()
        assert target.is_active

    def test_reset_two_factor_asks_first_then_removes_devices(self, admin, agency, team):
        target = UserFactory(agency=agency, team=team, full_name="Jo Smith")
        give_totp_device(target)
        url = reverse("accounts:user_action", args=[target.pk, "reset-two-factor"])
        body = admin[1].get(url).content.decode()
        assert "Are you sure you want to reset two-factor authentication for Jo Smith?" in body
        assert target.totpdevice_set.exists()
        admin[1].post(url, {"reason": "Lost phone, called back on desk number"})
        assert not target.totpdevice_set.exists()

    def test_send_password_reset_email(
        self, admin, agency, team, mailoutbox, settings, django_capture_on_commit_callbacks
    ):
        settings.HAVEN_BASE_URL = "https://haven.example.gov.uk"
        target = UserFactory(agency=agency, team=team, email="jo@halton.example")
        url = reverse("accounts:user_action", args=[target.pk, "send-password-reset"])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin[1].post(url, {"reason": "Forgot password, asked by phone"})
        assert response.status_code == 302
        [email] = mailoutbox
        assert email.to == ["jo@halton.example"]
        assert "https://haven.example.gov.uk/account/password-reset/" in email.body
        assert "Ada Admin" in email.body

    def test_an_unknown_action_is_not_found(self, admin, agency, team):
        target = UserFactory(agency=agency, team=team)
        url = reverse("accounts:user_action", args=[target.pk, "delete"])
        assert admin[1].get(url).status_code == 404


class TestPartnershipAdministrator:
    def test_changes_to_another_agencys_user_tell_that_agencys_admins(
        self, partnership_admin, admin, agency, team
    ):
        actor, client = partnership_admin
        agency_admin = admin[0]
        target = UserFactory(agency=agency, team=team, full_name="Jo Smith")
        client.post(
            reverse("accounts:user_action", args=[target.pk, "deactivate"]),
            {"reason": "Suspended pending investigation"},
        )
        target.refresh_from_db()
        assert not target.is_active
        [note] = Notification.objects.filter(recipient=agency_admin)
        assert "Pat Partnership" in note.body and "deactivated Jo Smith" in note.body
        assert "Suspended pending investigation" in note.body
        assert not Notification.objects.filter(recipient=actor).exists()
        assert not Notification.objects.filter(recipient=target).exists()

    def test_every_kind_of_change_tells_the_agency(self, partnership_admin, admin, agency, team):
        client = partnership_admin[1]
        agency_admin = admin[0]
        client.post(
            reverse("accounts:user_list"),
            {"email": "new@halton.example", "full_name": "New", "team": team.pk, "role": "manager"},
        )
        target = User.objects.get(email="new@halton.example")
        client.post(
            reverse("accounts:user_edit", args=[target.pk]),
            {"full_name": "New Name", "team": team.pk, "role": "practitioner"},
        )
        client.post(
            reverse("accounts:user_action", args=[target.pk, "reset-two-factor"]),
            {"reason": "Lost phone"},
        )
        client.post(
            reverse("accounts:agency_list"),
            {"form_name": "team", "agency": agency.pk, "name": "New team", "function": "general"},
        )
        bodies = list(
            Notification.objects.filter(recipient=agency_admin).values_list("body", flat=True)
        )
        assert len(bodies) == 4, bodies
        assert any("added, as manager," in b for b in bodies)
        assert any("changed the full name, role of" in b for b in bodies)
        assert any("reset the two-factor authentication of" in b for b in bodies)
        assert any("added the team 'New team'" in b for b in bodies)

    def test_an_agency_admins_own_changes_tell_nobody(self, admin, agency, team):
        other_admin = UserFactory(agency=agency, team=team, role=Role.ADMIN)
        target = UserFactory(agency=agency, team=team)
        admin[1].post(
            reverse("accounts:user_action", args=[target.pk, "deactivate"]), {"reason": "Left"}
        )
        assert not Notification.objects.filter(recipient=other_admin).exists()

    def test_partnership_admin_may_grant_a_partnership_role(self, partnership_admin, team):
        partnership_admin[1].post(
            reverse("accounts:user_list"),
            {
                "email": "aud@example.org",
                "full_name": "Aud",
                "team": team.pk,
                "role": "partnership_auditor",
            },
        )
        assert User.objects.get(email="aud@example.org").role == Role.PARTNERSHIP_AUDITOR


NEW_PAGES = ("user_edit", "deactivate", "reset-two-factor", "send-password-reset", "activate")


@pytest.mark.parametrize(
    "role",
    [Role.PRACTITIONER, Role.MANAGER, Role.AUDITOR, Role.PARTNERSHIP_AUDITOR, Role.STRATEGIC_LEAD],
)
def test_other_roles_cannot_administer(verified_client, role, agency, team):
    client = verified_client(UserFactory(role=role, agency=agency, team=team))
    target = UserFactory(agency=agency, team=team)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:agency_list")).status_code == 403
    for page in NEW_PAGES:
        url = (
            reverse("accounts:user_edit", args=[target.pk])
            if page == "user_edit"
            else reverse("accounts:user_action", args=[target.pk, page])
        )
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    target.refresh_from_db()
    assert target.is_active
