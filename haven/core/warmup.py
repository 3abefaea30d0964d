"""A web worker made ready before it takes its first request (decision 0053).

Left to the first requests, each worker of a start (a release, a restart) made its first
users wait: about two seconds to import every view, and tens of milliseconds per lookup while
it counted names it had not yet counted. ``haven.wsgi`` calls ``warm_worker`` as the worker
loads the application."""

import gc
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import get_resolver
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def warm_worker() -> None:
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018  the URLconf, and with it every view
    for path in settings.HAVEN_WORKER_WARMERS:
        try:
            import_string(path)()
        except DatabaseError:
            # The worker serves anyway: its first requests read what the warmer would have.
            logger.warning("warming the worker: %s failed", path, exc_info=True)
    # Requests open their own; nothing opened here is shared with a process forked from this one.
    connections.close_all()
    # What the worker has loaded lives as long as it does. Frozen, the collector no longer
    # walks it: a full collection took about 120 ms of some request's time, frozen 10 to 40.
    gc.collect()
    gc.freeze()
    logger.info("worker warmed in %.1f s", time.perf_counter() - started)
