"""A form a user was sending when it could not be accepted, kept for them alone."""

from django.conf import settings
from django.db import models


class HeldReason(models.TextChoices):
    SESSION_ENDED = "session_ended", "Session ended"
    PAGE_EXPIRED = "page_expired", "Page's security token out of date"
    SIGNED_OUT_SOON = "signing_out", "Kept before signing out for inactivity"


class HeldForm(models.Model):
    """What was typed on one page, as the browser sent it (field name -> list of values), for
    the user who typed it. It is never acted on: the user checks it and sends it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    data = models.JSONField()
    reason = models.CharField(max_length=20, choices=HeldReason.choices)
    held_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="held_form_one_per_page")
        ]

    def __str__(self) -> str:
        return f"Held form for {self.path}"
