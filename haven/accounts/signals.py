"""Log-in, log-out and failed log-ins go to the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from haven.audit.models import Verb
from haven.audit.services import audit_record


@receiver(user_logged_in)
def record_log_in(sender, request, user, **kwargs):
    audit_record(actor=user, verb=Verb.LOGGED_IN, target=user)


@receiver(user_logged_out)
def record_log_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, verb=Verb.LOGGED_OUT, target=user)


@receiver(user_login_failed)
def record_failed_log_in(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=None, verb=Verb.LOGIN_FAILED, actor_email=str(credentials.get("username", ""))[:254]
    )


@receiver(user_locked_out)
def record_lock_out(sender, request, username, ip_address, **kwargs):
    audit_record(actor=None, verb=Verb.LOCKED_OUT, actor_email=str(username or "")[:254])
