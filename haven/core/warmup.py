"""A web worker made ready before it takes its first request (decision 0053).

Left to the first requests, each worker of a start (a release, a restart) made its first
users wait: about two seconds to import every view, and tens of milliseconds per lookup while
it counted names it had not yet counted. ``haven.wsgi`` calls ``warm_worker`` as the worker
loads the application. It also compiles every URL pattern and page template, and freezes
what it loaded for the garbage collector (decision 0054)."""

import gc
import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def warm_worker() -> None:
    started = time.perf_counter()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  the URLconf, and with it every view
    # Indexing the URLs for reverse() compiles every pattern but the root's, which resolving
    # would otherwise do path by path on first requests (5 to 20 ms each).
    resolver.reverse_dict  # noqa: B018
    resolver.pattern.regex  # noqa: B018
    _compile_templates()
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


def _compile_templates() -> None:
    """Every template of the project compiled and kept by Django's cached loader, with the tag
    libraries they load, which each worker's first page of each kind would otherwise do (a
    first start page took twice as long as the next)."""
    engine = engines["django"]
    for directory in map(Path, engine.dirs):
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            try:
                engine.get_template(path.relative_to(directory).as_posix())
            except TemplateSyntaxError:
                # That page fails as it would have; the others are served.
                logger.error(
                    "warming the worker: template %s does not compile", path, exc_info=True
                )
