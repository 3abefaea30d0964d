"""Signals other apps may listen to without this app knowing them."""

from django.dispatch import Signal

# Sent with ``person_ids`` when names change by a versioned update, which bypasses ``save``
# (matching keeps its name keys current).
names_changed = Signal()
