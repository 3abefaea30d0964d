"""Signals other apps may listen to without this app knowing them."""

from django.dispatch import Signal

# Sent with ``person_ids`` when people's details change in a way that bypasses ``save``: a
# versioned update (with the names of the ``fields`` changed), and a merge or its reversal, which
# move details between records (no ``fields``: anything may have changed). Whatever is derived
# from people listens: matching's keys, the search text (decision 0047).
person_changed = Signal()
