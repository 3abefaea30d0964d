"""Building blocks shared by every record about a person."""

from django.db import models


class VersionedModel(models.Model):
    """A record edited by several people: each save states the version it was based on, and a
    save based on an older version is refused (see haven.audit.versioning)."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
