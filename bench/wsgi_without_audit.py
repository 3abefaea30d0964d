"""Haven's WSGI application with audit writes turned off, for ``bench/load.py --audit-cost``
only (issue 16 point 4: the cost of auditing is the same load with and without audit writes;
decision 0038). Nothing under haven/ can turn auditing off: this module replaces, in the
benchmark's own gunicorn, the two steps of ``audit_record`` that reach the database (taking the
row's id under the writers' lock, and the insert). The row is still built, checked and signed."""

import itertools

from haven import wsgi  # first, as it sets Django up
from haven.audit import services
from haven.audit.models import AuditEvent

application = wsgi.application
_ids = itertools.count(1)
services.event_id_take = lambda: next(_ids)
AuditEvent.save = lambda self, *args, **kwargs: None
