"""'Forgotten your password?': Django's reset views with GOV.UK pages, links on HAVEN_BASE_URL.
(Host-header poisoning and the second factor after a reset: tests/security/test_admin_scope.py.)"""

import re

import pytest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from haven.accounts.tests.factories import TEST_PASSWORD, UserFactory
from haven.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-42"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.HAVEN_BASE_URL = "https://haven.example.gov.uk"


def ask_for_link(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": email})


def link_in(email_body: str) -> str:
    match = re.search(r"https://haven\.example\.gov\.uk(/account/password-reset/\S+/)", email_body)
    assert match, email_body
    return match.group(1)


def test_the_pages_need_no_sign_in(client):
    for name in ("accounts:password_reset", "accounts:password_reset_done"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "govuk-button" in response.content.decode() or name.endswith("done")


def test_a_known_user_gets_a_one_time_link_and_sets_a_new_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="jo@example.org", full_name="Jo Smith")
    response = ask_for_link(client, "JO@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    [email] = mailoutbox
    assert email.to == ["jo@example.org"]
    assert email.subject == "Haven: reset your password"
    assert "Dear Jo Smith" in email.body and "60 minutes" in email.body
    link = link_in(email.body)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        actor=user,
        verb=Verb.PASSWORD_RESET_COMPLETED,
        target_id=str(user.pk),
        reason__contains="Password reset",
    ).exists()
    assert AuditEvent.objects.filter(verb=Verb.PASSWORD_RESET_SENT, target_id=str(user.pk)).exists()

    # The link works once.
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_a_deactivated_user_gets_no_email(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="gone@example.org", is_active=False)
    ask_for_link(client, "gone@example.org", django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_errors_are_in_govuk_words(client, mailoutbox, django_capture_on_commit_callbacks):
    empty = client.post(reverse("accounts:password_reset"), {"email": ""}).content.decode()
    assert "Enter your email address" in empty and "There is a problem" in empty
    bad = client.post(reverse("accounts:password_reset"), {"email": "not-an-email"})
    assert "Enter an email address in the correct format" in bad.content.decode()

    UserFactory(email="jo@example.org", full_name="Jo Smith")
    ask_for_link(client, "jo@example.org", django_capture_on_commit_callbacks)
    page = client.get(link_in(mailoutbox[0].body), follow=True)
    url = page.redirect_chain[-1][0]
    mismatch = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": "different-1234"})
    assert "The passwords do not match" in mismatch.content.decode()
    short = client.post(url, {"new_password1": "short", "new_password2": "short"})
    assert "Password must be 12 characters or more" in short.content.decode()
    blank = client.post(url, {}).content.decode()
    assert "Enter a new password" in blank and "Confirm your new password" in blank
    assert "didn’t match" not in mismatch.content.decode()


def test_a_tampered_link_does_not_work(client):
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(
        reverse("accounts:password_reset_confirm", args=[uid, "abc-123"]), follow=True
    )
    assert "This link does not work" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
