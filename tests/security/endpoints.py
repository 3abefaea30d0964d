"""Every URL pattern and every API operation, for the tests that must cover all of them (the
access matrix, the IDOR scan, the clickjacking and open-redirect scans): a new page or operation
is in these lists the day it is added."""

import functools
import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")


@dataclass(frozen=True)
class Route:
    name: str | None  # namespaced (``two_factor:login``); None for a pattern without a name
    route: str  # ``cases/<int:case_id>/`` or a regular expression
    parameters: tuple[str, ...]

    @property
    def schema_path(self) -> str:
        """The route as the OpenAPI schema writes it: ``/api/v1/cases/{case_id}/``."""
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.route)


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver, namespaces: tuple[str, ...], prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                walk(pattern, inner, prefix + str(pattern.pattern))
                continue
            route = prefix + str(pattern.pattern)
            parameters = tuple(pattern.pattern.regex.groupindex) or tuple(
                re.findall(r"<(?:\w+:)?(\w+)>", route)
            )
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            found.append(Route(name, route, parameters))

    walk(get_resolver(), (), "")
    return found


@functools.cache
def api_schema() -> dict:
    """The OpenAPI schema ``/api/schema/`` serves (generating it reads no records)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def api_operations() -> set[tuple[str, str]]:
    """(METHOD, path template) of every operation of the OpenAPI schema."""
    return {
        (method.upper(), path)
        for path, item in api_schema()["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
