"""Signals other apps may listen to without this app knowing them."""

from django.dispatch import Signal

# Sent with ``person_ids`` and the names of the ``fields`` changed when a person's details change
# by a versioned update, which bypasses ``save`` (matching keeps the rows it derives from people
# current, and skips changes of fields it does not read).
person_changed = Signal()
