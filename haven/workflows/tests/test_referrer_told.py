"""The referrer is told the front door's decision, in words: accepted as a case by the lead
authority, or information only, referred elsewhere or no further action with the front door's
reason. The child is named (and the decision given) only while the door lets the referrer see
the concern; the email never names the child."""

import pytest
from django.core import mail

from haven.accounts.models import Role
from haven.cases.models import ConcernStatus
from haven.cases.tests.world import make_child, raise_concern
from haven.notifications.models import Notification
from haven.workflows.front_door import concern_decide, decision_in_words

pytestmark = pytest.mark.django_db

REASON = "Known to early help already; the family are engaging with them."
SUBJECT = "The front door has decided on your concern"


def decide(world, decision: str, *, referrer=None, reason: str = REASON):
    referrer = referrer or world.police.practitioner
    concern = raise_concern(referrer, make_child(referrer))
    return concern_decide(
        actor=world.la("warrington").manager,
        concern=concern,
        decision=decision,
        reason="" if decision == "accept" else reason,
    )


def told(user) -> Notification:
    [notification] = Notification.objects.filter(recipient=user, subject=SUBJECT)
    return notification


def test_accepted_names_the_child_and_the_authority_that_leads_the_case(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = decide(world, "accept")
    notification = told(world.police.practitioner)
    assert notification.body == (
        f"Your concern about Amira Haddad (reference {concern.pk}) was accepted as a case by "
        "Warrington children's social care."
    )
    assert notification.link == f"/concerns/{concern.pk}/"
    [email] = [m for m in mail.outbox if SUBJECT in m.subject]
    assert email.to == [world.police.practitioner.email]
    assert "Amira" not in email.body and "Haddad" not in email.body
    assert f"reference {concern.pk}" in email.body


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        (ConcernStatus.INFORMATION_ONLY, "kept as information only by"),
        (ConcernStatus.REFERRED_ELSEWHERE, "referred elsewhere by"),
        (ConcernStatus.NO_FURTHER_ACTION, "closed with no further action by"),
    ],
)
def test_every_other_decision_comes_with_the_front_door_s_reason(
    world, django_capture_on_commit_callbacks, decision, words
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = decide(world, decision, referrer=world.school.practitioner)
    assert told(world.school.practitioner).body == (
        f"Your concern about Amira Haddad (reference {concern.pk}) was {words} Warrington "
        f"children's social care: {REASON}."
    )
    # The reason is typed about the child: it stays in Haven, out of the email.
    [email] = [m for m in mail.outbox if SUBJECT in m.subject]
    assert REASON not in email.body and "Amira" not in email.body


def test_a_referrer_who_may_no_longer_see_the_concern_gets_the_reference_only(world):
    """Moved to an administrator's role since raising it: no concern, no child, no reason."""
    referrer = world.police.practitioner
    concern = raise_concern(referrer, make_child(referrer))
    referrer.role = Role.ADMIN
    referrer.save()
    concern_decide(
        actor=world.la("warrington").manager,
        concern=concern,
        decision="no_further_action",
        reason=REASON,
    )
    body = told(referrer).body
    assert body == f"The front door has decided on your concern (reference {concern.pk})."


def test_nobody_is_told_their_own_decision(world):
    manager = world.la("warrington").manager
    concern = raise_concern(manager, make_child(manager))
    concern_decide(actor=manager, concern=concern, decision="accept")
    assert not Notification.objects.filter(recipient=manager, subject=SUBJECT).exists()


def test_decision_in_words_before_a_decision_and_for_an_adult(world):
    police = world.police.practitioner
    waiting = raise_concern(police, make_child(police))
    assert decision_in_words(waiting) == "waiting for the front door's decision"
    adult = make_child(
        police,
        given_name="Karl",
        kind="adult_of_concern",
        date_of_birth=None,
        dob_precision="unknown",
    )
    adult_concern = raise_concern(police, adult)
    assert adult_concern.status == ConcernStatus.ADULT_ROUTES_RECORDED
    assert decision_in_words(adult_concern).startswith("about an adult")
