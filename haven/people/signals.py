"""Signals other apps may listen to without this app knowing them."""

from django.dispatch import Signal

# Sent with ``person_ids`` when a person's details change by a versioned update, which
# bypasses ``save`` (matching keeps the rows it derives from people current).
person_changed = Signal()
